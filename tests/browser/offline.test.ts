// The technician phone offline (issue "field work", points 1 and 2): logged in with a job, the
// server goes away; the page is reloaded and still shows the job (the service worker serves the
// console, IndexedDB the work); accepting queues one action; the server comes back on the same data
// directory and port, the queued accept goes out once, and the page says all is sent.
// Stopping the server is the real loss of network: no request reaches anything. A queued step the
// server refuses when it finally arrives (the ticket was cancelled meanwhile) is shown, not retried.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { TestServer } from '../helpers/server';
import {
  DISPATCHER,
  TECHNICIAN,
  launchBrowser,
  login,
  openPage,
  serveConsole,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

interface Timeline {
  status: string;
  timeline: { type: string }[];
}

const SEL = {
  live: '[data-testid=tech][data-live=true]',
  ready: '[data-testid=tech][data-offline-ready=true][data-saved=true]',
  accept: '[data-testid=tech-accept]',
  pending: '[data-testid=outbox][data-pending="1"] [data-testid=outbox-item]',
  allSent: '[data-testid=outbox-all-sent]',
};
const techTicket = (id: string, status: string) =>
  `[data-testid=tech] [data-testid=tech-ticket][data-ticket-id="${id}"][data-status="${status}"]`;

describe('the technician phone without a network', { timeout: 90_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let again: TestServer | undefined;

  beforeAll(async () => {
    [browser, cs] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: { AUTO_DISPATCH: 'false' } }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await again?.stop();
  });

  it('keeps the job through a reload offline and sends the accept once when the server is back', async () => {
    const { s } = cs;
    const disp = await s.api.login(DISPATCHER.username, DISPATCHER.password);
    const created = await s.api.post<{ id: string }>(
      '/api/tickets',
      { category: 'electrical', priority: 'P2', description: '地下室配电箱跳闸', lat: 35.597, lng: 116.99 },
      disp,
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    const dispatched = await s.api.post(
      `/api/tickets/${id}/events`,
      { type: 'dispatch', vanId: TECHNICIAN.vanId },
      disp,
    );
    expect(dispatched.status).toBe(200);

    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, TECHNICIAN.username, TECHNICIAN.password);
    await page.locator(SEL.live).waitFor();
    await page.locator(techTicket(id, 'dispatched')).waitFor();
    // The service worker has precached the console and the job is kept on the phone.
    await page.locator(SEL.ready).waitFor();

    const { dataDir, httpPort, mqttPort } = s;
    await s.stop({ keepData: true });

    await page.reload();
    await page.locator(techTicket(id, 'dispatched')).waitFor();
    await page.locator(SEL.accept).click();
    await expect.poll(() => page.locator(SEL.pending).count()).toBe(1);
    // Shown as accepted meanwhile, marked as still on the way.
    await page.locator(`${techTicket(id, 'accepted')}[data-pending=true]`).waitFor();

    again = await serveConsole({ dataDir, env: { PORT: String(httpPort), MQTT_PORT: String(mqttPort) } });
    await page.locator(SEL.allSent).waitFor({ timeout: 40_000 });
    await page.locator(`${techTicket(id, 'accepted')}[data-pending=false]`).waitFor();

    const token = await again.api.login(DISPATCHER.username, DISPATCHER.password);
    const after = await again.api.get<Timeline>(`/api/tickets/${id}`, token);
    expect(after.body.status).toBe('accepted');
    expect(after.body.timeline.filter((e) => e.type === 'accept')).toHaveLength(1);
  });

  it('shows a queued step the server refuses when it arrives, and does not send it again', async () => {
    const fresh = await startConsoleServer({ env: { AUTO_DISPATCH: 'false' } });
    onTestFinished(() => fresh.s.stop());
    const { s } = fresh;
    const disp = await s.api.login(DISPATCHER.username, DISPATCHER.password);
    const created = await s.api.post<{ id: string }>(
      '/api/tickets',
      { category: 'lighting', priority: 'P3', description: '楼道灯不亮', lat: 35.598, lng: 116.991 },
      disp,
    );
    const id = created.body.id;
    expect(
      (await s.api.post(`/api/tickets/${id}/events`, { type: 'dispatch', vanId: TECHNICIAN.vanId }, disp))
        .status,
    ).toBe(200);

    const { page, context } = await openPage(browser, fresh.baseUrl);
    await login(page, fresh.baseUrl, TECHNICIAN.username, TECHNICIAN.password);
    await page.locator(SEL.live).waitFor();
    await page.locator(techTicket(id, 'dispatched')).waitFor();

    // The step's request gets no answer (a dead spot): it waits in the outbox.
    const events = `${fresh.baseUrl}/api/tickets/${id}/events`;
    let sent = 0;
    await context.route(events, (route) => {
      sent++;
      return route.abort('internetdisconnected');
    });
    await page.locator(SEL.accept).click();
    await expect.poll(() => page.locator(SEL.pending).count()).toBe(1);
    expect(sent).toBe(1);

    // Meanwhile the dispatcher cancels the ticket; then the network is back.
    const cancelled = await s.api.post(
      `/api/tickets/${id}/events`,
      { type: 'cancel', reason: '住户已自行修好' },
      disp,
    );
    expect(cancelled.status).toBe(200);
    await context.unroute(events);
    const answer = page.waitForResponse((r) => r.url() === events && r.request().method() === 'POST');
    await page.evaluate("window.dispatchEvent(new Event('online'))");
    expect((await answer).status()).toBe(409);

    const refused = page.locator('[data-testid=outbox-refused][data-status="409"]');
    await refused.waitFor();
    expect(await page.locator('[data-testid=outbox-pending]').count()).toBe(0);
    // Nothing left to send: another chance to flush sends nothing more.
    let later = 0;
    page.on('request', (r) => {
      if (r.url() === events) later++;
    });
    await page.evaluate("window.dispatchEvent(new Event('online'))");
    await refused.locator('button').click();
    await page.locator('[data-testid=outbox]').waitFor({ state: 'detached' });
    expect(later).toBe(0);
    const t = await s.api.get<Timeline>(`/api/tickets/${id}`, disp);
    expect(t.body.timeline.filter((e) => e.type === 'accept')).toHaveLength(0);
  });
});
