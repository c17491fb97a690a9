// The technician view on a phone (390×844, touch) against the real server (AUTO_DISPATCH off): a
// dispatch to the technician's van chimes, buzzes and notifies, and shows the way there on a map
// (the distance follows the van); notes and a decline go back through the UI; a step that no longer
// fits is explained; after the phone "slept" (page hidden with the socket gone deaf, or the network
// dropped) the page re-syncs by itself, without a reload.
// The browser's alert APIs are wrapped by an init script (window.__alerts records their use); the
// Socket.IO WebSocket runs through a route that can go deaf or drop, the way a sleeping phone's does.
// No sleeps: Playwright's waiting, expect.poll and, where timers matter, Playwright's fake clock.
import type { MqttClient } from 'mqtt';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { WAKE_RESYNC_AFTER_MS } from '../../console/src/lib/components/tech/wake';
import { haversineM } from '../../server/src/pipeline/geo';
import { connectDevice, publish } from '../helpers/devices';
import {
  DISPATCHER,
  SCREENSHOT_DIR,
  TECHNICIAN,
  WAIT_MS,
  launchBrowser,
  login,
  markDocument,
  sameDocument,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

const VAN_AT = { lat: 35.597, lng: 116.99 };
/** A compound north-east of the van; its centre is the mean of its corners. */
const COMPOUND = {
  id: 'gongbao',
  name: '工保小区',
  outline: {
    type: 'Polygon',
    coordinates: [
      [
        [116.994, 35.6],
        [116.996, 35.6],
        [116.996, 35.602],
        [116.994, 35.602],
        [116.994, 35.6],
      ],
    ],
  },
};
const COMPOUND_CENTRE = { lat: 35.601, lng: 116.995 };

const SEL = {
  tech: '[data-testid=tech]',
  live: '[data-testid=tech][data-live=true]',
  banner: '[data-testid=conn-banner]',
  alerts: '[data-testid=tech-alerts]',
  enable: '[data-testid=tech-alerts-enable]',
  toast: '[data-testid=tech-toast]',
  map: '[data-testid=tech-map]',
  mapVan: '[data-testid=tech-map] [data-testid=tech-map-van]',
  mapTicket: '[data-testid=tech-map] [data-testid=tech-map-ticket]',
  distance: '[data-testid=tech-distance]',
  eta: '[data-testid=tech-eta]',
  navigate: '[data-testid=tech-navigate]',
  noteInput: '[data-testid=tech-note-input]',
  noteSubmit: '[data-testid=tech-note-submit]',
  noteSent: '[data-testid=tech-note-sent]',
  decline: '[data-testid=tech-decline]',
  text: '[data-testid=tech-text]',
  confirm: '[data-testid=tech-confirm]',
};
const techTicket = (id: string, status?: string) =>
  `${SEL.tech} [data-testid=tech-ticket][data-ticket-id="${id}"]${status ? `[data-status="${status}"]` : ''}`;

/** Wraps the browser's alert APIs before the console loads; window.__alerts records their use. */
const ALERT_SPIES = `(() => {
  const rec = { notifications: [], vibrations: [], tones: 0, permissionRequests: 0 };
  window.__alerts = rec;
  const Original = window.Notification;
  if (Original) {
    class SpyNotification extends Original {
      constructor(title, options) {
        rec.notifications.push({ title, body: options?.body ?? '', tag: options?.tag ?? '' });
        super(title, options);
      }
    }
    SpyNotification.requestPermission = (...args) => {
      rec.permissionRequests++;
      return Original.requestPermission(...args);
    };
    window.Notification = SpyNotification;
  }
  Object.defineProperty(Navigator.prototype, 'vibrate', {
    configurable: true,
    writable: true,
    value(pattern) {
      rec.vibrations.push(pattern);
      return true;
    },
  });
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) {
    rec.tones++;
    return start.apply(this, args);
  };
})();`;

interface Alerts {
  notifications: { title: string; body: string; tag: string }[];
  vibrations: unknown[];
  tones: number;
  permissionRequests: number;
}
/**
 * A browser that has not asked yet (headless Chromium answers "denied" by itself): the permission
 * is "default" until requestPermission(), whose prompt the technician answers with "allow".
 */
const UNDECIDED = `(() => {
  let answer = 'default';
  Object.defineProperty(window.Notification, 'permission', { configurable: true, get: () => answer });
  window.Notification.requestPermission = () => {
    window.__alerts.permissionRequests++;
    answer = 'granted';
    return Promise.resolve(answer);
  };
})();`;

const alerts = (page: Page) => page.evaluate<Alerts>('window.__alerts');

/** The Socket.IO WebSocket through a route: it can go deaf (a zombie socket) or be cut. */
class SocketLine {
  deaf = false;
  /** Open page-side sockets, each with its server side. */
  #open = new Map<WebSocketRoute, WebSocketRoute>();
  #upgrades = 0;
  #waiters: { n: number; resolve: () => void }[] = [];
  #drops: { match: (m: string) => boolean; resolve: () => void }[] = [];

  async install(context: BrowserContext): Promise<void> {
    await context.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      this.#open.set(ws, server);
      ws.onMessage((m) => {
        // Engine.IO "5": the client has moved from polling to this WebSocket.
        if (m === '5') this.#upgraded();
        server.send(m);
      });
      server.onMessage((m) => {
        if (!this.deaf) return ws.send(m);
        const text = typeof m === 'string' ? m : m.toString();
        this.#drops = this.#drops.filter((d) => (d.match(text) ? (d.resolve(), false) : true));
      });
      ws.onClose(() => {
        this.#open.delete(ws);
        void server.close();
      });
      server.onClose(() => {
        this.#open.delete(ws);
        void ws.close();
      });
    });
  }

  #upgraded(): void {
    this.#upgrades++;
    this.#waiters = this.#waiters.filter((w) => (this.#upgrades >= w.n ? (w.resolve(), false) : true));
  }

  /** Resolves once the client has moved onto a WebSocket `n` times in all. */
  upgraded(n = 1): Promise<void> {
    if (this.#upgrades >= n) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ n, resolve }));
  }

  /** Resolves once a message from the server that `match`es was lost to deafness. */
  lost(match: (m: string) => boolean): Promise<void> {
    return new Promise((resolve) => this.#drops.push({ match, resolve }));
  }

  /** Cuts every open WebSocket, as a network drop does. */
  async cut(): Promise<void> {
    const pairs = [...this.#open];
    this.#open.clear();
    await Promise.all(pairs.flatMap(([ws, server]) => [ws.close(), server.close()]));
  }
}

interface Phone {
  page: Page;
  context: BrowserContext;
  line: SocketLine;
}

/** A phone-sized, touch context with the alert spies and the socket line; closed after the test. */
async function openPhone(
  browser: Browser,
  baseUrl: string,
  permissions: string[] = [],
  initScripts: string[] = [],
): Promise<Phone> {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    permissions,
  });
  context.setDefaultTimeout(WAIT_MS);
  await context.route(
    (url) => url.origin !== baseUrl,
    (route) => route.abort('connectionrefused'),
  );
  for (const script of [ALERT_SPIES, ...initScripts]) await context.addInitScript(script);
  const line = new SocketLine();
  await line.install(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  const name = expect.getState().currentTestName ?? 'test';
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
  return { page, context, line };
}

/** The page as a sleeping phone's: hidden. */
const hide = (page: Page) =>
  page.evaluate(`(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  })()`);

/** Woken after `ms`: the wall clock has moved on meanwhile, the page is visible again. */
const wake = (page: Page, ms: number) =>
  page.evaluate(`(() => {
    const now = Date.now.bind(Date);
    Date.now = () => now() + ${ms};
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
    document.dispatchEvent(new Event('visibilitychange'));
  })()`);

interface Ticket {
  id: string;
  status: string;
  timeline: { type: string; data: Record<string, unknown> }[];
}

describe('the technician view on a phone', { timeout: 60_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let vanClient: MqttClient | undefined;
  let disp: string;
  let tech: string;

  const createTicket = async (body: Record<string, unknown>): Promise<string> => {
    const res = await cs.s.api.post<{ id: string }>(
      '/api/tickets',
      { category: 'electrical', priority: 'P2', ...body },
      disp,
    );
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const event = async (id: string, body: Record<string, unknown>, token: string) => {
    const res = await cs.s.api.post(`/api/tickets/${id}/events`, body, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  /** Dispatches to the technician's van; the ticket is cancelled when the test ends (the van is free again). */
  const dispatch = async (id: string) => {
    await event(id, { type: 'dispatch', vanId: TECHNICIAN.vanId }, disp);
    onTestFinished(async () => {
      await cs.s.api.post(`/api/tickets/${id}/events`, { type: 'cancel', reason: 'test over' }, disp);
    });
  };
  /** A position fix from the van's tracker (handled by the server once this resolves). */
  const moveVan = async (at: { lat: number; lng: number }) => {
    if (!vanClient) throw new Error('the van is not connected');
    await publish(vanClient, cs.van.id, 'telemetry', { ...at, speed_kmh: 20, heading: 45 });
  };
  /** The server's message that the ticket is now `status` (to await its loss on a deaf socket). */
  const update = (id: string, status: string) => (m: string) =>
    m.includes('ticket:updated') && m.includes(`"id":"${id}"`) && m.includes(`"status":"${status}"`);
  const ticket = async (id: string) => (await cs.s.api.get<Ticket>(`/api/tickets/${id}`, disp)).body;

  /** Opens a phone, logs the technician in and waits until the page is live. */
  const techPhone = async (
    permissions: string[] = [],
    initScripts: string[] = [],
    opts: { fakeClock?: boolean } = {},
  ) => {
    const phone = await openPhone(browser, cs.baseUrl, permissions, initScripts);
    if (opts.fakeClock) await phone.page.clock.install();
    await login(phone.page, cs.baseUrl, TECHNICIAN.username, TECHNICIAN.password);
    await phone.page.locator(SEL.live).waitFor();
    return phone;
  };

  beforeAll(async () => {
    [browser, cs] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: { AUTO_DISPATCH: 'false' } }),
    ]);
    const compound = await cs.s.api.post('/api/compounds', COMPOUND, cs.s.admin);
    expect(compound.status).toBe(201);
    vanClient = await connectDevice(cs.s, cs.van);
    await moveVan(VAN_AT);
    disp = await cs.s.api.login(DISPATCHER.username, DISPATCHER.password);
    tech = await cs.s.api.login(TECHNICIAN.username, TECHNICIAN.password);
    // PUBACK came after the server handled the fix: the van has its position now.
    const vans = await cs.s.api.get<{ id: string; lat?: number }[]>('/api/vans', disp);
    expect(vans.body).toContainEqual(expect.objectContaining({ id: TECHNICIAN.vanId, lat: VAN_AT.lat }));
  });
  afterAll(async () => {
    await vanClient?.endAsync();
    await browser?.close();
    await cs?.s.stop();
  });

  it('alerts a new assignment, shows the way there, and sends a note and a decline back', async () => {
    const { page } = await techPhone(['notifications']);
    // One tap allows the chime (permission is already granted here, so nothing is asked).
    await page.locator(SEL.enable).tap();
    await page.locator(`${SEL.alerts}[data-enabled=true][data-permission=granted]`).waitFor();

    const at = { lat: 35.599, lng: 116.992 };
    const id = await createTicket({ description: '楼道灯不亮', address: '3号楼 2单元', ...at });
    await dispatch(id);

    await page.locator(techTicket(id, 'dispatched')).waitFor();
    const toast = page.locator(`${SEL.toast}[data-ticket-id="${id}"]`);
    await expect.poll(() => toast.textContent()).toContain('3号楼 2单元');
    await expect
      .poll(async () => (await alerts(page)).notifications)
      .toContainEqual({
        title: expect.stringContaining('P2') as string,
        body: expect.stringContaining('楼道灯不亮') as string,
        tag: id,
      });
    const rec = await alerts(page);
    expect(rec.notifications.find((n) => n.tag === id)?.body).toContain('3号楼 2单元');
    expect(rec.vibrations.length).toBeGreaterThanOrEqual(1);
    expect(rec.tones).toBeGreaterThanOrEqual(1); // the chime's tones were started

    // The map: van and ticket both in view, the straight-line distance and a driving time.
    await page.locator(SEL.mapVan).waitFor();
    await page.locator(SEL.mapTicket).waitFor();
    const inside = async (sel: string) => {
      const box = await page.locator(sel).boundingBox();
      const map = await page.locator(SEL.map).boundingBox();
      if (!box || !map) return false;
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      return cx >= map.x && cx <= map.x + map.width && cy >= map.y && cy <= map.y + map.height;
    };
    await expect.poll(() => inside(SEL.mapVan)).toBe(true);
    await expect.poll(() => inside(SEL.mapTicket)).toBe(true);
    const meters = Math.round(haversineM(VAN_AT.lat, VAN_AT.lng, at.lat, at.lng));
    await expect.poll(() => page.locator(SEL.distance).getAttribute('data-meters')).toBe(String(meters));
    expect(await page.locator(SEL.distance).textContent()).toMatch(/\d/);
    expect((await page.locator(SEL.eta).textContent())?.trim()).toMatch(/\d/);
    expect(await page.locator(SEL.navigate).getAttribute('href')).toMatch(/^geo:35\.599,116\.992\?q=/);

    // The big buttons are thumb-sized on the phone.
    const decline = await page.locator(SEL.decline).boundingBox();
    expect(decline?.height).toBeGreaterThanOrEqual(48);

    // A note lands in the timeline.
    await page.locator(SEL.noteInput).fill('配电箱门锁坏了，需带新锁');
    await page.locator(SEL.noteSubmit).tap();
    await page.locator(SEL.noteSent).waitFor();
    await expect
      .poll(async () => (await ticket(id)).timeline)
      .toContainEqual(expect.objectContaining({ type: 'note', data: { text: '配电箱门锁坏了，需带新锁' } }));

    // Declining with a reason hands the ticket back: it leaves the view, the timeline says why.
    await page.locator(SEL.decline).tap();
    await page.locator(SEL.text).fill('车上没有备用灯具');
    await page.locator(SEL.confirm).tap();
    await page.locator(techTicket(id)).waitFor({ state: 'detached' });
    await page.locator(SEL.toast).waitFor({ state: 'detached' });
    const declined = await ticket(id);
    expect(declined.status).toBe('new');
    expect(declined.timeline).toContainEqual(
      expect.objectContaining({ type: 'decline', data: { reason: '车上没有备用灯具' } }),
    );

    // A ticket that names only its compound is placed at the compound's centre.
    const second = await createTicket({ description: '单元门禁损坏', compoundId: COMPOUND.id });
    await dispatch(second);
    await page.locator(techTicket(second, 'dispatched')).waitFor();
    const toCentre = Math.round(haversineM(VAN_AT.lat, VAN_AT.lng, COMPOUND_CENTRE.lat, COMPOUND_CENTRE.lng));
    await expect.poll(() => page.locator(SEL.distance).getAttribute('data-meters')).toBe(String(toCentre));
    await expect.poll(async () => (await alerts(page)).notifications.map((n) => n.tag)).toEqual([id, second]);
    await event(second, { type: 'cancel', reason: '重复工单' }, disp);
    await page.locator(techTicket(second)).waitFor({ state: 'detached' });
  });

  it('the distance follows the van as it drives', async () => {
    const { page } = await techPhone([], [], { fakeClock: true });
    const at = { lat: 35.6, lng: 116.995 };
    const id = await createTicket({ description: '井盖松动', ...at });
    await dispatch(id);
    await page.locator(techTicket(id, 'dispatched')).waitFor();
    const from = (p: { lat: number; lng: number }) =>
      String(Math.round(haversineM(p.lat, p.lng, at.lat, at.lng)));
    await expect.poll(() => page.locator(SEL.distance).getAttribute('data-meters')).toBe(from(VAN_AT));

    const nearer = { lat: 35.599, lng: 116.994 };
    onTestFinished(() =>
      publish(vanClient!, cs.van.id, 'telemetry', { ...VAN_AT, speed_kmh: 0, heading: 45 }),
    );
    await publish(vanClient!, cs.van.id, 'telemetry', { ...nearer, speed_kmh: 30, heading: 45 });
    // The page re-reads the van's position every 20 s while no fixes come over the socket.
    await page.clock.fastForward('00:25');
    await expect.poll(() => page.locator(SEL.distance).getAttribute('data-meters')).toBe(from(nearer));
  });

  it('"enable alerts" asks for the notification permission', async () => {
    const { page } = await techPhone([], [UNDECIDED]);
    await page.locator(`${SEL.alerts}[data-permission=default]`).waitFor();
    expect((await alerts(page)).permissionRequests).toBe(0);
    await page.locator(SEL.enable).tap();
    await expect.poll(async () => (await alerts(page)).permissionRequests).toBe(1);
    await page.locator(`${SEL.alerts}[data-enabled=true][data-permission=granted]`).waitFor();
    await page.locator(SEL.enable).waitFor({ state: 'detached' });
  });

  it('keeps alerts on across a reload, says whether pushes are on, and turns them off', async () => {
    const { page } = await techPhone(['notifications']);
    await page.locator(SEL.enable).tap();
    // The push state is settled (subscribed, or why not) and said in words.
    await page.locator(`${SEL.alerts}[data-enabled=true]:not([data-push=off])`).waitFor();
    await page.locator('[data-testid=tech-push]').waitFor();
    await page.reload();
    await page.locator(SEL.live).waitFor();
    await page
      .locator(`${SEL.alerts}[data-enabled=true][data-permission=granted]:not([data-push=off])`)
      .waitFor();
    expect(await page.locator(SEL.enable).count()).toBe(0);
    await page.locator('[data-testid=tech-alerts-off]').tap();
    await page.locator(`${SEL.alerts}[data-enabled=false][data-push=off]`).waitFor();
    await page.reload();
    await page.locator(SEL.live).waitFor();
    await page.locator(SEL.enable).waitFor();
    expect(await page.locator(`${SEL.alerts}[data-enabled=false]`).count()).toBe(1);
  });

  it('says in words when a step no longer fits, and re-loads the ticket', async () => {
    const { page, line } = await techPhone();
    const id = await createTicket({ description: '监控黑屏', lat: 35.598, lng: 116.99 });
    await dispatch(id);
    await page.locator(techTicket(id, 'dispatched')).waitFor();
    await line.upgraded();

    // The page misses that the ticket was accepted elsewhere; its own "accept" then conflicts.
    line.deaf = true;
    const missed = line.lost(update(id, 'accepted'));
    await event(id, { type: 'accept' }, tech);
    await missed;
    line.deaf = false;
    await page.locator(`${techTicket(id, 'dispatched')} [data-testid=tech-accept]`).tap();
    const error = page.locator(`${techTicket(id)} [data-testid=tech-error][data-kind=conflict]`);
    await error.waitFor();
    expect((await error.textContent())?.trim()).not.toBe('');
    await page.locator(techTicket(id, 'accepted')).waitFor();
  });

  it('re-syncs on waking after a long sleep, even when the socket claims to be connected', async () => {
    const { page, line } = await techPhone();
    const id = await createTicket({ description: '路灯闪烁', lat: 35.598, lng: 116.991 });
    await dispatch(id);
    await page.locator(techTicket(id, 'dispatched')).waitFor();
    await line.upgraded();
    await markDocument(page);

    // Asleep: hidden, and the socket hears nothing (it still says it is connected).
    line.deaf = true;
    const missed = line.lost(update(id, 'accepted'));
    await hide(page);
    await event(id, { type: 'accept' }, tech); // e.g. accepted from the van's tablet meanwhile
    await missed;
    expect(await page.locator(techTicket(id, 'dispatched')).count()).toBe(1);

    line.deaf = false;
    await wake(page, WAKE_RESYNC_AFTER_MS + 1000);
    await page.locator(techTicket(id, 'accepted')).waitFor();
    await page.locator(SEL.live).waitFor();
    expect(await sameDocument(page)).toBe(true);
  });

  it('reconnects at once, not after the backoff, and re-syncs when the network comes back', async () => {
    const { page, context, line } = await techPhone([], [], { fakeClock: true });
    const id = await createTicket({ description: '水泵异响', lat: 35.596, lng: 116.989 });
    await dispatch(id);
    await page.locator(techTicket(id, 'dispatched')).waitFor();
    await line.upgraded();
    await markDocument(page);

    // From here the page's timers stand still: Socket.IO's own reconnect timer can never fire, so
    // only the page's answer to "online" can bring the connection back.
    await page.clock.pauseAt(Date.now() + 1000);
    await context.setOffline(true);
    await line.cut();
    await page.locator(`${SEL.banner}[data-state=reconnecting]`).waitFor();
    await event(id, { type: 'accept' }, tech);

    await context.setOffline(false);
    await page.locator(techTicket(id, 'accepted')).waitFor();
    await page.locator(SEL.live).waitFor();
    expect(await sameDocument(page)).toBe(true);
  });
});
