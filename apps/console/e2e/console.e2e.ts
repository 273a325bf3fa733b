import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openConsole, overflowsHorizontally, screenshot, seriousViolations, signIn } from './browser.ts';
import { type ApiServer, launchBrowser, startServer } from './harness.ts';
import { PASSWORD, person, seedBanAppeal, seedCrisisPost, seedQueue } from './seed.ts';

let browser: Browser;
let h: ApiServer & { browser: Browser };
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());
beforeEach(async () => {
  h = Object.assign(await startServer(), { browser });
});
afterEach(async () => h?.close());

const LOAD_ROUNDS = 5;
const report = (line: string) => process.stdout.write(`  [console] ${line}\n`);

describe('the console in a real browser', () => {
  it('refuses a member: "You need moderator rights" and nothing else', async () => {
    const member = await person(h.runtime.core, 'member', ['premium']);
    const { page, problems, close } = await openConsole(h.browser, h.baseUrl);
    await signIn(page, member.username);
    await page.getByRole('heading', { name: 'You need moderator rights' }).waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Report queue' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });

  it('lets a moderator work the queue by keyboard (hide, warn), ban from the item view, and read the audit log', async () => {
    const seeded = await seedQueue(h.runtime);
    const moderator = await person(h.runtime.core, 'mod', ['moderator']);
    const { page, problems, close } = await openConsole(h.browser, h.baseUrl);
    expect(await seriousViolations(page)).toEqual([]);
    await signIn(page, moderator.username);

    const rows = page.locator('ol.queue > li');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(4);
    // Hidden pending review first, with its reasons, report count and author.
    const first = rows.first();
    expect(await first.textContent()).toContain('Hidden pending review');
    expect(await first.textContent()).toContain(seeded.spam.content);
    expect(await first.textContent()).toContain('3 reports');
    expect(await first.textContent()).toContain(seeded.spam.author.pseudonym);
    expect(await page.locator('ol.queue').textContent()).toContain('Watched word: "hopeless"');
    // Tokens live in memory only.
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([
      0,
      0,
      '',
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-queue');

    // The reason filter is built from the data.
    await page.getByLabel('Reason').selectOption('Harassment');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(seeded.rude.content);
    await page.getByLabel('Reason').selectOption('');
    expect(await rows.count()).toBe(4);

    // h hides the selected item after a confirmation that requires a reason.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('h');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Hide' }).isDisabled()).toBe(true);
    await dialog.getByLabel(/Reason/).fill('Advertising is not allowed here');
    expect(await dialog.textContent()).toContain(
      'A moderator hid your post. Reason: Advertising is not allowed here',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Hide' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(
      (text) => !document.querySelector('ol.queue')?.textContent?.includes(text),
      seeded.spam.content,
    );
    expect(await rows.count()).toBe(3);

    // j/k move the selection; w warns the author of the selected item (the newest report: harassment).
    await page.keyboard.press('j');
    expect(await page.locator('ol.queue a[aria-current="true"]').textContent()).toBe(seeded.offTopic.content);
    await page.keyboard.press('k');
    expect(await page.locator('ol.queue a[aria-current="true"]').textContent()).toBe(seeded.rude.content);
    await page.keyboard.press('w');
    await dialog.getByLabel(/Reason/).fill('Please be kind to people asking for help');
    await dialog.getByRole('button', { name: 'Warn author' }).click();
    await dialog.waitFor({ state: 'detached' });

    // o opens the item: the post in its thread, its reports and the author's record (the warning).
    await page.keyboard.press('o');
    await page.getByRole('heading', { name: /Reported post by/ }).waitFor();
    await page.getByText('Please be kind to people asking for help').waitFor();
    expect(await page.getByRole('region', { name: /Reports \(2\)/ }).textContent()).toContain('Harassment');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-item');

    await page.getByRole('button', { name: 'Ban author', exact: true }).click();
    await dialog.getByLabel(/Reason/).fill('Repeated harassment after a warning');
    expect(await dialog.textContent()).toContain('A moderator suspended your account.');
    await dialog.getByRole('button', { name: 'Ban author', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Banned.').waitFor();
    await expect(
      h.runtime.core.auth.login({ username: seeded.rude.author.username, password: 'x' }),
    ).rejects.toThrow();

    // The audit log shows all three, and filters by action.
    await page.getByRole('link', { name: 'Audit log' }).click();
    const auditRows = page.locator('tbody tr');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 3);
    const text = await page.locator('tbody').textContent();
    for (const reason of ['Advertising is not allowed here', 'Please be kind', 'Repeated harassment']) {
      expect(text).toContain(reason);
    }
    await page.getByLabel('Action').selectOption('ban');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    expect(await auditRows.first().textContent()).toContain('Repeated harassment after a warning');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-audit');
    expect(problems).toEqual([]);
    await close();
  });

  it('lets a moderator overturn a ban appeal, and the audit log shows appeal_overturned', async () => {
    const { spam } = await seedQueue(h.runtime);
    const banning = await person(h.runtime.core, 'mod', ['moderator']);
    const deciding = await person(h.runtime.core, 'mod', ['moderator']);
    const ban = await seedBanAppeal(h.runtime, banning);
    // A second appeal, about content, so the list shows both kinds.
    await h.runtime.core.moderation.actOnContent(banning.actor, {
      id: spam.id,
      content_type: 'post',
      action: 'delete',
      reason: 'Advertising',
    });
    const [notice] = await h.runtime.core.moderation.listNotices(spam.author.id, { page: 1, limit: 1 });
    h.runtime.clock.advance(60_000);
    await h.runtime.core.appeals.appeal(spam.author.actor, {
      id: notice?.id ?? '',
      text: 'It was a joke among friends, not an advert.',
    });

    const { page, problems, close } = await openConsole(h.browser, h.baseUrl);
    await signIn(page, deciding.username);
    await page.getByRole('link', { name: 'Appeals' }).click();
    await page.getByRole('heading', { name: 'Appeals', level: 1 }).waitFor();
    const entries = page.locator('ol.appeals > li');
    await page.waitForFunction(() => document.querySelectorAll('ol.appeals > li').length === 2);
    // Oldest first: the ban, then the deletion, which links to the item.
    expect(await entries.first().textContent()).toContain(ban.text);
    expect(await entries.first().textContent()).toContain(ban.reason);
    expect(await entries.nth(1).getByRole('link', { name: 'The post' }).getAttribute('href')).toBe(
      `#/item/post/${spam.id}`,
    );
    expect(await seriousViolations(page)).toEqual([]);
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, 'console-appeals');

    await entries.first().getByRole('button', { name: 'Overturn' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Reason/).fill('The insult was a quote; the context shows it');
    expect(await dialog.textContent()).toContain(
      'The person will see: A moderator reviewed your appeal against "ban" and overturned the decision',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Overturn' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.querySelectorAll('ol.appeals > li').length === 1);
    await expect(
      h.runtime.core.auth.login({ username: ban.banned.username, password: PASSWORD }),
    ).resolves.toHaveProperty('token');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Action').selectOption('appeal_overturned');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    const row = await page.locator('tbody tr').first().textContent();
    expect(row).toContain('appeal_overturned');
    expect(row).toContain('The insult was a quote; the context shows it');
    expect(row).toContain(deciding.id);
    expect(row).toContain(ban.banned.id);
    expect(problems).toEqual([]);
    await close();
  });

  it('lets an operator grant premium; the operator view is shown only to operators', async () => {
    const operator = await person(h.runtime.core, 'op', ['operator']);
    const target = await person(h.runtime.core, 'newcomer');
    const { page, problems, close } = await openConsole(h.browser, h.baseUrl);
    await signIn(page, operator.username);
    await page.getByRole('heading', { name: 'Operator' }).waitFor();
    await page.getByRole('heading', { name: 'Job queues' }).waitFor();
    await page.getByLabel('Username').fill(target.username);
    await page.getByLabel('Role', { exact: true }).selectOption('premium');
    await page.getByRole('button', { name: 'Grant' }).click();
    await page.getByText(`${target.username}: premium yes`).waitFor();
    expect((await h.runtime.core.users.getProfile(target.id)).is_premium).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-operator');
    expect(problems).toEqual([]);
    await close();

    const moderator = await person(h.runtime.core, 'mod', ['moderator']);
    const other = await openConsole(h.browser, h.baseUrl);
    await signIn(other.page, moderator.username);
    await other.page.getByRole('heading', { name: 'Report queue' }).waitFor();
    expect(await other.page.getByRole('link', { name: 'Operator' }).count()).toBe(0);
    await other.close();
  });

  it('fits a tablet (768 px) without sideways scrolling, crisis language first in the queue', async () => {
    const { rude, categoryId } = await seedQueue(h.runtime);
    const crisis = await seedCrisisPost(h.runtime, categoryId);
    const moderator = await person(h.runtime.core, 'mod', ['moderator']);
    const { page, close } = await openConsole(h.browser, h.baseUrl, { width: 768, height: 1024 });
    await signIn(page, moderator.username);
    await page.locator('ol.queue > li').first().waitFor();
    // Crisis language first, labelled so the moderator reaches out rather than sanctions.
    const first = await page.locator('ol.queue > li').first().textContent();
    expect(first).toContain(crisis.content);
    expect(first).toContain('Crisis language — reach out');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, 'console-queue-tablet');
    // The session lives in memory, so move within the page rather than reloading it.
    await page.evaluate((id) => {
      window.location.hash = `#/item/post/${id}`;
    }, rude.id);
    await page.getByRole('heading', { name: /Reported post by/ }).waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, 'console-item-tablet');
    await page.getByRole('link', { name: 'Appeals' }).click();
    await page.getByRole('heading', { name: 'Appeals', level: 1 }).waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    await close();
  });

  it('loads in well under a second on localhost; reports the bundle size', async () => {
    const dist = new URL('../dist/assets/', import.meta.url);
    const files = readdirSync(dist);
    const bytes = files.reduce((sum, f) => sum + statSync(new URL(f, dist)).size, 0);
    const gzipped = files.reduce((sum, f) => sum + gzipSync(readFileSync(new URL(f, dist))).length, 0);
    report(
      `bundle: ${files.length} files, ${(bytes / 1024).toFixed(1)} KiB (${(gzipped / 1024).toFixed(1)} KiB gzipped)`,
    );

    // Measured by the page itself (from navigation start), without the test driver's round trips.
    // Several rounds, because this machine is shared: the best round is the console's own cost,
    // the spread is the machine's noise; both are reported.
    const renderTime = async (page: Page) => {
      await page.goto(`${h.baseUrl}/console/`);
      const usable = await page.waitForFunction(() =>
        document.querySelector('main form button[type="submit"]') ? performance.now() : undefined,
      );
      return (await usable.jsonValue()) as number;
    };
    const cold: number[] = [];
    const warm: number[] = [];
    for (let round = 0; round < LOAD_ROUNDS; round++) {
      const context = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      cold.push(await renderTime(page));
      warm.push(await renderTime(page));
      await context.close();
    }
    for (const [visit, times] of [
      ['cold', cold],
      ['warm', warm],
    ] as const) {
      const sorted = [...times].sort((x, y) => x - y);
      const [min, median, max] = [sorted[0], sorted[Math.floor(sorted.length / 2)], sorted.at(-1)].map((t) =>
        (t ?? 0).toFixed(0),
      );
      report(`${visit} load: sign-in form rendered after min ${min} / median ${median} / max ${max} ms`);
      expect(sorted[0]).toBeLessThan(1000);
    }
  });
});
