// The manager page in Chromium against the real server: tickets made and walked over the API,
// then a dispatcher opens the statistics through the nav and finds GET /api/stats's figures for
// the same period on the page and in the CSV exports; the language switch, a reload, an empty
// period; a technician is sent to /tech and a viewer sees the page. No sleeps, only waits.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsDto } from '../../console/src/lib/components/manager/stats-dto';
import {
  DISPATCHER,
  TECHNICIAN,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

const SEL = {
  manager: '[data-testid=manager]',
  dispatcher: '[data-testid=dispatcher]',
  tech: '[data-testid=tech]',
  navManager: '[data-testid=nav-manager]',
  navDispatcher: '[data-testid=nav-dispatcher]',
  lang: '[data-testid=lang-switch]',
};
const ready = (period: string) => `${SEL.manager}[data-period="${period}"][data-state=ready]`;
const row = (table: 'compound-table' | 'van-table', id: string) =>
  `[data-testid=${table}] [data-testid=stats-row][data-id="${id}"]`;
const cell = (table: 'compound-table' | 'van-table', id: string, col: string) =>
  `${row(table, id)} td[data-col="${col}"]`;
/** How the page and the CSV write a figure: the number as JS prints it, nothing for null. */
const raw = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const BOM = [0xef, 0xbb, 0xbf];

const square = (lng: number, lat: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lng, lat],
      [lng + 0.002, lat],
      [lng + 0.002, lat + 0.002],
      [lng, lat + 0.002],
      [lng, lat],
    ],
  ],
});
// A comma to be quoted, and a name a spreadsheet would run as a formula (compound names are an
// admin's free text).
const COMPOUNDS = [
  { id: 'c-a', name: '工保小区, 东院', outline: square(116.99, 35.597) },
  { id: 'c-b', name: '=曲阜镇家属院', outline: square(116.995, 35.6) },
] as const;

/** Clicks `button` and returns the downloaded file's name and bytes. */
async function download(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

/** The CSV lines after the BOM (CRLF line ends, a final one included). */
function csvLines(bytes: Buffer): string[] {
  expect([...bytes.subarray(0, 3)]).toEqual(BOM);
  const text = bytes.subarray(3).toString('utf8');
  expect(text.endsWith('\r\n')).toBe(true);
  return text.slice(0, -2).split('\r\n');
}

describe('the manager page in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let disp: string;

  const stats = async (from: string | null, to: string | null, token = disp): Promise<StatsDto> => {
    if (!from || !to) throw new Error(`the page shows no period: ${from} – ${to}`);
    const res = await cs.s.api.get<StatsDto>(`/api/stats?from=${from}&to=${to}`, token);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    [browser, cs] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: { AUTO_DISPATCH: 'false' } }),
    ]);
    const { s } = cs;
    disp = await s.api.login(DISPATCHER.username, DISPATCHER.password);
    const tech = await s.api.login(TECHNICIAN.username, TECHNICIAN.password);
    for (const c of COMPOUNDS) {
      const res = await s.api.post('/api/compounds', c, s.admin);
      expect(res.status).toBe(201);
    }
    const open = async (body: object) => {
      const res = await s.api.post<{ id: string }>('/api/tickets', body, disp);
      expect(res.status).toBe(201);
      return res.body.id;
    };
    const ev = async (id: string, body: object, token: string) => {
      const res = await s.api.post(`/api/tickets/${id}/events`, body, token);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    const t1 = await open({ category: 'electrical', description: '跳闸', priority: 'P2', compoundId: 'c-a' });
    await open({ category: 'water', description: '漏水', priority: 'P3', compoundId: 'c-a' });
    await open({ category: 'lighting', description: '路灯不亮', priority: 'P1', compoundId: 'c-b' });
    await open({ category: 'other', description: '井盖松动', priority: 'P4' });
    // T1 all the way: dispatched to van-1, on site, resolved, called back (so times and a rate exist).
    await ev(t1, { type: 'dispatch', vanId: TECHNICIAN.vanId }, disp);
    await ev(t1, { type: 'accept' }, tech);
    await ev(t1, { type: 'arrive' }, tech);
    await ev(t1, { type: 'resolve', note: '复位' }, tech);
    await ev(t1, { type: 'callback', satisfaction: 'satisfied' }, disp);
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.s.stop();
  });

  it("shows /api/stats's figures, exports them as CSV, follows the language and survives a reload", async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator(SEL.dispatcher).waitFor();
    await page.locator(SEL.navManager).click();
    await page.locator(ready('today')).waitFor();
    expect(new URL(page.url()).pathname).toBe('/manager');

    // The last 7 days hold the tickets made above even if the Shanghai day turned meanwhile.
    await page.locator('[data-testid=period][data-period="7d"]').click();
    const root = page.locator(ready('7d'));
    await root.waitFor();
    const api = await stats(await root.getAttribute('data-from'), await root.getAttribute('data-to'));
    expect(api.total).toBe(4);
    expect(api.perCompound.map((c) => [c.compoundId, c.total])).toEqual([
      ['c-a', 2],
      ['c-b', 1],
    ]);
    expect(api.perVan.map((v) => [v.vanId, v.total, v.resolved])).toEqual([[TECHNICIAN.vanId, 1, 1]]);
    expect(api.responseTime.count).toBe(1);

    expect(await page.locator('[data-testid=stats-total]').getAttribute('data-value')).toBe('4');
    const kpis: [string, number | null][] = [
      ['response-mean', api.responseTime.meanS],
      ['response-p90', api.responseTime.p90S],
      ['resolution-mean', api.resolutionTime.meanS],
      ['resolution-p90', api.resolutionTime.p90S],
      ['breach-rate', api.sla.breachRate],
      ['satisfaction', api.callback.satisfactionRate],
      ['repeat-repairs', api.repeatRepairs.reopens],
    ];
    for (const [kpi, value] of kpis) {
      const el = page.locator(`[data-testid=stats-kpi][data-kpi="${kpi}"]`);
      expect(await el.getAttribute('data-value'), kpi).toBe(raw(value));
    }
    expect(raw(api.callback.satisfactionRate)).toBe('1');
    for (const [p, n] of Object.entries(api.byPriority)) {
      const bar = page.locator(
        `[data-testid=bar-chart][data-chart=priority] [data-testid=bar][data-key="${p}"]`,
      );
      expect(await bar.getAttribute('data-value'), p).toBe(String(n));
    }
    const compoundBars = page.locator(
      '[data-testid=bar-chart][data-chart=compound-tickets] [data-testid=bar]',
    );
    expect(await compoundBars.count()).toBe(2);
    expect(await page.locator('[data-testid=compound-table] [data-testid=stats-row]').count()).toBe(2);
    for (const c of api.perCompound) {
      for (const col of ['total', 'open', 'meanResponseS', 'breachRate', 'satisfactionRate'] as const) {
        const value = await page
          .locator(cell('compound-table', c.compoundId, col))
          .getAttribute('data-value');
        expect(value, `${c.compoundId} ${col}`).toBe(raw(c[col]));
      }
    }
    const van = api.perVan[0];
    if (!van) throw new Error('no van in stats');
    for (const col of ['total', 'resolved', 'meanResponseS', 'meanResolutionS'] as const) {
      const value = await page.locator(cell('van-table', van.vanId, col)).getAttribute('data-value');
      expect(value, `van ${col}`).toBe(raw(van[col]));
    }

    // The compounds CSV, in the default language: BOM, header, one row per compound, raw figures.
    const compounds = await download(page, '[data-testid=csv-compounds]');
    expect(compounds.name).toMatch(/^redsail-stats-compounds-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const [a, b] = api.perCompound;
    if (!a || !b) throw new Error('two compounds expected');
    expect(csvLines(compounds.bytes)).toEqual([
      '小区编号,小区名称,工单数,未完结,平均响应时长（秒）,超时率,满意率',
      `c-a,"工保小区, 东院",${a.total},${a.open},${raw(a.meanResponseS)},${a.breachRate},${raw(a.satisfactionRate)}`,
      `c-b,'=曲阜镇家属院,${b.total},${b.open},${raw(b.meanResponseS)},${b.breachRate},${raw(b.satisfactionRate)}`,
    ]);

    // English: the headers on the page and in the file follow.
    const totalHeader = page.locator('[data-testid=compound-table] th button[data-col=total]');
    expect(await totalHeader.textContent()).toContain('工单数');
    await page.locator(SEL.lang).click();
    await page.locator('html[lang=en]').waitFor({ state: 'attached' });
    await expect.poll(() => totalHeader.textContent()).toContain('Tickets');
    const vans = await download(page, '[data-testid=csv-vans]');
    expect(vans.name).toMatch(/^redsail-stats-vans-/);
    expect(csvLines(vans.bytes)).toEqual([
      'Van ID,Van,Tickets,Resolved,Mean response (s),Mean resolution (s)',
      `${van.vanId},1号车,${van.total},${van.resolved},${raw(van.meanResponseS)},${raw(van.meanResolutionS)}`,
    ]);

    // Sorting by a header click: tickets high to low puts c-a (2) before c-b (1), then flips.
    const order = async () => {
      const ids: (string | null)[] = [];
      for (const r of await page.locator('[data-testid=compound-table] [data-testid=stats-row]').all()) {
        ids.push(await r.getAttribute('data-id'));
      }
      return ids;
    };
    await totalHeader.click();
    expect(await order()).toEqual(['c-a', 'c-b']);
    await totalHeader.press('Enter');
    await expect.poll(order).toEqual(['c-b', 'c-a']);

    // A period with no tickets: said in words, no charts.
    await page.locator('[data-testid=period][data-period=custom]').click();
    await page.locator('[data-testid=period-from]').fill('2020-01-01');
    await page.locator('[data-testid=period-to]').fill('2020-01-02');
    await page.locator('[data-testid=period-apply]').click();
    const empty = page.locator(ready('custom'));
    await empty.waitFor();
    expect(await empty.getAttribute('data-from')).toBe('2019-12-31T16:00:00.000Z');
    expect(await empty.getAttribute('data-to')).toBe('2020-01-02T15:59:59.999Z');
    await page.locator('[data-testid=stats-empty]').waitFor();
    expect(await page.locator('[data-testid=bar-chart]').count()).toBe(0);

    // A reload stays on the page; the nav leads back to the dispatcher page.
    await page.reload();
    await page.locator(ready('today')).waitFor();
    expect(new URL(page.url()).pathname).toBe('/manager');
    await page.locator(SEL.navDispatcher).click();
    await page.locator(SEL.dispatcher).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('sends a technician who asks for /manager to /tech, with no nav', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, TECHNICIAN.username, TECHNICIAN.password);
    await page.locator(SEL.tech).waitFor();
    await page.goto(`${cs.baseUrl}/manager`);
    await page.locator(SEL.tech).waitFor();
    await page.waitForURL((url) => url.pathname === '/tech');
    expect(await page.locator(SEL.manager).count()).toBe(0);
    expect(await page.locator(SEL.navManager).count()).toBe(0);
  });

  it('shows a viewer the page, opened directly, with the figures of the API', async () => {
    const viewer = await cs.s.api.userToken(cs.s.admin, 'watcher', 'viewer');
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, 'watcher', 'watcher-password');
    await page.locator(SEL.dispatcher).waitFor();
    await page.goto(`${cs.baseUrl}/manager`);
    const root = page.locator(ready('today'));
    await root.waitFor();
    expect(new URL(page.url()).pathname).toBe('/manager');
    const api = await stats(await root.getAttribute('data-from'), await root.getAttribute('data-to'), viewer);
    expect(await page.locator('[data-testid=stats-total]').getAttribute('data-value')).toBe(
      String(api.total),
    );
    expect(await page.locator('[data-testid=compound-table] [data-testid=stats-row]').count()).toBe(
      api.perCompound.length,
    );

    // The tickets of the same period as a spreadsheet, one row per ticket the stats count.
    const tickets = await download(page, '[data-testid=tickets-csv]');
    expect(tickets.name).toMatch(/^redsail-tickets-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...rows] = csvLines(tickets.bytes);
    expect(header).toMatch(
      /^工单号,状态,优先级,.*用料,用料金额（元）,工时（分钟）,维修前照片,维修后照片,居民签字,/,
    );
    expect(rows).toHaveLength(api.total);
  });
});
