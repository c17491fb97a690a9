// The technician phone offline (issue "field work", points 1 and 2): logged in with a job, the
// server goes away; the page is reloaded and still shows the job (the service worker serves the
// console, IndexedDB the work); accepting queues one action; the server comes back on the same data
// directory and port, the queued accept goes out once, and the page says all is sent.
// Stopping the server is the real loss of network: no request reaches anything.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
