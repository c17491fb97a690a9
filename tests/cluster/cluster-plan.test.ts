// The plan of `npm run cluster` (scripts/lib/cluster-plan.ts): ports from the CLUSTER_* settings,
// settings refused with a message naming them, devices spread round-robin, vans away from node 1.
import { describe, expect, it } from 'vitest';
import { clusterPlan, PlanError, portsBySetting, spread, vanNode } from '../../scripts/lib/cluster-plan';

describe('the local cluster plan', () => {
  it('gives three nodes HTTP 8081–8083 and MQTT 1884–1886 by default, free ports for the services', () => {
    const plan = clusterPlan({});
    expect(plan.nodes).toEqual([
      { id: 'node-1', httpPort: 8081, mqttPort: 1884 },
      { id: 'node-2', httpPort: 8082, mqttPort: 1885 },
      { id: 'node-3', httpPort: 8083, mqttPort: 1886 },
    ]);
    expect(plan.postgresPort).toBe(0);
    expect(plan.redisPort).toBe(0);
    expect(portsBySetting(plan)).toContainEqual(['CLUSTER_PG_PORT', []]);
  });

  it('moves the ports by their base settings', () => {
    const plan = clusterPlan({
      CLUSTER_HTTP_PORT: '9000',
      CLUSTER_MQTT_PORT: '2000',
      CLUSTER_PG_PORT: '5499',
    });
    expect(plan.nodes.map((n) => [n.httpPort, n.mqttPort])).toEqual([
      [9000, 2000],
      [9001, 2001],
      [9002, 2002],
    ]);
    expect(portsBySetting(plan)).toContainEqual(['CLUSTER_PG_PORT', [5499]]);
  });

  it('refuses a setting that is not a port, and ports that collide, naming the settings', () => {
    expect(() => clusterPlan({ CLUSTER_HTTP_PORT: 'eighty' })).toThrow(PlanError);
    expect(() => clusterPlan({ CLUSTER_HTTP_PORT: 'eighty' })).toThrow(/CLUSTER_HTTP_PORT=eighty/);
    expect(() => clusterPlan({ CLUSTER_MQTT_PORT: '8082' })).toThrow(
      /CLUSTER_MQTT_PORT and CLUSTER_HTTP_PORT both use port 8082/,
    );
    expect(() => clusterPlan({ CLUSTER_HTTP_PORT: '65534' })).toThrow(/above 65535/);
    expect(() => clusterPlan({ CLUSTER_NODES: '0' })).toThrow(/CLUSTER_NODES=0/);
  });

  it('spreads items round-robin over the nodes', () => {
    expect(spread(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 3)).toEqual([
      ['a', 'd', 'g'],
      ['b', 'e'],
      ['c', 'f'],
    ]);
    expect(spread([], 2)).toEqual([[], []]);
  });

  it('puts the vans on nodes other than node 1, each on its own while nodes last', () => {
    expect([0, 1, 2, 3].map((i) => vanNode(i, 3))).toEqual([1, 2, 1, 2]);
    expect([0, 1].map((i) => vanNode(i, 1))).toEqual([0, 0]);
  });
});
