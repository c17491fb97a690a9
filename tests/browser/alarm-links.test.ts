// One click from an alarm to its ticket, and numbers that read right, in Chromium at 1920×1080 in
// zh-CN against the real server and real MQTT devices: an alarm row shows its date and age and opens
// its ticket, whose number is large and copies to the clipboard; the severity filter narrows the
// feed and its count and survives a reload; the device panel lists the device's ticket; the board
// card tells the SLA deadline from the van's estimated arrival; a lamp grouped under its box's power
// cut opens the box's ticket. No sleeps, only Playwright's waiting.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MqttClient } from 'mqtt';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmDto } from '../../server/src/contracts/dto';
import { connectDevice, publish, registerDevice, type Creds } from '../helpers/devices';
import type { TestServer } from '../helpers/server';
import {
  DISPATCHER,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FEED_SHOT = path.resolve(HERE, '../../docs/screenshots/alarm-feed-zh.png');
const NUMBER_SHOT = path.resolve(HERE, '../../docs/screenshots/ticket-number-zh.png');

const feed = '[data-testid=alarm-feed]';
const row = (deviceId: string) => `${feed} [data-testid=alarm-item][data-device-id="${deviceId}"]`;
const detail = (id: string) => `[data-testid=ticket-detail][data-ticket-id="${id}"]`;
const card = (id: string) => `[data-testid=ticket-board] [data-testid=ticket-card][data-ticket-id="${id}"]`;
/** "今天 14:03 · 12 分钟前" (or 昨天, should the test run across midnight). */
const WHEN = /^(今天|昨天) \d\d:\d\d · (刚刚|\d+ 分钟前)$/;

async function fault(s: TestServer, creds: Creds, reading: Record<string, unknown>, clients: MqttClient[]) {
  const client = await connectDevice(s, creds);
  clients.push(client);
  await publish(client, creds.id, 'telemetry', reading);
}

async function alarmOf(s: TestServer, deviceId: string): Promise<AlarmDto> {
  const res = await s.api.get<AlarmDto[]>('/api/alarms?active=true', s.admin);
  const alarm = res.body.find((a) => a.deviceId === deviceId);
  if (!alarm) throw new Error(`no active alarm of ${deviceId}: ${JSON.stringify(res.body)}`);
  return alarm;
}

describe(
  'alarm → ticket in one click, numbers that read right (1920×1080, zh-CN)',
  { timeout: 60_000 },
  () => {
    let browser: Browser;
    let cs: ConsoleServer;
    const clients: MqttClient[] = [];

    beforeAll(async () => {
      [browser, cs] = await Promise.all([launchBrowser(), startConsoleServer()]);
      // van-1 on the road near the boxes: the critical alarm's ticket is dispatched to it at once,
      // with a straight-line estimate (no road network here).
      const van = await connectDevice(cs.s, cs.van);
      clients.push(van);
      await publish(van, cs.van.id, 'telemetry', { lat: 35.59, lng: 116.98, speed_kmh: 0, heading: 0 });
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.endAsync()));
      await browser?.close();
      await cs?.s.stop();
    });

    it('an alarm row shows date and age, opens its ticket with its number, copies it; the filter, the device panel and the card follow', async () => {
      const { page, context, connected } = await openPage(browser, cs.baseUrl);
      await page.setViewportSize({ width: 1920, height: 1080 });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cs.baseUrl });
      await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
      await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
      await connected();

      await fault(cs.s, cs.boxes['box-1'], { leakage_ma: 45 }, clients); // critical
      await fault(cs.s, cs.boxes['box-2'], { breaker: 'tripped' }, clients); // major
      const leak = await alarmOf(cs.s, 'box-1');
      const ticketId = leak.ticketId!;
      expect(ticketId).toMatch(/^T\d{6}-[0-9A-Z]{6}$/);

      // The row: its date and age, and its ticket's number on the link.
      const item = page.locator(row('box-1'));
      await item.waitFor();
      expect(await item.locator('[data-testid=alarm-when]').innerText()).toMatch(WHEN);
      await page.locator(row('box-2')).waitFor();
      expect(await page.locator('[data-testid=alarm-count]').innerText()).toBe('2 条');

      // The board card: its number, the SLA deadline as a deadline, the ETA as an estimate.
      const c = page.locator(card(ticketId));
      await c.locator('[data-testid=ticket-eta]').waitFor();
      expect(await c.locator('[data-testid=card-ticket-number]').innerText()).toBe(ticketId);
      expect(await c.locator('[data-testid=sla-deadline]').innerText()).toMatch(
        /^到场时限 \d\d:\d\d（剩 (\d+ 分|\d+ 小时 \d+ 分|不到 1 分)）$/,
      );
      expect(await c.locator('[data-testid=ticket-eta]').innerText()).toMatch(
        /^预计 \d+ 分钟到（直线估算）$|^预计 \d\d:\d\d 到达，已过（直线估算）$/,
      );

      // Filter by severity: the list and the counts follow, and the feed says it is filtered.
      await page.locator('[data-testid=feed-filter-severity][data-severity=critical]').click();
      await page.locator('[data-testid=feed-filter-active]').waitFor();
      expect(await page.locator(`${feed} [data-testid=alarm-item]`).count()).toBe(1);
      expect(await page.locator('[data-testid=alarm-count]').innerText()).toBe('1 条');
      expect(await page.locator('[data-testid=feed-tab-alarms] .n').innerText()).toBe('1');
      expect(await page.locator('[data-testid=feed-filter-summary]').innerText()).toBe('显示 1 / 共 2 条');
      await page.screenshot({ path: FEED_SHOT });

      // Kept across a reload, then cleared.
      await page.reload();
      await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
      await page.locator('[data-testid=feed-filter-active]').waitFor();
      await page.locator(row('box-1')).waitFor();
      expect(await page.locator(`${feed} [data-testid=alarm-item]`).count()).toBe(1);
      await page.locator('[data-testid=feed-filter-clear]').click();
      await page.locator(row('box-2')).waitFor();
      expect(await page.locator('[data-testid=alarm-count]').innerText()).toBe('2 条');
      expect(await page.locator('[data-testid=feed-filter-active]').count()).toBe(0);

      // One click to the ticket: its detail, its number, copied and read back from the clipboard.
      await page.locator(`${row('box-1')} [data-testid=alarm-ticket]`).click();
      const d = page.locator(detail(ticketId));
      await d.waitFor();
      expect(await d.locator('[data-testid=ticket-number]').innerText()).toBe(ticketId);
      await d.locator('[data-testid=ticket-eta]').waitFor();
      await d.locator('[data-testid=ticket-number-copy]').click();
      await d.locator('[data-testid=ticket-number-copy][data-state=copied]').waitFor();
      expect(await d.locator('[data-testid=ticket-number-copy]').innerText()).toBe('✓ 已复制');
      expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(ticketId);
      expect(await d.locator('[data-testid=timeline-when]').first().innerText()).toMatch(WHEN);
      await page.screenshot({ path: NUMBER_SHOT });

      // The device (the ticket panel closed, Esc): its panel lists this ticket, which opens it again.
      await page.keyboard.press('Escape');
      await d.waitFor({ state: 'detached' });
      await page.locator(`${row('box-1')} [data-testid=alarm-device]`).click();
      const panel = page.locator('[data-testid=device-detail][data-device-id="box-1"]');
      const listed = panel.locator(`[data-testid=device-ticket][data-ticket-id="${ticketId}"]`);
      await listed.waitFor();
      expect(await listed.getAttribute('data-status')).toBe('dispatched');
      await listed.click();
      await page.locator(detail(ticketId)).waitFor();
    });

    it('a lamp grouped under its box’s power cut links to the box’s ticket (所属工单)', async () => {
      const lampCreds = await registerDevice(cs.s, {
        id: 'lamp-1',
        type: 'streetlight',
        name: '工保路灯 1',
        poweredBy: 'box-4',
        lat: 35.6,
        lng: 116.993,
      });
      const lamp = await connectDevice(cs.s, lampCreds);
      clients.push(lamp);
      await publish(lamp, 'lamp-1', 'telemetry', {
        lamp: 'on',
        commanded: 'on',
        u: 224,
        i: 0.45,
        p: 98,
        lux: 3,
      });
      await fault(cs.s, cs.boxes['box-4'], { breaker: 'tripped' }, clients);
      const cut = await alarmOf(cs.s, 'box-4');
      await publish(lamp, 'lamp-1', 'status', 'offline');
      const dark = await alarmOf(cs.s, 'lamp-1');
      expect(dark.causeAlarmId).toBe(cut.id);
      expect(dark.ticketId).toBeUndefined();

      const { page } = await openPage(browser, cs.baseUrl);
      await page.setViewportSize({ width: 1920, height: 1080 });
      await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
      await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
      await page.locator('[data-testid=feed-tab-alarms]').click();
      const link = page.locator(`${row('lamp-1')} [data-testid=alarm-ticket]`);
      await link.waitFor();
      expect(await link.getAttribute('data-ticket-id')).toBe(cut.ticketId);
      expect(await link.innerText()).toBe(`所属工单 ${cut.ticketId}`);
      await link.click();
      expect(await page.locator(`${detail(cut.ticketId!)} [data-testid=ticket-number]`).innerText()).toBe(
        cut.ticketId,
      );
    });
  },
);
