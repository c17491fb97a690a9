// Web Push on the technician's phone (api.md "Field work and notifications", Web Push): subscribe
// this browser with the server's VAPID key and hand the subscription to the server, or take it back.
// The browser's Push API and the server come in as ports (browser.ts, server.ts give the real ones),
// so the decisions — when a subscription can be kept, when one must be replaced — are testable.

/** What turning push on came to. `unsupported`: no service worker or Push API on this page. */
export type PushState = 'subscribed' | 'unsupported' | 'denied' | 'failed';

/** The parts of a PushSubscription used here. */
export interface PushSubscriptionLike {
  readonly endpoint: string;
  readonly options?: { readonly applicationServerKey: ArrayBuffer | null };
  toJSON(): { endpoint?: string; keys?: Record<string, string> };
  unsubscribe(): Promise<boolean>;
}

export interface PushManagerLike {
  getSubscription(): Promise<PushSubscriptionLike | null>;
  subscribe(options: {
    userVisibleOnly: true;
    applicationServerKey: Uint8Array;
  }): Promise<PushSubscriptionLike>;
}

export interface PushBrowser {
  /** The push manager of the page's service worker; undefined when there is none. */
  pushManager(): Promise<PushManagerLike | undefined>;
  /** Notification permission now ('unsupported' without the API). */
  permission(): NotificationPermission | 'unsupported';
}

export interface PushServer {
  /** GET /api/push/key. */
  publicKey(): Promise<string>;
  /** POST /api/push/subscriptions. */
  save(sub: { endpoint: string; keys: { p256dh: string; auth: string } }): Promise<void>;
  /** DELETE /api/push/subscriptions. */
  remove(endpoint: string): Promise<void>;
}

/** base64url (the server's key) → bytes, as PushManager.subscribe takes the applicationServerKey. */
export function base64UrlBytes(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.length) return false;
  const x = new Uint8Array(a);
  return x.every((v, i) => v === b[i]);
}

/** The subscription's JSON, if it has the keys the server needs. */
function wire(
  sub: PushSubscriptionLike,
): { endpoint: string; keys: { p256dh: string; auth: string } } | undefined {
  const j = sub.toJSON();
  const p256dh = j.keys?.p256dh;
  const auth = j.keys?.auth;
  return p256dh && auth ? { endpoint: sub.endpoint, keys: { p256dh, auth } } : undefined;
}

/**
 * Subscribes this browser and tells the server; call after notifications were allowed (the alerts
 * button asks). A subscription made with another key (the server's store was replaced) is replaced.
 * Never throws: what went wrong is the state.
 */
export async function turnOnPush(browser: PushBrowser, server: PushServer): Promise<PushState> {
  try {
    const permission = browser.permission();
    if (permission === 'unsupported') return 'unsupported';
    if (permission !== 'granted') return 'denied';
    const manager = await browser.pushManager();
    if (!manager) return 'unsupported';
    const key = base64UrlBytes(await server.publicKey());
    let sub = await manager.getSubscription();
    if (sub && !sameKey(sub.options?.applicationServerKey, key)) {
      await sub.unsubscribe();
      sub = null;
    }
    sub ??= await manager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    const body = wire(sub);
    if (!body) return 'failed';
    await server.save(body);
    return 'subscribed';
  } catch {
    return 'failed';
  }
}

/** Takes the subscription back: the server forgets it, the browser drops it. Never throws. */
export async function turnOffPush(browser: PushBrowser, server: PushServer): Promise<void> {
  try {
    const sub = await (await browser.pushManager())?.getSubscription();
    if (!sub) return;
    await server.remove(sub.endpoint).catch(() => {}); // 404: the server had dropped it already
    await sub.unsubscribe();
  } catch {
    // no service worker, or the browser refused: nothing more to take back
  }
}
