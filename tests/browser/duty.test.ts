// The duty roster in Chromium against the real server (manual clock): an admin opens 值班表 through
// the nav and puts the dispatcher on the shift on duty now as its supervisor; the dispatcher then sees
// themself on call in the top bar, cannot edit the roster, and a P1 left unaccepted for 300 s shows
// "escalated L1" on its board card and an escalated entry naming them in its timeline. No sleeps.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SHIFTS, shiftAt } from '../../server/src/pipeline/duty';
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
  dispatcher: '[data-testid=dispatcher][data-live=true]',
  ready: '[data-testid=duty][data-state=ready]',
  editor: '[data-testid=roster-editor]',
};
const cell = (date: string, shift: string) =>
  `[data-testid=roster-cell][data-date="${date}"][data-shift="${shift}"]`;

describe('the duty roster in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let disp: string;
  let slot: { date: string; shift: string };

  beforeAll(async () => {
    [browser, cs] = await Promise.all([launchBrowser(), startConsoleServer({ manualClock: true })]);
    disp = await cs.s.api.login(DISPATCHER.username, DISPATCHER.password);
    const at = shiftAt(cs.s.clock?.now() ?? Date.now(), 'Asia/Shanghai', DEFAULT_SHIFTS);
    if (!at) throw new Error('the default shifts cover every hour');
    slot = { date: at.date, shift: at.shift.id };
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.s.stop();
  });

  /** The roster page showing the week of the shift on duty now (a Monday-morning night shift began last week). */
  async function rosterOfNow(page: Page): Promise<void> {
    await page.locator('[data-testid=nav-duty]').click();
    await page.locator(SEL.ready).waitFor();
    expect(new URL(page.url()).pathname).toBe('/duty');
    if ((await page.locator(cell(slot.date, slot.shift)).count()) === 0) {
      await page.locator('[data-testid=roster-prev]').click();
      await page.locator(`${SEL.ready} ${cell(slot.date, slot.shift)}`).waitFor();
    }
  }

  it('lets an admin put the dispatcher on the shift on duty as its supervisor', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, 'admin', ADMIN_PASSWORD);
    await page.locator(SEL.dispatcher).waitFor();
    await rosterOfNow(page);
    expect(await page.locator('[data-testid=roster-cell]').count()).toBe(14); // 7 days × 2 shifts
    const here = page.locator(cell(slot.date, slot.shift));
    expect(await here.textContent()).toContain('未排班');
    await here.locator('[data-testid=roster-edit]').click();
    const editor = page.locator(SEL.editor);
    await editor.locator(`[data-testid=roster-member][value="${DISPATCHER.username}"]`).check();
    await editor.locator('[data-testid=roster-supervisor-select]').selectOption(DISPATCHER.username);
    await editor.locator('[data-testid=roster-save]').click();
    await page.locator(SEL.editor).waitFor({ state: 'detached' });
    await expect
      .poll(() => here.locator('[data-testid=roster-supervisor]').textContent())
      .toContain(DISPATCHER.username);
    expect(await here.locator('[data-testid=roster-members]').textContent()).toBe(DISPATCHER.username);

    const now = await cs.s.api.get<{ supervisor?: string; members: string[] }>('/api/duty/now', disp);
    expect(now.body).toMatchObject({ supervisor: DISPATCHER.username, members: [DISPATCHER.username] });
    const audit = await cs.s.api.get<{ action: string; entityId?: string }[]>(
      '/api/audit?entity=duty',
      cs.s.admin,
    );
    expect(audit.body[0]).toMatchObject({ action: 'duty.set', entityId: `${slot.date}/${slot.shift}` });
  });

  it('shows the dispatcher on call, a read-only roster, and an escalated ticket on the board and in its timeline', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await page.locator(SEL.dispatcher).waitFor();
    await expect
      .poll(() => page.locator('[data-testid=on-call]').textContent())
      .toContain(DISPATCHER.username);

    const created = await cs.s.api.post<{ id: string }>(
      '/api/tickets',
      { category: 'electrical', description: '配电箱冒烟', priority: 'P1' },
      disp,
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    const card = page.locator(`[data-testid=ticket-card][data-ticket-id="${id}"]`);
    await card.waitFor();
    expect(await card.locator('[data-testid=badge-escalated]').count()).toBe(0);
    cs.s.clock?.advance(300_000);
    cs.s.app.tick();
    await page.locator(`[data-testid=ticket-card][data-ticket-id="${id}"][data-escalation="1"]`).waitFor();
    expect(await card.locator('[data-testid=badge-escalated]').textContent()).toContain('升级 L1');
    await card.click();
    const entry = page.locator(
      `[data-testid=ticket-detail] [data-testid=timeline-item][data-type=escalated]`,
    );
    await entry.waitFor();
    expect(await entry.textContent()).toContain('超时升级');
    expect(await entry.textContent()).toContain(`通知：${DISPATCHER.username}`);

    await rosterOfNow(page);
    expect(await page.locator('[data-testid=roster-edit]').count()).toBe(0);
    expect(await page.locator(cell(slot.date, slot.shift)).textContent()).toContain(DISPATCHER.username);
  });
});
