// The technician phone's offline pieces without a server or a browser: the retry rules, the order
// of the outbox and its keys, the ticket as its queued steps will make it, photo downscaling
// maths, which URLs are map tiles, and the resolve form's parts and labour.
import { describe, expect, it } from 'vitest';
import type { TicketDto } from '../api/types';
import { labourOf, partsOf } from '../components/field/resolve';
import type { OfflineDb } from './db';
import { fitWithin } from './downscale';
import { Outbox } from './outbox';
import {
  nextToSend,
  project,
  retryDelay,
  verdict,
  type Attempt,
  type OutboxAction,
  type OutboxItem,
} from './outbox-rules';
import { tileMatcher } from './tiles';

const accept = (ticketId = 't1'): OutboxAction => ({ kind: 'event', ticketId, body: { type: 'accept' } });
const note = (text: string, ticketId = 't1'): OutboxAction => ({
  kind: 'event',
  ticketId,
  body: { type: 'note', text },
});

/** An in-memory OfflineDb, as IndexedDB's autoIncrement keys it: seq only goes up. */
function memoryDb(initial: Omit<OutboxItem, 'seq'>[] = []): OfflineDb & { rows: Map<number, OutboxItem> } {
  const rows = new Map<number, OutboxItem>();
  let seq = 0;
  for (const it of initial) rows.set(++seq, { ...it, seq });
  return {
    rows,
    add: (item) => {
      const row = { ...item, seq: ++seq };
      rows.set(row.seq, row);
      return Promise.resolve(row);
    },
    all: () => Promise.resolve([...rows.values()]),
    remove: (s) => {
      rows.delete(s);
      return Promise.resolve();
    },
    markFailed: (s, failure) => {
      const row = rows.get(s);
      if (row) rows.set(s, { ...row, failed: failure });
      return Promise.resolve();
    },
    saveSnapshot: () => Promise.resolve(),
    loadSnapshot: () => Promise.resolve(undefined),
  };
}

/** A sender that answers from a script and records what it was given. */
function scripted(answers: Attempt[]) {
  const sent: OutboxItem[] = [];
  const send = (item: OutboxItem): Promise<Attempt> => {
    sent.push(item);
    return Promise.resolve(answers.shift() ?? { status: 200 });
  };
  return { sent, send };
}

function outbox(db: OfflineDb, send: (i: OutboxItem) => Promise<Attempt>) {
  const timers: { fn: () => void; ms: number }[] = [];
  let n = 0;
  const refused: OutboxItem[] = [];
  const box = new Outbox({
    db,
    send,
    newKey: () => `key-${++n}`,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
    onrefused: (i) => refused.push(i),
  });
  return { box, timers, refused };
}

describe('retry rules', () => {
  it.each([
    [200, 'sent'],
    [201, 'sent'],
    [500, 'retry'],
    [503, 'retry'],
    [401, 'retry'],
    [408, 'retry'],
    [429, 'retry'],
    [400, 'failed'],
    [403, 'failed'],
    [404, 'failed'],
    [409, 'failed'],
    [413, 'failed'],
    [415, 'failed'],
  ] as const)('HTTP %i: %s', (status, v) => {
    expect(verdict({ status })).toBe(v);
  });

  it('a key still in progress on the server (409 idempotency_in_progress) is tried again', () => {
    expect(verdict({ status: 409, code: 'idempotency_in_progress' })).toBe('retry');
    expect(verdict({ status: 409, code: 'conflict' })).toBe('failed');
  });

  it('no answer at all is tried again', () => {
    expect(verdict({ status: 'network' })).toBe('retry');
  });

  it('backs off, up to 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 50].map(retryDelay)).toEqual([
      2000, 4000, 8000, 15_000, 30_000, 30_000, 30_000,
    ]);
  });
});

describe('outbox order', () => {
  const item = (seq: number, failed = false): OutboxItem => ({
    seq,
    key: `k${seq}`,
    at: seq,
    action: accept(),
    ...(failed && { failed: { status: 409, code: 'conflict', message: 'no' } }),
  });

  it('sends the oldest first, skipping the refused', () => {
    expect(nextToSend([item(3), item(1, true), item(2)])?.seq).toBe(2);
    expect(nextToSend([item(1, true)])).toBeUndefined();
  });

  it('sends every queued action once, in the order taken, each with its own key', async () => {
    const db = memoryDb();
    // No network for a while: each new action tries the queue again (from its oldest), in vain.
    const { sent, send } = scripted([{ status: 'network' }, { status: 'network' }, { status: 'network' }]);
    const { box, timers } = outbox(db, send);
    await box.load();
    expect(await box.submit(accept())).toEqual({ state: 'queued' });
    expect(await box.submit(note('found a burnt fuse'))).toEqual({ state: 'queued' });
    expect(await box.submit({ kind: 'event', ticketId: 't1', body: { type: 'depart' } })).toEqual({
      state: 'queued',
    });
    expect(box.pending.map((i) => i.key)).toEqual(['key-1', 'key-2', 'key-3']);
    expect(timers.at(-1)?.ms).toBeGreaterThan(0);

    expect(sent.map((i) => i.key)).toEqual(['key-1', 'key-1', 'key-1']);
    sent.length = 0;
    await box.flush(); // the network is back
    expect(sent.map((i) => [i.key, i.action.kind === 'event' && i.action.body.type])).toEqual([
      ['key-1', 'accept'],
      ['key-2', 'note'],
      ['key-3', 'depart'],
    ]);
    expect(box.items).toEqual([]);
    expect(db.rows.size).toBe(0);
    expect(box.sentLater).toBe(3);
  });

  it('a retried action keeps its key (the server answers a repeat with the first answer)', async () => {
    const { sent, send } = scripted([{ status: 503 }, { status: 'network' }, { status: 200 }]);
    const { box } = outbox(memoryDb(), send);
    await box.load();
    await box.submit(accept());
    await box.flush();
    await box.flush();
    expect(sent.map((i) => i.key)).toEqual(['key-1', 'key-1', 'key-1']);
    expect(box.items).toEqual([]);
  });

  it('an action refused later is kept and shown, not retried, and the next one still goes', async () => {
    const db = memoryDb([
      { key: 'a', at: 1, action: accept() },
      { key: 'b', at: 2, action: note('parts needed') },
    ]);
    const { sent, send } = scripted([
      { status: 409, code: 'invalid_transition', message: 'ticket was cancelled' },
    ]);
    const { box, refused } = outbox(db, send);
    await box.load();
    await box.flush();
    expect(sent.map((i) => i.key)).toEqual(['a', 'b']);
    expect(box.pending).toEqual([]);
    expect(box.refused.map((i) => [i.key, i.failed?.status, i.failed?.message])).toEqual([
      ['a', 409, 'ticket was cancelled'],
    ]);
    expect(refused.map((i) => i.key)).toEqual(['a']);
    sent.length = 0;
    await box.flush();
    expect(sent).toEqual([]); // never again
    await box.dismiss(box.refused[0]!.seq);
    expect(box.items).toEqual([]);
    expect(db.rows.size).toBe(0);
  });

  it('an action refused at once is answered to its taker and not kept', async () => {
    const { send } = scripted([{ status: 400, code: 'bad_request', message: 'describe the repair' }]);
    const { box } = outbox(memoryDb(), send);
    await box.load();
    await expect(box.submit(note('x'))).rejects.toMatchObject({
      status: 400,
      message: 'describe the repair',
    });
    expect(box.items).toEqual([]);
  });

  it('a 401 keeps everything queued (sent after logging in again)', async () => {
    const { send } = scripted([{ status: 401 }]);
    const { box } = outbox(memoryDb(), send);
    await box.load();
    expect(await box.submit(accept())).toEqual({ state: 'queued' });
    expect(box.pending).toHaveLength(1);
  });

  it('a new action waits behind the queued ones', async () => {
    const db = memoryDb([{ key: 'old', at: 1, action: accept() }]);
    const { sent, send } = scripted([{ status: 'network' }, { status: 200 }, { status: 200 }]);
    const { box } = outbox(db, send);
    await box.load(); // tries "old": no network
    const r = await box.submit(note('on my way'));
    expect(r.state).toBe('sent');
    expect(sent.map((i) => i.key)).toEqual(['old', 'old', 'key-1']);
  });
});

describe('the ticket with its steps on the way', () => {
  const ticket = { id: 't1', status: 'dispatched' } as TicketDto;
  const queued = (seq: number, action: OutboxAction, failed = false): OutboxItem => ({
    seq,
    key: `k${seq}`,
    at: seq,
    action,
    ...(failed && { failed: { status: 409, code: 'c', message: 'm' } }),
  });

  it('takes the status of its last queued step', () => {
    const v = project(ticket, [
      queued(2, { kind: 'event', ticketId: 't1', body: { type: 'arrive' } }),
      queued(1, accept()),
      queued(3, note('x')),
    ]);
    expect(v).toEqual({ ticket: { ...ticket, status: 'on_site' }, pending: true });
  });

  it("ignores other tickets' and refused steps", () => {
    expect(project(ticket, [queued(1, accept('t2')), queued(2, accept(), true)])).toEqual({
      ticket,
      pending: false,
    });
  });
});

describe('photo downscaling', () => {
  it('fits the long side into 1600 px, keeping the shape', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin(4000, 1000)).toEqual({ width: 1600, height: 400 });
  });

  it('leaves a small photo as it is', () => {
    expect(fitWithin(1600, 900)).toEqual({ width: 1600, height: 900 });
    expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480 });
  });

  it('never draws a side of 0 px', () => {
    expect(fitWithin(100_000, 10)).toEqual({ width: 1600, height: 1 });
  });

  it('refuses a size that is no image', () => {
    expect(() => fitWithin(0, 100)).toThrow(RangeError);
    expect(() => fitWithin(Number.NaN, 100)).toThrow(RangeError);
  });
});

describe('map tiles', () => {
  it('matches the template it was built with, and nothing else', () => {
    const isTile = tileMatcher('https://{s}.tiles.example/{z}/{x}/{y}{r}.png');
    expect(isTile?.('https://a.tiles.example/15/27036/13020.png')).toBe(true);
    expect(isTile?.('https://b.tiles.example/15/27036/13020@2x.png?v=1')).toBe(true);
    expect(isTile?.('https://a.tiles.example/api/15/1/2.png')).toBe(false);
    expect(isTile?.('https://evil.example/15/1/2.png')).toBe(false);
    expect(isTile?.('http://127.0.0.1/api/tickets')).toBe(false);
  });

  it('no template: no tiles to keep', () => {
    expect(tileMatcher(undefined)).toBeUndefined();
    expect(tileMatcher('  ')).toBeUndefined();
  });
});

describe('parts and labour at resolve', () => {
  it('keeps named parts with a positive quantity, a cost only when given', () => {
    expect(
      partsOf([
        { name: ' 空气开关 ', qty: '2', cost: '35.5' },
        { name: '电缆', qty: '1,5', cost: '' },
        { name: '', qty: '1', cost: '3' },
        { name: '螺丝', qty: '0', cost: '' },
        { name: '胶布', qty: 'x', cost: '' },
      ]),
    ).toEqual([
      { name: '空气开关', qty: 2, unitCostYuan: 35.5 },
      { name: '电缆', qty: 1.5 },
    ]);
  });

  it('labour in whole minutes, nothing when empty or nonsense', () => {
    expect(labourOf('45')).toBe(45);
    expect(labourOf('30.4')).toBe(30);
    expect(labourOf('')).toBeUndefined();
    expect(labourOf('-5')).toBeUndefined();
    expect(labourOf('abc')).toBeUndefined();
  });
});
