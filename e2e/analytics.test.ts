/**
 * The analytics dashboard in a real browser against the real server: credentials issued through the API,
 * a visitor's browser views one's public page twice, follows its LinkedIn share link and its "Verify" link (the
 * verify page), a third party verifies it through the API (the award e-mails go to the outbox: delivered); the summary API and then the dashboard show exactly those counts, in
 * English and French, axe clean; the charts (Recharts, loaded with the page) are drawn and the funnel's tooltip
 * follows the keyboard. With ANALYTICS_SCREENSHOTS=1 (or WALK_SCREENSHOTS=1) the dashboard's
 * screenshots are written to test-artifacts/e2e/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { ARTIFACTS } from './support/paths.js';
import { startServer, type RunningServer } from './support/server.js';

const OWNER = { organisationName: 'Counting Academy', name: 'Grace Hopper', email: 'grace@counting.test', password: 'nanoseconds of wire' };
/** Headless Chromium names itself and is not counted (a bot): the visitor's browser says it is a desktop Firefox. */
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SCREENSHOTS = process.env.ANALYTICS_SCREENSHOTS === '1' || process.env.WALK_SCREENSHOTS === '1';

let server: RunningServer;
let browser: Browser;
let console_: BrowserContext;
let visitor: BrowserContext;
let page: Page;
let ownerKey: string;
let achievementId: string;
let credentialId: string;
const pageErrors: string[] = [];

const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const shot = async (name: string) => {
  if (SCREENSHOTS) await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
};
async function api(method: string, path: string, body?: unknown, auth = true): Promise<{ status: number; json: any }> {
  const res = await fetch(new URL(path, server.baseUrl), {
    method,
    headers: { ...(auth ? { authorization: `Bearer ${ownerKey}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}
/** A totals card's number, found by its label. */
const total = (label: string) => page.locator('.stat').filter({ has: page.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) }) }).getByRole('definition');

describe('analytics dashboard (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startServer({ readyTimeoutMs: 90_000 }), launchBrowser()]);
    const setup = await api('POST', '/api/v1/setup', OWNER, false);
    expect(setup.status).toBe(201);
    ownerKey = setup.json.apiKey;
    const issuerId = (await api('POST', '/api/v1/issuers', { name: 'Counting Academy', url: 'https://counting.test', email: 'badges@counting.test' })).json.id;
    achievementId = (await api('POST', '/api/v1/achievements', { issuerId, name: 'COBOL basics', description: 'Wrote a COBOL program', criteria: { narrative: 'A working program' }, kind: 'badge' })).json.id;
    const other = (await api('POST', '/api/v1/achievements', { issuerId, name: 'Compilers', description: 'Wrote a compiler', criteria: { narrative: 'A working compiler' }, kind: 'badge' })).json.id;
    for (const [a, email] of [[achievementId, 'ada@example.org'], [achievementId, 'alan@example.org'], [other, 'edsger@example.org']] as const) {
      const issued = await api('POST', '/api/v1/credentials', { achievementId: a, recipient: { email, name: email.split('@')[0] } });
      expect(issued.status, JSON.stringify(issued.json)).toBe(201);
      if (email === 'ada@example.org') credentialId = issued.json.id;
    }

    console_ = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    visitor = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB', userAgent: FIREFOX });
    // The share link leaves for LinkedIn's own dialog: answered here, the machine has no Internet.
    await visitor.route(/^https:\/\/www\.linkedin\.com\//, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>LinkedIn</title>' }));
    for (const c of [console_, visitor]) c.setDefaultTimeout(10_000);
    page = await console_.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await heading('Overview').waitFor();
  });

  afterAll(async () => {
    await visitor?.close();
    await console_?.close();
    await browser?.close();
    await server?.stop();
  });

  it('counts a visitor’s two views, a share and a verification on the verify page in the browser, and a verification through the API', async () => {
    const tab = await visitor.newPage();
    await tab.goto(`/credentials/${credentialId}`);
    await tab.getByRole('heading', { level: 1, name: /COBOL basics/ }).waitFor();
    await tab.reload();
    const popup = visitor.waitForEvent('page');
    await tab.getByRole('link', { name: 'Share on LinkedIn' }).click();
    const linkedin = await popup;
    await linkedin.waitForURL(/linkedin\.com\/sharing/);
    expect(new URL(linkedin.url()).searchParams.get('url')).toBe(`${server.baseUrl}/credentials/${credentialId}`);

    // The visitor follows the page's "Verify" link: the verify page checks it at once, counted as the page's verification.
    await tab.getByRole('link', { name: 'Verify this credential' }).click();
    const verdict = tab.getByRole('heading', { level: 2, name: /^(Valid|Not valid|Could not be checked)$/ });
    await verdict.waitFor({ timeout: 15_000 });
    expect(await verdict.textContent()).toBe('Valid');

    // A third party verifies the signed credential; a tampered copy is refused and counts nothing.
    const document = (await api('GET', `/ob3/credentials/${credentialId}`, undefined, false)).json;
    expect((await api('POST', '/api/v1/verify', document, false)).json.valid).toBe(true);
    expect((await api('POST', '/api/v1/verify', { ...document, name: 'Forged' }, false)).json.valid).toBe(false);

    // Engagement is written in batches after the answers: wait for it through the summary API.
    await expect
      .poll(async () => (await api('GET', '/api/v1/analytics/summary')).json, { timeout: 10_000, interval: 100 })
      // The award e-mails go to the outbox (no SMTP configured): delivered, by the job worker.
      .toMatchObject({ issued: 3, delivered: 3, viewed: 2, visitors: 1, shared: 1, verified: 2, claimed: 0, shares: { linkedin: 1 }, verifications: { page: 1, api: 1, 'vc-api': 0 } });
  });

  it('shows the exact counts on the dashboard: totals, funnel, trend, shares, achievements; CSV links; axe clean', async () => {
    await page.getByRole('link', { name: 'Analytics', exact: true }).click();
    await heading('Analytics').waitFor();
    const expected: [string, string][] = [['Issued', '3'], ['Page views', '2'], ['Visitors', '1'], ['Shared', '1'], ['Verified', '2'], ['Claimed', '0']];
    for (const [label, value] of expected) await expect.poll(() => total(label).textContent()).toBe(value);

    const funnel = page.getByRole('figure', { name: 'Funnel: issued to verified' });
    await funnel.getByText('Data table: Funnel: issued to verified').click();
    const funnelRows = await funnel.getByRole('table').getByRole('row').allTextContents();
    expect(funnelRows.slice(1)).toEqual(['Issued3100%', 'Delivered3100%', 'Opened00%', 'Claimed00%', 'Shared133%', 'Verified267%']);
    // The chart is drawn (Recharts): an image named by its caption, a bar for each non-zero step.
    const funnelChart = funnel.getByRole('img', { name: 'Funnel: issued to verified' });
    await funnelChart.waitFor();
    expect(await funnel.locator('.recharts-bar-rectangle path').count()).toBe(4);
    // Recharts' accessibility layer: the keyboard steps the tooltip through the bars (in horizontal bars, Recharts
    // counts its rows bottom to top: ArrowRight shows the first, ArrowLeft goes down).
    await funnelChart.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => funnel.getByRole('status').textContent()).toBe('IssuedCount : 3');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => funnel.getByRole('status').textContent()).toBe('DeliveredCount : 3');

    const today = new Date().toISOString().slice(0, 10);
    const trend = page.getByRole('figure', { name: 'Trend by day' });
    await trend.getByText(/^Data table/).click();
    expect(await trend.getByRole('row').filter({ has: page.getByRole('rowheader', { name: today }) }).allTextContents()).toEqual([`${today}30212`]);
    expect(await trend.getByRole('row').count()).toBe(31); // the header and 30 days, zeros included; columns: issued, claimed, viewed, shared, verified
    const trendChart = trend.getByRole('img', { name: /^Line chart of issued, claimed, viewed, shared and verified/ });
    expect(await trendChart.locator('.recharts-line-curve').count()).toBe(5); // one line per metric

    const shares = page.getByRole('figure', { name: 'Shares per network' });
    await shares.getByText(/^Data table/).click();
    expect(await shares.getByRole('row', { name: /LinkedIn/ }).textContent()).toBe('LinkedIn1');

    // Verifications per channel: the verify page and the API apart.
    const channels = page.getByRole('figure', { name: 'Verifications per channel' });
    await channels.getByText(/^Data table/).click();
    expect(await channels.getByRole('table').getByRole('row').allTextContents()).toEqual(expect.arrayContaining(['Verify page1', 'Verify API1', 'VC-API0']));

    const compare = page.getByRole('table', { name: 'Achievements compared' });
    expect(await compare.getByRole('row', { name: /COBOL basics/ }).textContent()).toBe('COBOL basics202120%—');
    expect(await compare.getByRole('row', { name: /Compilers/ }).textContent()).toBe('Compilers100000%—');

    // Every view's CSV is a plain link the session can follow.
    const csvLinks = page.getByRole('link', { name: /Download CSV/ });
    expect(await csvLinks.count()).toBeGreaterThanOrEqual(4);
    const href = await page.getByRole('link', { name: 'Download CSV (Achievements compared)' }).getAttribute('href');
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(csv).toContain(achievementId);
    await shot('analytics-01-dashboard');
    await expectAccessible(page);
  });

  it('filters by achievement and period, and refuses a reversed custom range', async () => {
    await page.getByLabel('Achievement', { exact: true }).selectOption({ label: 'Compilers' });
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => total('Page views').textContent()).toBe('0');
    expect(await total('Issued').textContent()).toBe('1');

    await page.getByLabel('Period', { exact: true }).selectOption('custom');
    await page.getByLabel('From', { exact: true }).fill('2026-02-10');
    await page.getByLabel('To (included)').fill('2026-02-01');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('Choose a start date on or before the end date.').first().waitFor();

    await page.getByLabel('Period', { exact: true }).selectOption('12m');
    await page.getByLabel('Achievement', { exact: true }).selectOption({ label: 'All' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('figure', { name: 'Trend by week' }).waitFor();
    expect(await total('Issued').textContent()).toBe('3');
    await expectAccessible(page);
  });

  it('reads in French, accessible', async () => {
    await page.getByLabel('Language').selectOption('fr');
    await heading('Statistiques').waitFor();
    expect(await total('Vérifiées').textContent()).toBe('2');
    await page.getByRole('figure', { name: 'Entonnoir : de l’émission à la vérification' }).waitFor();
    await shot('analytics-02-dashboard-fr');
    await expectAccessible(page);
    expect(pageErrors).toEqual([]);
  });
});
