// A local HTTP receiver on 127.0.0.1 standing in for a group robot or a webhook endpoint: records every
// request, answers from a script (status and body per request to a path; 200 `{"errcode":0}` when the script is
// empty), can hold an answer until released, and lets a test await the n-th request without sleeping.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  body?: string;
  /** Hold the answer until release() is called. */
  hold?: boolean;
}

const OK: Answer = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };

export class Receiver {
  readonly requests: Received[] = [];
  private readonly script: { at: string; answer: Answer }[] = [];
  private readonly waiters: { n: number; resolve: (r: Received) => void }[] = [];
  private readonly held: (() => void)[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r: Received = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        const i = this.script.findIndex((x) => r.url.startsWith(x.at));
        const answer = (i >= 0 ? this.script.splice(i, 1)[0]?.answer : undefined) ?? OK;
        const send = () => {
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(answer.body ?? '{}');
        };
        if (answer.hold) this.held.push(send);
        else send();
        this.requests.push(r);
        for (const w of this.waiters.filter((x) => x.n <= this.requests.length)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(this.requests[w.n - 1] as Received);
        }
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The answers to the next requests whose path starts with `at`, in order. */
  answer(at: string, ...answers: Answer[]): void {
    this.script.push(...answers.map((answer) => ({ at, answer })));
  }

  /** Resolves with the n-th request (1-based) once it has arrived. */
  nth(n: number): Promise<Received> {
    const got = this.requests[n - 1];
    if (got) return Promise.resolve(got);
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  /** The first request matching `pred`, received already or still to come. */
  async waitFor(pred: (r: Received) => boolean): Promise<Received> {
    for (let n = 1; ; n++) {
      const r = await this.nth(n);
      if (pred(r)) return r;
    }
  }

  /** The next request after those received so far. */
  next(): Promise<Received> {
    return this.nth(this.requests.length + 1);
  }

  /** Sends the held answers. */
  release(): void {
    for (const send of this.held.splice(0)) send();
  }

  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
