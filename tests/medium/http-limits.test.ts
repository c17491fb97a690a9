// Limits of the HTTP listener and the Socket.IO endpoint (issue 16 point 6): a half-sent request is
// closed, one address holds a bounded number of connections, a foreign page cannot open the live feed
// with the console's cookie, an engine.io connection that never authenticates is closed, and sockets
// are capped per user and per address.
import net from 'node:net';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { connectSocket, type TestSocket } from '../helpers/socket';

/** Resolves when the socket has closed (at once if it already has). */
const closed = (socket: net.Socket) =>
  socket.closed ? Promise.resolve() : new Promise<void>((resolve) => socket.once('close', () => resolve()));
const connect = (port: number) =>
  new Promise<net.Socket>((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1', () => resolve(c));
    c.once('error', reject);
    c.on('error', () => undefined); // a reset by the server shows as close
  });

describe('HTTP limits', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ env: { HTTP_HEADERS_TIMEOUT_MS: '300', HTTP_REQUEST_TIMEOUT_MS: '600' } });
  });
  afterAll(async () => {
    await s.stop();
  });

  it('closes a connection that sends half a request and never finishes its headers', async () => {
    const c = await connect(s.httpPort);
    const answer: Buffer[] = [];
    c.on('data', (d: Buffer) => answer.push(d));
    c.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    await closed(c);
    expect(Buffer.concat(answer).toString()).toMatch(/^HTTP\/1\.1 408/);
    expect((await fetch(`${s.httpUrl}/api/health`)).status).toBe(200);
  });
});

describe('per-address connection cap', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ env: { HTTP_MAX_CONN_PER_ADDR: '3' } });
  });
  afterAll(async () => {
    await s.stop();
  });

  it('closes connections over the cap at once and admits new ones when others close', async () => {
    const held = await Promise.all([connect(s.httpPort), connect(s.httpPort), connect(s.httpPort)]);
    const extra = await connect(s.httpPort);
    await closed(extra); // refused: closed without a byte sent
    for (const c of held) c.destroy();
    await Promise.all(held.map(closed));
    const res = await fetch(`${s.httpUrl}/api/health`, { headers: { connection: 'close' } });
    expect(res.status).toBe(200);
  });
});

describe('Socket.IO limits', () => {
  let s: TestServer;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    s = await startServer({ env: { SOCKETS_PER_USER: '2', SOCKETS_PER_ADDR: '3' } });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await s.stop();
  });

  const refusal = (socket: TestSocket) =>
    new Promise<Error>((resolve, reject) => {
      socket.once('connect', () => reject(new Error('connected')));
      socket.once('connect_error', resolve);
    });

  it('refuses a cookie handshake from a foreign origin, accepts the console’s own', async () => {
    const res = await fetch(`${s.httpUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-pass-123' }),
    });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const open = (origin: string): TestSocket =>
      io(s.httpUrl, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie, origin } });
    const foreign = open('https://evil.example');
    sockets.push(foreign);
    await refusal(foreign);
    expect(foreign.connected).toBe(false);
    const own = open(s.httpUrl);
    sockets.push(own);
    await new Promise<void>((resolve, reject) => {
      own.once('connect', () => resolve());
      own.once('connect_error', reject);
    });
  });

  it('closes an engine.io connection that never authenticates (handshake timeout)', async () => {
    const port = new URL(s.httpUrl).port;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    const frames: string[] = [];
    ws.on('message', (data: Buffer) => frames.push(data.toString()));
    await new Promise<void>((resolve) => ws.once('close', () => resolve()));
    expect(frames[0]).toMatch(/^0\{/); // the engine.io open packet: the connection was accepted, then closed
  });

  it('caps live sockets per user, and frees a slot when one disconnects', async () => {
    const token = await s.api.userToken(s.admin, 'view1', 'viewer');
    sockets.push(await connectSocket(s.httpUrl, token), await connectSocket(s.httpUrl, token));
    const third: TestSocket = io(s.httpUrl, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
    });
    sockets.push(third);
    expect((await refusal(third)).message).toMatch(/too_many_sockets/);
    const first = sockets[0];
    const gone = new Promise<void>((resolve) => first?.once('disconnect', () => resolve()));
    first?.close();
    await gone;
    sockets.push(await reconnectUntilAdmitted(s.httpUrl, token));
  });

  it('caps live sockets per address across users', async () => {
    const tokens = await Promise.all(
      ['a1', 'a2', 'a3', 'a4'].map((u) => s.api.userToken(s.admin, u, 'viewer')),
    );
    for (const t of tokens.slice(0, 3)) sockets.push(await connectSocket(s.httpUrl, t));
    const fourth: TestSocket = io(s.httpUrl, {
      auth: { token: tokens[3] },
      transports: ['websocket'],
      reconnection: false,
    });
    sockets.push(fourth);
    expect((await refusal(fourth)).message).toMatch(/too_many_sockets: this address/);
  });
});

/**
 * The server counts a socket free once its own 'disconnect' has run, which may be a moment after the
 * client's: retry on too_many_sockets (each try is an event, not a timer).
 */
async function reconnectUntilAdmitted(url: string, token: string): Promise<TestSocket> {
  for (;;) {
    try {
      return await connectSocket(url, token);
    } catch (err) {
      if (!(err instanceof Error) || !/too_many_sockets/.test(err.message)) throw err;
    }
  }
}
