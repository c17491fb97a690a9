// `npm run screenshots`: the README's pictures (docs/screenshots/*.png), taken from the running demo.
// Expects a built console in console/dist (`npm run build` first; nothing is built here). Starts
// `simulators/demo.ts` as a child process on free ports with a temporary DATA_DIR, waits (polling
// the API) until the demo has alarms, tickets and a van on its way, then drives Debian's headless
// Chromium through the dispatcher page, the map at street level, a ticket, a device (with a
// `report_now` command and its ack), the hotline form, the technician view on a phone, the manager
// page (once the technician bots have resolved a ticket) and the reconnect banner (the demo
// stopped). Every process and temp dir is removed at the end, also on failure or Ctrl-C.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { CompoundDto, DeviceDto, type TicketDto, type VanDto } from '../server/src/contracts/dto';
import { CHROMIUM, launchChromium } from './lib/chromium';
import { Cleanup, stopChild } from './lib/cleanup';
import { DemoApi, OPEN, startDemo, until } from './lib/shots-demo';
import { say } from './lib/shots-log';
import {
  mapDrawn,
  mapIdle,
  mapZoom,
  metres,
  newPage,
  signIn,
  wheelToStreet,
  zoomSettled,
} from './lib/shots-page';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONSOLE_DIR = path.join(REPO, 'console/dist');
const OUT_DIR = path.join(REPO, 'docs/screenshots');

/** The demo's logins (simulators/demo.ts, simulators/data/qufu/users.json and vans.json). */
const ADMIN_PASSWORD = 'redsail-demo-admin';
const DISPATCHER = { username: 'dispatcher', password: 'redsail-dispatch' } as const;
const TECHNICIANS: Record<string, { username: string; password: string }> = {
  'van-1': { username: 'tech1', password: 'redsail-tech1' },
  'van-2': { username: 'tech2', password: 'redsail-tech2' },
};

const DESKTOP = { width: 1600, height: 1000 };
const PHONE = { width: 390, height: 844 };
/** Street level: devices drawn one by one (the map clusters below 16), van labels shown. */
const STREET_ZOOM = 17;
/** The demo's technicians repair for 2–5 minutes after arriving: the first resolved ticket comes within this. */
const RESOLVED_WITHIN_MS = 12 * 60_000;

const cleanup = new Cleanup();

// ---- the pictures

/** Fonts loaded and two frames painted, then the picture. */
async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.evaluate(
    'document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))',
  );
  const file = path.join(OUT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  say(`wrote ${path.relative(REPO, file)}`);
}

interface Trip {
  van: VanDto;
  ticket: TicketDto;
  /** Metres from the van to the ticket's place. */
  left: number;
}

/** Vans on their way, with their tickets and how far they still have to go. */
async function trips(api: DemoApi, devices: Map<string, DeviceDto>): Promise<Trip[]> {
  const [vans, tickets] = await Promise.all([api.vans(), api.tickets(OPEN)]);
  const out: Trip[] = [];
  for (const van of vans) {
    const ticket = tickets.find((t) => t.id === van.ticketId);
    if (van.status !== 'en_route' || !ticket || van.lat === undefined || van.lng === undefined) continue;
    const device = ticket.deviceId ? devices.get(ticket.deviceId) : undefined;
    const lat = ticket.lat ?? device?.lat;
    const lng = ticket.lng ?? device?.lng;
    if (lat === undefined || lng === undefined) continue;
    out.push({ van, ticket, left: metres({ lat: van.lat, lng: van.lng }, { lat, lng }) });
  }
  return out;
}

async function main(): Promise<void> {
  if (!existsSync(path.join(CONSOLE_DIR, 'index.html'))) {
    process.stderr.write(
      `no console build in ${path.relative(REPO, CONSOLE_DIR)}: run npm run build first\n`,
    );
    process.exit(1);
  }
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`${CHROMIUM} is missing: apt-get install chromium\n`);
    process.exit(1);
  }
  // Without a CJK font Chromium draws every Chinese character as a box.
  if (!spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).stdout?.trim()) {
    process.stderr.write('no Chinese font is installed: apt-get install fonts-noto-cjk\n');
    process.exit(1);
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'redsail-screenshots-'));
  cleanup.add('temp dir', () => rmSync(tmp, { recursive: true, force: true }));

  say('starting the demo (simulators/demo.ts) on free ports');
  const demo = await startDemo({
    repo: REPO,
    consoleDir: CONSOLE_DIR,
    dataDir: path.join(tmp, 'data'),
    adminPassword: ADMIN_PASSWORD,
    cleanup,
  });
  const api = new DemoApi(demo.url);
  await api.login(DISPATCHER);
  const devices = new Map((await api.get('/api/devices', z.array(DeviceDto))).map((d) => [d.id, d]));

  say('starting Chromium');
  const browser = await launchChromium();
  cleanup.add('browser', () => browser.close());

  // 1. The login page, before anything else.
  const { page } = await newPage(browser, demo.url, DESKTOP, cleanup);
  await page.goto(demo.url);
  await page.locator('input[name=username]').waitFor();
  await shot(page, 'login-zh-CN');

  // 2. The dispatcher page once the demo's first two faults are tickets and a van drives to one.
  const first = await until(
    "the demo's first faults as tickets, and a van on its way",
    async () => {
      const [alarms, tickets] = await Promise.all([api.alarms(), api.tickets(OPEN)]);
      const fromAlarms = tickets.filter((t) => t.source === 'alarm');
      const [trip] = await trips(api, devices);
      return alarms.length > 0 && fromAlarms.length >= 2 && trip ? trip : undefined;
    },
    5 * 60_000,
  );
  say(`${first.van.name} (${first.van.id}) is on its way to ticket ${first.ticket.id}`);
  await signIn(page, demo.url, DISPATCHER);
  await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
  await page.locator('[data-testid=alarm-item]').first().waitFor();
  await page.locator('[data-testid=ticket-card]').first().waitFor();
  await mapDrawn(page, first.van.id);
  await page.mouse.move(DESKTOP.width / 2, 5); // no hover card over the map
  await shot(page, 'dispatcher-zh-CN', true);

  // 3. The same page in English.
  await page.locator('[data-testid=lang-switch]').click();
  await page.locator('html[lang=en]').waitFor({ state: 'attached' });
  await shot(page, 'dispatcher-en', true);
  await page.locator('[data-testid=lang-switch]').click();
  await page.locator('html[lang=zh-CN]').waitFor({ state: 'attached' });

  // 4. The technician of a van on its way, on a phone: the assignment, its map, distance and ETA.
  const [trip] = await trips(api, devices);
  const tech = TECHNICIANS[(trip ?? first).van.id];
  if (tech) {
    const phone = await newPage(browser, demo.url, PHONE, cleanup, true);
    await signIn(phone.page, demo.url, tech);
    await phone.page.locator('[data-testid=tech][data-live=true]').waitFor();
    await phone.page.locator('[data-testid=tech-ticket]').waitFor();
    await phone.page.locator('[data-testid=tech-map]').waitFor();
    await phone.page.locator('[data-testid=tech-distance]').waitFor();
    await phone.page.locator('[data-testid=tech-eta]').waitFor();
    await shot(phone.page, 'technician-zh-CN', true);
    await phone.context.close();
  } else say(`no technician login known for ${(trip ?? first).van.id}: technician-zh-CN skipped`);

  // 5. The hotline form, opened with N and partly filled, in the compound of an open ticket.
  const dupOf = (await api.tickets(OPEN)).find((t) => t.compoundId);
  const compounds = await api.get('/api/compounds', z.array(CompoundDto));
  const compoundName = compounds.find((c) => c.id === dupOf?.compoundId)?.name;
  await page.locator('[data-testid=kpi-strip]').click(); // focus on the page, outside any field
  await page.keyboard.press('n');
  const form = page.locator('[data-testid=hotline-form]');
  await form.waitFor();
  await form.locator('[name=reporterName]').fill('王阿姨');
  await form.locator('[name=reporterPhone]').fill('13805371234');
  if (compoundName) {
    await form.locator('[name=compound]').fill(compoundName);
    await form.locator('[name=compound]').press('Tab');
  }
  await form.locator('[name=category]').selectOption('electrical');
  await form.locator('[name=description]').fill('楼道灯不亮，配电箱有焦糊味');
  // The ticket shows as the same problem (same category within 50 m) or among the others nearby.
  const offered = '[data-testid=hotline-same], [data-testid=hotline-duplicate]';
  if (compoundName) await form.locator(offered).first().waitFor();
  else say('no open ticket with a compound: the hotline picture has no duplicate suggestion');
  await shot(page, 'hotline-zh-CN');
  await page.keyboard.press('Escape');
  await page.locator('[data-testid=hotline-discard-yes]').click();
  await form.waitFor({ state: 'detached' });

  // 6. Street level: a van close to its ticket, both in view, with the route line and labels.
  const near = await until(
    'a van within 300 m of its ticket',
    async () => (await trips(api, devices)).find((t) => t.left <= 300 && t.left >= 60),
    6 * 60_000,
  );
  say(`${near.van.name} is ${Math.round(near.left)} m from ticket ${near.ticket.id}`);
  const z0 = await mapZoom(page);
  const alarm = page.locator(`[data-testid=alarm-item][data-device-id="${near.ticket.deviceId ?? ''}"]`);
  const van = page.locator(`.van-marker[data-van-id="${near.van.id}"]`);
  if (near.ticket.deviceId && (await alarm.count()) > 0) {
    await alarm.locator('button').first().click(); // shows the device on the map, at street level
    await page.locator('[data-testid=focus-ring]').waitFor({ state: 'attached' });
    await zoomSettled(page, z0);
  } else {
    await wheelToStreet(page, van, STREET_ZOOM);
  }
  await mapIdle(page);
  await mapDrawn(page, near.van.id);
  await page.mouse.move(DESKTOP.width / 2, 5);
  say(`map at zoom ${await mapZoom(page)}`);
  await shot(page, 'dispatcher-map-zoomed');

  // 7. The manager page, once the technician bots have resolved a ticket.
  await until(
    'a ticket resolved by the technician bots (they repair for 2–5 minutes)',
    async () => ((await api.tickets('resolved,closed')).length > 0 ? true : undefined),
    RESOLVED_WITHIN_MS,
  );
  await page.locator('[data-testid=nav-manager]').click();
  await page.locator('[data-testid=manager][data-state=ready]').waitFor();
  await page.locator('[data-testid=bar-chart]').first().waitFor();
  await shot(page, 'manager-zh-CN', true);
  await page.locator('[data-testid=nav-dispatcher]').click();
  await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
  await mapIdle(page);

  // 8. An alarm ticket: its fields, the device block with the telemetry chart, the timeline.
  const alarmTickets = (await api.tickets(`${OPEN},resolved`)).filter(
    (t) => t.source === 'alarm' && t.deviceId,
  );
  const ticket =
    alarmTickets.find((t) => t.deviceId?.startsWith('box') && t.status !== 'resolved') ??
    alarmTickets.find((t) => t.status !== 'resolved') ??
    alarmTickets[0];
  if (!ticket?.deviceId) throw new Error('no alarm ticket with a device');
  say(`ticket ${ticket.id} (${ticket.status}, device ${ticket.deviceId})`);
  await page.locator(`[data-testid=ticket-card][data-ticket-id="${ticket.id}"]`).click();
  const detail = page.locator(`[data-testid=ticket-detail][data-ticket-id="${ticket.id}"]`);
  await detail.locator('[data-testid=ticket-device]').waitFor();
  await detail.locator('[data-testid=chart-range][data-range="6h"]').click();
  await detail.locator('[data-testid=telemetry-chart][data-loading=false] .uplot').waitFor();
  await mapIdle(page); // a click on a card may show the ticket on the map
  await shot(page, 'ticket-detail-zh-CN');

  // 9. Its device: readings, chart, commands — with a report_now sent and acknowledged.
  await detail.locator('[data-testid=open-device]').click();
  const device = page.locator(`[data-testid=device-detail][data-device-id="${ticket.deviceId}"]`);
  await device.locator('[data-testid=device-metric]').first().waitFor();
  await device.locator('[data-testid=chart-range][data-range="6h"]').click();
  await device.locator('[data-testid=telemetry-chart][data-loading=false] .uplot').waitFor();
  await device.locator('[data-testid=command][data-command=report_now]').click();
  const confirm = device.locator('[data-testid=command-confirm]');
  if (await confirm.isVisible()) await confirm.click();
  const status = device.locator('[data-testid=command-status][data-command=report_now]');
  await status.and(page.locator('[data-state=ok],[data-state=failed]')).waitFor();
  say(`report_now: ${await status.getAttribute('data-state')}`);
  await mapIdle(page);
  await shot(page, 'device-detail-zh-CN');
  await page.keyboard.press('Escape');
  await device.waitFor({ state: 'detached' });

  // 10. The demo stops: the page says it is reconnecting and dims its data.
  say('stopping the demo for the reconnect banner');
  await stopChild(demo.child, 15_000);
  await page.locator('[data-testid=conn-banner][data-state=reconnecting]').waitFor();
  await shot(page, 'dispatcher-reconnecting-zh-CN');
}

let exitCode = 0;
const interrupted = () => {
  say('interrupted: cleaning up');
  void cleanup.run().then(() => process.exit(130));
};
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);

try {
  await main();
  say(`done: pictures in ${path.relative(REPO, OUT_DIR)}/`);
} catch (err) {
  process.stderr.write(
    `screenshots failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  exitCode = 1;
} finally {
  say('cleaning up');
  await cleanup.run();
}
process.exit(exitCode);
