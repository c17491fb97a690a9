// Browser tests: the real server (serving the built console) driven by Debian's Chromium through
// playwright-core. playwright-core brings no browser and downloads none; .ci/run installs `chromium`.
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect, onTestFinished } from 'vitest';
import type { Creds } from '../helpers/devices';
import { registerDevice } from '../helpers/devices';
import { startServer, type StartOptions, type TestServer } from '../helpers/server';
import { launchChromium } from '../../scripts/lib/chromium';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The built console (`npm run build`); CONSOLE_DIR points the tests (and the server) elsewhere. */
export const CONSOLE_DIR = path.resolve(process.env.CONSOLE_DIR ?? path.join(REPO, 'console/dist'));
/** Where screenshots of failed tests go. */
export const SCREENSHOT_DIR = path.join(os.tmpdir(), 'redsail-browser-failures');

/** How long a single Playwright wait may take (auto-waiting locators, navigations). */
export const WAIT_MS = 10_000;

export const DISPATCHER = { username: 'disp', password: 'disp-password-1' } as const;
export const TECHNICIAN = { username: 'tech', password: 'tech-password-1', vanId: 'van-1' } as const;
/** Distribution boxes registered by startConsoleServer; each test uses its own. */
export const BOXES = ['box-1', 'box-2', 'box-3', 'box-4'] as const;
export type BoxId = (typeof BOXES)[number];

/** Debian's Chromium, headless and off the network (scripts/lib/chromium.ts). */
export const launchBrowser = launchChromium;

/** startServer with the console served from CONSOLE_DIR (the server reads it from its env). */
export function serveConsole(opts: StartOptions = {}): Promise<TestServer> {
  return startServer({ ...opts, env: { CONSOLE_DIR, ...opts.env } });
}

export interface ConsoleServer {
  s: TestServer;
  baseUrl: string;
  boxes: Record<BoxId, Creds>;
  /** MQTT credentials of the technician's van (van-1), registered but not connected. */
  van: Creds;
}

/**
 * The real server in-process, serving the built console, with a dispatcher, a technician (of
 * van-1) and a few registered distribution boxes.
 */
export async function startConsoleServer(opts: StartOptions = {}): Promise<ConsoleServer> {
  if (!existsSync(path.join(CONSOLE_DIR, 'index.html'))) {
    throw new Error(`no console build in ${CONSOLE_DIR}: run npm run build (or set CONSOLE_DIR)`);
  }
  const s = await serveConsole(opts);
  const created = await s.api.post('/api/users', { ...DISPATCHER, role: 'dispatcher' }, s.admin);
  if (created.status !== 201) throw new Error(`create dispatcher: ${created.status}`);
  const van = await s.api.post<{ mqtt: { username: string; password: string } }>(
    '/api/vans',
    { id: TECHNICIAN.vanId, name: '1号车' },
    s.admin,
  );
  if (van.status !== 201) throw new Error(`register van: ${van.status} ${JSON.stringify(van.body)}`);
  const tech = await s.api.post('/api/users', { ...TECHNICIAN, role: 'technician' }, s.admin);
  if (tech.status !== 201) throw new Error(`create technician: ${tech.status}`);
  const boxes = {} as Record<BoxId, Creds>;
  for (const [i, id] of BOXES.entries()) {
    boxes[id] = await registerDevice(s, {
      id,
      type: 'distribution_box',
      name: `工保小区 ${i + 1}号配电箱`,
      lat: 35.597 + i * 0.001,
      lng: 116.99 + i * 0.001,
    });
  }
  return { s, baseUrl: s.httpUrl, boxes, van: { id: TECHNICIAN.vanId, ...van.body.mqtt } };
}

export interface TestPage {
  page: Page;
  context: BrowserContext;
  /** Resolves once the console's Socket.IO client has connected `n` times in all (1: the first connect). */
  connected: (n?: number, timeoutMs?: number) => Promise<void>;
  /** How many times it has connected so far. */
  connects: () => number;
}

/**
 * A fresh context (own storage) and page for the running test; closed when the test finishes, with
 * a screenshot and the page's errors on failure. Requests to anything but the test server are
 * refused at once (map tiles, fonts), so nothing waits on a network this machine does not have.
 */
export async function openPage(browser: Browser, baseUrl: string): Promise<TestPage> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(WAIT_MS);
  await context.route(
    (url) => url.origin !== baseUrl,
    (route) => route.abort('connectionrefused'),
  );
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });

  // Socket.IO: '40' is the CONNECT acknowledgement, over a WebSocket frame or a polling response.
  let connects = 0;
  let waiters: { n: number; resolve: () => void }[] = [];
  const onPackets = (payload: string) => {
    if (!/(^|\x1e)40/.test(payload)) return;
    connects++;
    waiters = waiters.filter((w) => (connects >= w.n ? (w.resolve(), false) : true));
  };
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/socket.io/')) return;
    ws.on('framereceived', (f) =>
      onPackets(typeof f.payload === 'string' ? f.payload : f.payload.toString()),
    );
  });
  page.on('response', (res) => {
    if (!res.url().includes('/socket.io/') || res.request().method() !== 'GET') return;
    res.text().then(onPackets, () => {});
  });

  const name = expect.getState().currentTestName ?? 'test';
  // One hook, screenshot first: vitest runs onTestFinished hooks before onTestFailed ones.
  onTestFinished(async ({ task }) => {
    if (task.result?.state === 'fail') {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '_').slice(0, 120)}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
      console.error(
        `[browser] ${name}\n  url: ${page.url()}\n  screenshot: ${file}\n  ${problems.join('\n  ')}`,
      );
    }
    await context.close();
  });

  return {
    page,
    context,
    connects: () => connects,
    connected: (n = 1, timeoutMs = WAIT_MS) => {
      if (connects >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`the console's Socket.IO client connected ${connects} time(s), not ${n}`));
        }, timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
  };
}

/** Opens the console and submits the login form (the caller waits for where it lands). */
export async function login(page: Page, baseUrl: string, user: string, password: string): Promise<void> {
  await page.goto(baseUrl);
  await page.locator('input[name=username]').fill(user);
  await page.locator('input[name=password]').fill(password);
  await page.locator('button[type=submit]').click();
}

/** Marks the document, so a test can tell later that the page was not reloaded in between. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate('window.__redsailMark = true');
}
export async function sameDocument(page: Page): Promise<boolean> {
  return (await page.evaluate('window.__redsailMark === true')) === true;
}
