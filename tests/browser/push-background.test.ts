// Web Push on the phone with the page in the background (issue "field work", point 4): the server's
// real push for an assignment — sent encrypted to a subscription, received and decrypted by a fake push
// service on 127.0.0.1 — is delivered to the console's service worker in Chromium (DevTools'
// ServiceWorker.deliverPushMessage, as a push service would) with the page closed. The
// worker shows a notification that names the place and the priority, buzzes, is not silent (the
// phone's notification sound plays) and, for a P1, stays until it is dealt with.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The buzz of the page's own alert, which the push repeats (console/src/sw/push.ts PUSH_VIBRATE).
const PUSH_VIBRATE = [300, 120, 300, 120, 300];
import { browserKeys, decryptPush, FakePushService, subscriptionJson } from '../helpers/push-service';
import {
  DISPATCHER,
  TECHNICIAN,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

interface Shown {
  title: string;
  body: string;
  tag: string;
  vibrate: number[];
  silent: boolean | null;
  requireInteraction: boolean;
  data: { ticketId?: string; url?: string };
}

describe('a job push with the technician page closed', { timeout: 90_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let fake: FakePushService;

  beforeAll(async () => {
    fake = await new FakePushService().start();
    [browser, cs] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: { AUTO_DISPATCH: 'false', PUSH_ALLOW_HTTP_LOOPBACK: 'true' } }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.s.stop();
    await fake?.stop();
  });

  it('shows a buzzing, sounding notification with the place and priority; a P1 stays', async () => {
    const { s, baseUrl } = cs;
    const { page, context } = await openPage(browser, baseUrl);
    await context.grantPermissions(['notifications'], { origin: baseUrl });
    await login(page, baseUrl, TECHNICIAN.username, TECHNICIAN.password);
    await page.locator('[data-testid=tech][data-offline-ready=true]').waitFor();

    // The phone's subscription, as the push service knows it (Chromium cannot reach a real one here).
    const keys = browserKeys();
    const tech = await s.api.login(TECHNICIAN.username, TECHNICIAN.password);
    const sub = await s.api.post(
      '/api/push/subscriptions',
      subscriptionJson(fake.endpoint('phone'), keys),
      tech,
    );
    expect(sub.status).toBe(201);

    // The technician's page is closed: only another tab is open, not on this site.
    const other = await context.newPage();
    await other.goto('about:blank');
    await page.close();

    const disp = await s.api.login(DISPATCHER.username, DISPATCHER.password);
    const created = await s.api.post<{ id: string }>(
      '/api/tickets',
      { category: 'electrical', priority: 'P1', description: '配电箱冒烟', address: '工保小区 3号楼东侧' },
      disp,
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    const sent = fake.next('phone');
    expect(
      (await s.api.post(`/api/tickets/${id}/events`, { type: 'dispatch', vanId: TECHNICIAN.vanId }, disp))
        .status,
    ).toBe(200);
    const payload = decryptPush((await sent).body, keys);
    expect(JSON.parse(payload)).toMatchObject({ kind: 'assignment', ticketId: id, priority: 'P1' });

    // The push service hands the push to the phone's service worker.
    const cdp = await context.newCDPSession(other);
    const registration = new Promise<string>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL === `${baseUrl}/` && !r.isDeleted);
        if (ours) resolve(ours.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: baseUrl,
      registrationId: await registration,
      data: payload,
    });

    // Looked at afterwards from a fresh tab of the site.
    const look = await context.newPage();
    await look.goto(`${baseUrl}/login`);
    // A string: the test's TypeScript has no DOM types.
    const shown = () =>
      look.evaluate<Shown[]>(`navigator.serviceWorker.ready
        .then((reg) => reg.getNotifications())
        .then((list) => list.map((n) => ({
          title: n.title, body: n.body, tag: n.tag, vibrate: [...(n.vibrate ?? [])], silent: n.silent,
          requireInteraction: n.requireInteraction, data: n.data,
        })))`);
    await expect.poll(async () => (await shown()).length).toBe(1);
    const [n] = (await shown()) as [Shown];
    expect(n.tag).toBe(id);
    expect(n.data.ticketId).toBe(id);
    expect(`${n.title} ${n.body}`).toContain('P1');
    expect(`${n.title} ${n.body}`).toContain('工保小区 3号楼东侧');
    expect(n.vibrate).toEqual(PUSH_VIBRATE);
    expect(n.silent).not.toBe(true);
    expect(n.requireInteraction).toBe(true);
  });
});
