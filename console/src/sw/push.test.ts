// The service worker's push handlers against a fake worker scope: what is shown, in which language,
// and where a tap leads.
import { describe, expect, it } from 'vitest';
import { installPush, phoneLanguage, PUSH_VIBRATE, pushNotice, readPayload, type PushPayload } from './push';

const payload: PushPayload = {
  kind: 'assignment',
  ticketId: 'T261207-7K3QX2',
  priority: 'P1',
  category: 'electrical',
  place: '工保小区 · 3号楼东',
  title: { zh: 'P1 新派工单：电力', en: 'P1 new job: Electrical' },
  body: { zh: '工保小区 · 3号楼东 · 工单 T261207-7K3QX2', en: '工保小区 · 3号楼东 · ticket T261207-7K3QX2' },
  url: '/tech',
};

type Listener = (event: unknown) => void;

function fakeScope(languages: string[], windows: { url: string }[] = []) {
  const listeners = new Map<string, Listener>();
  const shown: { title: string; options: Record<string, unknown> }[] = [];
  const log: string[] = [];
  const clients = windows.map((w) => ({
    url: w.url,
    focus: () => (log.push(`focus ${w.url}`), Promise.resolve()),
    navigate: (u: string) => (
      log.push(`navigate ${w.url} → ${u}`),
      Promise.resolve({ focus: () => Promise.resolve() })
    ),
  }));
  const scope = {
    addEventListener: (name: string, fn: Listener) => listeners.set(name, fn),
    navigator: { languages },
    location: { origin: 'https://redsail.example.cn' },
    registration: {
      showNotification: (title: string, options: Record<string, unknown>) => (
        shown.push({ title, options }),
        Promise.resolve()
      ),
    },
    clients: {
      matchAll: () => Promise.resolve(clients),
      openWindow: (u: string) => (log.push(`open ${u}`), Promise.resolve(null)),
    },
  };
  installPush(scope as unknown as ServiceWorkerGlobalScope);
  const fire = async (name: string, event: Record<string, unknown>) => {
    const waits: Promise<unknown>[] = [];
    listeners.get(name)?.({ ...event, waitUntil: (p: Promise<unknown>) => waits.push(p) });
    await Promise.all(waits);
  };
  return { shown, log, fire };
}

const pushEvent = (data: unknown) => ({
  data: { json: () => (data === 'bad' ? (JSON.parse('{') as unknown) : data) },
});

describe('service worker: push', () => {
  it("shows the push in the phone's language, one per ticket, buzzing again, a P1 kept on screen", async () => {
    const zh = fakeScope(['zh-CN', 'en']);
    await zh.fire('push', pushEvent(payload));
    expect(zh.shown).toHaveLength(1);
    expect(zh.shown[0]?.title).toBe('P1 新派工单：电力');
    expect(zh.shown[0]?.options).toMatchObject({
      body: '工保小区 · 3号楼东 · 工单 T261207-7K3QX2',
      lang: 'zh-CN',
      tag: 'T261207-7K3QX2',
      renotify: true,
      requireInteraction: true,
      vibrate: PUSH_VIBRATE,
      data: { url: '/tech', ticketId: 'T261207-7K3QX2', kind: 'assignment' },
    });
    const en = fakeScope(['en-GB', 'zh-CN']);
    await en.fire('push', pushEvent({ ...payload, priority: 'P3' }));
    expect(en.shown[0]?.title).toBe('P1 new job: Electrical');
    expect(en.shown[0]?.options).toMatchObject({ lang: 'en', requireInteraction: false });
  });

  it('shows a plain notice for a payload it cannot read (a push must show something)', async () => {
    for (const data of ['bad', { kind: 'other' }, null]) {
      const sc = fakeScope(['fr-FR']);
      await sc.fire('push', pushEvent(data));
      expect(sc.shown[0]).toMatchObject({
        title: '红帆：有新派单',
        options: { tag: 'redsail', data: { url: '/tech' } },
      });
    }
  });

  it('picks Chinese or English from the languages, Chinese when neither is there', () => {
    expect(phoneLanguage(['fr', 'en-US'])).toBe('en');
    expect(phoneLanguage(['zh-Hant-TW'])).toBe('zh');
    expect(phoneLanguage([])).toBe('zh');
  });

  it('never leads a tap off the site', () => {
    const p = readPayload({ ...payload, url: 'https://evil.example/' });
    expect(pushNotice(p, 'en', 0).options.data).toMatchObject({ url: '/tech' });
    expect(
      pushNotice(readPayload({ ...payload, url: '//evil.example/' }), 'en', 0).options.data,
    ).toMatchObject({ url: '/tech' });
  });
});

describe('service worker: notificationclick', () => {
  const click = (url: unknown) => {
    const closed: string[] = [];
    return { closed, event: { notification: { data: { url }, close: () => closed.push('closed') } } };
  };

  it('closes the notification and focuses an open technician page', async () => {
    const sc = fakeScope(
      ['zh-CN'],
      [{ url: 'https://redsail.example.cn/' }, { url: 'https://redsail.example.cn/tech' }],
    );
    const c = click('/tech');
    await sc.fire('notificationclick', c.event);
    expect(c.closed).toEqual(['closed']);
    expect(sc.log).toEqual(['focus https://redsail.example.cn/tech']);
  });

  it('moves another open page of the console to /tech, or opens one', async () => {
    const other = fakeScope(['zh-CN'], [{ url: 'https://redsail.example.cn/login' }]);
    await other.fire('notificationclick', click('/tech').event);
    expect(other.log).toEqual([
      'navigate https://redsail.example.cn/login → https://redsail.example.cn/tech',
    ]);
    const none = fakeScope(['zh-CN']);
    await none.fire('notificationclick', click('https://evil.example/').event);
    expect(none.log).toEqual(['open https://redsail.example.cn/tech']);
  });
});
