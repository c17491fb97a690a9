// The device panel in Chromium against the real server: telemetry published by real MQTT devices
// is charted from a ticket's detail and in the device panel, the state follows live, and commands
// go to the device over MQTT and come back as acks (device-protocol.md "Topics"). No sleeps.
import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publish, registerDevice, topic, type Creds } from '../helpers/devices';
import {
  DISPATCHER,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

const VIEWER = { username: 'viewer', password: 'viewer-password-1' } as const;
const BOX_NORMAL = {
  ua: 228,
  ub: 231,
  uc: 226,
  ia: 21.5,
  ib: 18.2,
  ic: 24.9,
  breaker: 'closed',
  door: 'closed',
};

const SEL = {
  ticketDetail: (id: string) => `[data-testid=ticket-detail][data-ticket-id="${id}"]`,
  card: (id: string) => `[data-testid=ticket-board] [data-testid=ticket-card][data-ticket-id="${id}"]`,
  device: (id: string) => `[data-testid=device-detail][data-device-id="${id}"]`,
};

interface Command {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

/** A device that takes commands: subscribes to its own commands topic and hands them out in order. */
async function commandable(client: MqttClient, id: string): Promise<() => Promise<Command>> {
  const inbox: Command[] = [];
  let waiting: ((c: Command) => void) | undefined;
  client.on('message', (t, payload) => {
    if (t !== topic(id, 'commands')) return;
    const cmd = JSON.parse(payload.toString('utf8')) as Command;
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w(cmd);
    } else inbox.push(cmd);
  });
  await client.subscribeAsync(topic(id, 'commands'), { qos: 1 });
  return () => {
    const queued = inbox.shift();
    return queued ? Promise.resolve(queued) : new Promise<Command>((resolve) => (waiting = resolve));
  };
}

describe('the device panel in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let dispatcher: string;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    [browser, cs] = await Promise.all([launchBrowser(), startConsoleServer()]);
    const viewer = await cs.s.api.post('/api/users', { ...VIEWER, role: 'viewer' }, cs.s.admin);
    if (viewer.status !== 201) throw new Error(`create viewer: ${viewer.status}`);
    dispatcher = await cs.s.api.login(DISPATCHER.username, DISPATCHER.password);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync()));
    await browser?.close();
    await cs?.s.stop();
  });

  async function connect(creds: Creds): Promise<MqttClient> {
    const client = await connectDevice(cs.s, creds);
    clients.push(client);
    return client;
  }

  /** A hotline ticket about the device, so its detail (and the device panel) can be opened. */
  async function ticketAbout(deviceId: string): Promise<string> {
    const res = await cs.s.api.post<{ id: string }>(
      '/api/tickets',
      { category: 'electrical', description: `检查设备 ${deviceId}`, priority: 'P3', deviceId },
      dispatcher,
    );
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function openAs(user: { username: string; password: string }): Promise<Page> {
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, user.username, user.password);
    await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
    return page;
  }

  /** Ticket card → ticket detail → its device panel. */
  async function openDevice(page: Page, ticketId: string, deviceId: string): Promise<void> {
    await page.locator(SEL.card(ticketId)).click();
    await page.locator(`${SEL.ticketDetail(ticketId)} [data-testid=open-device]`).click();
    await page.locator(SEL.device(deviceId)).waitFor();
    await page.locator(SEL.ticketDetail(ticketId)).waitFor({ state: 'detached' });
  }

  const points = (page: Page, scope: string, metric: string) =>
    expect.poll(() =>
      page
        .locator(`${scope} [data-testid=telemetry-chart][data-metric="${metric}"]`)
        .getAttribute('data-points', { timeout: 1000 })
        .then(Number, () => 0),
    );

  it('charts the alarm’s metric in the ticket and the device panel; readings follow live', async () => {
    const box = cs.boxes['box-1'];
    const client = await connect(box);
    const t0 = Date.now() - 10 * 60_000;
    for (let i = 0; i < 5; i++)
      await publish(client, box.id, 'telemetry', {
        ...BOX_NORMAL,
        ic: undefined, // never reported (dropped by JSON)
        leakage_ma: 4 + i,
        temp_c: 36 + i,
        ts: t0 + i * 60_000,
      });
    await publish(client, box.id, 'telemetry', { leakage_ma: 45 }); // a leakage alarm opens a P1 ticket
    let ticketId = '';
    await expect
      .poll(async () => {
        const res = await cs.s.api.get<{ id: string; alarmRule?: string }[]>(
          `/api/tickets?deviceId=${box.id}`,
          dispatcher,
        );
        ticketId = res.body.find((t) => t.alarmRule === 'leakage')?.id ?? '';
        return ticketId;
      })
      .not.toBe('');

    const page = await openAs(DISPATCHER);
    await page.locator(SEL.card(ticketId)).click();
    const ticket = SEL.ticketDetail(ticketId);
    // The leakage rule reads leakage_ma: that metric is charted first, with all six readings.
    await points(page, ticket, 'leakage_ma').toBe(6);

    await page.locator(`${ticket} [data-testid=open-device]`).click();
    const panel = SEL.device(box.id);
    await page.locator(`${panel}[data-status=online]`).waitFor();
    await expect.poll(() => page.locator(ticket).count()).toBe(0);
    await page.locator(`${panel} [data-testid=device-alarm][data-rule=leakage]`).waitFor();
    await expect
      .poll(() => page.locator(`${panel} [data-testid=device-metric][data-metric=leakage_ma]`).textContent())
      .toMatch(/45\s*mA/);
    await points(page, panel, 'leakage_ma').toBe(6);
    await page.locator(`${panel} [data-testid=telemetry-chart] canvas`).first().waitFor();

    // Another metric: only the five messages that carried temp_c.
    await page.locator(`${panel} [data-testid=chart-metric]`).selectOption('temp_c');
    await points(page, panel, 'temp_c').toBe(5);
    await page.locator(`${panel} [data-testid=chart-range][data-range="7d"]`).click();
    await points(page, panel, 'temp_c').toBe(5);

    await publish(client, box.id, 'telemetry', { temp_c: 51.5 });
    await expect
      .poll(() => page.locator(`${panel} [data-testid=device-metric][data-metric=temp_c]`).textContent())
      .toMatch(/51\.5\s*°C/);

    // A metric the device never reported: no data, said in words.
    await page.locator(`${panel} [data-testid=chart-metric]`).selectOption('ic');
    await page
      .locator(`${panel} [data-testid=telemetry-chart][data-metric=ic] [data-testid=chart-empty]`)
      .waitFor();
    await points(page, panel, 'ic').toBe(0);
    await page.locator(`${panel} [data-testid=chart-metric]`).selectOption('leakage_ma');
    await points(page, panel, 'leakage_ma').toBe(6);

    await page.keyboard.press('Escape');
    await page.locator(panel).waitFor({ state: 'detached' });
  });

  it('a confirmed breaker reset reaches the device over MQTT and its ack shows; a failed ack shows the device’s words', async () => {
    const box = cs.boxes['box-3'];
    const client = await connect(box);
    const next = await commandable(client, box.id);
    await publish(client, box.id, 'telemetry', BOX_NORMAL);
    const ticketId = await ticketAbout(box.id);

    const page = await openAs(DISPATCHER);
    await openDevice(page, ticketId, box.id);
    const panel = SEL.device(box.id);

    // Disruptive: nothing is sent before the confirmation.
    await page.locator(`${panel} [data-testid=command][data-command=reset_breaker]`).click();
    await expect.poll(() => page.locator(`${panel} [data-testid=command-status]`).count()).toBe(0);
    await page.locator(`${panel} [data-testid=command-confirm]`).click();
    const reset = await next();
    expect(reset).toMatchObject({ name: 'reset_breaker', args: {} });
    const status = (id: string) => `${panel} [data-testid=command-status][data-command-id="${id}"]`;
    await page.locator(status(reset.id)).waitFor();
    await publish(client, box.id, 'commands/ack', { id: reset.id, ok: true });
    await page.locator(`${status(reset.id)}[data-state=ok]`).waitFor();

    // Not disruptive: sent at once; the device refuses it with a reason.
    await page.locator(`${panel} [data-testid=command][data-command=report_now]`).click();
    const report = await next();
    expect(report).toMatchObject({ name: 'report_now', args: {} });
    await publish(client, box.id, 'commands/ack', { id: report.id, ok: false, message: 'meter busy' });
    await page.locator(`${status(report.id)}[data-state=failed]`).waitFor();
    expect(await page.locator(status(report.id)).textContent()).toContain('meter busy');
    await page.locator(`${status(reset.id)}[data-state=ok]`).waitFor(); // the earlier one keeps its ack
  });

  it('a streetlight command carries the chosen argument; a device that is not connected is reported so', async () => {
    const light = await registerDevice(cs.s, {
      id: 'light-1',
      type: 'streetlight',
      name: '东门路灯',
      lat: 35.6,
      lng: 116.995,
    });
    const client = await connect(light);
    const next = await commandable(client, light.id);
    await publish(client, light.id, 'telemetry', {
      lamp: 'on',
      commanded: 'on',
      u: 224,
      i: 0.45,
      p: 98,
      lux: 3,
    });
    const lightTicket = await ticketAbout(light.id);
    const offlineTicket = await ticketAbout('box-2'); // registered, never connected

    const page = await openAs(DISPATCHER);
    await openDevice(page, lightTicket, light.id);
    const panel = SEL.device(light.id);
    await page.locator(`${panel} [data-testid=command-arg][data-arg=state]`).selectOption('off');
    await page.locator(`${panel} [data-testid=command][data-command=set_lamp]`).click();
    const cmd = await next();
    expect(cmd).toMatchObject({ name: 'set_lamp', args: { state: 'off' } });
    await publish(client, light.id, 'commands/ack', { id: cmd.id, ok: true, message: 'lamp off' });
    const done = page.locator(
      `${panel} [data-testid=command-status][data-command-id="${cmd.id}"][data-state=ok]`,
    );
    await done.waitFor();
    expect(await done.textContent()).toContain('lamp off');

    await page.keyboard.press('Escape');
    await openDevice(page, offlineTicket, 'box-2');
    const box2 = SEL.device('box-2');
    await page.locator(`${box2} [data-testid=command][data-command=report_now]`).click();
    await page
      .locator(`${box2} [data-testid=command-status][data-command=report_now][data-state=offline]`)
      .waitFor();
  });

  it('a viewer sees the device, its readings and chart, but no command buttons', async () => {
    const box = cs.boxes['box-4'];
    const client = await connect(box);
    await publish(client, box.id, 'telemetry', { ...BOX_NORMAL, leakage_ma: 3, temp_c: 30 });
    const ticketId = await ticketAbout(box.id);

    const page = await openAs(VIEWER);
    await openDevice(page, ticketId, box.id);
    const panel = SEL.device(box.id);
    await page.locator(`${panel} [data-testid=device-metric][data-metric=temp_c]`).waitFor();
    await points(page, panel, 'ua').toBe(1);
    expect(await page.locator(`${panel} [data-testid=command]`).count()).toBe(0);
  });
});
