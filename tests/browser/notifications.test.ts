// The notification channels page in Chromium against the real server: an admin opens 通知渠道
// through the nav, adds a signed webhook channel pointing at a local receiver (127.0.0.1), presses
// send test and sees it delivered — the receiver got the signed test message and the delivery is
// listed; then deletes the channel after confirming. No sleeps, only waits.
import { createHmac } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Receiver } from '../helpers/receiver';
import { ADMIN_PASSWORD } from '../helpers/server';
import { launchBrowser, login, openPage, startConsoleServer, type ConsoleServer } from './helpers';

const SEL = {
  dispatcher: '[data-testid=dispatcher]',
  nav: '[data-testid=nav-notifications]',
  ready: '[data-testid=notifications][data-state=ready]',
  form: '[data-testid=channel-form]',
  channel: '[data-testid=channel]',
  result: '[data-testid=channel-test-result]',
};

describe('the notification channels page in Chromium', { timeout: 90_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let rx: Receiver;

  beforeAll(async () => {
    [browser, cs, rx] = await Promise.all([launchBrowser(), startConsoleServer(), new Receiver().start()]);
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.s.stop();
    await rx?.stop();
  });

  it('lets an admin add a webhook channel, send a test that succeeds, and delete it', async () => {
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, 'admin', ADMIN_PASSWORD);
    await page.locator(SEL.dispatcher).waitFor();
    await page.locator(SEL.nav).click();
    await page.locator(SEL.ready).waitFor();
    expect(new URL(page.url()).pathname).toBe('/notifications');
    await page.locator('[data-testid=notify-empty]').waitFor();
    expect(await page.locator('h2').textContent()).toBe('添加渠道');

    const form = page.locator(SEL.form);
    await form.locator('select[name=type]').selectOption('webhook');
    await form.locator('input[name=name]').fill('工单对接平台');
    await form.locator('input[name=url]').fill(`${rx.url}/redsail`);
    await form.locator('input[name=secret]').fill('s3cret-key');
    await form.locator('select[name=minPriority]').selectOption('P1');
    await page.locator('[data-testid=channel-save]').click();

    const card = page.locator(SEL.channel);
    await card.waitFor();
    expect(await card.getAttribute('data-type')).toBe('webhook');
    const text = await card.textContent();
    expect(text).toContain('工单对接平台');
    expect(text).toContain('已设密钥');
    expect(text).not.toContain('s3cret-key');
    expect(await form.locator('input[name=name]').inputValue()).toBe('');

    await card.locator('[data-testid=channel-test]').click();
    const result = card.locator(SEL.result);
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toContain('测试消息已送达（HTTP 200）');
    // The receiver got the signed test message.
    const got = await rx.nth(1);
    expect(got.url).toBe('/redsail');
    const ts = String(got.headers['x-redsail-timestamp']);
    const sig = createHmac('sha256', 's3cret-key').update(`${ts}.${got.body}`).digest('hex');
    expect(got.headers['x-redsail-signature']).toBe(`sha256=${sig}`);
    expect(JSON.parse(got.body)).toMatchObject({ event: 'test' });
    const row = card.locator('[data-testid=delivery-row]');
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('ok');
    expect(await row.getAttribute('data-event')).toBe('test');

    await card.locator('[data-testid=channel-delete]').click();
    await card.locator('[data-testid=channel-delete-confirm]').click();
    await page.locator('[data-testid=notify-empty]').waitFor();
    const listed = await cs.s.api.get<unknown[]>('/api/notification-channels', cs.s.admin);
    expect(listed.body).toStrictEqual([]);
  });
});
