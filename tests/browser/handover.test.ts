// The shift handover in Chromium against the real server (1920×1080, zh-CN): dispatcher A writes a
// handover on 交接班 from the live preview; dispatcher B, in a second browser context on the
// dispatcher page, sees the calm banner arrive live, opens it, checks the frozen sheet and signs it
// off; A's history turns signed live and B's history shows both names. Screenshot:
// docs/screenshots/handover-zh.png. No sleeps.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoverDto, TicketDto } from '../../server/src/contracts/dto';
import { DEFAULT_SHIFTS } from '../../server/src/pipeline/duty';
import { shiftsAround } from '../../server/src/pipeline/handover-snapshot';
import {
  DISPATCHER,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOT = path.resolve(HERE, '../../docs/screenshots/handover-zh.png');
const B = { username: 'disp-b', password: 'disp-b-password-1' } as const;
const NOTE = '3号楼消防栓漏水，已通知物业，明早需回访；东门路灯待备件。';
const SEL = {
  dispatcher: '[data-testid=dispatcher][data-live=true]',
  page: '[data-testid=handover-page][data-live=true]',
};

describe('the shift handover in Chromium', { timeout: 90_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  const tickets: string[] = [];

  beforeAll(async () => {
    [browser, cs] = await Promise.all([launchBrowser(), startConsoleServer()]);
    const { s } = cs;
    expect((await s.api.post('/api/users', { ...B, role: 'dispatcher' }, s.admin)).status).toBe(201);
    const disp = await s.api.login(DISPATCHER.username, DISPATCHER.password);
    for (const body of [
      { category: 'fire', description: '3号楼消防栓漏水', priority: 'P1', address: '工保小区3号楼' },
      { category: 'lighting', description: '东门路灯不亮', address: '工保小区东门' },
      { category: 'water', description: '地下室水管渗水', priority: 'P3', address: '工保小区5号楼' },
    ]) {
      const res = await s.api.post<TicketDto>('/api/tickets', body, disp);
      expect(res.status).toBe(201);
      tickets.push(res.body.id);
    }
    // The roster: A on the shift on duty now, B on the next one.
    const around = shiftsAround(Date.now(), 'Asia/Shanghai', DEFAULT_SHIFTS, []);
    for (const [slot, who] of [
      [around.ending, DISPATCHER.username],
      [around.next, B.username],
    ] as const) {
      if (!slot) continue;
      const put = await s.api.request('PUT', `/api/duty/roster/${slot.date}/${slot.shiftId}`, {
        token: s.admin,
        body: { members: [who] },
      });
      expect(put.status).toBe(200);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.s.stop();
  });

  it('A hands over, B sees the banner live, opens it and signs off; the history shows both names', async () => {
    const b = await openPage(browser, cs.baseUrl);
    await b.page.setViewportSize({ width: 1920, height: 1080 });
    await login(b.page, cs.baseUrl, B.username, B.password);
    await b.page.locator(SEL.dispatcher).waitFor();
    expect(await b.page.locator('[data-testid=handover-banner]').count()).toBe(0);

    const a = await openPage(browser, cs.baseUrl);
    await a.page.setViewportSize({ width: 1920, height: 1080 });
    await login(a.page, cs.baseUrl, DISPATCHER.username, DISPATCHER.password);
    await a.page.locator(SEL.dispatcher).waitFor();
    await a.page.locator('[data-testid=nav-handover]').click();
    await a.page.locator(SEL.page).waitFor();
    // The preview lists the open tickets the sheet will carry.
    const give = a.page.locator('[data-testid=handover-give]');
    await give.locator('[data-testid=handover-count-open][data-n="3"]').waitFor();
    expect(await give.locator('[data-testid=handover-ticket]').count()).toBe(3);
    await a.page.locator('[data-testid=handover-note]').fill(NOTE);
    await a.page.locator('[data-testid=handover-submit]').click();
    await a.page.locator('[data-testid=handover-done]').waitFor();
    const row = a.page.locator('[data-testid=handover-row][data-acked=false]');
    await row.waitFor();
    const id = await row.getAttribute('data-id');
    expect(id).toBeTruthy();
    // Their own handover is not theirs to sign.
    await a.page.locator(`[data-testid=handover-take][data-id="${id}"]`).waitFor();
    expect(await a.page.locator('[data-testid=handover-ack]').count()).toBe(0);

    // B: the banner arrives without a reload.
    const banner = b.page.locator(`[data-testid=handover-banner][data-id="${id}"]`);
    await banner.waitFor();
    expect(await banner.textContent()).toContain(DISPATCHER.username);
    await banner.locator('[data-testid=handover-banner-open]').click();
    await b.page.locator(SEL.page).waitFor();
    expect(new URL(b.page.url()).searchParams.get('id')).toBe(id);
    const take = b.page.locator(`[data-testid=handover-take][data-id="${id}"]`);
    await take.waitFor();
    expect(await take.locator('[data-testid=handover-take-note]').textContent()).toBe(NOTE);
    const listed: (string | null)[] = [];
    for (const r of await take.locator('[data-testid=handover-ticket]').all())
      listed.push(await r.getAttribute('data-id'));
    expect(listed).toEqual([tickets[0], tickets[2], tickets[1]]); // P1, P3, P4
    await b.page.locator('[data-testid=handover-ack-note]').fill('已核对，消防栓工单继续跟进');
    await b.page.locator('[data-testid=handover-ack]').click();
    const signed = b.page.locator(
      `[data-testid=handover-detail][data-id="${id}"] [data-testid=handover-signed]`,
    );
    await signed.waitFor();
    expect(await signed.textContent()).toContain(B.username);
    const bRow = b.page.locator(`[data-testid=handover-row][data-id="${id}"][data-acked=true]`);
    await bRow.waitFor();
    expect(await bRow.textContent()).toContain(`${DISPATCHER.username} → ${B.username}`);

    // A's history turns signed live.
    await a.page.locator(`[data-testid=handover-row][data-id="${id}"][data-acked=true]`).waitFor();
    const stored = await cs.s.api.get<HandoverDto>(`/api/handovers/${id}`, cs.s.admin);
    expect(stored.body).toMatchObject({ from: DISPATCHER.username, ackedBy: B.username, note: NOTE });

    await b.page.screenshot({ path: SHOT, fullPage: true });
  });
});
