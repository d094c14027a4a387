/**
 * The console's everyday tools in a real browser against the real server (SQLite) and a real SMTP server:
 * a credential's detail page (history with the delivered e-mail, resend, revoke with a reason), bulk CSV export
 * and the zip of PDF certificates from the list, and the recipient directory with accent-insensitive search
 * both ways, in English and French. axe-core checks every page.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { ARTIFACTS, screenshot } from './support/paths.js';
import { startServer, type RunningServer } from './support/server.js';
import { startSmtpServer, waitForMail } from '../packages/server/test/support/smtp.js';

const OWNER = { organisationName: 'Lovelace Institute', name: 'Mary Somerville', email: 'mary@lovelace.test', password: 'analytical engine 1843' };
const ACHIEVEMENT = 'Difference Engines';
const RECIPIENTS = [
  { name: 'Ada Byron', email: 'ada@example.org' },
  { name: 'Zoë Keller', email: 'zoe.keller@example.org' },
  { name: 'Zoe Martin', email: 'zoe.martin@example.org' },
];

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const historyRows = () => page.getByRole('table', { name: /What happened to this credential/ }).getByRole('row');

async function api<T>(path: string, key: string | undefined, body?: unknown): Promise<T> {
  const response = await fetch(new URL(`/api/v1${path}`, server.baseUrl), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

describe('credential details, bulk actions and the recipient directory (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    smtp = await startSmtpServer();
    [server, browser] = await Promise.all([
      startServer({ env: () => ({ SMTP_URL: smtp.url, LAUREL_JOBS: 'true', LAUREL_JOB_LOCK_SECONDS: '2' }) }),
      launchBrowser(),
    ]);
    const { apiKey } = await api<{ apiKey: string }>('/setup', undefined, OWNER);
    const issuer = await api<{ id: string }>('/issuers', apiKey, { name: 'Lovelace Institute', url: 'https://lovelace.test', email: 'badges@lovelace.test' });
    const achievement = await api<{ id: string }>('/achievements', apiKey, { issuerId: issuer.id, name: ACHIEVEMENT, description: 'Built one.', criteria: { narrative: 'Build a difference engine.' }, kind: 'certificate' });
    for (const r of RECIPIENTS) await api('/credentials', apiKey, { achievementId: achievement.id, recipient: r });

    context = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Overview').waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it('opens a credential’s page from the list: summary, downloads, and a history with the delivered e-mail', async () => {
    await waitForMail(smtp.inbox, 'ada@example.org');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Credentials', exact: true }).click();
    await heading('Credentials').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Ada Byron' });
    await row.waitFor();
    // The Claimed column: nobody has claimed yet.
    await row.getByRole('cell', { name: 'Not yet', exact: true }).waitFor();
    await row.getByRole('link', { name: 'Ada Byron', exact: true }).click();
    await heading(`${ACHIEVEMENT} — Ada Byron`).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/credentials\/[^/]+\/details$/);
    await expect.poll(async () => (await historyRows().allTextContents()).join('\n')).toContain('Award email sent');
    expect((await historyRows().allTextContents()).join('\n')).toContain('Awarded');
    // The PDF link is the organisation's own download (any visibility): it answers a PDF.
    const pdfHref = await page.getByRole('link', { name: 'PDF certificate' }).getAttribute('href');
    const pdf = await page.request.get(pdfHref!, { timeout: 60_000 }); // the first drawing starts the renderer
    expect([pdf.status(), pdf.headers()['content-type'], (await pdf.body()).subarray(0, 5).toString()]).toEqual([200, 'application/pdf', '%PDF-']);
    await screenshot(page, '40-credential-detail');
    await expectAccessible(page);
  });

  it('resends the e-mail and revokes with a reason from the page; the history says so', async () => {
    const before = smtp.inbox.filter((m) => m.to.includes('ada@example.org')).length;
    await page.getByRole('button', { name: 'Resend email' }).click();
    await page.getByRole('status').filter({ hasText: 'The award email will be sent again' }).waitFor();
    await expect.poll(async () => (await historyRows().allTextContents()).join('\n')).toContain('Award email asked for again');
    await expect.poll(() => smtp.inbox.filter((m) => m.to.includes('ada@example.org')).length, { timeout: 15_000 }).toBe(before + 1);

    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke credential' });
    await dialog.getByLabel('Reason').fill('Awarded by mistake');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Revoke credential' }).click();
    await page.getByRole('status').filter({ hasText: 'Credential of Ada Byron revoked.' }).waitFor();
    await expect.poll(async () => (await historyRows().allTextContents()).join('\n')).toContain('Reason: Awarded by mistake');
    expect(await page.getByRole('definition').filter({ hasText: 'Revoked' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Resend email' }).count()).toBe(0);
    await screenshot(page, '41-credential-revoked');
    await expectAccessible(page);
  });

  it('exports the selected rows as CSV, and zips the PDF certificates of everything matching', async () => {
    await page.getByRole('link', { name: 'Back to credentials' }).click();
    await heading('Credentials').waitFor();
    await page.getByRole('row').filter({ hasText: 'Zoe Martin' }).waitFor();
    await page.getByLabel('Select the credential of Zoë Keller').check();
    await page.getByLabel('Select the credential of Zoe Martin').check();
    await page.getByText('2 selected.').waitFor();
    await expectAccessible(page);

    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = readFileSync(await (await csvDownload).path(), 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('Recipient name,Recipient,Achievement,Issued on,Expires,Status,Claimed,Public URL,Credential id');
    expect(csv.slice(1).map((line) => line.split(',')[0]).sort()).toEqual(['Zoe Martin', 'Zoë Keller']);
    await page.getByRole('status').filter({ hasText: /The CSV file credentials-.*\.csv was downloaded/ }).waitFor();

    await page.getByRole('button', { name: 'Select everything matching the filters' }).click();
    await page.getByText('Every credential matching the filters is selected.').waitFor();
    const zipDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download PDF certificates (zip)' }).click();
    const download = await zipDownload;
    expect(download.suggestedFilename()).toMatch(/^certificates-\d{4}-\d{2}-\d{2}\.zip$/);
    const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
    const names = Object.keys(files).sort();
    expect(names).toHaveLength(RECIPIENTS.length);
    expect(names.map((n) => n.replace(/-[0-9a-f]{8}-[0-9a-f-]+\.pdf$/, ''))).toEqual(['ada-byron', 'zoe-keller', 'zoe-martin']);
    for (const name of names) expect(Buffer.from(files[name]!.subarray(0, 5)).toString()).toBe('%PDF-');
    await screenshot(page, '42-credentials-bulk');
  });

  it('lists recipients, finds Zoë as Zoe and Zoe as Zoë, and opens one recipient’s page', async () => {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Recipients', exact: true }).click();
    await heading('Recipients').waitFor();
    const names = () => page.getByRole('table', { name: 'Recipients' }).getByRole('rowheader').allTextContents();
    await expect.poll(async () => (await names()).length).toBe(3);
    await expectAccessible(page);

    for (const q of ['Zoe', 'Zoë', 'ZOË']) {
      await page.getByLabel('Search recipients').fill(q);
      await page.getByRole('button', { name: 'Search' }).click();
      await expect.poll(async () => (await names()).map((n) => n.split('@')[0]).sort().join(' | ')).toBe('Zoe Martinzoe.martin | Zoë Kellerzoe.keller');
    }
    await page.getByRole('link', { name: 'Zoë Keller' }).click();
    await heading('Zoë Keller').waitFor();
    expect(new URL(page.url()).pathname).not.toContain('@');
    await page.getByRole('table', { name: 'Credentials of Zoë Keller' }).getByRole('row').filter({ hasText: ACHIEVEMENT }).waitFor();
    await screenshot(page, '43-recipient');
    await expectAccessible(page);

    await page.getByLabel('Language').selectOption('fr');
    await heading('Zoë Keller').waitFor();
    await page.getByRole('link', { name: 'Retour aux destinataires' }).click();
    await heading('Destinataires').waitFor();
    await page.getByRole('table', { name: 'Destinataires' }).getByRole('rowheader').first().waitFor();
    await screenshot(page, '44-recipients-fr');
    await expectAccessible(page);
    await page.getByLabel('Langue').selectOption('en');
    await heading('Recipients').waitFor();
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
