// The audit page in Chromium against the real server: an admin logs in, opens 审计日志 through the
// nav and finds their own login; a dispatcher's changes made meanwhile appear after a search,
// filtered by actor and entity, page by page with "load more", and in the CSV export; a dispatcher
// is not offered the page and is sent home when asking for it. No sleeps, only waits.
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD } from '../helpers/server';
import {
  DISPATCHER,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

const SEL = {
  audit: '[data-testid=audit]',
  ready: '[data-testid=audit][data-state=ready]',
  row: '[data-testid=audit-row]',
  nav: '[data-testid=nav-audit]',
  more: '[data-testid=audit-more]',
  end: '[data-testid=audit-end]',
  dispatcher: '[data-testid=dispatcher]',
};
/** More than one page of the console (AUDIT_PAGE = 100). */
const TICKETS = 103;

describe('the audit page in Chromium', { timeout: 90_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let disp: string;

  beforeAll(async () => {
    [browser, cs] = await Promise.all([launchBrowser(), startConsoleServer()]);
    disp = await cs.s.api.login(DISPATCHER.username, DISPATCHER.password);
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.s.stop();
  });

  it('shows an admin the changes made through the API, filtered, paged and exported', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, 'admin', ADMIN_PASSWORD);
    await page.locator(SEL.dispatcher).waitFor();
    await page.locator(SEL.nav).click();
    await page.locator(SEL.ready).waitFor();
    expect(new URL(page.url()).pathname).toBe('/audit');
    const newest = page.locator(SEL.row).first();
    expect(await newest.getAttribute('data-action')).toBe('auth.login');
    expect(await newest.getAttribute('data-actor')).toBe('admin');

    const ids: string[] = [];
    for (let i = 0; i < TICKETS; i++) {
      const res = await cs.s.api.post<{ id: string }>(
        '/api/tickets',
        { category: 'other', description: `报修 ${i}` },
        disp,
      );
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    await page.locator('input[name=actor]').fill(DISPATCHER.username);
    await page.locator('select[name=entity]').selectOption('ticket');
    await page.locator('[data-testid=audit-apply]').click();
    await expect.poll(() => page.locator(SEL.row).first().textContent()).toContain(ids.at(-1));
    await page.locator(SEL.ready).waitFor();
    expect(await page.locator(SEL.row).count()).toBe(100);
    expect(await page.locator(`${SEL.row}:not([data-action="ticket.create"])`).count()).toBe(0);

    await page.locator(SEL.more).click();
    await page.locator(SEL.end).waitFor();
    expect(await page.locator(SEL.row).count()).toBe(TICKETS);
    expect(await page.locator(SEL.row).last().textContent()).toContain(ids[0]);

    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=audit-csv]').click(),
    ]);
    expect(file.suggestedFilename()).toBe('redsail-audit.csv');
    const bytes = await readFile(await file.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    for (const id of ids) expect(csv).toContain(id);
    expect(csv).not.toContain('auth.login');
  });

  it('is not offered to a dispatcher, who is sent home when asking for it', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator(SEL.dispatcher).waitFor();
    expect(await page.locator(SEL.nav).count()).toBe(0);
    await page.goto(`${cs.baseUrl}/audit`);
    await page.locator(SEL.dispatcher).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator(SEL.audit).count()).toBe(0);
  });
});
