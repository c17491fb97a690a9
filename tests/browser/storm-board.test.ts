// The dispatcher page in a storm, in Chromium against the real server (1920×1080, zh-CN): 50 open
// tickets made over the API (four P1) and 100 active alarms raised by real devices over MQTT
// (smoke detectors' self-tests and one smoke alarm, cameras' tamper). The P1s are in view at the top
// of 待派单 without scrolling, every column's count is the API's, at least 20 alarm rows are on
// screen, 按严重程度 puts the critical ones first (and stays over a reload), the night theme switches
// and stays over a reload, at 1280×720 (1920 at 150 %) the KPI strip is one line, and a P1 made
// over the API while the page is open flashes its card, puts "(1) 新P1" in the tab title and
// attempts the chime. Screenshots: docs/screenshots/storm-board-zh.png, night-zh.png (the same
// storm at night). No sleeps.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmDto, TicketDto } from '../../server/src/contracts/dto';
import { connectDevice, publish, registerDevice } from '../helpers/devices';
import {
  DISPATCHER,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.resolve(HERE, '../../docs/screenshots');
const SEVERITY_RANK = ['critical', 'major', 'minor', 'warning'];
const CATEGORIES = ['water', 'electrical', 'lighting', 'heating', 'other'];
/** 45 smoke detectors (44 self-tests, one with smoke too) and 55 cameras with tamper: 100 alarms. */
const DETECTORS = 44;
const CAMERAS = 55;

describe('the board and feed in a storm', { timeout: 180_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let disp: string;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    [browser, cs] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: { AUTO_DISPATCH: 'false' } }),
    ]);
    const { s } = cs;
    disp = await s.api.login(DISPATCHER.username, DISPATCHER.password);
    const outline = {
      type: 'Polygon',
      coordinates: [
        [
          [116.984, 35.593],
          [116.99, 35.593],
          [116.99, 35.598],
          [116.984, 35.598],
          [116.984, 35.593],
        ],
      ],
    };
    const compound = await s.api.post(
      '/api/compounds',
      { id: 'gongbao', name: '工保小区', outline },
      s.admin,
    );
    expect(compound.status).toBe(201);
    for (let i = 0; i < 50; i++) {
      const res = await s.api.post<TicketDto>(
        '/api/tickets',
        {
          category: CATEGORIES[i % CATEGORIES.length],
          description: `暴雨报修 ${i + 1}`,
          address: `工保小区${(i % 12) + 1}号楼`,
          priority: i % 12 === 5 ? 'P1' : i % 3 === 0 ? 'P2' : 'P3',
        },
        disp,
      );
      expect(res.status).toBe(201);
    }
    // Four more vans, each sent to one of the tickets (one of them a P1): 已派单 is not empty.
    const made = await openTickets();
    const sent = [
      made.find((x) => x.priority === 'P1'),
      ...made.filter((x) => x.priority === 'P2').slice(0, 3),
    ];
    for (const [i, ticket] of sent.entries()) {
      const vanId = `van-${i + 2}`;
      expect((await s.api.post('/api/vans', { id: vanId, name: `${i + 2}号车` }, s.admin)).status).toBe(201);
      const res = await s.api.post(`/api/tickets/${ticket?.id}/events`, { type: 'dispatch', vanId }, disp);
      expect(res.status).toBe(200);
    }
    const devices = [
      ...Array.from({ length: DETECTORS + 1 }, (_, i) => ({
        id: `smoke-${i}`,
        type: 'smoke_detector',
        reading: { smoke: i === 0, test: true, battery_pct: 90, co_ppm: 0 },
      })),
      ...Array.from({ length: CAMERAS }, (_, i) => ({
        id: `cam-${i}`,
        type: 'camera',
        reading: { video: 'ok', tamper: true, storage: 'ok', temp_c: 30 },
      })),
    ];
    for (const [i, d] of devices.entries()) {
      const creds = await registerDevice(s, {
        id: d.id,
        type: d.type,
        name: `${d.type === 'camera' ? '摄像机' : '烟感'} ${i + 1}`,
        compoundId: 'gongbao',
        lat: 35.594 + (i % 10) * 0.0003,
        lng: 116.985 + Math.floor(i / 10) * 0.0003,
      });
      const client = await connectDevice(s, creds);
      clients.push(client);
      await publish(client, d.id, 'status', 'online');
      await publish(client, d.id, 'telemetry', d.reading);
    }
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync()));
    await browser?.close();
    await cs?.s.stop();
  });

  const openTickets = async () => {
    const res = await cs.s.api.get<TicketDto[]>(
      '/api/tickets?status=new,dispatched,accepted,en_route,on_site,resolved&limit=1000',
      disp,
    );
    expect(res.status).toBe(200);
    return res.body;
  };
  const activeAlarms = async () => {
    const res = await cs.s.api.get<AlarmDto[]>('/api/alarms?active=true&limit=1000', disp);
    expect(res.status).toBe(200);
    return res.body;
  };

  async function openDispatcher(width = 1920, height = 1080): Promise<Page> {
    const { page } = await openPage(browser, cs.baseUrl);
    await page.setViewportSize({ width, height });
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
    return page;
  }

  /** How many of `items` lie wholly inside the box of `within` (and the window). */
  async function fullyInside(page: Page, items: string, within: string): Promise<number> {
    const outer = await page.locator(within).boundingBox();
    const height = page.viewportSize()?.height ?? 0;
    if (!outer) return 0;
    const top = Math.max(outer.y, 0);
    const bottom = Math.min(outer.y + outer.height, height);
    let n = 0;
    for (const el of await page.locator(items).all()) {
      const r = await el.boundingBox();
      if (r && r.height > 0 && r.y >= top - 0.5 && r.y + r.height <= bottom + 0.5) n++;
    }
    return n;
  }

  it('P1s in view at the top of 待派单, counts as the API says, ≥ 20 alarm rows, critical first by severity', async () => {
    const alarms = await activeAlarms();
    expect(alarms.length).toBeGreaterThanOrEqual(100);
    const page = await openDispatcher();
    const tickets = await openTickets();
    expect(tickets.length).toBeGreaterThanOrEqual(50);

    // Every column's count is the API's (no filter set), the board's total too.
    for (const status of ['new', 'dispatched', 'accepted', 'en_route', 'on_site', 'resolved']) {
      const n = tickets.filter((x) => x.status === status).length;
      await page
        .locator(`[data-status-column=${status}] [data-testid=column-count][data-n="${n}"]`)
        .waitFor();
    }
    await page.locator(`[data-testid=board-count][data-total="${tickets.length}"]`).waitFor();

    // The P1s of 待派单 are pinned above the rest, each wholly in view without scrolling.
    const p1 = tickets.filter((x) => x.status === 'new' && x.priority === 'P1');
    expect(p1.length).toBeGreaterThanOrEqual(4);
    const pinned = '[data-status-column=new] [data-testid=p1-group] [data-testid=ticket-card]';
    await expect.poll(() => page.locator(pinned).count()).toBe(p1.length);
    expect(await fullyInside(page, `${pinned}[data-priority=P1]`, '[data-status-column=new]')).toBe(
      p1.length,
    );

    // A filter: the counts follow it.
    await page.locator('[data-testid=ticket-board] select[name=priority]').selectOption('P1');
    await page
      .locator(`[data-status-column=new] [data-testid=column-count][data-n="${p1.length}"]`)
      .waitFor();
    const allP1 = tickets.filter((x) => x.priority === 'P1').length;
    await page.locator(`[data-testid=board-count][data-shown="${allP1}"]`).waitFor();
    await page.locator('[data-testid=ticket-board] select[name=priority]').selectOption('');

    // At least 20 whole alarm rows on screen, each with its date and age and device.
    await expect.poll(() => page.locator('[data-testid=alarm-item]').count()).toBe(alarms.length);
    const rowsShown = await fullyInside(page, '[data-testid=alarm-item]', '[data-testid=alarm-feed] ul');
    expect(rowsShown).toBeGreaterThanOrEqual(20);
    expect(
      await page.locator('[data-testid=alarm-item] [data-testid=alarm-when]').first().textContent(),
    ).toMatch(/今天 \d\d:\d\d · /);

    // 按严重程度: critical first, then by rank; kept over a reload.
    await page.locator('[data-testid=feed-sort]').selectOption('severity');
    await expect
      .poll(() => page.locator('[data-testid=alarm-item]').first().getAttribute('data-severity'))
      .toBe('critical');
    const order: string[] = [];
    for (const row of await page.locator('[data-testid=alarm-item]').all())
      order.push((await row.getAttribute('data-severity')) ?? '');
    const ranks = order.map((s) => SEVERITY_RANK.indexOf(s));
    expect(ranks).toStrictEqual([...ranks].sort((a, b) => a - b));
    await page.screenshot({ path: path.join(SHOTS, 'storm-board-zh.png') });
    // The same storm at night (the theme itself is tested below).
    await page.locator('[data-testid=theme-switch]').selectOption('night');
    await page.locator('html[data-theme=night]').waitFor({ state: 'attached' });
    await page.screenshot({ path: path.join(SHOTS, 'night-zh.png') });
    await page.locator('[data-testid=theme-switch]').selectOption('day');
    await page.reload();
    await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
    expect(await page.locator('[data-testid=feed-sort]').inputValue()).toBe('severity');
    await expect
      .poll(() => page.locator('[data-testid=alarm-item]').first().getAttribute('data-severity'))
      .toBe('critical');
  });

  it('the night theme switches from the top bar and stays over a reload; 跟随系统 follows the system', async () => {
    const page = await openDispatcher();
    const bg = () => page.evaluate('getComputedStyle(document.documentElement).backgroundColor');
    const day = await bg();
    await page.locator('[data-testid=theme-switch]').selectOption('night');
    await page.locator('html[data-theme=night]').waitFor({ state: 'attached' });
    expect(await bg()).not.toBe(day);
    await page.reload();
    await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
    await page.locator('html[data-theme=night]').waitFor({ state: 'attached' });
    expect(await page.locator('[data-testid=theme-switch]').inputValue()).toBe('night');
    // 跟随系统: follows the system's colour scheme as it changes.
    await page.locator('[data-testid=theme-switch]').selectOption('system');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('html[data-theme=night]').waitFor({ state: 'attached' });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.locator('html[data-theme=day]').waitFor({ state: 'attached' });
  });

  it('at 1280×720 (1920 at 150 %) the KPI strip stays on one line', async () => {
    const page = await openDispatcher(1280, 720);
    const strip = page.locator('[data-testid=kpi-strip]');
    await strip.waitFor();
    // Every figure's centre on one line, no label broken over two lines (one line of text is
    // about 20 px tall; two would be 40), nothing scrolled away sideways.
    const centres = new Set<number>();
    for (const kpi of await strip.locator('[data-kpi]').all()) {
      const r = await kpi.boundingBox();
      if (r) centres.add(Math.round(r.y + r.height / 2));
    }
    expect(centres.size).toBe(1);
    for (const label of await strip.locator('dt').all()) {
      expect((await label.boundingBox())?.height ?? 0).toBeLessThan(32);
    }
    const fits = (el: { scrollWidth: number; clientWidth: number }) => el.scrollWidth <= el.clientWidth + 1;
    expect(await strip.evaluate(fits)).toBe(true);
    const cell = page.locator('[data-testid=kpi-strip]');
    expect(await cell.isVisible()).toBe(true);
  });

  it('a new P1 made over the API flashes its card, titles the tab "(1) 新P1" and attempts the chime; a new critical alarm flashes its row', async () => {
    const page = await openDispatcher();
    const root = page.locator('[data-testid=dispatcher]');
    expect(await root.getAttribute('data-alert-sounds')).toBe('0');
    const res = await cs.s.api.post<TicketDto>(
      '/api/tickets',
      {
        category: 'water',
        description: '楼道里水管爆了，水流到一楼',
        address: '工保小区3号楼',
        priority: 'P1',
      },
      disp,
    );
    expect(res.status).toBe(201);
    const card = page.locator(`[data-testid=ticket-card][data-ticket-id="${res.body.id}"]`);
    await page.locator(`[data-testid=p1-group] [data-ticket-id="${res.body.id}"][data-flash=true]`).waitFor();
    expect(await card.getAttribute('class')).toContain('flash');
    await expect.poll(() => page.title()).toMatch(/^\(1\) 新P1/);
    await expect.poll(() => root.getAttribute('data-alert-sounds')).toBe('1');
    // Muted: the next one flashes without the chime; a click on the page clears the title.
    await page.locator('[data-testid=sound-switch]').click();
    const again = await cs.s.api.post<TicketDto>(
      '/api/tickets',
      { category: 'electrical', description: '配电箱冒烟', address: '工保小区5号楼', priority: 'P1' },
      disp,
    );
    await page.locator(`[data-ticket-id="${again.body.id}"][data-flash=true]`).waitFor();
    await expect.poll(() => page.title()).toMatch(/^\(1\) 新P1/);
    expect(await root.getAttribute('data-alert-sounds')).toBe('1');
    await page.locator('[data-testid=ticket-board] h2').click();
    await expect.poll(() => page.title()).not.toMatch(/^\(/);
    await page.locator('[data-testid=sound-switch]').click();

    // A critical alarm over MQTT (smoke at a detector that was only self-testing): its row flashes.
    const detector = clients[1];
    if (!detector) throw new Error('no MQTT client for smoke-1');
    await publish(detector, 'smoke-1', 'telemetry', { smoke: true, test: true, battery_pct: 90, co_ppm: 0 });
    await page
      .locator('[data-testid=alarm-item][data-device-id="smoke-1"][data-rule=smoke][data-flash=true]')
      .waitFor();
    // (its ticket, a P1 too, may come in the same update or the next: one chime or two)
    await expect
      .poll(async () => Number(await root.getAttribute('data-alert-sounds')))
      .toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.title()).toMatch(/^\(\d\) 新/);
  });
});
