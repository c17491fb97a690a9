// Dispatcher map under load: `npx tsx bench/map.bench.ts [--profile]` (from the repository root).
// Starts the real server (child process, temp DATA_DIR, a console built into a temp dir unless
// CONSOLE_DIR names one), registers 10,000 devices in ~250 compounds around Qufu and 200 vans, and
// drives the field over real MQTT from a child process: every van sends a fix once a second,
// 250 devices hold a fault (alarm + ticket, auto-dispatched to the vans), 100 report offline, 300
// send normal readings (the device:state stream). Then headless Chromium at 1920×1080, logged in as
// a dispatcher, is measured over three windows: the whole city at the opening zoom, street level
// (devices unclustered) while the vans move, and panning/zooming every 500 ms. Prints a markdown
// table and writes bench/results/map.json. Target: ≥ 30 fps in every window.
// MAP_BENCH_WINDOW_S: seconds per window (20); CONSOLE_DIR: a console build to use instead of building.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../scripts/lib/chromium';
import { loadDemoData } from '../simulators/lib/demo-data';
import type { Api } from '../tests/helpers/api';
import { runBench, type Bench } from './lib/bench';
import { Child } from './lib/child';
import { logger, numArg, sleep } from './lib/common';
import { makeCity, seeded, type City } from './lib/city';
import type { DriverReady, DriverSpec } from './lib/fleet-driver';
import { Probe, type WindowFigures } from './lib/page-probe';
import { addDispatcher, DISPATCHER, importDevices, registerCompounds, registerVans } from './lib/register';
import { writeReport, writeResult } from './lib/report';
import { buildConsole, startRedsail } from './lib/server';

const DEVICES = 10_000;
const VANS = 200;
const FAULTS = 250;
const OFFLINE = 100;
const CHATTER = 300;
const WINDOW_S = Number(process.env.MAP_BENCH_WINDOW_S ?? 20);
const TARGET_FPS = 30;
const STREET_ZOOM = 16.5;
const PROFILE = process.argv.includes('--profile');
const SEED = 2024;

const log = logger('stderr');

async function zoomOf(page: Page): Promise<number> {
  return Number(await page.locator('[data-testid=map]').getAttribute('data-zoom'));
}

/** Wheel-zooms at the map centre until the zoom reaches `target` (±0.5), one step at a time. */
async function wheelTo(page: Page, target: number, at: { x: number; y: number }): Promise<void> {
  await page.mouse.move(at.x, at.y);
  for (let i = 0; i < 12; i++) {
    const z = await zoomOf(page);
    if (Math.abs(z - target) < 0.5) return;
    await page.mouse.wheel(0, z < target ? -120 : 120);
    for (let w = 0; w < 30 && (await zoomOf(page)) === z; w++) await sleep(100);
    await sleep(300);
  }
}

/** MAP_BENCH_SHOTS=<dir>: a screenshot of the page as each window starts. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.MAP_BENCH_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `map-${name}.png`) });
}

/** MAP_BENCH_TRACE=<file> [MAP_BENCH_TRACE_AT=city|street]: a 4 s Chromium trace before that window. */
async function traceIfAsked(browser: Browser, page: Page, at: 'city' | 'street'): Promise<void> {
  const file = process.env.MAP_BENCH_TRACE;
  if (!file || (process.env.MAP_BENCH_TRACE_AT ?? 'city') !== at) return;
  const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'cc', 'viz'];
  await browser.startTracing(page, { path: file, categories });
  await sleep(4000);
  await browser.stopTracing();
  log(`trace written to ${file}`);
}

/** Registers the compounds, the devices (bulk import), the vans (spread over the area) and the dispatcher. */
async function registerCity(api: Api, admin: string, city: City) {
  await registerCompounds(api, admin, city.compounds);
  const passwords = await importDevices(api, admin, city.devices);
  const ids = Array.from({ length: VANS }, (_, i) => i);
  const secrets = await registerVans(
    api,
    admin,
    ids.map((i) => ({ id: `bv-${i + 1}`, name: `${i + 1}号车` })),
  );
  const [s, w, n, e] = city.box;
  // Start positions spread evenly (golden-ratio sequence) over the area.
  const vans = ids.map((i) => ({
    id: `bv-${i + 1}`,
    password: secrets.get(`bv-${i + 1}`) ?? '',
    start: [s + ((i * 0.754878) % 1) * (n - s), w + ((i * 0.618034) % 1) * (e - w)] as [number, number],
  }));
  await addDispatcher(api, admin);
  return { passwords, vans };
}

async function main(b: Bench): Promise<void> {
  const t0 = Date.now();
  const { tmp, cleanup } = b;
  log('building the console');
  const consoleDir = buildConsole(path.join(tmp, 'console'));
  log('starting the server');
  const srv = await startRedsail(tmp, cleanup, { consoleDir });
  const { url, api, admin } = srv;

  const demo = loadDemoData();
  const city = makeCity(demo.compounds, {
    devices: DEVICES,
    seed: SEED,
    faults: FAULTS,
    offline: OFFLINE,
    chatter: CHATTER,
  });
  log(`registering ${city.compounds.length} compounds, ${city.devices.length} devices, ${VANS} vans`);
  const reg = await registerCity(api, admin, city);

  log('connecting the fleet');
  const spec: DriverSpec = {
    mqttUrl: srv.mqttUrl,
    box: city.box,
    seed: SEED,
    vans: reg.vans,
    devices: city.roles.map((r) => ({ ...r, password: reg.passwords.get(r.id) ?? '' })),
  };
  const file = path.join(tmp, 'fleet.json');
  writeFileSync(file, JSON.stringify(spec));
  const fleet = Child.start<never, DriverReady>('fleet driver', 'bench/lib/fleet-driver.ts', cleanup, {
    args: [file],
  });
  const ready = await fleet.next('ready', 120_000);
  log(`fleet ready: ${ready.vans} vans, ${ready.devices} devices connected`);

  const browser = await launchChromium();
  cleanup.add('browser', () => browser.close());
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  await context.route(
    (u) => u.origin !== url,
    (route) => route.abort('connectionrefused'),
  );
  const page = await context.newPage();
  page.on('pageerror', (err) => log(`page error: ${err.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') log(`console error: ${m.text()}`);
  });
  page.setDefaultTimeout(30_000);
  await page.goto(url);
  await page.locator('input[name=username]').fill(DISPATCHER.username);
  await page.locator('input[name=password]').fill(DISPATCHER.password);
  await page.locator('button[type=submit]').click();
  await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
  await page.locator('[data-van-id]').first().waitFor();
  await sleep(3000); // the first index build and fit, the first van batches
  const probe = await Probe.attach(page);
  const box = await page.locator('[data-testid=map]').boundingBox();
  if (!box) throw new Error('no map on the page');
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };

  const windows: WindowFigures[] = [];
  await traceIfAsked(browser, page, 'city');
  await shot(page, 'city');
  log(`window 1/3: the whole city at the opening zoom (${WINDOW_S} s)`);
  windows.push(await probe.measure('city, opening zoom', WINDOW_S, async () => {}, PROFILE));

  await wheelTo(page, STREET_ZOOM, centre);
  await sleep(1500);
  await traceIfAsked(browser, page, 'street');
  await shot(page, 'street');
  log(`window 2/3: street level, zoom ${await zoomOf(page)} (${WINDOW_S} s)`);
  windows.push(await probe.measure('street level, vans moving', WINDOW_S, async () => {}, PROFILE));

  log(`window 3/3: pan or zoom every 500 ms (${WINDOW_S} s)`);
  const rnd = seeded(SEED);
  windows.push(
    await probe.measure(
      'pan/zoom every 500 ms',
      WINDOW_S,
      async (until) => {
        for (let i = 0; Date.now() < until - 600; i++) {
          const started = Date.now();
          if (i % 3 === 2) {
            const z = await zoomOf(page);
            await page.mouse.move(centre.x, centre.y);
            await page.mouse.wheel(0, z >= 17 || (z > 14 && rnd() < 0.5) ? 120 : -120);
          } else {
            const dx = (rnd() - 0.5) * 500;
            const dy = (rnd() - 0.5) * 300;
            await page.mouse.move(centre.x, centre.y);
            await page.mouse.down();
            for (let s = 1; s <= 8; s++)
              await page.mouse.move(centre.x + (dx * s) / 8, centre.y + (dy * s) / 8);
            await page.mouse.up();
          }
          await sleep(Math.max(0, 500 - (Date.now() - started)));
        }
      },
      PROFILE,
    ),
  );

  const counts = (await api.get<unknown[]>('/api/alarms?active=true&limit=1000', admin)).body;
  const result = {
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      node: process.version,
      chromium: browser.version(),
    },
    consoleDir,
    setup: {
      devices: DEVICES,
      compounds: city.compounds.length,
      vans: VANS,
      faults: FAULTS,
      offline: OFFLINE,
      chatter: CHATTER,
      activeAlarms: Array.isArray(counts) ? counts.length : undefined,
      viewport: '1920x1080',
    },
    targetFps: TARGET_FPS,
    windows,
    totalSeconds: (Date.now() - t0) / 1000,
  };
  print(result.windows, result.setup.activeAlarms);
  const out = writeResult('map', result);
  log(`wrote ${out} (${result.totalSeconds.toFixed(0)} s in all)`);
}

function print(windows: WindowFigures[], activeAlarms: number | undefined): void {
  const f1 = (x: number) => x.toFixed(1);
  const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
  const table = [
    '| window | zoom | fps | frames > 50 ms | p95 frame | long tasks | long-task total | longest | main thread busy (script / style / layout) | browser CPU | JS heap | DOM markers |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...windows.map(
      (w) =>
        `| ${w.name} | ${w.zoom ?? '?'} | ${f1(w.fps)} | ${w.slowFrames} | ${f1(w.p95FrameMs)} ms | ${w.longTasks} | ${w.longTaskMs.toFixed(0)} ms | ${w.longTaskMaxMs.toFixed(0)} ms | ${pct(w.busy)} (${pct(w.script)} / ${pct(w.style)} / ${pct(w.layout)}) | ${w.browserCpu === undefined ? '?' : `${w.browserCpu.toFixed(2)} cores`} | ${w.heapMb.toFixed(0)} MB | ${w.markerIcons} |`,
    ),
  ].join('\n');
  const about = `${DEVICES.toLocaleString('en')} devices, ${VANS} vans at 1 Hz, 1920×1080, ${WINDOW_S} s per window (target ≥ ${TARGET_FPS} fps)`;
  console.log(`\n${about}\n\n${table}`);
  writeReport({
    markdown: [
      '### Dispatcher map in headless Chromium',
      '',
      `${about}; ${activeAlarms ?? '?'} active alarms; Debian Chromium headless, software raster; fps counts ` +
        '`requestAnimationFrame` callbacks, long tasks from `PerformanceObserver`.',
      '',
      table,
    ].join('\n'),
    summary: windows.map((w) => ({
      scenario: `map: ${w.name}`,
      figure: `${f1(w.fps)} fps, longest task ${w.longTaskMaxMs.toFixed(0)} ms`,
      target: `≥ ${TARGET_FPS} fps`,
      met: w.fps >= TARGET_FPS,
    })),
  });
  for (const w of windows) {
    if (!w.hot) continue;
    console.log(`\nHot functions (self time), ${w.name}:`);
    for (const h of w.hot)
      console.log(`  ${(h.share * 100).toFixed(1).padStart(5)} %  ${h.selfMs} ms  ${h.fn}`);
  }
}

// Whatever hangs (a server that never comes up, a page that never goes live), the bench ends,
// cleaning up, well within its budget.
runBench({ name: 'map-bench', watchdogS: numArg('watchdog-s', 360), log }, main);
