// /api/health (api.md "Resources"): public, names this node, its mode and its store, and answers 503
// once the store stops answering.
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';

describe('GET /api/health', () => {
  let s: TestServer | undefined;
  afterEach(async () => {
    await s?.stop();
    s = undefined;
  });

  it('names the node, the mode and the store, without a token', async () => {
    s = await startServer({ env: { NODE_ID: 'node-a' } });
    const res = await s.api.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      mode: 'single',
      node: 'node-a',
      store: s.app.store.kind,
      storeReachable: true,
    });
    expect(res.body).not.toHaveProperty('redis');
    const metrics = await (await fetch(`${s.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/redsail_store_commit_seconds_count\{[^}]*node="node-a"/);
  });

  it('answers 503 with what to do while the store does not answer', async () => {
    s = await startServer();
    await s.app.store.close();
    const res = await s.api.get<{ status: string; storeReachable: boolean; problem: string }>('/api/health');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('unavailable');
    expect(res.body.storeReachable).toBe(false);
    expect(res.body.problem).toMatch(/store does not answer.*check that it is running/);
  });

  it('refuses a NODE_ID that cannot be a name in logs and metrics', async () => {
    await expect(startServer({ env: { NODE_ID: 'node a/1' } })).rejects.toThrow(/NODE_ID must be/);
  });
});
