// Hand dispatch end to end in two browsers against the real server (AUTO_DISPATCH off): the
// dispatcher opens a hotline ticket's detail and dispatches it to van-1 from the candidates; the
// technician of van-1 sees the assignment, accepts, departs, arrives and resolves with a note; the
// dispatcher's detail follows live. No sleeps, only Playwright's waiting.
import type { MqttClient } from 'mqtt';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish } from '../helpers/devices';
import {
  DISPATCHER,
  TECHNICIAN,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  WAIT_MS,
  type ConsoleServer,
} from './helpers';

const detail = (id: string, status?: string) =>
  `[data-testid=ticket-detail][data-ticket-id="${id}"]${status ? `[data-status="${status}"]` : ''}`;
const card = (id: string, status: string) =>
  `[data-testid=ticket-board] [data-testid=ticket-card][data-ticket-id="${id}"][data-status="${status}"]`;
const techTicket = (id: string, status: string) =>
  `[data-testid=tech] [data-testid=tech-ticket][data-ticket-id="${id}"][data-status="${status}"]`;

describe('hand dispatch in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let vanClient: MqttClient | undefined;

  beforeAll(async () => {
    [browser, cs] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: { AUTO_DISPATCH: 'false' } }),
    ]);
    vanClient = await connectDevice(cs.s, cs.van);
    await publish(vanClient, cs.van.id, 'telemetry', { lat: 35.597, lng: 116.99, speed_kmh: 0, heading: 0 });
  });
  afterAll(async () => {
    await vanClient?.endAsync();
    await browser?.close();
    await cs?.s.stop();
  });

  it('dispatches to van-1 by hand and follows the technician to resolved', async () => {
    const token = await cs.s.api.login(DISPATCHER.username, DISPATCHER.password);
    const created = await cs.s.api.post<{ id: string; status: string }>(
      '/api/tickets',
      { category: 'electrical', description: '楼道灯不亮', priority: 'P2', lat: 35.599, lng: 116.992 },
      token,
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.status).toBe('new');

    const disp = await openPage(browser, cs.baseUrl);
    await login(disp.page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await disp.page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
    await disp.page.locator(card(id, 'new')).click();
    await disp.page.locator(detail(id, 'new')).waitFor();
    await disp.page
      .locator(`${detail(id)} [data-testid=candidate][data-van-id="${TECHNICIAN.vanId}"]`)
      .click();
    await disp.page.locator(card(id, 'dispatched')).waitFor();
    await disp.page.locator(detail(id, 'dispatched')).waitFor();

    const tech = await openPage(browser, cs.baseUrl);
    await login(tech.page, cs.baseUrl, TECHNICIAN.username, TECHNICIAN.password);
    const p = tech.page;
    await p.locator(techTicket(id, 'dispatched')).waitFor();
    await p.locator('[data-testid=tech-accept]').click();
    await p.locator(techTicket(id, 'accepted')).waitFor();
    await p.locator('[data-testid=tech-depart]').click();
    await p.locator(techTicket(id, 'en_route')).waitFor();
    await p.locator('[data-testid=tech-arrive]').click();
    await p.locator(techTicket(id, 'on_site')).waitFor();
    await p.locator('[data-testid=tech-resolve]').click();
    await p.locator('[data-testid=tech-text]').fill('更换了灯泡');
    await p.locator('[data-testid=tech-confirm]').click();
    // The resolved ticket stays open on the phone with its confirmation, until the next job.
    await p.locator(`${techTicket(id, 'resolved')} [data-testid=tech-done][data-done=resolved]`).waitFor();

    await disp.page.locator(detail(id, 'resolved')).waitFor();
    await disp.page.locator(`${detail(id)} [data-testid=timeline-item][data-type=resolve]`).waitFor();
    const types: (string | null)[] = [];
    for (const item of await disp.page.locator(`${detail(id)} [data-testid=timeline-item]`).all()) {
      types.push(await item.getAttribute('data-type'));
    }
    const steps = types.filter((x) => x && ['dispatch', 'accept', 'depart', 'arrive', 'resolve'].includes(x));
    expect(steps).toEqual(['dispatch', 'accept', 'depart', 'arrive', 'resolve']);

    // The arrival changed today's mean response time: the KPI strip reloads it and shows the API's figure.
    const today = await cs.s.api.get<{ responseTime: { meanS: number | null } }>('/api/stats', token);
    expect(today.body.responseTime.meanS).not.toBeNull();
    await expect
      .poll(() => disp.page.locator('[data-kpi=response-today]').getAttribute('data-value'), {
        timeout: WAIT_MS,
      })
      .toBe(String(today.body.responseTime.meanS));
  });
});
