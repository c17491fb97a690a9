// The console in a storm, in Chromium against the real server (api.md "Incidents, silences,
// flapping"): two distribution boxes trip, the lamps and cameras they feed (in two compounds) go
// dark over real MQTT; the page shows the storm banner from the server's incidents, the incident
// view with each box and its dark devices collapsed under it and the reason each has no ticket of
// its own (grouped, or held while its box has not reported yet); a silence is created from a compound after its preview, and ended; flapping and
// silenced alarms carry their badges. A screenshot of the storm goes to docs/screenshots/storm.png. No sleeps.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDto, SilenceDto } from '../../server/src/contracts/dto';
import { connectDevice, publish, registerDevice, type Creds } from '../helpers/devices';
import {
  DISPATCHER,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

const SHOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots/storm.png');

const square = (lng: number, lat: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lng, lat],
      [lng + 0.004, lat],
      [lng + 0.004, lat + 0.003],
      [lng, lat + 0.003],
      [lng, lat],
    ],
  ],
});
const COMPOUNDS = [
  { id: 'gongbao', name: '工保小区', outline: square(116.985, 35.594) },
  { id: 'xingtan', name: '杏坛小区', outline: square(116.992, 35.594) },
];

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
const LAMP_NORMAL = { lamp: 'on', commanded: 'on', u: 224, i: 0.45, p: 98, lux: 3 };
const CAMERA_NORMAL = { video: 'ok', tamper: false, storage: 'ok', temp_c: 31 };

interface Dev {
  id: string;
  type: 'distribution_box' | 'streetlight' | 'camera';
  name: string;
  compoundId: string;
  poweredBy?: string;
}
/** Box A (工保) feeds three lamps in 工保 and two cameras in 杏坛; box B (杏坛) two lamps in 杏坛. */
const BOX_A: Dev = { id: 'box-a', type: 'distribution_box', name: '工保 3号配电箱', compoundId: 'gongbao' };
const BOX_B: Dev = { id: 'box-b', type: 'distribution_box', name: '杏坛 1号配电箱', compoundId: 'xingtan' };
const FED: Dev[] = [
  ...[1, 2, 3].map((n) => ({
    id: `lamp-g${n}`,
    type: 'streetlight' as const,
    name: `工保路灯 ${n}`,
    compoundId: 'gongbao',
    poweredBy: 'box-a',
  })),
  ...[1, 2].map((n) => ({
    id: `cam-x${n}`,
    type: 'camera' as const,
    name: `杏坛摄像机 ${n}`,
    compoundId: 'xingtan',
    poweredBy: 'box-a',
  })),
  ...[1, 2].map((n) => ({
    id: `lamp-x${n}`,
    type: 'streetlight' as const,
    name: `杏坛路灯 ${n}`,
    compoundId: 'xingtan',
    poweredBy: 'box-b',
  })),
];
/** Box C (工保) feeds one lamp, which goes dark before the box reports anything: held. */
const BOX_C: Dev = { id: 'box-c', type: 'distribution_box', name: '工保 5号配电箱', compoundId: 'gongbao' };
const HELD: Dev = {
  id: 'lamp-held',
  type: 'streetlight',
  name: '工保路灯 9',
  compoundId: 'gongbao',
  poweredBy: 'box-c',
};
/** Not fed by a box: one camera flaps (tamper on and off), one is raised under the silence. */
const FLAPPER: Dev = { id: 'cam-flap', type: 'camera', name: '工保大门摄像机', compoundId: 'gongbao' };
const QUIET: Dev = { id: 'cam-quiet', type: 'camera', name: '杏坛北门摄像机', compoundId: 'xingtan' };
const ALL = [BOX_A, BOX_B, BOX_C, ...FED, HELD, FLAPPER, QUIET];
/** Long enough for the held lamp to be seen held (the test never waits it out). */
const HOLD_S = 120;
const FLAP_COUNT = 3;

const normal = (d: Dev) =>
  d.type === 'distribution_box' ? BOX_NORMAL : d.type === 'streetlight' ? LAMP_NORMAL : CAMERA_NORMAL;

const SEL = {
  banner: '[data-testid=storm-banner][data-from=incidents] [data-testid=storm-detail]',
  compound: (id: string) =>
    `[data-testid=incident-view] [data-testid=incident-compound][data-compound-id="${id}"]`,
  incident: (compound: string, box: string) =>
    `${SEL.compound(compound)} [data-testid=incident][data-box-id="${box}"]`,
  alarm: (deviceId: string, rule: string) =>
    `[data-testid=alarm-feed] [data-testid=alarm-item][data-device-id="${deviceId}"][data-rule="${rule}"]`,
};

describe('the console in a storm', { timeout: 90_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let dispatcher: string;
  const clients = new Map<string, MqttClient>();

  beforeAll(async () => {
    [browser, cs] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: { FLAP_COUNT: String(FLAP_COUNT), INCIDENT_HOLD_S: String(HOLD_S) } }),
    ]);
    for (const c of COMPOUNDS) {
      const res = await cs.s.api.post('/api/compounds', c, cs.s.admin);
      if (res.status !== 201) throw new Error(`compound ${c.id}: ${res.status}`);
    }
    for (const [i, d] of ALL.entries()) {
      const outline = COMPOUNDS.find((c) => c.id === d.compoundId)?.outline.coordinates[0]?.[0] ?? [
        116.99, 35.595,
      ];
      const creds: Creds = await registerDevice(cs.s, {
        ...d,
        lng: (outline[0] ?? 116.99) + 0.0005 + (i % 4) * 0.0007,
        lat: (outline[1] ?? 35.595) + 0.0005 + Math.floor(i / 4) * 0.0006,
      });
      const client = await connectDevice(cs.s, creds);
      clients.set(d.id, client);
      await publish(client, d.id, 'status', 'online');
      await publish(client, d.id, 'telemetry', normal(d));
    }
    dispatcher = await cs.s.api.login(DISPATCHER.username, DISPATCHER.password);
  });
  afterAll(async () => {
    await Promise.all([...clients.values()].map((c) => c.endAsync()));
    await browser?.close();
    await cs?.s.stop();
  });

  const client = (id: string): MqttClient => {
    const c = clients.get(id);
    if (!c) throw new Error(`no MQTT client for ${id}`);
    return c;
  };

  async function openDispatcher(): Promise<Page> {
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
    return page;
  }

  async function incidents(): Promise<IncidentDto[]> {
    const res = await cs.s.api.get<IncidentDto[]>('/api/incidents?active=true', dispatcher);
    expect(res.status).toBe(200);
    return res.body;
  }

  it('shows the storm from the incidents, each box with its dark devices and why they have no ticket', async () => {
    const page = await openDispatcher();
    // The breakers trip, then what they feed goes dark: lamps and cameras report offline.
    for (const box of [BOX_A, BOX_B])
      await publish(client(box.id), box.id, 'telemetry', { ...BOX_NORMAL, breaker: 'tripped' });
    for (const d of FED) await publish(client(d.id), d.id, 'status', 'offline');
    await expect
      .poll(async () => (await incidents()).map((i) => i.affected.filter((a) => a.active).length).sort())
      .toEqual([2, 5]);
    const byBox = new Map((await incidents()).map((i) => [i.rootAlarm.deviceId, i]));
    const ticketA = byBox.get(BOX_A.id)?.ticketId;
    expect(ticketA).toBeDefined();

    // The banner counts from the server's incidents: 2 roots, 7 dark devices, 2 compounds.
    const banner = page.locator(SEL.banner);
    await expect.poll(() => banner.getAttribute('data-dark')).toBe('7');
    expect(await banner.getAttribute('data-roots')).toBe('2');
    expect(await banner.getAttribute('data-compounds')).toBe('2');
    expect(await banner.textContent()).toContain('2 个根因，7 台设备失电，涉及 2 个小区');

    // The incident tab opened with the storm; box A shows under both compounds it darkens.
    await page.locator('[data-testid=feed-tab-incidents][aria-selected=true]').waitFor();
    const inGongbao = page.locator(SEL.incident('gongbao', BOX_A.id));
    await expect.poll(() => inGongbao.getAttribute('data-dark')).toBe('3');
    await expect
      .poll(() => page.locator(SEL.incident('xingtan', BOX_A.id)).getAttribute('data-dark'))
      .toBe('2');
    await expect
      .poll(() => page.locator(SEL.incident('xingtan', BOX_B.id)).getAttribute('data-dark'))
      .toBe('2');
    expect(await inGongbao.locator('[data-testid=incident-ticket]').textContent()).toContain(ticketA);
    // Collapsed until asked, from the keyboard.
    expect(await inGongbao.locator('[data-testid=incident-device]').count()).toBe(0);
    await inGongbao.locator('[data-testid=incident-toggle]').focus();
    await page.keyboard.press('Enter');
    const rows = inGongbao.locator('[data-testid=incident-device]');
    await expect.poll(() => rows.count()).toBe(3);
    for (const row of await rows.all()) {
      expect(await row.getAttribute('data-why')).toBe('grouped');
      expect(await row.locator('[data-testid=incident-why]').textContent()).toContain(
        `并入配电箱工单 ${ticketA}`,
      );
    }
    await page.locator(`${SEL.incident('xingtan', BOX_B.id)} [data-testid=incident-toggle]`).click();
    // The map has drawn the dark devices too (it redraws at most once a second).
    await page.locator(`[data-testid=map][data-offline-drawn="${FED.length}"]`).waitFor();
    await page.screenshot({ path: SHOT });

    // The alarm feed marks the grouped alarms with their cause box.
    await page.locator('[data-testid=feed-tab-alarms]').click();
    const lampAlarm = page.locator(`${SEL.alarm('lamp-g1', 'offline')} [data-testid=badge-grouped]`);
    expect(await lampAlarm.textContent()).toContain(BOX_A.name);

    // The box's ticket opens from the incident view.
    await page.locator('[data-testid=feed-tab-incidents]').click();
    await inGongbao.locator('[data-testid=incident-open-ticket]').click();
    await page.locator(`[data-testid=ticket-detail][data-ticket-id="${ticketA}"]`).waitFor();
  });

  it('creates a silence from a compound after its preview; alarms under it are marked silenced', async () => {
    const page = await openDispatcher();
    await page.locator('[data-testid=feed-tab-incidents]').click();
    await page.locator(`${SEL.compound('xingtan')} [data-testid=silence-compound]`).click();
    const dialog = page.locator('[data-testid=silence-dialog]');
    await dialog.waitFor();
    // The whole compound: box B, its two lamps, box A's two cameras and the quiet camera.
    const summary = dialog.locator('[data-testid=silence-preview-summary]');
    await expect.poll(() => summary.getAttribute('data-devices')).toBe('6');
    expect(Number(await summary.getAttribute('data-alarms'))).toBeGreaterThanOrEqual(5);
    // Narrowed to the cameras, the preview follows.
    await dialog.locator('[data-testid=silence-scope][data-scope=type-camera] input').check();
    await expect.poll(() => summary.getAttribute('data-devices')).toBe('3');
    await dialog.locator('[data-testid=silence-scope][data-scope=compound] input').check();
    await expect.poll(() => summary.getAttribute('data-devices')).toBe('6');
    // No reason: the form says so and sends nothing.
    await dialog.locator('[data-testid=silence-confirm]').click();
    await dialog.locator('[aria-invalid=true]').waitFor();
    await dialog.locator('[data-testid=silence-preset][data-preset="2h"] input').check();
    await dialog.locator('textarea[name=reason]').fill('杏坛小区配电检修');
    await dialog.locator('[data-testid=silence-confirm]').click();
    await dialog.waitFor({ state: 'detached' });

    const res = await cs.s.api.get<SilenceDto[]>('/api/silences', dispatcher);
    expect(res.body).toEqual([
      expect.objectContaining({ match: { compoundId: 'xingtan' }, reason: '杏坛小区配电检修', active: true }),
    ]);
    await page.locator('[data-testid=feed-tab-silences]').click();
    await page.locator(`[data-testid=silence][data-silence-id="${res.body[0]?.id}"]`).waitFor();

    // An alarm raised in the silenced compound carries the badge.
    await publish(client(QUIET.id), QUIET.id, 'telemetry', { ...CAMERA_NORMAL, tamper: true });
    await page.locator('[data-testid=feed-tab-alarms]').click();
    await page.locator(`${SEL.alarm(QUIET.id, 'tamper')} [data-testid=badge-silenced]`).waitFor();

    // "End now" ends it on the server and takes it off the list.
    await page.locator('[data-testid=feed-tab-silences]').click();
    await page.locator('[data-testid=silence] [data-testid=silence-end]').click();
    await page.locator('[data-testid=silence]').waitFor({ state: 'detached' });
    expect((await cs.s.api.get<SilenceDto[]>('/api/silences', dispatcher)).body).toEqual([]);
  });

  it('shows a lamp that went dark before its box as held, then grouped once the box trips', async () => {
    const page = await openDispatcher();
    // The storm is still on, so the page opened on the incident tab.
    await page.locator('[data-testid=feed-tab-incidents][aria-selected=true]').waitFor();
    await page.locator('[data-testid=feed-tab-alarms]').click();
    await publish(client(HELD.id), HELD.id, 'status', 'offline');
    await page.locator(`${SEL.alarm(HELD.id, 'offline')} [data-testid=badge-held]`).waitFor();
    await page.locator('[data-testid=feed-tab-incidents]').click();
    const waiting = page.locator(`${SEL.incident('gongbao', BOX_C.id)}[data-state=awaiting]`);
    await waiting.locator('[data-testid=incident-toggle]').click();
    const row = waiting.locator(`[data-testid=incident-device][data-device-id="${HELD.id}"]`);
    expect(await row.getAttribute('data-why')).toBe('held');
    expect(await row.locator('[data-testid=incident-why]').textContent()).toContain('暂缓开单，等待根因');

    await publish(client(BOX_C.id), BOX_C.id, 'telemetry', { ...BOX_NORMAL, breaker: 'tripped' });
    const cut = page.locator(`${SEL.incident('gongbao', BOX_C.id)}[data-state=cut]`);
    await cut.locator('[data-testid=incident-toggle]').click();
    await cut
      .locator(`[data-testid=incident-device][data-device-id="${HELD.id}"][data-why=grouped]`)
      .waitFor();
    await waiting.waitFor({ state: 'detached' });
  });

  it('marks a flapping alarm', async () => {
    const page = await openDispatcher();
    await page.locator('[data-testid=feed-tab-incidents][aria-selected=true]').waitFor();
    await page.locator('[data-testid=feed-tab-alarms]').click();
    for (let n = 1; n <= FLAP_COUNT; n++) {
      await publish(client(FLAPPER.id), FLAPPER.id, 'telemetry', { ...CAMERA_NORMAL, tamper: true });
      if (n < FLAP_COUNT) await publish(client(FLAPPER.id), FLAPPER.id, 'telemetry', CAMERA_NORMAL);
    }
    await page.locator(`${SEL.alarm(FLAPPER.id, 'tamper')} [data-testid=badge-flapping]`).waitFor();
    expect(
      await page.locator(`${SEL.alarm(FLAPPER.id, 'tamper')} [data-testid=badge-flapping]`).textContent(),
    ).toBe('抖动');
  });
});
