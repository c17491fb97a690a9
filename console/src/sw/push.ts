// The service worker's side of Web Push (api.md "Field work and notifications", Web Push): shows the
// server's push as a notification in the phone's language, and brings the technician's page forward
// when it is tapped. The console's service worker calls installPush(self). Self-contained on purpose
// (no imports): it is bundled into the worker, which has no DOM and none of the console's modules.

type Lang = 'zh' | 'en';

/** The decrypted payload: PushMessage of server/src/contracts/dto/push.ts (described again here). */
export interface PushPayload {
  kind: 'assignment' | 'escalation' | 'withdrawn';
  why?: 'redispatched' | 'requeued' | 'cancelled';
  ticketId: string;
  priority: 'P1' | 'P2' | 'P3' | 'P4';
  category: string;
  place?: string;
  level?: number;
  title: Record<Lang, string>;
  body: Record<Lang, string>;
  url: string;
}

/** The buzz of the page's alert (console/src/lib/components/tech/alert.ts VIBRATE_PATTERN). */
export const PUSH_VIBRATE = [300, 120, 300, 120, 300];
/** Where a tap leads when the payload names no page of the console. */
export const TECH_PAGE = '/tech';

/** Shown for a push whose payload cannot be read: the browser requires a notification for each push. */
const FALLBACK: Record<Lang, { title: string; body: string }> = {
  zh: { title: '红帆：有新派单', body: '打开查看工单' },
  en: { title: 'Redsail: new job', body: 'Open to see the ticket' },
};

const isText = (v: unknown): v is Record<Lang, string> => {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Record<string, unknown>;
  return typeof t.zh === 'string' && typeof t.en === 'string';
};

/** The payload if it has the shape the server sends, else undefined. */
export function readPayload(data: unknown): PushPayload | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (m.kind !== 'assignment' && m.kind !== 'escalation' && m.kind !== 'withdrawn') return undefined;
  if (typeof m.ticketId !== 'string' || typeof m.category !== 'string' || typeof m.url !== 'string')
    return undefined;
  if (m.priority !== 'P1' && m.priority !== 'P2' && m.priority !== 'P3' && m.priority !== 'P4')
    return undefined;
  if (!isText(m.title) || !isText(m.body)) return undefined;
  return m as unknown as PushPayload;
}

/** The phone's language: the first of its languages that is Chinese or English; Chinese otherwise. */
export function phoneLanguage(languages: readonly string[]): Lang {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'zh' || base === 'en') return base;
  }
  return 'zh';
}

/** A path of this site (never another origin) to open on a tap. */
function safePath(url: unknown): string {
  return typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') ? url : TECH_PAGE;
}

export interface PushNotice {
  title: string;
  /** `vibrate`, `renotify` and `timestamp` are in the Notifications standard, not in TypeScript's lib. */
  options: NotificationOptions & { vibrate: number[]; renotify: boolean; timestamp?: number };
}

/** What the phone shows: one notification per ticket (tag), buzzing again when replaced; a P1 stays. */
export function pushNotice(p: PushPayload | undefined, lang: Lang, now: number): PushNotice {
  if (!p) {
    const f = FALLBACK[lang];
    const options = {
      body: f.body,
      tag: 'redsail',
      renotify: true,
      vibrate: PUSH_VIBRATE,
      data: { url: TECH_PAGE },
    };
    return { title: f.title, options };
  }
  return {
    title: p.title[lang],
    options: {
      body: p.body[lang],
      lang: lang === 'zh' ? 'zh-CN' : 'en',
      tag: p.ticketId,
      renotify: true,
      // A job taken away needs no answer: it only replaces the job's notification (same tag).
      requireInteraction: p.priority === 'P1' && p.kind !== 'withdrawn',
      vibrate: PUSH_VIBRATE,
      timestamp: now,
      data: { url: safePath(p.url), ticketId: p.ticketId, kind: p.kind },
    },
  };
}

function payloadOf(event: PushEvent): unknown {
  try {
    return event.data?.json();
  } catch {
    return undefined;
  }
}

/** Focuses an open page of the technician's (navigating it if it shows another page), or opens one. */
async function focusOrOpen(scope: ServiceWorkerGlobalScope, path: string): Promise<void> {
  const windows = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const target = new URL(path, scope.location.origin);
  const tech = windows.find((c) => new URL(c.url).pathname.startsWith(target.pathname));
  if (tech) {
    await tech.focus();
    return;
  }
  const other = windows[0];
  if (other) {
    const moved = await other.navigate(target.href).catch(() => null);
    if (moved) {
      await moved.focus();
      return;
    }
  }
  await scope.clients.openWindow(target.href);
}

export function installPush(scope: ServiceWorkerGlobalScope): void {
  scope.addEventListener('push', (event) => {
    const notice = pushNotice(
      readPayload(payloadOf(event)),
      phoneLanguage(scope.navigator.languages),
      Date.now(),
    );
    event.waitUntil(scope.registration.showNotification(notice.title, notice.options));
  });
  scope.addEventListener('notificationclick', (event) => {
    event.notification.close();
    const data = event.notification.data as { url?: unknown } | null;
    event.waitUntil(focusOrOpen(scope, safePath(data?.url)));
  });
}
