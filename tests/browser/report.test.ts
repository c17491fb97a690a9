// The monthly report's A4 page in Chromium (1920×1080, zh-CN) against the real server: the month
// the medium tests record (tests/medium/monthly-report-scenario.ts, October 2026 on the manual
// clock) is opened at /report?month=2026-10; the totals, every compound row and the total row, the
// breakdowns and the methods on the page equal GET /api/reports/monthly's JSON; the Excel button
// downloads a zip; in print media the app chrome is hidden and the sheet does not overflow; the
// PDF has A4 pages. Screenshots: docs/screenshots/report-zh.png, report-print-zh.png. No sleeps.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REPORT_CHANGE_KEYS,
  type MonthlyReportDto,
  type ReportFiguresDto,
} from '../../server/src/contracts/dto';
import { startMonth, type Month } from '../medium/monthly-report-scenario';
import { launchBrowser, login, openPage } from './helpers';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOT = path.resolve(HERE, '../../docs/screenshots/report-zh.png');
const PRINT_SHOT = path.resolve(HERE, '../../docs/screenshots/report-print-zh.png');
const MONTH = '2026-10';
const SEL = {
  ready: '[data-testid=report][data-state=ready]',
  sheet: '[data-testid=report-sheet]',
  compounds: '[data-testid=report-compounds] table',
};
/** How the page writes a raw figure in data-value: the number as JS prints it, nothing for null. */
const raw = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

/** The figures of one row of the per-compound table, read straight from the JSON. */
function expectedRow(f: ReportFiguresDto, ticketsDelta: number | null): Record<string, number | null> {
  return {
    tickets: f.tickets,
    'source.alarm': f.bySource.alarm ?? 0,
    'source.hotline': f.bySource.hotline ?? 0,
    'source.grid': f.bySource.grid ?? 0,
    'source.inspection': f.bySource.inspection ?? 0,
    responseMedianS: f.responseTime.medianS,
    responseP90S: f.responseTime.p90S,
    resolutionMedianS: f.resolutionTime.medianS,
    resolutionP90S: f.resolutionTime.p90S,
    breaches: f.sla.breachedTickets,
    callbacksMade: f.callbacks.made,
    satisfactionRate: f.callbacks.satisfactionRate,
    repeatRepairs: f.repeatRepairs.reopens,
    labourHours: f.labour.hours,
    partsCostYuan: f.parts.costYuan,
    ticketsChange: ticketsDelta,
  };
}

async function rowValues(page: Page, id: string): Promise<Record<string, string | null>> {
  const cells = page.locator(`[data-testid=report-compound][data-id="${id}"] td[data-col]`);
  const out: Record<string, string | null> = {};
  for (const td of await cells.all())
    out[(await td.getAttribute('data-col')) ?? '?'] = await td.getAttribute('data-value');
  return out;
}

/**
 * The sheet's inner right edge (inside its padding), the right edge of its widest table, and
 * whether any table scrolls (a string, as the tests have no DOM types).
 */
async function overflow(page: Page): Promise<{ inner: number; right: number; scrolls: boolean }> {
  const json = await page.evaluate<string>(`JSON.stringify((() => {
    const sheet = document.querySelector('[data-testid=report-sheet]');
    const tables = [...sheet.querySelectorAll('table')];
    return {
      inner: sheet.getBoundingClientRect().right - parseFloat(getComputedStyle(sheet).paddingRight),
      right: Math.max(...tables.map((t) => t.getBoundingClientRect().right)),
      scrolls: tables.some((t) => t.scrollWidth > t.clientWidth + 1),
    };
  })())`);
  return JSON.parse(json) as { inner: number; right: number; scrolls: boolean };
}

describe('the monthly report page in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  let m: Month;
  let report: MonthlyReportDto;

  beforeAll(async () => {
    [browser, m] = await Promise.all([launchBrowser(), startMonth()]);
    // The scenario leaves the clock in November 2026; back to the wall clock (never backwards), so
    // the session cookie the browser gets is not already expired by its own clock.
    const clock = m.s.clock;
    if (!clock) throw new Error('the scenario runs on a manual clock');
    clock.set(Math.max(Date.now(), clock.now()));
    m.s.app.tick();
    const res = await m.s.api.get<MonthlyReportDto>(`/api/reports/monthly?month=${MONTH}`, m.disp);
    expect(res.status).toBe(200);
    report = res.body;
    expect(report.compounds.map((c) => c.compoundId)).toEqual(['c1', 'c2']);
    expect(report.unplaced?.tickets).toBe(1);
  });
  afterAll(async () => {
    await browser?.close();
    await m?.stop();
  });

  it("shows the JSON's figures on an A4 sheet, downloads the workbook and prints without the app's chrome", async () => {
    const { page } = await openPage(browser, m.s.httpUrl);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await login(page, m.s.httpUrl, 'disp', 'disp-password');
    await page.locator('[data-testid=dispatcher]').waitFor();
    await page.goto(`${m.s.httpUrl}/report?month=${MONTH}`);
    await page.locator(`${SEL.ready} ${SEL.sheet}`).waitFor();
    expect(new URL(page.url()).searchParams.get('month')).toBe(MONTH);
    expect(await page.locator('[data-testid=report-month]').inputValue()).toBe(MONTH);
    expect(await page.locator(`${SEL.sheet} h1`).textContent()).toContain('2026年10月');

    // 总体: every figure against last month, as the JSON has it.
    for (const key of REPORT_CHANGE_KEYS) {
      const row = page.locator(`[data-testid=report-total][data-figure="${key}"]`);
      expect(await row.getAttribute('data-value'), key).toBe(raw(report.totals.change[key].current));
    }
    expect(raw(report.totals.change.tickets.current)).toBe(String(report.totals.tickets));

    // 按小区: each compound, the unplaced tickets and the total, column by column.
    const ids: (string | null)[] = [];
    for (const r of await page.locator('[data-testid=report-compound]').all())
      ids.push(await r.getAttribute('data-id'));
    expect(ids).toEqual(['c1', 'c2', '', '*']);
    const rows: [string, ReportFiguresDto, number | null][] = [
      ...report.compounds.map((c): [string, ReportFiguresDto, number | null] => [
        c.compoundId,
        c,
        c.change.tickets.delta,
      ]),
      ['', report.unplaced!, null],
      ['*', report.totals, report.totals.change.tickets.delta],
    ];
    for (const [id, figures, delta] of rows) {
      const want = Object.fromEntries(
        Object.entries(expectedRow(figures, delta)).map(([k, v]) => [k, raw(v)]),
      );
      expect(await rowValues(page, id), `compound row "${id}"`).toEqual(want);
    }
    const c1 = page.locator('[data-testid=report-compound][data-id=c1]');
    expect(await c1.locator('th').textContent()).toBe('工保小区');
    expect(await c1.locator('td[data-col=tickets]').textContent()).toBe(String(report.compounds[0]!.tickets));
    // A compound named like a formula is shown as text.
    expect(await page.locator('[data-testid=report-compound][data-id=c2] th').textContent()).toBe(
      '=HYPERLINK("x")家属院',
    );
    // The unplaced ticket never had anyone on site: its median is "—", not 0.
    expect(report.unplaced!.responseTime.medianS).toBeNull();
    const unplacedMedian = page.locator(
      '[data-testid=report-compound][data-id=""] td[data-col=responseMedianS]',
    );
    expect(await unplacedMedian.textContent()).toBe('—');

    // 按来源 / 按类别 / 按优先级.
    for (const [group, counts] of [
      ['source', report.totals.bySource],
      ['category', report.totals.byCategory],
      ['priority', report.totals.byPriority],
    ] as const) {
      for (const [key, n] of Object.entries(counts)) {
        const tr = page.locator(`[data-testid=report-by-${group}] tr[data-key="${key}"]`);
        expect(await tr.getAttribute('data-value'), `${group} ${key}`).toBe(String(n));
      }
    }

    // 计算方法, in Chinese.
    const methods = page.locator('[data-testid=report-method]');
    expect(await methods.count()).toBe(report.methods.length);
    expect(report.methods.length).toBeGreaterThan(0);
    expect(await methods.first().textContent()).toBe(report.methods[0]!.zh);
    await page.locator('[data-testid=report-signoff]').waitFor();

    // On screen: a sheet of A4 width on grey, its tables inside it.
    const screen = await overflow(page);
    expect(screen.scrolls).toBe(false);
    expect(screen.right).toBeLessThanOrEqual(screen.inner + 1);
    await page.screenshot({ path: SHOT, fullPage: true });

    // 下载 Excel: the workbook of the month, a zip.
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=report-xlsx]').click(),
    ]);
    const bytes = await readFile(await file.path());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(file.suggestedFilename()).toBe(`report-${MONTH}.xlsx`);

    // Print: no top bar, nav or buttons; the sheet's tables still fit.
    await page.emulateMedia({ media: 'print' });
    for (const sel of [
      '.top-bar',
      '[data-testid=nav-manager]',
      '[data-testid=logout]',
      '[data-testid=report-print]',
      '[data-testid=report-xlsx]',
      '[data-testid=report-month]',
    ]) {
      expect(await page.locator(sel).isHidden(), sel).toBe(true);
    }
    expect(await page.locator(SEL.compounds).isVisible()).toBe(true);
    // Rows stay whole across a page break and the header rows repeat on every page.
    const css = await page.evaluate<string>(`JSON.stringify((() => {
      const table = document.querySelector('[data-testid=report-compounds] table');
      return {
        thead: getComputedStyle(table.querySelector('thead')).display,
        row: getComputedStyle(table.querySelector('tbody tr')).breakInside,
        color: getComputedStyle(table).color,
      };
    })())`);
    expect(JSON.parse(css)).toEqual({ thead: 'table-header-group', row: 'avoid', color: 'rgb(0, 0, 0)' });
    const printed = await overflow(page);
    expect(printed.scrolls).toBe(false);
    expect(printed.right).toBeLessThanOrEqual(printed.inner + 1);
    // The screenshot at A4 width (210 mm at 96 px/in), as the page box lays the sheet out.
    await page.setViewportSize({ width: 794, height: 1123 });
    expect((await overflow(page)).scrolls).toBe(false);
    await page.screenshot({ path: PRINT_SHOT, fullPage: true });

    // The PDF Chromium prints: A4 pages (one /Type /Page object per page).
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    const pages = pdf.match(/\/Type\s*\/Page(?![a-z])/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pdf).toMatch(/\/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 84[12](\.\d+)?\s*\]/);

    // In English the sheet follows: headers and the methods in the UI language.
    await page.emulateMedia({ media: 'screen' });
    await page.locator('[data-testid=lang-switch]').click();
    await page.locator('html[lang=en]').waitFor({ state: 'attached' });
    await expect.poll(() => methods.first().textContent()).toBe(report.methods[0]!.en);
    expect(await page.locator(`${SEL.compounds} thead`).textContent()).toContain('Compound');
    await page.locator(SEL.ready).waitFor();
    expect(
      await page.locator('[data-testid=report-total][data-figure=tickets]').getAttribute('data-value'),
    ).toBe(String(report.totals.tickets));
  });
});
