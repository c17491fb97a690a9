// History replay in Chromium (1920×1080, zh-CN) against the real server: van-1 drove a known path
// east (fed over MQTT with the fixes' own timestamps), stood 2 min 30 s, drove on; a box then raised
// a leakage alarm. The dispatcher opens the replay from the van on the live map, plays it at 20× to
// the end of the trail, finds the stop with its duration, and clicks the alarm's mark on the
// timeline: the clock goes to that moment and the alarm shows what it was. Screenshot:
// docs/screenshots/replay-zh.png. No sleeps, only Playwright's waiting.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MqttClient } from 'mqtt';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLocalInput } from '../../console/src/lib/components/replay/timeline';
import { connectDevice, publish } from '../helpers/devices';
import {
  DISPATCHER,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';
import { DEMO_STREETS } from '../helpers/tiles';

const SHOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../docs/screenshots/replay-zh.png',
);
/** Along 钟楼街, east from 鼓楼大街 (the demo town's streets are the server's roads). */
const LAT = 35.597;
const LNG = 116.98447;
/** ~100 m east at this latitude. */
const STEP = 100 / (111_320 * Math.cos((LAT * Math.PI) / 180));

interface Fix {
  ts: number;
  lat: number;
  lng: number;
  speed_kmh: number;
  heading: number;
}

describe('history replay in Chromium', { timeout: 90_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let van: MqttClient | undefined;
  let box: MqttClient | undefined;
  const fixes: Fix[] = [];

  beforeAll(async () => {
    [browser, cs] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: { ROADS_FILE: DEMO_STREETS } }),
    ]);
    van = await connectDevice(cs.s, cs.van);
    box = await connectDevice(cs.s, cs.boxes['box-1']);
    // Ten fixes east every 10 s (36 km/h), 150 s standing, ten more fixes east; it ended 60 s ago.
    const t0 = Date.now() - 410_000;
    let lng = LNG;
    for (let i = 0; i < 10; i++, lng += STEP)
      fixes.push({ ts: t0 + i * 10_000, lat: LAT, lng, speed_kmh: 36, heading: 90 });
    for (let i = 0; i <= 15; i++)
      fixes.push({ ts: t0 + 100_000 + i * 10_000, lat: LAT, lng, speed_kmh: 0, heading: 90 });
    for (let i = 1; i <= 10; i++)
      fixes.push({
        ts: t0 + 250_000 + i * 10_000,
        lat: LAT,
        lng: lng + i * STEP,
        speed_kmh: 36,
        heading: 90,
      });
    for (const f of fixes) await publish(van, cs.van.id, 'telemetry', f);
    await publish(box, 'box-1', 'telemetry', { leakage_ma: 45 });
  });
  afterAll(async () => {
    await van?.endAsync();
    await box?.endAsync();
    await browser?.close();
    await cs?.s.stop();
  });

  it('plays the van’s last hour at 20×, lists its stop and jumps to the alarm of the window', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();

    // From the live map: a click on the van opens its replay.
    await page.locator('.van-marker[data-van-id="van-1"]').click();
    await page.waitForURL(/\/replay\?van=van-1$/);
    await page.locator('[data-testid=replay][data-van-id="van-1"]').waitFor();
    await page.locator('[data-testid=replay-status][data-loaded=true]').waitFor();
    await expect
      .poll(() => page.locator('[data-testid=replay-preset-lastHour]').getAttribute('aria-pressed'))
      .toBe('true');

    // The stop, with its start and duration.
    const stop = page.locator('[data-testid=replay-stop]');
    await expect.poll(() => stop.count()).toBe(1);
    expect(await stop.getAttribute('data-duration-s')).toBe('150');
    expect(await stop.textContent()).toContain('停留 2分30秒');

    // Play at 20×: the arrow ends where the van's last fix is.
    await page.locator('[data-testid=replay-speed-20]').click();
    await page.locator('[data-testid=replay-play]').click();
    await page.locator('[data-testid=replay][data-playing=true]').waitFor();
    await page
      .locator('[data-testid=replay][data-at-end=true][data-playing=false]')
      .waitFor({ timeout: 40_000 });
    const last = fixes.at(-1)!;
    const arrow = page.locator('[data-testid=replay-van]');
    expect(Number(await arrow.getAttribute('data-lat'))).toBeCloseTo(last.lat, 5);
    expect(Number(await arrow.getAttribute('data-lng'))).toBeCloseTo(last.lng, 5);
    expect(await page.locator('[data-testid=replay-clock]').getAttribute('data-at')).toBe(
      new Date(last.ts).toISOString(),
    );

    // The alarm of the window is on the timeline; a click moves the clock there and says what it was.
    const mark = page.locator('[data-testid=replay-mark][data-kind=alarm]');
    await expect.poll(() => mark.count()).toBe(1);
    const at = await mark.getAttribute('data-at');
    expect(Date.parse(at!)).toBeGreaterThan(last.ts);
    await mark.click();
    await expect.poll(() => page.locator('[data-testid=replay-clock]').getAttribute('data-at')).toBe(at);
    const what = page.locator('[data-testid=replay-selected]');
    await what.waitFor();
    expect(await what.textContent()).toContain('工保小区 1号配电箱');
    expect(await page.locator('[data-testid=replay-events] li.selected').textContent()).toContain('漏电');

    // A window of just the drive (custom, in the site's time), for the screenshot: the alarm again.
    const from = Math.floor((fixes[0]!.ts - 60_000) / 60_000) * 60_000;
    await page.locator('[data-testid=replay-preset-custom]').click();
    await page.locator('[data-testid=replay-from]').fill(toLocalInput(from, 'Asia/Shanghai'));
    await page.locator('[data-testid=replay-to]').fill(toLocalInput(Date.now() + 120_000, 'Asia/Shanghai'));
    await page.locator('[data-testid=replay-load]').click();
    await page.locator(`[data-testid=replay][data-from="${new Date(from).toISOString()}"]`).waitFor();
    await page.locator('[data-testid=replay-status][data-loaded=true]').waitFor();
    await mark.click();
    await expect.poll(() => page.locator('[data-testid=replay-clock]').getAttribute('data-at')).toBe(at);
    await page.screenshot({ path: SHOT });
  });
});
