// Coming back after the phone slept (page hidden, or the network gone): reconnect at once instead
// of waiting out the reconnect backoff, and re-load the snapshot after a long absence even when
// the socket says it is connected — a sleeping phone's socket can be a zombie that hears nothing.

/** Away (hidden or offline) at least this long: re-load the snapshot on return. */
export const WAKE_RESYNC_AFTER_MS = 20_000;

/** What a page's live connection offers for waking up (LiveConnection has these). */
export interface WakeTarget {
  readonly connected: boolean;
  /** Connect now, skipping the backoff wait (no-op when connected). */
  reconnect(): void;
  /** Re-load the snapshot now (reconnecting first when not connected). */
  resync(): void;
}

export type WakeAction = 'reconnect' | 'resync' | 'none';

/**
 * On a return (visible again, back from the page cache, back online): reconnect when the socket
 * is down; re-sync when it claims to be up but the page was away long (or restored from cache).
 */
export function wakeAction(
  connected: boolean,
  awayMs: number | undefined,
  opts: { restored?: boolean; thresholdMs?: number } = {},
): WakeAction {
  if (!connected) return 'reconnect';
  if (opts.restored) return 'resync';
  return awayMs !== undefined && awayMs >= (opts.thresholdMs ?? WAKE_RESYNC_AFTER_MS) ? 'resync' : 'none';
}

/** No DOM types here: the module is also read by the browser tests, which have none. */
export interface WakeEnv {
  document: EventTarget & { readonly visibilityState: string };
  window: EventTarget;
  /** Wall-clock ms: it keeps running while the phone sleeps (a monotonic clock may not). */
  now(): number;
  online(): boolean;
  thresholdMs?: number;
}

/** Watches the page for sleeping and waking; returns the function that stops watching. */
export function watchWake(target: WakeTarget, env: WakeEnv): () => void {
  let awaySince: number | undefined = env.document.visibilityState === 'hidden' ? env.now() : undefined;
  const away = () => {
    awaySince ??= env.now();
  };
  const back = (restored = false) => {
    if (env.document.visibilityState === 'hidden' || !env.online()) return; // not back yet
    const awayMs = awaySince === undefined ? undefined : env.now() - awaySince;
    awaySince = undefined;
    const action = wakeAction(target.connected, awayMs, {
      restored,
      ...(env.thresholdMs !== undefined && { thresholdMs: env.thresholdMs }),
    });
    if (action === 'reconnect') target.reconnect();
    else if (action === 'resync') target.resync();
  };

  const onVisibility = () => (env.document.visibilityState === 'hidden' ? away() : back());
  const onPageShow = (e: Event) => {
    if ('persisted' in e && e.persisted === true) back(true);
  };
  const onOnline = () => back();
  const listeners: [EventTarget, string, (e: Event) => void][] = [
    [env.document, 'visibilitychange', onVisibility],
    [env.window, 'pagehide', away],
    [env.window, 'pageshow', onPageShow],
    [env.window, 'offline', away],
    [env.window, 'online', onOnline],
  ];
  for (const [t, type, fn] of listeners) t.addEventListener(type, fn);
  return () => {
    for (const [t, type, fn] of listeners) t.removeEventListener(type, fn);
  };
}
