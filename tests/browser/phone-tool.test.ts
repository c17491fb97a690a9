// The phone as a tool for the technician (issue 20 point 4), on a phone (390×844, touch, zh-CN)
// against the real server (AUTO_DISPATCH off): the ticket number, the alarm device's readings,
// history and safe commands, today's jobs, "need help" seen by the dispatcher (a second browser
// context), the confirmation after each step, the far-away arrival guard (the phone's position
// through the context's geolocation), and job alerts still on after a reload.
// Screenshots docs/screenshots/phone-job-zh.png and phone-today-zh.png. No sleeps, only waits.
import type { MqttClient } from 'mqtt';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PHONE_AUTOPLAY } from '../../scripts/lib/chromium';
import { connectDevice, publish } from '../helpers/devices';
import {
  DISPATCHER,
  TECHNICIAN,
  WAIT_MS,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.resolve(HERE, '../../docs/screenshots');
/** box-1 of startConsoleServer: where its alarm ticket is. */
const SITE = { lat: 35.597, lng: 116.99 };
/** ~1.2 km north of the site. */
const FAR = { latitude: SITE.lat + 1200 / 111_195, longitude: SITE.lng };
const NEAR = { latitude: SITE.lat + 40 / 111_195, longitude: SITE.lng };

interface Ticket {
  id: string;
  status: string;
  timeline?: { type: string; data: Record<string, unknown> }[];
}

/** One attribute of each element a locator matches, in order. */
const attrs = async (l: Locator, name: string) =>
  Promise.all((await l.all()).map((e) => e.getAttribute(name)));

const job = (id: string, status?: string) =>
  `[data-testid=tech] [data-testid=tech-ticket][data-ticket-id="${id}"]${status ? `[data-status="${status}"]` : ''}`;

describe('the phone as a tool', { timeout: 90_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let box: MqttClient;
  let vanClient: MqttClient;
  let context: BrowserContext;
  let page: Page;
  let disp: string;
  let tech: string;
  /** The alarm ticket of box-1, dispatched to the technician's van. */
  let alarmTicket: string;
  /** A ticket the van did earlier today. */
  let doneTicket: string;

  const event = async (id: string, body: Record<string, unknown>, token: string) => {
    const res = await cs.s.api.post(`/api/tickets/${id}/events`, body, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };

  beforeAll(async () => {
    // As on a phone, sound waits for a tap: headless Chromium would otherwise start the page's audio
    // on its own, sooner or later, and the reloaded page's "tap to resume" would depend on timing.
    [browser, cs] = await Promise.all([
      launchBrowser([PHONE_AUTOPLAY]),
      startConsoleServer({ env: { AUTO_DISPATCH: 'false' } }),
    ]);
    disp = await cs.s.api.login(DISPATCHER.username, DISPATCHER.password);
    tech = await cs.s.api.login(TECHNICIAN.username, TECHNICIAN.password);
    vanClient = await connectDevice(cs.s, cs.van);
    await publish(vanClient, cs.van.id, 'telemetry', { ...SITE, speed_kmh: 0, heading: 0 });

    // Earlier today: a hotline job done by the van.
    const done = await cs.s.api.post<Ticket>(
      '/api/tickets',
      { category: 'lighting', priority: 'P3', description: '楼道灯不亮', address: '工保小区 3号楼', ...SITE },
      disp,
    );
    doneTicket = done.body.id;
    await event(doneTicket, { type: 'dispatch', vanId: TECHNICIAN.vanId }, disp);
    for (const step of [{ type: 'accept' }, { type: 'arrive' }, { type: 'resolve', note: '换了灯泡' }])
      await event(doneTicket, step, tech);

    // Now: box-1 leaks (a critical alarm opens a ticket), dispatched to the van.
    box = await connectDevice(cs.s, cs.boxes['box-1']);
    await publish(box, 'box-1', 'telemetry', {
      ua: 226.4,
      ub: 228.1,
      uc: 227.9,
      leakage_ma: 45,
      temp_c: 41.5,
    });
    alarmTicket = await vi.waitFor(
      async () => {
        const list = await cs.s.api.get<Ticket[]>('/api/tickets?deviceId=box-1', disp);
        const found = list.body[0];
        if (!found) throw new Error('no ticket for box-1 yet');
        return found.id;
      },
      { timeout: WAIT_MS, interval: 100 },
    );
    await event(alarmTicket, { type: 'dispatch', vanId: TECHNICIAN.vanId }, disp);

    context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      permissions: ['geolocation', 'notifications'],
      geolocation: FAR,
    });
    context.setDefaultTimeout(WAIT_MS);
    await context.route(
      (url) => url.origin !== cs.baseUrl,
      (route) => route.abort('connectionrefused'),
    );
    page = await context.newPage();
    await login(page, cs.baseUrl, TECHNICIAN.username, TECHNICIAN.password);
    await page.locator('[data-testid=tech][data-live=true]').waitFor();
  });
  afterAll(async () => {
    await context?.close();
    await box?.endAsync();
    await vanClient?.endAsync();
    await browser?.close();
    await cs?.s.stop();
  });

  it('shows the ticket number large, and the device with its readings, last report and alarms', async () => {
    const number = page.locator(`${job(alarmTicket, 'dispatched')} [data-testid=tech-number]`);
    await expect.poll(() => number.textContent()).toBe(alarmTicket);
    const size = await page.evaluate<number>(
      `parseFloat(getComputedStyle(document.querySelector('[data-testid=tech-number]')).fontSize)`,
    );
    expect(size).toBeGreaterThanOrEqual(28);
    const device = page.locator(`${job(alarmTicket)} [data-testid=tech-device][data-device-id=box-1]`);
    await expect
      .poll(() => device.locator('[data-testid=device-metric][data-metric=leakage_ma]').textContent())
      .toMatch(/漏电流\s*45\s*mA/);
    await expect
      .poll(() => device.locator('[data-testid=tech-device-seen]').textContent())
      .toMatch(/最近上报.*刚刚|分钟前/);
    await expect
      .poll(() => device.locator('[data-testid=tech-device-alarm][data-active=true]').textContent())
      .toMatch(/严重 · 漏电/);
  });

  it('sends a safe command to the device; the disruptive ones are not offered', async () => {
    const device = page.locator(`${job(alarmTicket)} [data-testid=tech-device]`);
    await device.locator('[data-testid=command][data-command=report_now]').tap();
    await expect
      .poll(() => device.locator('[data-testid=tech-command-said]').textContent())
      .toMatch(/已发送：立即上报/);
    expect(await device.locator('[data-testid=command][data-command=reset_breaker]').count()).toBe(0);
  });

  it("lists today's jobs, open first then done today, and opens one on a tap", async () => {
    const rows = page.locator('[data-testid=tech-today] [data-testid=tech-today-job]');
    await expect.poll(() => attrs(rows, 'data-ticket-id')).toEqual([alarmTicket, doneTicket]);
    const doneRow = rows.nth(1);
    expect(await doneRow.getAttribute('data-status')).toBe('resolved');
    expect(await doneRow.textContent()).toMatch(new RegExp(`${doneTicket}\\s*P3\\s*已处理.*工保小区 3号楼`));
    // The link beside 当前工单 scrolls down to the list.
    await page.locator('[data-testid=tech-today-link]').tap();
    await expect.poll(() => page.evaluate<number>('window.scrollY')).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, 'phone-today-zh.png') });
    await doneRow.tap();
    await page
      .locator(`${job(doneTicket, 'resolved')} [data-testid=tech-done][data-done=resolved]`)
      .waitFor();
    await rows.first().tap();
    await page.locator(job(alarmTicket, 'dispatched')).waitFor();
  });

  it('"need help" records a 【请求支援】 note, and the dispatcher sees the badge', async () => {
    const card = page.locator(job(alarmTicket));
    await card.locator('[data-testid=tech-help]').tap();
    await card.locator('[data-testid=tech-help-van]').tap();
    await card.locator('[data-testid=tech-help-supervisor]').tap();
    await card.locator('[data-testid=tech-help-text]').fill('漏电严重，需要电工');
    await card.locator('[data-testid=tech-help-send]').tap();
    await expect
      .poll(() => card.locator('[data-testid=tech-help-sent]').textContent())
      .toMatch(/第二辆车、主管/);
    const detail = await cs.s.api.get<Ticket>(`/api/tickets/${alarmTicket}`, disp);
    expect(detail.body.timeline?.filter((e) => e.type === 'note').map((e) => e.data.text)).toEqual([
      '【请求支援】第二辆车、主管：漏电严重，需要电工',
    ]);

    const desk = await openPage(browser, cs.baseUrl);
    await login(desk.page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await desk.page.locator(`[data-testid=ticket-card][data-ticket-id="${alarmTicket}"]`).click();
    const badge = desk.page.locator(
      `[data-testid=ticket-detail][data-ticket-id="${alarmTicket}"] [data-testid=help-badge]`,
    );
    await expect.poll(() => badge.textContent()).toMatch(/请求支援.*第二辆车、主管：漏电严重，需要电工/);
  });

  it('confirms each step, makes the next step the big one, and asks before arriving 1.2 km away', async () => {
    const card = page.locator(job(alarmTicket));
    await card.locator('[data-testid=tech-accept][data-next=true]').tap();
    await page
      .locator(`${job(alarmTicket, 'accepted')} [data-testid=tech-done][data-done=accepted]`)
      .waitFor();
    // Accepted: 出发 is the next step (big, first), 已到场 secondary.
    const steps = card.locator('.thumb-row').first().locator('button');
    expect(await attrs(steps, 'data-testid')).toEqual(['tech-depart', 'tech-arrive']);
    expect(await attrs(steps, 'data-next')).toEqual(['true', 'false']);
    await card.locator('[data-testid=tech-depart]').tap();
    const done = card.locator('[data-testid=tech-done][data-done=en_route]');
    await expect.poll(() => done.textContent()).toMatch(/✓ 已出发 · \d{2}:\d{2}/);
    expect(await done.getAttribute('role')).toBe('status');

    await card.locator('[data-testid=tech-arrive]').tap();
    const far = card.locator('[data-testid=tech-far]');
    await expect.poll(() => far.textContent()).toMatch(/距离现场约 1\.2 公里，确认已到场？/);
    await far.locator('[data-testid=tech-far-no]').tap();
    await far.waitFor({ state: 'detached' });
    expect((await cs.s.api.get<Ticket>(`/api/tickets/${alarmTicket}`, disp)).body.status).toBe('en_route');

    // At the site: no question.
    await context.setGeolocation(NEAR);
    await card.locator('[data-testid=tech-arrive]').tap();
    const arrived = page.locator(`${job(alarmTicket, 'on_site')} [data-testid=tech-done][data-done=on_site]`);
    await expect.poll(() => arrived.textContent()).toMatch(/✓ 已到场 · \d{2}:\d{2}/);
    expect(await far.count()).toBe(0);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(SHOTS, 'phone-job-zh.png') });
  });

  it('keeps job alerts on after a reload and asks for one tap to resume the sound', async () => {
    const alerts = page.locator('[data-testid=tech-alerts]');
    await page.locator('[data-testid=tech-alerts-enable]').tap();
    await page.locator('[data-testid=tech-alerts][data-enabled=true]').waitFor();
    await page.reload();
    await page.locator('[data-testid=tech][data-live=true]').waitFor();
    await page.locator('[data-testid=tech-alerts][data-enabled=true][data-locked=true]').waitFor();
    expect(await alerts.locator('[data-testid=tech-alerts-resume]').textContent()).toMatch(/点击恢复提醒/);
    await alerts.locator('[data-testid=tech-alerts-resume]').tap();
    await page.locator('[data-testid=tech-alerts][data-enabled=true][data-locked=false]').waitFor();
    expect(await page.locator('[data-testid=tech-alerts-enable]').count()).toBe(0);
  });
});
