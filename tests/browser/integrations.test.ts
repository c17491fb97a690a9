// The integrations page in Chromium against the real server (1920×1080): an admin opens 接入管理
// through the nav, issues a key for the 12345 hotline, sees it once with the warning, copies it, and
// the test (not the page) files an Open311 request with it; the admin revokes it after confirming and
// the key is refused. Writes docs/screenshots/integrations-zh.png. No sleeps, only waits.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD } from '../helpers/server';
import { launchBrowser, login, openPage, startConsoleServer, type ConsoleServer } from './helpers';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOT = path.resolve(HERE, '../../docs/screenshots/integrations-zh.png');

const SEL = {
  dispatcher: '[data-testid=dispatcher]',
  nav: '[data-testid=nav-integrations]',
  ready: '[data-testid=integrations][data-state=ready]',
  form: '[data-testid=integration-form]',
  key: '[data-testid=integration-key]',
  row: '[data-testid=integration]',
};

describe('the integrations page in Chromium', { timeout: 90_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;

  beforeAll(async () => {
    [browser, cs] = await Promise.all([launchBrowser(), startConsoleServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.s.stop();
  });

  const file = (apiKey: string) =>
    fetch(`${cs.baseUrl}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: apiKey,
        service_code: 'lighting',
        lat: '35.5972',
        long: '116.9903',
        description: '5 号楼前路灯不亮',
        last_name: '张',
        first_name: '伟',
        phone: '13700000003',
      }).toString(),
    });

  it('lets an admin issue a key shown once, copy it, and revoke it so that it is refused', async () => {
    const { page, context } = await openPage(browser, cs.baseUrl);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cs.baseUrl });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await login(page, cs.baseUrl, 'admin', ADMIN_PASSWORD);
    await page.locator(SEL.dispatcher).waitFor();
    await page.locator(SEL.nav).click();
    await page.locator(SEL.ready).waitFor();
    expect(new URL(page.url()).pathname).toBe('/integrations');
    await page.locator('[data-testid=integrations-empty]').waitFor();

    const form = page.locator(SEL.form);
    await form.locator('input[name=name]').fill('12345 市民热线');
    await form.locator('select[name=source]').selectOption('hotline');
    await page.locator('[data-testid=integration-save]').click();

    const shown = page.locator(SEL.key);
    await shown.waitFor();
    expect(await shown.textContent()).toContain('只显示这一次');
    const apiKey = await page.locator('[data-testid=integration-key-value]').inputValue();
    expect(apiKey).toMatch(/^rsk_INT[0-9A-Z]+_[A-Za-z0-9_-]{43}$/);
    await page.locator('[data-testid=integration-copy]').click();
    await page.locator('[data-testid=integration-copy]', { hasText: '已复制' }).waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(apiKey);

    const row = page.locator(SEL.row);
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('active');
    expect(await row.textContent()).toContain('使用中');
    expect(await row.textContent()).not.toContain(apiKey);
    await page.screenshot({ path: SHOT });

    // The integrator's system files a request with the key it was handed.
    const filed = await file(apiKey);
    expect(filed.status).toBe(201);
    const [answer] = (await filed.json()) as { service_request_id: string }[];
    const ticket = await cs.s.api.get<{ source: string }>(
      `/api/tickets/${answer?.service_request_id ?? ''}`,
      cs.s.admin,
    );
    expect(ticket.body.source).toBe('hotline');

    // Once dismissed, the key is not shown again, not even after a reload.
    await page.locator('[data-testid=integration-key-done]').click();
    await shown.waitFor({ state: 'detached' });
    await page.reload();
    await page.locator(SEL.ready).waitFor();
    expect(await page.locator(SEL.key).count()).toBe(0);
    expect(await page.content()).not.toContain(apiKey);

    await row.locator('[data-testid=integration-revoke]').click();
    await row.locator('[data-testid=integration-revoke-confirm]').click();
    await page.locator(`${SEL.row}[data-state=revoked]`).waitFor();
    expect(await row.textContent()).toContain('已吊销');
    expect((await file(apiKey)).status).toBe(403);
  });
});
