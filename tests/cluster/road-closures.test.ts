// Road closures across a two-node cluster (api.md v1.1 "Roads, routes and tracks"): one made on node 1
// is listed by node 2 and announced to node 2's consoles from node 2's own list; it runs out on node 2
// too; one ended on node 2 leaves node 1's list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoadClosureDto } from '../../server/src/contracts/dto';
import { startCluster, type ClusterNodeProcess, type TestCluster } from '../helpers/cluster';
import { connectSocket, EventLog, type TestSocket } from '../helpers/socket';

const line = {
  type: 'LineString',
  coordinates: [
    [116.99, 35.597],
    [116.992, 35.5972],
  ],
};

describe('road closures in a cluster', () => {
  let c: TestCluster;
  let disp: string;
  const sockets: TestSocket[] = [];

  const node = (i: number): ClusterNodeProcess => {
    const n = c.nodes[i];
    if (!n) throw new Error(`no node ${i}`);
    return n;
  };
  /** The `road-closures` lists node i announces to a console connected to it, from now on. */
  const consoleOn = async (i: number) => {
    const socket = await connectSocket(node(i).httpUrl, disp);
    sockets.push(socket);
    const log = new EventLog(socket, ['road-closures']);
    return (pred: (ids: string[]) => boolean) =>
      log.waitFor<RoadClosureDto[]>('road-closures', (l) => pred(l.map((x) => x.id)));
  };
  const listOn = async (i: number) =>
    (await node(i).api.get<RoadClosureDto[]>('/api/road-closures', disp)).body.map((x) => x.id);

  beforeAll(async () => {
    c = await startCluster(2, { CLUSTER_LEASE_MS: '1500', AUTO_DISPATCH: 'false' });
    disp = await node(0).api.userToken(c.admin, 'disp', 'dispatcher');
  }, 120_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await c?.stop();
  });

  it('a closure made on node 1 is listed by node 2, and its expiry reaches node 2', async () => {
    const onB = await consoleOn(1);
    const until = new Date(Date.now() + 3000).toISOString(); // a short until, awaited by the event
    const res = await node(0).api.post<RoadClosureDto>(
      '/api/road-closures',
      { geometry: line, reason: '电缆抢修', until },
      disp,
    );
    expect(res.status).toBe(201);
    await onB((ids) => ids.includes(res.body.id));
    expect(await listOn(1)).toEqual([res.body.id]);
    await onB((ids) => !ids.includes(res.body.id));
    expect(await listOn(1)).toEqual([]);
    expect(await listOn(0)).toEqual([]);
  });

  it('one ended on node 2 leaves node 1’s list', async () => {
    const onA = await consoleOn(0);
    const res = await node(0).api.post<RoadClosureDto>(
      '/api/road-closures',
      { geometry: { type: 'Point', coordinates: [116.99, 35.597] }, reason: '塌陷' },
      disp,
    );
    await onA((ids) => ids.includes(res.body.id));
    const onA2 = await consoleOn(0);
    expect(
      (await node(1).api.request('DELETE', `/api/road-closures/${res.body.id}`, { token: disp })).status,
    ).toBe(204);
    await onA2((ids) => !ids.includes(res.body.id));
    expect(await listOn(0)).toEqual([]);
  });
});
