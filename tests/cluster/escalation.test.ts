// Escalation across two cluster nodes (api.md v1.1 "Escalation", "Cluster mode": time-driven work runs
// exactly once): the roster is set on one node, the ticket opened on the other; whichever node holds the
// timekeeper lease escalates it, once per level, naming the supervisor (and at level 2 the manager) on
// call. ESCALATE_P1_S=1 so the real 1 s ticks get there in seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localTime } from '../../server/src/pipeline/duty';
import { startCluster, type ClusterNodeProcess, type TestCluster } from '../helpers/cluster';

interface Ticket {
  id: string;
  escalationLevel?: number;
  timeline: { type: string; data: Record<string, unknown> }[];
}

/** Polls until `check` holds: what one node does on its ticks has no event to await here. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('escalation across two nodes', () => {
  let c: TestCluster;
  let disp: string;

  const node = (i: number): ClusterNodeProcess => {
    const n = c.nodes[i];
    if (!n) throw new Error(`no node ${i}`);
    return n;
  };
  const ticket = async (on: number, id: string) =>
    (await node(on).api.get<Ticket>(`/api/tickets/${id}`, disp)).body;
  const escalations = async (on: number, id: string) =>
    (await ticket(on, id)).timeline.filter((e) => e.type === 'escalated').map((e) => e.data);
  const open = async () =>
    (
      await node(0).api.post<Ticket>(
        '/api/tickets',
        { category: 'electrical', description: '配电箱冒烟', priority: 'P1' },
        disp,
      )
    ).body.id;

  beforeAll(async () => {
    c = await startCluster(2, { AUTO_DISPATCH: 'false', ESCALATE_P1_S: '1' });
    disp = await node(0).api.userToken(c.admin, 'disp', 'dispatcher');
    await node(0).api.userToken(c.admin, 'sup', 'dispatcher');
    await node(0).api.userToken(c.admin, 'boss', 'viewer');
    const today = localTime(Date.now(), 'Asia/Shanghai').date;
    for (const date of [addDays(today, -1), today, addDays(today, 1)])
      for (const shift of ['day', 'night']) {
        const res = await node(1).api.request('PUT', `/api/duty/roster/${date}/${shift}`, {
          token: c.admin,
          body: { members: ['disp'], supervisor: 'sup', manager: 'boss' },
        });
        expect(res.status).toBe(200);
      }
  }, 120_000);
  afterAll(async () => {
    await c?.stop();
  });

  it('escalates a ticket once per level, whichever node ticks, naming those on call', async () => {
    const a = await open();
    await until(async () => (await ticket(1, a)).escalationLevel === 2);
    // A barrier: a second ticket reaching level 2 means both nodes have ticked well past the first's.
    const b = await open();
    await until(async () => (await ticket(0, b)).escalationLevel === 2);
    for (const on of [0, 1])
      expect(await escalations(on, a)).toEqual([
        { level: 1, notify: ['sup'] },
        { level: 2, notify: ['sup', 'boss'] },
      ]);
    expect(await escalations(1, b)).toHaveLength(2);
  });
});
