// Field work on two cluster nodes (api.md "Field work and notifications (v1.1)", "Cluster mode"): an
// Idempotency-Key used on node 1 answers on node 2 too, concurrent repeats on both apply once, and
// a photo uploaded on node 1 is served by node 2 (its bytes are in PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type ClusterNodeProcess, type TestCluster } from '../helpers/cluster';
import { IMAGES } from '../helpers/fieldwork';

interface Ticket {
  id: string;
  timeline: { type: string }[];
}

const hotline = { category: 'electrical', description: '曲阜镇家属院 路灯不亮', compoundId: 'qufuzhen' };

describe('field work across two nodes', () => {
  let c: TestCluster;
  let disp: string;
  const node = (i: number): ClusterNodeProcess => {
    const n = c.nodes[i];
    if (!n) throw new Error(`no node ${i}`);
    return n;
  };
  const send = (i: number, path: string, body: unknown, key: string) =>
    node(i).api.request<Ticket>('POST', path, { body, token: disp, headers: { 'Idempotency-Key': key } });

  beforeAll(async () => {
    c = await startCluster(2, { AUTO_DISPATCH: 'false' });
    disp = await node(0).api.userToken(c.admin, 'disp', 'dispatcher');
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('a key used on node 1 returns the first answer on node 2, and the ticket exists once', async () => {
    const first = await send(0, '/api/tickets', hotline, 'create-1');
    expect(first.status).toBe(201);
    const again = await send(1, '/api/tickets', hotline, 'create-1');
    expect([again.status, again.body]).toStrictEqual([201, first.body]);
    const all = (await node(1).api.get<Ticket[]>('/api/tickets?limit=1000', disp)).body;
    expect(all.filter((t) => t.id === first.body.id)).toHaveLength(1);
    expect(all).toHaveLength(1);
  });

  it('concurrent repeats on both nodes apply once', async () => {
    const t = (await send(0, '/api/tickets', hotline, 'create-2')).body;
    const path = `/api/tickets/${t.id}/events`;
    const body = { type: 'note', text: '两台节点同时收到' };
    const answers = await Promise.all([0, 1, 0, 1, 0, 1].map((i) => send(i, path, body, 'note-1')));
    for (const a of answers) expect([200, 409]).toContain(a.status);
    const detail = (await node(1).api.get<Ticket>(`/api/tickets/${t.id}`, disp)).body;
    expect(detail.timeline.filter((e) => e.type === 'note')).toHaveLength(1);
  });

  it('a photo uploaded on node 1 is served by node 2', async () => {
    const t = (await send(0, '/api/tickets', hotline, 'create-3')).body;
    const form = new FormData();
    form.append('kind', 'before');
    form.append('file', new Blob([new Uint8Array(IMAGES.png)], { type: 'image/png' }), 'p.png');
    const up = await fetch(`${node(0).httpUrl}/api/tickets/${t.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${disp}` },
      body: form,
    });
    expect(up.status).toBe(201);
    const { id } = (await up.json()) as { id: string };
    const res = await fetch(`${node(1).httpUrl}/api/attachments/${id}`, {
      headers: { authorization: `Bearer ${disp}` },
    });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(IMAGES.png)).toBe(true);
  });
});
