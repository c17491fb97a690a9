import { describe, expect, it } from 'vitest';
import { alertsChoice, chooseAlerts } from '../components/tech/alerts-choice';
import { AssignmentAlerter, type AlertPorts } from '../components/tech/alert';
import type { TicketDto } from '../api/types';
import {
  base64UrlBytes,
  turnOffPush,
  turnOnPush,
  type PushBrowser,
  type PushManagerLike,
  type PushServer,
  type PushSubscriptionLike,
} from './push';

const KEY = Buffer.from(Uint8Array.from({ length: 65 }, (_, i) => (i === 0 ? 4 : i))).toString('base64url');
const OTHER = Buffer.from(Uint8Array.from({ length: 65 }, (_, i) => (i === 0 ? 4 : 100 + i))).toString(
  'base64url',
);

function fakeSub(endpoint: string, key: string, log: string[]): PushSubscriptionLike {
  return {
    endpoint,
    options: { applicationServerKey: base64UrlBytes(key).buffer as ArrayBuffer },
    toJSON: () => ({ endpoint, keys: { p256dh: 'P', auth: 'A' } }),
    unsubscribe: () => (log.push(`unsubscribe ${endpoint}`), Promise.resolve(true)),
  };
}

function world(
  opts: { permission?: NotificationPermission | 'unsupported'; existing?: string; noWorker?: boolean } = {},
) {
  const log: string[] = [];
  let current: PushSubscriptionLike | null = opts.existing
    ? fakeSub('https://push.test/old', opts.existing, log)
    : null;
  const manager: PushManagerLike = {
    getSubscription: () => Promise.resolve(current),
    subscribe: (o) => {
      log.push(
        `subscribe ${o.userVisibleOnly} ${Buffer.from(o.applicationServerKey).toString('base64url') === KEY}`,
      );
      const made = fakeSub('https://push.test/new', KEY, log);
      current = made;
      return Promise.resolve(made);
    },
  };
  const browser: PushBrowser = {
    pushManager: () => Promise.resolve(opts.noWorker ? undefined : manager),
    permission: () => opts.permission ?? 'granted',
  };
  const server: PushServer = {
    publicKey: () => Promise.resolve(KEY),
    save: (b) => (log.push(`save ${b.endpoint} ${b.keys.p256dh} ${b.keys.auth}`), Promise.resolve()),
    remove: (e) => (log.push(`remove ${e}`), Promise.resolve()),
  };
  return { log, browser, server };
}

describe('web push on the phone', () => {
  it('decodes the base64url key', () => {
    expect([...base64UrlBytes('AQID_-8')]).toEqual([1, 2, 3, 255, 239]);
  });

  it('subscribes with the server key, userVisibleOnly, and posts the subscription', async () => {
    const w = world();
    expect(await turnOnPush(w.browser, w.server)).toBe('subscribed');
    expect(w.log).toEqual(['subscribe true true', 'save https://push.test/new P A']);
  });

  it('keeps a subscription made with the same key, replaces one made with another', async () => {
    const same = world({ existing: KEY });
    expect(await turnOnPush(same.browser, same.server)).toBe('subscribed');
    expect(same.log).toEqual(['save https://push.test/old P A']);
    const other = world({ existing: OTHER });
    expect(await turnOnPush(other.browser, other.server)).toBe('subscribed');
    expect(other.log).toEqual([
      'unsubscribe https://push.test/old',
      'subscribe true true',
      'save https://push.test/new P A',
    ]);
  });

  it('says why there is no push: no permission, no API, no service worker, a failure', async () => {
    for (const [o, state] of [
      [{ permission: 'denied' }, 'denied'],
      [{ permission: 'default' }, 'denied'],
      [{ permission: 'unsupported' }, 'unsupported'],
      [{ noWorker: true }, 'unsupported'],
    ] as const) {
      const w = world(o);
      expect(await turnOnPush(w.browser, w.server)).toBe(state);
      expect(w.log).toEqual([]);
    }
    const w = world();
    w.server.save = () => Promise.reject(new Error('offline'));
    expect(await turnOnPush(w.browser, w.server)).toBe('failed');
  });

  it('unsubscribes: the server forgets the endpoint, the browser drops it; nothing to do without one', async () => {
    const w = world({ existing: KEY });
    await turnOffPush(w.browser, w.server);
    expect(w.log).toEqual(['remove https://push.test/old', 'unsubscribe https://push.test/old']);
    const none = world();
    await turnOffPush(none.browser, none.server);
    expect(none.log).toEqual([]);
  });
});

describe('the alerts choice', () => {
  it('is kept in storage across reloads, and storage that throws keeps nothing', () => {
    const m = new Map<string, string>();
    const s = {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
    };
    expect(alertsChoice(s)).toBeUndefined();
    chooseAlerts(true, s);
    expect(alertsChoice(s)).toBe('on');
    chooseAlerts(false, s);
    expect(alertsChoice(s)).toBe('off');
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => chooseAlerts(true, broken)).not.toThrow();
    expect(alertsChoice(broken)).toBeUndefined();
  });

  it('turned off, a new dispatch is noted but not sounded, buzzed or notified', () => {
    const calls: string[] = [];
    const ports: AlertPorts = {
      permission: () => 'granted',
      requestPermission: () => Promise.resolve('granted' as const),
      notify: () => void calls.push('notify'),
      canVibrate: () => true,
      vibrate: () => void calls.push('vibrate'),
      chime: () => void calls.push('chime'),
      unlockAudio: () => {},
      focus: () => {},
    };
    const a = new AssignmentAlerter(ports);
    a.mute(true);
    const t = {
      id: 'T1',
      status: 'dispatched',
      priority: 'P1',
      updatedAt: '2026-12-07T00:00:00Z',
    } as TicketDto;
    expect(a.alert(t, { title: 'x', body: 'y' })).toEqual({
      chimed: false,
      vibrated: false,
      notified: false,
    });
    expect(calls).toEqual([]);
    expect(a.isNew(t)).toBe(false);
  });
});
