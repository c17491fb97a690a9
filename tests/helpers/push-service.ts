// A fake Web Push service on 127.0.0.1 for medium tests, and the browser's side of a subscription: a
// P-256 key pair and an auth secret (as PushManager.subscribe makes them), with which it decrypts what
// the server sends (aes128gcm, RFC 8188 / RFC 8291) and checks the VAPID JWT (RFC 8292), by Node
// crypto alone — nothing of web-push, which the server uses, is used to check it.
import {
  createHmac,
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  randomBytes,
  verify,
  type KeyObject,
} from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One browser's subscription keys: `json` is what PushSubscription.toJSON() would give. */
export interface BrowserKeys {
  privateKey: KeyObject;
  /** Uncompressed point, 65 bytes. */
  publicRaw: Buffer;
  auth: Buffer;
}

export function browserKeys(): BrowserKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = publicKey.export({ format: 'jwk' });
  const publicRaw = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x ?? '', 'base64url'),
    Buffer.from(jwk.y ?? '', 'base64url'),
  ]);
  return { privateKey, publicRaw, auth: randomBytes(16) };
}

export function subscriptionJson(endpoint: string, k: BrowserKeys) {
  return {
    endpoint,
    keys: { p256dh: k.publicRaw.toString('base64url'), auth: k.auth.toString('base64url') },
  };
}

/** An uncompressed P-256 point as a public KeyObject. */
export function p256Key(raw: Buffer): KeyObject {
  if (raw.length !== 65 || raw[0] !== 4) throw new Error('not an uncompressed P-256 point');
  const x = raw.subarray(1, 33).toString('base64url');
  const y = raw.subarray(33).toString('base64url');
  return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x, y }, format: 'jwk' });
}

const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/** RFC 8291 §3.4 and RFC 8188 §2: the plaintext of an aes128gcm body sent to `k`'s subscription. */
export function decryptPush(body: Buffer, k: BrowserKeys): string {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20] ?? 0;
  const senderRaw = body.subarray(21, 21 + idlen);
  const records = body.subarray(21 + idlen);
  if (records.length > rs) throw new Error('more than one record');
  const ecdh = diffieHellman({ privateKey: k.privateKey, publicKey: p256Key(senderRaw) });
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), k.publicRaw, senderRaw, Buffer.from([1])]);
  const ikm = hmac(hmac(k.auth, ecdh), keyInfo);
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(records.subarray(records.length - 16));
  const padded = Buffer.concat([decipher.update(records.subarray(0, records.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('the last record lacks its 0x02 delimiter');
  return padded.subarray(0, end).toString('utf8');
}

export interface VapidClaims {
  /** The `k` of the Authorization header: the server's public key, base64url. */
  k: string;
  header: Record<string, unknown>;
  claims: { aud?: string; exp?: number; sub?: string };
  /** Whether the ES256 signature verifies with `k`. */
  signatureOk: boolean;
}

/** RFC 8292 §3: `Authorization: vapid t=<JWT>, k=<key>`, its claims and whether it is signed by k. */
export function readVapid(authorization: string | undefined): VapidClaims {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!m?.[1] || !m[2]) throw new Error(`not a VAPID Authorization header: ${authorization}`);
  const [h, p, sig] = m[1].split('.');
  const parse = (s: string | undefined) => JSON.parse(Buffer.from(s ?? '', 'base64url').toString()) as object;
  const signatureOk = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key: p256Key(Buffer.from(m[2], 'base64url')), dsaEncoding: 'ieee-p1363' },
    Buffer.from(sig ?? '', 'base64url'),
  );
  return {
    k: m[2],
    header: parse(h) as Record<string, unknown>,
    claims: parse(p),
    signatureOk,
  };
}

export interface ReceivedPush {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** The fake push service: records every POST, answers 201 unless told otherwise for a path. */
export class FakePushService {
  readonly received: ReceivedPush[] = [];
  private readonly statuses = new Map<string, number>();
  private waiters: { pred: (r: ReceivedPush) => boolean; resolve: (r: ReceivedPush) => void }[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      this.received.push(r);
      res.writeHead(this.statuses.get(r.path) ?? 201).end();
      this.waiters = this.waiters.filter((w) => !(w.pred(r) && (w.resolve(r), true)));
    });
  });

  origin = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  endpoint(name: string): string {
    return `${this.origin}/push/${name}`;
  }

  /** From now on, answer pushes to this endpoint with `status`. */
  answer(name: string, status: number): void {
    this.statuses.set(`/push/${name}`, status);
  }

  /** The first push (received already or to come) to endpoint `name` that `pred` accepts. */
  next(name: string, pred: (r: ReceivedPush) => boolean = () => true): Promise<ReceivedPush> {
    const p = (r: ReceivedPush) => r.path === `/push/${name}` && pred(r);
    const hit = this.received.find(p);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve) => this.waiters.push({ pred: p, resolve }));
  }

  to(name: string): ReceivedPush[] {
    return this.received.filter((r) => r.path === `/push/${name}`);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
