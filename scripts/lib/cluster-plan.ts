// The plan of the local cluster (`npm run cluster`), pure: which ports each node gets from the
// CLUSTER_* environment, how the demo's devices are spread over the nodes (round-robin) and which
// node each van and its technician bot use (the vans away from node 1, one node each where it can).
export interface NodePlan {
  /** NODE_ID: node-1, node-2, … */
  id: string;
  httpPort: number;
  mqttPort: number;
}

export interface ClusterPlan {
  nodes: NodePlan[];
  /** 0: a free port, chosen at start. */
  postgresPort: number;
  redisPort: number;
}

/** A setting of the environment that cannot be used; the message names it. */
export class PlanError extends Error {
  override name = 'PlanError';
}

export const DEFAULTS = {
  CLUSTER_NODES: 3,
  CLUSTER_HTTP_PORT: 8081,
  CLUSTER_MQTT_PORT: 1884,
  CLUSTER_PG_PORT: 0,
  CLUSTER_REDIS_PORT: 0,
} as const;

type Setting = keyof typeof DEFAULTS;

function setting(env: Readonly<Record<string, string | undefined>>, name: Setting, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return DEFAULTS[name];
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > 65535) {
    throw new PlanError(`${name}=${raw} is not valid: give a whole number from ${min} to 65535`);
  }
  return n;
}

export function clusterPlan(env: Readonly<Record<string, string | undefined>>): ClusterPlan {
  const count = setting(env, 'CLUSTER_NODES', 1);
  if (count > 9) throw new PlanError(`CLUSTER_NODES=${count}: at most 9 nodes on one machine`);
  const http = setting(env, 'CLUSTER_HTTP_PORT', 1);
  const mqtt = setting(env, 'CLUSTER_MQTT_PORT', 1);
  const plan: ClusterPlan = {
    nodes: Array.from({ length: count }, (_, i) => ({
      id: `node-${i + 1}`,
      httpPort: http + i,
      mqttPort: mqtt + i,
    })),
    postgresPort: setting(env, 'CLUSTER_PG_PORT', 0),
    redisPort: setting(env, 'CLUSTER_REDIS_PORT', 0),
  };
  const owners = new Map<number, Setting>();
  for (const [name, ports] of portsBySetting(plan)) {
    for (const port of ports) {
      if (port > 65535) throw new PlanError(`${name}: port ${port} is above 65535; choose a lower base port`);
      const other = owners.get(port);
      if (other) throw new PlanError(`${name} and ${other} both use port ${port}: set one of them apart`);
      owners.set(port, name);
    }
  }
  return plan;
}

/** The fixed ports of the plan with the setting that moves them (free ports, 0, left out). */
export function portsBySetting(plan: ClusterPlan): [Setting, number[]][] {
  const fixed = (p: number) => (p === 0 ? [] : [p]);
  return [
    ['CLUSTER_HTTP_PORT', plan.nodes.map((n) => n.httpPort)],
    ['CLUSTER_MQTT_PORT', plan.nodes.map((n) => n.mqttPort)],
    ['CLUSTER_PG_PORT', fixed(plan.postgresPort)],
    ['CLUSTER_REDIS_PORT', fixed(plan.redisPort)],
  ];
}

/** Round-robin: item i goes to group i mod `groups`. */
export function spread<T>(items: readonly T[], groups: number): T[][] {
  const out = Array.from({ length: groups }, (): T[] => []);
  items.forEach((item, i) => out[i % groups]?.push(item));
  return out;
}

/** The node index of van `i`: node 2, node 3, … then round again (node 1 only in a one-node plan). */
export function vanNode(i: number, nodes: number): number {
  return nodes === 1 ? 0 : 1 + (i % (nodes - 1));
}
