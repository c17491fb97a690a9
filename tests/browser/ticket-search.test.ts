// Finding tickets in Chromium against the real server (1920×1080, zh-CN): three tickets of one
// caller made over the API (open, closed after the callback, cancelled) among others; on the
// dispatcher page `/` focuses the top bar's search, a phone and Enter open the history with all
// three; the 已关闭 chip leaves the closed one; a click opens its detail; a reload shows the same
// query and detail. A ticket number typed in lower case without its dash opens that ticket on the
// dispatcher page directly. Screenshot: docs/screenshots/ticket-history-zh.png. No sleeps.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketDto } from '../../server/src/contracts/dto';
import {
  DISPATCHER,
  TECHNICIAN,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOT = path.resolve(HERE, '../../docs/screenshots/ticket-history-zh.png');
const PHONE = '13912345678';
const CALLER = { name: '王大爷', phone: PHONE };
const rows = (page: Page) => page.locator('[data-testid=history-row]');

describe('ticket search and history in Chromium', { timeout: 90_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  const mine: Record<'open' | 'closed' | 'cancelled', string> = { open: '', closed: '', cancelled: '' };

  beforeAll(async () => {
    [browser, cs] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: { AUTO_DISPATCH: 'false' } }),
    ]);
    const { s } = cs;
    const disp = await s.api.login(DISPATCHER.username, DISPATCHER.password);
    const tech = await s.api.login(TECHNICIAN.username, TECHNICIAN.password);
    const create = async (body: object) => {
      const res = await s.api.post<TicketDto>('/api/tickets', { category: 'water', ...body }, disp);
      expect(res.status).toBe(201);
      return res.body.id;
    };
    const step = async (id: string, body: object, token = disp) =>
      expect((await s.api.post(`/api/tickets/${id}/events`, body, token)).status).toBe(200);

    await create({ description: '东门路灯不亮', category: 'lighting', address: '工保小区东门' });
    mine.closed = await create({
      description: '厨房水管漏水',
      address: '工保小区3号楼2单元401',
      reporter: CALLER,
    });
    await step(mine.closed, { type: 'dispatch', vanId: TECHNICIAN.vanId });
    for (const type of ['accept', 'depart', 'arrive']) await step(mine.closed, { type }, tech);
    await step(mine.closed, { type: 'resolve', note: '更换阀门' }, tech);
    await step(mine.closed, { type: 'callback', satisfaction: 'satisfied' });
    mine.cancelled = await create({
      description: '楼道灯不亮（重复报修）',
      category: 'lighting',
      reporter: CALLER,
    });
    await step(mine.cancelled, { type: 'cancel', reason: '重复报修' });
    await create({ description: '配电箱异响', category: 'electrical', address: '曲阜镇家属院2号楼' });
    for (let i = 1; i <= 51; i++)
      await create({
        description: `例行巡检记录 ${i}`,
        category: 'other',
        source: 'inspection',
        priority: 'P4',
      });
    mine.open = await create({
      description: '楼道里水管爆了，水流到一楼',
      address: '工保小区3号楼',
      priority: 'P1',
      reporter: CALLER,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.s.stop();
  });

  it('/ on the dispatcher page, a phone and Enter: the history finds the caller’s tickets; 已关闭 narrows; a row opens; a reload keeps it', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();

    await page.keyboard.press('/');
    await page.locator('[data-testid=global-search]:focus').waitFor();
    await page.keyboard.type('139 1234 5678');
    await page.keyboard.press('Enter');

    await page.locator('[data-testid=history-page]').waitFor();
    await page.locator('[data-testid=history-count][data-count="3"][data-total="3"]').waitFor();
    const ids: (string | null)[] = [];
    for (const r of await rows(page).all()) ids.push(await r.getAttribute('data-id'));
    expect(ids).toStrictEqual([mine.open, mine.cancelled, mine.closed]);
    expect(await page.locator('[data-testid=history-q]').inputValue()).toBe('139 1234 5678');

    await page.locator('[data-testid=history-status-closed]').click();
    await page.locator('[data-testid=history-count][data-count="1"]').waitFor();
    expect(await rows(page).getAttribute('data-id')).toBe(mine.closed);
    expect(await rows(page).getAttribute('data-status')).toBe('closed');

    await rows(page).click();
    const detail = page.locator(
      `[data-testid=ticket-detail][data-ticket-id="${mine.closed}"][data-status=closed]`,
    );
    await detail.waitFor();
    expect(await detail.textContent()).toContain('厨房水管漏水');
    expect(new URL(page.url()).searchParams.get('status')).toBe('closed');

    await page.reload();
    await page.locator('[data-testid=history-count][data-count="1"]').waitFor();
    expect(await page.locator('[data-testid=history-q]').inputValue()).toBe('139 1234 5678');
    expect(await page.locator('[data-testid=history-status-closed]').getAttribute('aria-pressed')).toBe(
      'true',
    );
    await detail.waitFor();

    await page.locator('[data-testid=history-status-any]').click();
    await page.locator('[data-testid=history-count][data-count="3"]').waitFor();
    await page.screenshot({ path: SHOT });
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    expect(new URL(page.url()).searchParams.get('open')).toBeNull();
  });

  it('a ticket number typed in lower case without its dash opens that ticket on the dispatcher page', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
    await page.keyboard.press('/');
    await page.keyboard.type(mine.open.replace('-', '').toLowerCase());
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid=ticket-detail][data-ticket-id="${mine.open}"]`).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('[data-testid=global-search]').inputValue()).toBe('');
  });

  it('a pasted history link shows 50 of the total at once and 更多 loads the rest', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
    await page.goto(`${cs.baseUrl}/tickets?q=${encodeURIComponent('巡检记录')}&source=inspection`);
    await page.locator('[data-testid=history-count][data-count="50"][data-total="51"]').waitFor();
    expect(await page.locator('[data-testid=history-source]').inputValue()).toBe('inspection');
    await page.locator('[data-testid=history-more]').click();
    await page.locator('[data-testid=history-count][data-count="51"]').waitFor();
    expect(await page.locator('[data-testid=history-more]').count()).toBe(0);
    expect(await rows(page).last().textContent()).toContain('例行巡检记录 1');
  });
});
