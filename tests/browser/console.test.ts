// The console in a real Chromium against the real server: login, live alarms and tickets over MQTT,
// language, acknowledging, the reconnect banner and resync, and the technician's page.
// Written against the console's DOM contract (the data-testid hooks in SEL); no sleeps, only waits.
import type { MqttClient } from 'mqtt';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish, type Creds } from '../helpers/devices';
import type { TestServer } from '../helpers/server';
import { connectSocket, EventLog } from '../helpers/socket';
import {
  DISPATCHER,
  TECHNICIAN,
  launchBrowser,
  login,
  markDocument,
  openPage,
  sameDocument,
  serveConsole,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

const SEL = {
  dispatcher: '[data-testid=dispatcher]',
  tech: '[data-testid=tech]',
  loginError: '[data-testid=login-error]',
  username: 'input[name=username]',
  feed: '[data-testid=alarm-feed]',
  board: '[data-testid=ticket-board]',
  lang: '[data-testid=lang-switch]',
  banner: '[data-testid=conn-banner]',
  ack: '[data-testid=ack]',
};
const alarmItem = (deviceId: string, rule: string) =>
  `${SEL.feed} [data-testid=alarm-item][data-device-id="${deviceId}"][data-rule="${rule}"]`;
const ticketCard = (ticketId: string) =>
  `${SEL.board} [data-testid=ticket-card][data-ticket-id="${ticketId}"]`;
const HAN = /\p{Script=Han}/u;

interface Alarm {
  id: string;
  deviceId: string;
  rule: string;
  severity: string;
  ticketId?: string;
  ackedBy?: string;
}
interface Ticket {
  id: string;
  priority: string;
  status: string;
  deviceId?: string;
}

/** Connects the box to `s` and publishes a leakage fault; resolves once the server has handled it. */
async function leakage(s: TestServer, creds: Creds, clients: MqttClient[]): Promise<void> {
  const client = await connectDevice(s, creds);
  clients.push(client);
  await publish(client, creds.id, 'telemetry', { leakage_ma: 45 });
}

async function alarmOf(s: TestServer, deviceId: string, rule: string): Promise<Alarm> {
  const res = await s.api.get<Alarm[]>('/api/alarms', s.admin);
  const alarm = res.body.find((a) => a.deviceId === deviceId && a.rule === rule);
  if (!alarm) throw new Error(`no ${rule} alarm of ${deviceId}: ${JSON.stringify(res.body)}`);
  return alarm;
}

describe('the console in Chromium', { timeout: 30_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    [browser, cs] = await Promise.all([launchBrowser(), startConsoleServer()]);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync()));
    await browser?.close();
    await cs?.s.stop();
  });

  it('a dispatcher logs in and lands on the dispatcher page', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator(SEL.dispatcher).waitFor();
    expect(await page.locator(SEL.loginError).count()).toBe(0);
  });

  it('a wrong password shows the login error and stays on the login form', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, DISPATCHER.username, 'not-the-password');
    await page.locator(SEL.loginError).waitFor();
    expect(await page.locator(SEL.username).isVisible()).toBe(true);
    expect(await page.locator(SEL.dispatcher).count()).toBe(0);
  });

  it('a leakage fault over MQTT appears live in the alarm feed and as a P1 ticket card, without a reload', async () => {
    const { page, connected } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator(SEL.dispatcher).waitFor();
    await connected(); // the fault is raised after the console is live, so it must arrive live
    await markDocument(page);

    await leakage(cs.s, cs.boxes['box-1'], clients);
    const alarm = await alarmOf(cs.s, 'box-1', 'leakage');
    const tickets = await cs.s.api.get<Ticket[]>('/api/tickets', cs.s.admin);
    const ticket = tickets.body.find((t) => t.id === alarm.ticketId);
    expect(ticket?.priority).toBe('P1');

    const item = page.locator(alarmItem('box-1', 'leakage'));
    await item.waitFor();
    expect(await item.getAttribute('data-alarm-id')).toBe(alarm.id);
    expect(await item.getAttribute('data-severity')).toBe('critical');
    const card = page.locator(ticketCard(ticket!.id));
    await card.waitFor();
    expect(await card.getAttribute('data-priority')).toBe('P1');
    expect(await card.getAttribute('data-status')).toBeTruthy();
    expect(await sameDocument(page)).toBe(true);
  });

  it('the language switch turns the page to English, and the choice survives a reload', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator(SEL.dispatcher).waitFor();
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    const heading = page.locator(SEL.board).getByRole('heading').first();
    const zh = (await heading.innerText()).trim();
    expect(zh).toMatch(HAN);

    await page.locator(SEL.lang).click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await heading.filter({ hasNotText: zh }).waitFor();
    const en = (await heading.innerText()).trim();
    expect(en).not.toBe('');
    expect(en).not.toMatch(HAN);

    await page.reload();
    await page.locator(SEL.dispatcher).waitFor();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await heading.filter({ hasText: en }).waitFor();
    expect((await heading.innerText()).trim()).toBe(en);
  });

  it('acknowledging an alarm from the feed acknowledges it as the dispatcher', async () => {
    const { page, connected } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator(SEL.dispatcher).waitFor();
    await connected();
    await leakage(cs.s, cs.boxes['box-2'], clients);
    const item = page.locator(alarmItem('box-2', 'leakage'));
    await item.waitFor();
    const alarmId = await item.getAttribute('data-alarm-id');
    expect(alarmId).toBeTruthy();

    const socket = await connectSocket(cs.s.httpUrl, cs.s.admin);
    try {
      const log = new EventLog(socket, ['alarm:updated']);
      await item.locator(SEL.ack).click();
      await log.waitFor<Alarm>('alarm:updated', (a) => a.id === alarmId && a.ackedBy !== undefined);
    } finally {
      socket.close();
    }
    const alarm = await alarmOf(cs.s, 'box-2', 'leakage');
    expect(alarm.id).toBe(alarmId);
    expect(alarm.ackedBy).toBe(DISPATCHER.username);
  });

  it('a technician who logs in is taken to the technician page', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, TECHNICIAN.username, TECHNICIAN.password);
    await page.locator(SEL.tech).waitFor();
    expect(await page.locator(SEL.dispatcher).count()).toBe(0);
  });
});

// Three server starts and stops (each with its store's worker thread), a reconnect after Socket.IO's
// backoff, and a snapshot that may need its retry: on a busy 2-core machine this has run past 45 s.
describe('the console when the server goes away', { timeout: 90_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let current: TestServer | undefined;

  beforeAll(async () => {
    [browser, cs] = await Promise.all([launchBrowser(), startConsoleServer()]);
    current = cs.s;
  });
  afterAll(async () => {
    await browser?.close();
    await current?.stop();
  });

  it('shows the banner while the server is down, hides it on reconnect, and resyncs an alarm raised meanwhile', async () => {
    const { s, baseUrl, boxes } = cs;
    const { page, connected, connects } = await openPage(browser, baseUrl);
    await login(page, baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator(SEL.dispatcher).waitFor();
    await connected();
    await page.locator(SEL.banner).waitFor({ state: 'hidden' });
    await markDocument(page);
    const before = connects();

    await s.stop({ keepData: true });
    current = undefined;
    await page.locator(SEL.banner).waitFor();

    // While the console's server is down, the same data directory gets an alarm through another
    // instance on other ports, which the console cannot reach: it can only learn of it by resyncing.
    let other = await serveConsole({ dataDir: s.dataDir });
    while (other.httpPort === s.httpPort || other.mqttPort === s.mqttPort) {
      await other.stop({ keepData: true });
      other = await serveConsole({ dataDir: s.dataDir });
    }
    const box: MqttClient[] = [];
    try {
      await leakage(other, boxes['box-3'], box);
      await box[0]?.endAsync();
    } finally {
      await other.stop({ keepData: true });
    }
    expect(await page.locator(alarmItem('box-3', 'leakage')).count()).toBe(0);

    current = await serveConsole({
      dataDir: s.dataDir,
      env: { PORT: String(s.httpPort), MQTT_PORT: String(s.mqttPort) },
    });
    expect(current.httpUrl).toBe(baseUrl);
    await connected(before + 1, 25_000); // Socket.IO's reconnect backoff tops out at 5 s (plus jitter)
    await page.locator(SEL.banner).waitFor({ state: 'hidden' });
    await page.locator(alarmItem('box-3', 'leakage')).waitFor();
    expect(await sameDocument(page)).toBe(true);
  });
});
