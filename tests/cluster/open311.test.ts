// Integration keys across a two-node cluster (docs/open311.md): a key issued on node 1 files a request
// on node 2; once revoked on node 2, node 1 refuses it on the very next request (keys are read from the
// shared store on every request, nothing is cached on a node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type ClusterNodeProcess, type TestCluster } from '../helpers/cluster';

describe('integration keys in a cluster', () => {
  let c: TestCluster;

  const node = (i: number): ClusterNodeProcess => {
    const n = c.nodes[i];
    if (!n) throw new Error(`no node ${i}`);
    return n;
  };
  const file = (i: number, apiKey: string) =>
    fetch(`${node(i).httpUrl}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: apiKey,
        service_code: 'lighting',
        lat: '35.5972',
        long: '116.9903',
        description: '路灯不亮',
        phone: '13700000003',
      }).toString(),
    });

  beforeAll(async () => {
    c = await startCluster(2, { AUTO_DISPATCH: 'false' });
  }, 120_000);
  afterAll(async () => {
    await c?.stop();
  });

  it('a key revoked on one node is refused at once by the other', async () => {
    const created = await node(0).api.post<{ id: string; apiKey: string }>(
      '/api/integrations',
      { name: '12345 市民热线' },
      c.admin,
    );
    expect(created.status).toBe(201);
    expect((await file(1, created.body.apiKey)).status).toBe(201);
    expect((await file(0, created.body.apiKey)).status).toBe(201);
    const revoked = await node(1).api.request('DELETE', `/api/integrations/${created.body.id}`, {
      token: c.admin,
    });
    expect(revoked.status).toBe(204);
    expect((await file(0, created.body.apiKey)).status).toBe(403);
    expect((await file(1, created.body.apiKey)).status).toBe(403);
  });
});
