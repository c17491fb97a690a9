// The hotline form in Chromium against the real server: opened with one key, filled with the
// keyboard alone, checked with the server's schema before anything is sent, priority suggested and
// overridable, Esc with a discard question, a report linked to an open ticket instead of a new one,
// a point picked on the map setting the compound, and no form at all for a viewer. No sleeps.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DISPATCHER,
  launchBrowser,
  login,
  openPage,
  startConsoleServer,
  type ConsoleServer,
} from './helpers';

const SEL = {
  open: '[data-testid=hotline-open]',
  form: '[data-testid=hotline-form]',
  submit: '[data-testid=hotline-submit]',
  suggested: '[data-testid=hotline-suggested]',
  notice: '[data-testid=hotline-notice]',
  discard: '[data-testid=hotline-discard]',
  pick: '[data-testid=hotline-pick]',
  point: '[data-testid=hotline-point]',
  map: '[data-testid=map]',
  field: (name: string) => `[data-testid=hotline-form] [name=${name}]`,
  error: (field: string) => `[data-testid=hotline-error][data-field=${field}]`,
  duplicate: (id: string) => `[data-testid=hotline-duplicate][data-ticket-id="${id}"]`,
  detail: (id: string) => `[data-testid=ticket-detail][data-ticket-id="${id}"]`,
  card: (id: string) => `[data-testid=ticket-board] [data-testid=ticket-card][data-ticket-id="${id}"]`,
};

const VIEWER = { username: 'watcher', password: 'watcher-password' } as const;

/** Two neighbouring compounds; the map fits both, so its centre lies in the larger one (工保小区). */
const COMPOUNDS = [
  {
    id: 'gongbao',
    name: '工保小区',
    outline: {
      type: 'Polygon',
      coordinates: [
        [
          [116.985, 35.594],
          [116.995, 35.594],
          [116.995, 35.6],
          [116.985, 35.6],
          [116.985, 35.594],
        ],
      ],
    },
  },
  {
    id: 'gulou',
    name: '鼓楼小区',
    outline: {
      type: 'Polygon',
      coordinates: [
        [
          [116.995, 35.594],
          [116.997, 35.594],
          [116.997, 35.6],
          [116.995, 35.6],
          [116.995, 35.594],
        ],
      ],
    },
  },
];

interface Ticket {
  id: string;
  priority: string;
  category: string;
  source: string;
  status: string;
  compoundId?: string;
  address?: string;
  lat?: number;
  lng?: number;
  description: string;
  reporter?: { name: string; phone: string };
  timeline?: { type: string; by: string; data: Record<string, unknown> }[];
}

describe('the hotline form in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let cs: ConsoleServer;
  let dispToken: string;

  beforeAll(async () => {
    [browser, cs] = await Promise.all([
      launchBrowser(),
      startConsoleServer({ env: { AUTO_DISPATCH: 'false' } }),
    ]);
    for (const c of COMPOUNDS) {
      const res = await cs.s.api.post('/api/compounds', c, cs.s.admin);
      if (res.status !== 201) throw new Error(`create compound ${c.id}: ${res.status}`);
    }
    const viewer = await cs.s.api.post('/api/users', { ...VIEWER, role: 'viewer' }, cs.s.admin);
    if (viewer.status !== 201) throw new Error(`create viewer: ${viewer.status}`);
    dispToken = await cs.s.api.login(DISPATCHER.username, DISPATCHER.password);
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.s.stop();
  });

  async function dispatcherPage(user: { username: string; password: string } = DISPATCHER): Promise<Page> {
    const { page } = await openPage(browser, cs.baseUrl);
    await login(page, cs.baseUrl, user.username, user.password);
    await page.locator('[data-testid=dispatcher][data-live=true]').waitFor();
    return page;
  }

  /** The name of the focused control (a string expression: these tests are type-checked without the DOM lib). */
  const focused = (page: Page) =>
    page.evaluate<string | null>("document.activeElement?.getAttribute('name') ?? null");
  const ticketCount = async () =>
    (await cs.s.api.get<Ticket[]>('/api/tickets?limit=1000', cs.s.admin)).body.length;
  const ticket = async (id: string) => (await cs.s.api.get<Ticket>(`/api/tickets/${id}`, cs.s.admin)).body;

  it('opens with N, focus in the name field, and creates the ticket from the keyboard alone', async () => {
    const page = await dispatcherPage();
    await expect.poll(() => page.locator(SEL.open).textContent()).toContain('N');
    const before = await ticketCount();

    await page.keyboard.press('n');
    await page.locator(SEL.form).waitFor();
    await expect.poll(() => focused(page)).toBe('reporterName');
    expect(await page.locator(SEL.field('reporterName')).inputValue()).toBe(''); // the N was not typed

    await page.keyboard.type('王阿姨');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('reporterPhone');
    await page.keyboard.type('138 1234 5678');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('compound');
    await page.keyboard.type('工保');
    await page.locator('#hotline-compound-gongbao[aria-selected=true]').waitFor();
    await page.keyboard.press('Enter'); // takes the highlighted compound and moves on
    expect(await page.locator(SEL.field('compound')).inputValue()).toBe('工保小区');
    expect(await focused(page)).toBe('address');
    await page.keyboard.type('3号楼2单元');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('category');
    await page.keyboard.press('2'); // 2. lighting
    expect(await page.locator(SEL.field('category')).inputValue()).toBe('lighting');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('description');
    await page.keyboard.type('3号楼楼道灯不亮');
    await expect.poll(() => page.locator(SEL.suggested).getAttribute('data-priority')).toBe('P4');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('priority');
    expect(await page.locator(SEL.field('priority')).inputValue()).toBe('P4');
    await page.keyboard.press('2'); // by hand: P2
    expect(await page.locator(SEL.field('priority')).inputValue()).toBe('P2');
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate<string | null>("document.activeElement?.getAttribute('data-testid') ?? null"),
    ).toBe('hotline-submit');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter'); // Enter in the last field submits

    await page.locator(SEL.form).waitFor({ state: 'detached' });
    await page.locator(SEL.notice).waitFor();
    const detail = page.locator('[data-testid=ticket-detail]');
    await detail.waitFor();
    const id = await detail.getAttribute('data-ticket-id');
    expect(id).toBeTruthy();
    await expect.poll(() => detail.textContent()).toContain('王阿姨 · 13812345678');

    const card = page.locator(SEL.card(id!));
    await card.waitFor();
    expect(await card.getAttribute('data-priority')).toBe('P2');
    expect(await card.textContent()).toContain('照明');

    expect(await ticketCount()).toBe(before + 1);
    expect(await ticket(id!)).toMatchObject({
      source: 'hotline',
      status: 'new',
      category: 'lighting',
      priority: 'P2',
      compoundId: 'gongbao',
      address: '3号楼2单元',
      description: '3号楼楼道灯不亮',
      reporter: { name: '王阿姨', phone: '13812345678' },
    });
  });

  it('shows a bad phone number next to the field and sends nothing', async () => {
    const page = await dispatcherPage();
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/api/tickets')) posts.push(r.url());
    });
    const before = await ticketCount();

    await page.keyboard.press('F2');
    await expect.poll(() => focused(page)).toBe('reporterName');
    await page.keyboard.type('李师傅');
    await page.keyboard.press('Tab');
    await page.keyboard.type('12345');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('鼓楼大街 5 号');
    await page.keyboard.press('Tab');
    await page.keyboard.press('w'); // water, by its first letter
    await page.keyboard.press('Tab');
    await page.keyboard.type('水管漏水');
    await page.keyboard.press('Control+Enter');

    const error = page.locator(SEL.error('reporterPhone'));
    await error.waitFor();
    expect(await error.textContent()).toContain('0537-4412345');
    expect(await focused(page)).toBe('reporterPhone');
    expect(await page.locator(SEL.form).isVisible()).toBe(true);
    expect(posts).toEqual([]);
    expect(await ticketCount()).toBe(before);

    // Fixed, the error goes and the ticket is created.
    await page.locator(SEL.field('reporterPhone')).fill('0537-4412345');
    await error.waitFor({ state: 'detached' });
    await page.keyboard.press('Control+Enter');
    await page.locator(SEL.form).waitFor({ state: 'detached' });
    expect(posts).toHaveLength(1);
    expect(await ticketCount()).toBe(before + 1);
  });

  it('shows a 400 from the server next to the field it names', async () => {
    const page = await dispatcherPage();
    // A server stricter than the form (say, a newer version): its answer is what counts.
    await page.route('**/api/tickets', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({
              error: 'bad_request',
              message: 'invalid body: reporter.phone: this number is on the block list',
            }),
          })
        : route.fallback(),
    );
    await page.keyboard.press('n');
    await expect.poll(() => focused(page)).toBe('reporterName');
    await page.keyboard.type('周先生');
    await page.keyboard.press('Tab');
    await page.keyboard.type('13700000000');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('鼓楼大街 7 号');
    await page.keyboard.press('Tab');
    await page.keyboard.press('o'); // other
    await page.keyboard.press('Tab');
    await page.keyboard.type('路灯杆倾斜');
    await page.keyboard.press('Control+Enter');

    const error = page.locator(SEL.error('reporterPhone'));
    await error.waitFor();
    expect(await error.textContent()).toContain('this number is on the block list');
    expect(await focused(page)).toBe('reporterPhone');
    expect(await page.locator(SEL.form).isVisible()).toBe(true);
    // Changing the field clears the server's objection to it.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('13700000001');
    await error.waitFor({ state: 'detached' });
  });

  it('suggests the priority from category and description until it is set by hand', async () => {
    const page = await dispatcherPage();
    await page.keyboard.press('n');
    await expect.poll(() => focused(page)).toBe('reporterName');
    const suggested = page.locator(SEL.suggested);
    const priority = page.locator(SEL.field('priority'));

    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('category');
    await page.keyboard.press('1'); // electrical
    await expect.poll(() => suggested.getAttribute('data-priority')).toBe('P3');
    expect(await priority.inputValue()).toBe('P3');
    await page.keyboard.press('ArrowDown'); // lighting
    await expect.poll(() => suggested.getAttribute('data-priority')).toBe('P4');
    await page.keyboard.press('ArrowUp'); // electrical again
    await expect.poll(() => suggested.getAttribute('data-priority')).toBe('P3');

    await page.keyboard.press('Tab');
    await page.keyboard.type('整栋楼没电');
    await expect.poll(() => suggested.getAttribute('data-priority')).toBe('P2');
    expect(await priority.inputValue()).toBe('P2');
    expect(await suggested.getAttribute('data-overridden')).toBe('false');

    await page.keyboard.press('Tab');
    await page.keyboard.press('4');
    expect(await priority.inputValue()).toBe('P4');
    expect(await suggested.getAttribute('data-overridden')).toBe('true');

    // The words change the suggestion, not the priority set by hand.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('，配电箱冒烟');
    await expect.poll(() => suggested.getAttribute('data-priority')).toBe('P1');
    expect(await priority.inputValue()).toBe('P4');

    await page.keyboard.press('Tab');
    await page.keyboard.press('Backspace'); // back to the suggestion
    expect(await priority.inputValue()).toBe('P1');
    expect(await suggested.getAttribute('data-overridden')).toBe('false');
  });

  it('closes with Esc, asking first when something was typed; page keys stay quiet while typing', async () => {
    const page = await dispatcherPage();
    await page.keyboard.press('n');
    await page.locator(SEL.form).waitFor();
    await page.keyboard.press('Escape'); // nothing typed: closes at once
    await page.locator(SEL.form).waitFor({ state: 'detached' });

    await page.keyboard.press('n');
    await expect.poll(() => focused(page)).toBe('reporterName');
    await page.keyboard.type('nn张'); // N typed into a field is text, not the shortcut
    expect(await page.locator(SEL.field('reporterName')).inputValue()).toBe('nn张');
    await page.keyboard.press('Escape');
    await page.locator(SEL.discard).waitFor();
    await page.keyboard.press('Escape'); // keep editing
    await page.locator(SEL.discard).waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('reporterName');
    expect(await page.locator(SEL.field('reporterName')).inputValue()).toBe('nn张');
    await page.keyboard.press('Escape');
    await page.locator(SEL.discard).waitFor();
    await page.keyboard.press('Enter'); // discard
    await page.locator(SEL.form).waitFor({ state: 'detached' });

    // N typed into another text field of the page (a ticket's note) opens nothing.
    const created = await cs.s.api.post<Ticket>(
      '/api/tickets',
      { category: 'other', description: '井盖松动', address: '鼓楼大街 9 号' },
      dispToken,
    );
    await page.locator(SEL.card(created.body.id)).click();
    await page.locator('[data-testid=note-input]').click();
    await page.keyboard.type('nothing new');
    expect(await page.locator('[data-testid=note-input]').inputValue()).toBe('nothing new');
    expect(await page.locator(SEL.form).count()).toBe(0);
  });

  it('links the call to an open ticket in the same compound instead of creating one', async () => {
    const created = await cs.s.api.post<Ticket>(
      '/api/tickets',
      { category: 'water', description: '5号楼停水', compoundId: 'gulou', priority: 'P2' },
      dispToken,
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    const page = await dispatcherPage();
    await page.locator(SEL.card(id)).waitFor();
    const before = await ticketCount();

    await page.keyboard.press('n');
    await expect.poll(() => focused(page)).toBe('reporterName');
    await page.keyboard.type('赵先生');
    await page.keyboard.press('Tab');
    await page.keyboard.type('13900001111');
    await page.keyboard.press('Tab');
    await page.keyboard.type('鼓楼');
    await page.keyboard.press('Enter');
    const dup = page.locator(SEL.duplicate(id));
    await dup.waitFor();
    await page.keyboard.press('Tab'); // category: not needed for a link
    await page.keyboard.press('Tab');
    await page.keyboard.type('我家也停水了');
    await dup.locator('[data-testid=hotline-link]').click();

    await page.locator(SEL.form).waitFor({ state: 'detached' });
    await page.locator(`${SEL.detail(id)} [data-testid=timeline-item][data-type=link]`).waitFor();
    expect(await ticketCount()).toBe(before);
    const linked = await ticket(id);
    const entry = linked.timeline?.find((e) => e.type === 'link');
    expect(entry).toMatchObject({
      by: DISPATCHER.username,
      data: { description: '我家也停水了', reporter: { name: '赵先生', phone: '13900001111' } },
    });
  });

  it('takes the place from a click on the map, setting the compound the point falls in', async () => {
    const page = await dispatcherPage();
    const before = await ticketCount();
    await page.keyboard.press('n');
    await expect.poll(() => focused(page)).toBe('reporterName');
    await page.keyboard.type('孙女士');
    await page.keyboard.press('Tab');
    await page.keyboard.type('0537-4412345');

    await page.locator(SEL.pick).click();
    await page.locator(`${SEL.map}.map-picking`).waitFor();
    expect(
      await page.evaluate<string>("getComputedStyle(document.querySelector('[data-testid=map]')).cursor"),
    ).toBe('crosshair');
    // The map may still be fitting the compounds into view: pick again until the click lands there.
    await expect
      .poll(async () => {
        if (!(await page.locator(`${SEL.map}.map-picking`).count())) await page.locator(SEL.pick).click();
        await page.locator(SEL.map).click();
        return page.locator(SEL.field('compound')).inputValue();
      })
      .toBe('工保小区');
    await page.locator(SEL.point).waitFor();
    await page.locator('[data-testid=pick-marker]').waitFor();
    expect(await page.locator(`${SEL.map}.map-picking`).count()).toBe(0);
    expect(await focused(page)).toBe('address');

    await page.keyboard.press('Tab');
    await page.keyboard.press('h'); // heating
    await page.keyboard.press('Tab');
    await page.keyboard.type('暖气不热');
    await page.keyboard.press('Control+Enter');
    await page.locator(SEL.form).waitFor({ state: 'detached' });
    const id = await page.locator('[data-testid=ticket-detail]').getAttribute('data-ticket-id');
    expect(await ticketCount()).toBe(before + 1);
    const t = await ticket(id!);
    expect(t).toMatchObject({ compoundId: 'gongbao', category: 'heating', priority: 'P3' });
    expect(t.lng).toBeGreaterThan(116.985);
    expect(t.lng).toBeLessThan(116.995);
    expect(t.lat).toBeGreaterThan(35.594);
    expect(t.lat).toBeLessThan(35.6);
  });

  it('gives a viewer no form: no button, and N or F2 open nothing', async () => {
    const page = await dispatcherPage(VIEWER);
    await page.locator('[data-testid=ticket-board]').waitFor();
    expect(await page.locator(SEL.open).count()).toBe(0);
    await page.keyboard.press('n');
    await page.keyboard.press('F2');
    // Let a frame pass, in which an opened form would have rendered.
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(resolve))');
    expect(await page.locator(SEL.form).count()).toBe(0);
  });
});
