/**
 * Awarding in bulk and the earner's side, in a real browser against the real server with a real SMTP server:
 * CSV bulk award (a bad row reported, the rest awarded with live progress) → suspend / reinstate / export →
 * one award by e-mail → the earner claims it from the captured link with a new account → backpack → public →
 * public page → /verify with the baked PNG, then the PDF certificate, dropped on it → unsubscribe → sign-in lands in the backpack.
 * Screenshots go to test-artifacts/e2e/; axe-core checks every new page.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';
import { qrCodesOnFirstPage } from '../packages/server/test/public-pages/pdf-reading.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { ARTIFACTS, screenshot } from './support/paths.js';
import { startServer, type RunningServer } from './support/server.js';
import { startSmtpServer, waitForMail } from '../packages/server/test/support/smtp.js';

const OWNER = { organisationName: 'Northwind College', name: 'Katherine Johnson', email: 'katherine@northwind.test', password: 'orbital mechanics 1962' };
const ACHIEVEMENT = 'Rocket Science 101';
const EARNER = { name: 'Mae Jemison', email: 'mae@example.org', password: 'endeavour sts-47 1992' };
const BULK_ROWS = 50;

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let server: RunningServer;
let browser: Browser;
let admin: BrowserContext;
let earner: BrowserContext;
let page: Page;
let earnerPage: Page;
let tmp: string;
let claimLink: string;
let unsubscribeLink: string;
let credentialId: string;
let apiKey: string;
const pageErrors: string[] = [];

const heading = (p: Page, name: string | RegExp) => p.getByRole('heading', { level: 1, name });

async function api<T>(path: string, init: { method?: string; key?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(new URL(`/api/v1${path}`, server.baseUrl), {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(init.key ? { authorization: `Bearer ${init.key}` } : {}) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

function newPage(context: BrowserContext): Promise<Page> {
  return context.newPage().then((p) => {
    p.on('pageerror', (error) => pageErrors.push(error.message));
    return p;
  });
}

/** A small PDF as an award's evidence file. */
const EVIDENCE_PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('bulk awards, the claim flow, the backpack and the verifier (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    tmp = await mkdtemp(join(tmpdir(), 'laurel-e2e-files-'));
    smtp = await startSmtpServer();
    [server, browser] = await Promise.all([
      startServer({
        // Award e-mails through the real SMTP server, jobs on with a short lock; the verifier may read this server's own documents.
        env: ({ host }) => ({ SMTP_URL: smtp.url, LAUREL_JOBS: 'true', LAUREL_JOB_LOCK_SECONDS: '2', LAUREL_FETCH_ALLOW_HOSTS: host }),
      }),
      launchBrowser(),
    ]);

    // The organisation, an issuer and an achievement through the API (the console suite covers doing it by hand).
    const setup = await api<{ apiKey: string }>('/setup', { method: 'POST', body: OWNER });
    apiKey = setup.apiKey;
    const issuer = await api<{ id: string }>('/issuers', { method: 'POST', key: setup.apiKey, body: { name: 'Northwind College', url: 'https://northwind.test', email: 'badges@northwind.test' } });
    await api('/achievements', {
      method: 'POST',
      key: setup.apiKey,
      body: { issuerId: issuer.id, name: ACHIEVEMENT, description: 'Knows how rockets fly.', criteria: { narrative: 'Launch a model rocket.' }, kind: 'certificate', tags: ['space', 'physics'] },
    });

    admin = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    admin.setDefaultTimeout(10_000);
    earner = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    earner.setDefaultTimeout(10_000);
    page = await newPage(admin);
    earnerPage = await newPage(earner);

    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Overview').waitFor();
  });

  afterAll(async () => {
    await admin?.close();
    await earner?.close();
    await browser?.close();
    await server?.stop();
    await smtp?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('checks a CSV of 50 people plus a bad row, reports the bad row, then awards the rest with live progress', async () => {
    const lines = ['Name,Email,Evidence URL,Narrative,Issued Date'];
    for (let i = 1; i <= BULK_ROWS; i++) lines.push(`Cadet ${i},cadet${i}@example.org,https://northwind.test/evidence/${i},"Flew, and landed",2025-09-01`);
    lines.push('Wrong Row,not-an-email,,,');
    const csvFile = join(tmp, 'cohort.csv');
    await writeFile(csvFile, lines.join('\n') + '\n');

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Award', exact: true }).click();
    await heading(page, 'Award a credential').waitFor();
    await page.getByRole('link', { name: 'Award to many from a CSV file' }).click();
    await heading(page, 'Award from a CSV file').waitFor();
    await expect.poll(() => page.getByLabel('Achievement').inputValue()).not.toBe('');

    // A French-Excel-style paste (semicolons, First/Last name, day-first dates, an extra column) is read
    // for this en-GB browser; the impossible date is a row error naming the file's column, no white screen.
    const pasted = 'First name;Last name;Email;Issued Date;Team\nAda;Lovelace;ada@example.org;30/06/2026;Blue\nBad;Date;bad@example.org;31/02/2026;Red\n';
    await page.getByLabel('CSV contents').fill(pasted);
    await page.getByRole('button', { name: 'Check the CSV' }).click();
    const ada = page.getByRole('row').filter({ hasText: 'ada@example.org' });
    await ada.waitFor();
    expect(await ada.textContent()).toContain('Ada Lovelace');
    expect(await ada.textContent()).toContain('30 Jun 2026');
    await page.getByText('Issued Date: “31/02/2026” is not a date (use 30/06/2026 or 2026-06-30).').waitFor();
    await page.getByText('The column “Team” is not read.').waitFor();
    expect(await page.getByLabel('CSV contents').inputValue()).toBe(pasted);

    await page.getByLabel('CSV file').setInputFiles(csvFile);
    await expect.poll(() => page.getByLabel('CSV contents').inputValue()).toContain('cadet50@example.org');
    await page.getByRole('button', { name: 'Check the CSV' }).click();

    // The bad row (row 52: the header is row 1) is flagged, in words, and nothing has been awarded yet.
    await page.getByText(`1 of ${BULK_ROWS + 1} rows has a problem and will not be awarded (row ${BULK_ROWS + 2})`).waitFor();
    const bad = page.getByRole('row').filter({ hasText: 'not-an-email' });
    expect(await bad.getAttribute('class')).toContain('row-invalid');
    expect(await bad.textContent()).toContain('Problem');
    expect(await page.locator('tr.row-invalid').count()).toBe(1);
    expect((await api<{ items: unknown[] }>('/bulk-imports', { key: apiKey })).items).toEqual([]);
    await screenshot(page, 'a01-bulk-preview');
    await expectAccessible(page);
    await page.getByLabel('Show only rows with problems').check();
    expect(await page.getByRole('table', { name: 'Rows of the CSV' }).getByRole('row').count()).toBe(2);

    await page.getByRole('button', { name: `Award ${BULK_ROWS} valid rows` }).click();
    await page.getByRole('heading', { name: `Awarding “${ACHIEVEMENT}”` }).waitFor();
    const bar = page.locator('progress#bulk-progress-bar');
    expect(Number(await bar.getAttribute('max'))).toBe(BULK_ROWS + 1);
    await screenshot(page, 'a02-bulk-progress');
    await page.getByRole('status').filter({ hasText: `Finished: ${BULK_ROWS} awarded, 1 not awarded.` }).waitFor({ timeout: 45_000 });
    expect(Number(await bar.getAttribute('value'))).toBe(BULK_ROWS + 1);
    const results = page.getByRole('table', { name: 'Results per row' });
    expect(await results.getByText('Awarded', { exact: true }).count()).toBe(BULK_ROWS);
    expect(await results.getByRole('row').filter({ hasText: 'not-an-email' }).textContent()).toContain('Not valid');
    await screenshot(page, 'a03-bulk-done');
    await expectAccessible(page);

    // The report downloads as CSV, one line per row.
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download the report (CSV)' }).click();
    const report = await (await download).path();
    const text = readFileSync(report, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(BULK_ROWS + 2);
    expect(text).toContain('not-an-email,invalid');
  });

  it('suspends and reinstates a credential, sends its e-mail again, and offers its export formats', async () => {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Credentials', exact: true }).click();
    await heading(page, 'Credentials').waitFor();
    await page.getByLabel('Search recipients').fill('cadet7@example.org');
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Cadet 7' });
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Cadet' }).count()).toBe(1);

    await row.getByRole('button', { name: 'Suspend of Cadet 7' }).click();
    const dialog = page.getByRole('dialog', { name: 'Suspend credential' });
    await dialog.getByLabel('Reason').fill('Under review');
    await dialog.getByRole('button', { name: 'Suspend credential' }).click();
    await page.getByRole('status').filter({ hasText: 'Credential of Cadet 7 suspended.' }).waitFor();
    expect(await row.textContent()).toContain('Suspended');
    expect(await row.textContent()).toContain('Under review');

    await row.getByText('Export').click();
    const formats = row.getByRole('list');
    const hrefs = await formats.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(expect.arrayContaining([expect.stringMatching(/^\/credentials\/[\w-]+$/), expect.stringContaining('format=ob3'), expect.stringContaining('format=vc-jwt'), expect.stringContaining('format=ob2-jws')]));
    await screenshot(page, 'a04-credentials-export');
    await expectAccessible(page);
    const jwt = await page.evaluate(async (href) => (await fetch(href!)).text(), hrefs.find((h) => h?.includes('vc-jwt')));
    expect(jwt.split('.')).toHaveLength(3);
    await page.keyboard.press('Escape');

    await row.getByRole('button', { name: 'Reinstate of Cadet 7' }).click();
    await page.getByRole('status').filter({ hasText: 'Credential of Cadet 7 reinstated.' }).waitFor();
    expect(await row.textContent()).toContain('Active');

    // The award e-mail goes out again, with a new claim link.
    await waitForMail(smtp.inbox, 'cadet7@example.org');
    await row.getByRole('button', { name: 'Resend email of Cadet 7' }).click();
    await page.getByRole('status').filter({ hasText: 'The award email will be sent again to cadet7@example.org' }).waitFor();
    await expect.poll(() => smtp.inbox.filter((m) => m.to.includes('cadet7@example.org')).length, { timeout: 15_000 }).toBe(2);
  });

  it('awards one credential by e-mail; the message carries a claim link', async () => {
    await page.goto('/award');
    await heading(page, 'Award a credential').waitFor();
    await expect.poll(() => page.getByLabel('Achievement').inputValue()).not.toBe('');
    await page.getByLabel('Full name').fill(EARNER.name);
    await page.getByLabel('Email address').fill(EARNER.email);
    // Evidence as a file: uploaded (checked by its bytes, sealed at rest), then named by the award.
    await page.getByLabel('Evidence file').setInputFiles({ name: 'flight-log.pdf', mimeType: 'application/pdf', buffer: EVIDENCE_PDF });
    await page.getByRole('button', { name: 'Award credential' }).click();
    await page.getByRole('status').filter({ hasText: `awarded to ${EARNER.name}` }).waitFor();

    const mail = await waitForMail(smtp.inbox, EARNER.email);
    expect(mail.decoded).toContain(ACHIEVEMENT);
    const claim = /https?:\/\/[^\s"<>]+\/claim\/[A-Za-z0-9_-]+/.exec(mail.decoded);
    const unsubscribe = /https?:\/\/[^\s"<>]+\/unsubscribe\/[A-Za-z0-9_-]+/.exec(mail.decoded);
    expect(claim, mail.decoded.slice(0, 3000)).not.toBeNull();
    // The unsubscribe link is its own token (RFC 8058 one-click in the header), never the claim token.
    expect(mail.raw).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
    expect(unsubscribe![0].split('/').pop()).not.toBe(claim![0].split('/').pop());
    expect(unsubscribe).not.toBeNull();
    claimLink = claim![0];
    unsubscribeLink = unsubscribe![0];
    expect(claimLink.startsWith(server.baseUrl)).toBe(true);
  });

  it('lets the earner create an account from the claim link and lands in the backpack', async () => {
    await earnerPage.goto(claimLink);
    await heading(earnerPage, 'Claim your credential').waitFor();
    await earnerPage.getByText(ACHIEVEMENT, { exact: true }).waitFor();
    await earnerPage.getByText(`Sent to ${EARNER.email}.`).waitFor();
    expect(await earnerPage.getByLabel('Email address').inputValue()).toBe(EARNER.email);
    await screenshot(earnerPage, 'a05-claim');
    await expectAccessible(earnerPage);

    // Too short a password: the server says so by the field.
    await earnerPage.getByLabel('Your name').fill(EARNER.name);
    await earnerPage.getByLabel('Password', { exact: true }).fill('short');
    await earnerPage.getByLabel('Password', { exact: true }).evaluate((input: HTMLInputElement) => input.removeAttribute('minlength'));
    await earnerPage.getByRole('button', { name: 'Create account and claim' }).click();
    await earnerPage.getByRole('alert').waitFor();
    expect(await earnerPage.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await earnerPage.getByLabel('Password', { exact: true }).fill(EARNER.password);
    await earnerPage.getByRole('button', { name: 'Create account and claim' }).click();
    await heading(earnerPage, 'My badges').waitFor();
    expect(new URL(earnerPage.url()).pathname).toBe('/backpack');
    await earnerPage.getByRole('status').filter({ hasText: `“${ACHIEVEMENT}” is now in your badges.` }).waitFor();
    await earnerPage.getByRole('heading', { level: 2, name: ACHIEVEMENT }).waitFor();
    // An earner sees the backpack, not the console.
    expect(await earnerPage.getByRole('navigation', { name: 'Console' }).count()).toBe(0);
    await screenshot(earnerPage, 'a06-backpack');
    await expectAccessible(earnerPage);

    // The link is single-use.
    await earnerPage.goto(claimLink);
    await earnerPage.getByText('This claim link has already been used.').waitFor();
  });

  it('filters the backpack, makes the credential public and shares it', async () => {
    await earnerPage.goto('/backpack');
    const card = earnerPage.getByRole('article', { name: ACHIEVEMENT });
    await card.waitFor();
    await earnerPage.getByLabel('Tag', { exact: true }).selectOption('space');
    await earnerPage.getByText('Showing 1 of 1.').waitFor();
    // The filters offer what the backpack holds.
    expect(await earnerPage.getByLabel('Kind', { exact: true }).locator('option').allTextContents()).toEqual(['All', 'Certificate']);
    await earnerPage.getByLabel('Kind', { exact: true }).selectOption('certificate');
    await earnerPage.getByLabel('Sort by').selectOption('name');
    await earnerPage.getByText('Showing 1 of 1.').waitFor();

    const toggle = card.getByRole('switch', { name: /^Public/ });
    const item = (await earnerPage.evaluate(async () => (await fetch('/api/v1/me/credentials')).json())) as { items: { id: string; visibility: string }[] };
    credentialId = item.items[0]!.id;
    if (await toggle.isChecked()) {
      await toggle.uncheck();
      await earnerPage.getByRole('status').filter({ hasText: `“${ACHIEVEMENT}” is now private.` }).waitFor();
    }
    await toggle.check();
    await earnerPage.getByRole('status').filter({ hasText: `“${ACHIEVEMENT}” is now public.` }).waitFor();
    const after = (await earnerPage.evaluate(async () => (await fetch('/api/v1/me/credentials')).json())) as { items: { visibility: string }[] };
    expect(after.items[0]!.visibility).toBe('public');

    const links = await card.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(
      // The earner's own downloads say so (`download=1`): the analytics count them as the credential taken, not as views.
      expect.arrayContaining([
        `/credentials/${credentialId}`,
        `/credentials/${credentialId}/certificate.pdf`,
        `/credentials/${credentialId}/badge.png?download=1`,
        `/credentials/${credentialId}/badge.svg?download=1`,
        `${server.baseUrl}/ob3/credentials/${credentialId}?download=1`,
      ]),
    );

    const download = earnerPage.waitForEvent('download');
    await card.getByRole('button', { name: `VC-JWT of “${ACHIEVEMENT}”` }).click();
    const jwt = readFileSync(await (await download).path(), 'utf8');
    expect(jwt.split('.')).toHaveLength(3);

    await card.getByRole('button', { name: `Share of “${ACHIEVEMENT}”` }).click();
    const dialog = earnerPage.getByRole('dialog', { name: `Share “${ACHIEVEMENT}”` });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Link to the credential').inputValue()).toBe(`${server.baseUrl}/credentials/${credentialId}`);
    const linkedIn = new URL((await dialog.getByRole('link', { name: /Add to my LinkedIn profile/ }).getAttribute('href'))!);
    expect(linkedIn.searchParams.get('name')).toBe(ACHIEVEMENT);
    expect(linkedIn.searchParams.get('organizationName')).toBe('Northwind College');
    expect(linkedIn.searchParams.get('certId')).toBe(credentialId);
    await screenshot(earnerPage, 'a07-share');
    await expectAccessible(earnerPage);
    await earnerPage.keyboard.press('Escape');
  });

  it('opens the public credential page, rendered by the server', async () => {
    const response = await fetch(`${server.baseUrl}/credentials/${credentialId}`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    // The server's page, not the web app's shell.
    expect(html).not.toContain('<div id="root">');
    expect(html).toContain(ACHIEVEMENT);
    // The evidence file uploaded in the award form, at its stable URL, byte for byte (the credential is public now).
    const evidenceUrl = new RegExp(`href="(${server.baseUrl}/evidence/[A-Za-z0-9_-]+)"`).exec(html)?.[1];
    expect(evidenceUrl, 'evidence link on the page').toBeDefined();
    const evidence = await fetch(evidenceUrl!);
    expect(evidence.status).toBe(200);
    expect(evidence.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await evidence.arrayBuffer()).equals(EVIDENCE_PDF)).toBe(true);

    const [publicPage] = await Promise.all([earner.waitForEvent('page'), earnerPage.getByRole('article', { name: ACHIEVEMENT }).getByRole('link', { name: /^Public page/ }).click()]);
    await publicPage.waitForLoadState();
    expect(new URL(publicPage.url()).pathname).toBe(`/credentials/${credentialId}`);
    await publicPage.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await publicPage.textContent('body')).toContain(ACHIEVEMENT);
    await screenshot(publicPage, 'a08-public-page');

    // Links unfurl: OpenGraph and Twitter Card meta with absolute URLs.
    const meta = async (selector: string) => publicPage.locator(selector).first().getAttribute('content');
    expect(await meta('meta[property="og:title"]')).toContain(ACHIEVEMENT);
    expect(await meta('meta[property="og:url"]')).toBe(`${server.baseUrl}/credentials/${credentialId}`);
    expect(await meta('meta[property="og:image"]')).toBe(`${server.baseUrl}/credentials/${credentialId}/badge.png`);
    expect(await meta('meta[name="twitter:card"]')).toBeTruthy();
    // LinkedIn "Add to profile" carries the certification's name, organisation, dates, URL and id.
    // The page's link is counted by Laurel first (analytics), then redirects to LinkedIn's form.
    const tracked = (await publicPage.locator('#linkedin-add').getAttribute('href'))!;
    const linkedIn = new URL((await publicPage.request.get(tracked, { maxRedirects: 0 })).headers().location!);
    expect(linkedIn.origin + linkedIn.pathname).toBe('https://www.linkedin.com/profile/add');
    const issued = new Date();
    expect(Object.fromEntries(linkedIn.searchParams)).toMatchObject({
      startTask: 'CERTIFICATION_NAME',
      name: ACHIEVEMENT,
      organizationName: OWNER.organisationName,
      issueYear: String(issued.getUTCFullYear()),
      issueMonth: String(issued.getUTCMonth() + 1),
      certUrl: `${server.baseUrl}/credentials/${credentialId}`,
      certId: credentialId,
    });

    // The PDF certificate downloads from the page, and its QR code opens the verification page.
    const pdfHref = await publicPage.locator(`a[href$="/credentials/${credentialId}/certificate.pdf"]`).first().getAttribute('href');
    const pdfResponse = await publicPage.request.get(new URL(pdfHref!, server.baseUrl).toString());
    expect(pdfResponse.status()).toBe(200);
    expect(pdfResponse.headers()['content-type']).toBe('application/pdf');
    const pdf = await PDFDocument.load(await pdfResponse.body());
    const ob3Url = `${server.baseUrl}/ob3/credentials/${credentialId}`;
    expect(qrCodesOnFirstPage(pdf)).toEqual([`${server.baseUrl}/verify?url=${encodeURIComponent(ob3Url)}`]);
    await publicPage.close();
  });

  it('verifies the baked PNG, then the downloaded PDF certificate, dropped on /verify', async () => {
    const png = await fetch(`${server.baseUrl}/credentials/${credentialId}/badge.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await png.arrayBuffer()).toString('base64');

    await earnerPage.getByRole('link', { name: 'Verify a badge' }).first().click();
    await heading(earnerPage, 'Verify a badge').waitFor();
    await expectAccessible(earnerPage);
    const dataTransfer = await earnerPage.evaluateHandle((b64) => {
      const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([raw], 'badge.png', { type: 'image/png' }));
      return dt;
    }, bytes);
    await earnerPage.dispatchEvent('[data-testid=dropzone]', 'dragover', { dataTransfer });
    await earnerPage.dispatchEvent('[data-testid=dropzone]', 'drop', { dataTransfer });
    await earnerPage.getByText('Chosen: badge.png').waitFor();
    await earnerPage.getByLabel('Recipient’s email address').fill(EARNER.email);
    await earnerPage.getByRole('button', { name: 'Verify', exact: true }).click();

    const verdict = earnerPage.getByRole('heading', { level: 2, name: /^(Valid|Not valid|Could not be checked)$/ });
    await verdict.waitFor({ timeout: 15_000 });
    const checks = await earnerPage.locator('.checks li').allTextContents();
    expect(await verdict.textContent(), checks.join('\n')).toBe('Valid');
    expect(await earnerPage.getByRole('status').filter({ hasText: 'Every check passed' }).count()).toBe(1);
    expect(checks.join('\n')).toContain('Awarded to this recipient');
    // Each reason is rendered from its code, in the reader's language.
    expect(checks.join('\n')).toContain('The eddsa-rdfc-2022 signature is valid.');
    expect(checks.join('\n')).toContain('Signed with one of the issuer’s keys.');
    expect(checks.join('\n')).toContain(`Awarded to ${EARNER.email}`);
    await screenshot(earnerPage, 'a09-verify-valid');
    await expectAccessible(earnerPage);

    await earnerPage.getByLabel('Language').selectOption('fr');
    await earnerPage.getByRole('heading', { level: 2, name: 'Valide' }).waitFor();
    const vérifications = (await earnerPage.locator('.checks li').allTextContents()).join('\n');
    expect(vérifications).toContain('La signature eddsa-rdfc-2022 est valide.');
    expect(vérifications).toContain('Signé avec l’une des clés de l’émetteur.');
    expect(vérifications).toContain(`Décerné à ${EARNER.email}`);
    expect(vérifications).not.toContain('signature by');
    expect(await earnerPage.locator('.checks [lang="en"]').count()).toBe(0);
    await screenshot(earnerPage, 'a09-verify-valid-fr');
    await expectAccessible(earnerPage);
    await earnerPage.getByLabel('Langue').selectOption('en');
    await earnerPage.getByRole('heading', { level: 2, name: 'Valid' }).waitFor();

    // The downloaded PDF certificate verifies too: its embedded credential.json is read.
    const certificate = await fetch(`${server.baseUrl}/credentials/${credentialId}/certificate.pdf`);
    expect(certificate.headers.get('content-type')).toBe('application/pdf');
    const pdfTransfer = await earnerPage.evaluateHandle((b64) => {
      const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([raw], 'certificate.pdf', { type: 'application/pdf' }));
      return dt;
    }, Buffer.from(await certificate.arrayBuffer()).toString('base64'));
    await earnerPage.dispatchEvent('[data-testid=dropzone]', 'dragover', { dataTransfer: pdfTransfer });
    await earnerPage.dispatchEvent('[data-testid=dropzone]', 'drop', { dataTransfer: pdfTransfer });
    await earnerPage.getByText('Chosen: certificate.pdf').waitFor();
    expect(await earnerPage.locator('input[type=file]').getAttribute('accept')).toContain('.pdf');
    await earnerPage.getByRole('button', { name: 'Verify', exact: true }).click();
    await earnerPage.getByText('A PDF certificate (credential.json attached)').waitFor({ timeout: 15_000 });
    expect(await earnerPage.getByRole('heading', { level: 2, name: /^(Valid|Not valid|Could not be checked)$/ }).textContent()).toBe('Valid');
    expect((await earnerPage.locator('.checks li').allTextContents()).join('\n')).toContain(`Awarded to ${EARNER.email}`);

    // Readable on a phone, signed out: pasted text that is not a badge cannot be checked.
    const visitor = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB', viewport: { width: 390, height: 844 } });
    const phone = await newPage(visitor);
    await phone.goto('/verify');
    await heading(phone, 'Verify a badge').waitFor();
    await phone.getByRole('radio', { name: 'Text to paste' }).check();
    await phone.getByLabel('Badge JSON or JWT').fill('{"hello": "world"}');
    await phone.getByRole('button', { name: 'Verify', exact: true }).click();
    await phone.getByRole('heading', { level: 2, name: /^(Not valid|Could not be checked)$/ }).waitFor();
    await phone.getByText('A JSON credential needs an @context.').waitFor();
    await phone.getByText('Technical details').click();
    await phone.getByText('a JSON-LD credential needs @context').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(phone, 'a10-verify-phone');
    await expectAccessible(phone);

    // "Verify" links and the PDF's QR code open /verify?url=…: the link is prefilled and verified at once;
    // the public page URL printed under the QR code verifies too (the page links to its credential).
    for (const link of [`${server.baseUrl}/ob3/credentials/${credentialId}`, `${server.baseUrl}/credentials/${credentialId}`]) {
      await phone.goto(`/verify?url=${encodeURIComponent(link)}`);
      const linked = phone.getByRole('heading', { level: 2, name: /^(Valid|Not valid|Could not be checked)$/ });
      await linked.waitFor({ timeout: 15_000 });
      expect(await linked.textContent(), (await phone.locator('.checks li').allTextContents()).join('\n')).toBe('Valid');
      expect(await phone.getByLabel('Link to the badge').inputValue()).toBe(link);
    }
    await visitor.close();
  });

  it('honours the unsubscribe link after a confirmation', async () => {
    await earnerPage.goto(unsubscribeLink);
    await heading(earnerPage, 'Stop award emails').waitFor();
    await expectAccessible(earnerPage);
    await earnerPage.getByRole('button', { name: 'Stop these emails' }).click();
    await earnerPage.getByText('Done: this organisation will not email you about new awards.').waitFor();
    await screenshot(earnerPage, 'a11-unsubscribed');
  });

  it('signs the earner out and back in, landing in the backpack', async () => {
    await earnerPage.goto('/');
    await heading(earnerPage, 'My badges').waitFor();
    expect(new URL(earnerPage.url()).pathname).toBe('/backpack');
    await earnerPage.getByRole('button', { name: 'Sign out' }).click();
    await heading(earnerPage, 'Sign in').waitFor();
    await earnerPage.getByLabel('Email address').fill(EARNER.email);
    await earnerPage.getByLabel('Password', { exact: true }).fill(EARNER.password);
    await earnerPage.getByRole('button', { name: 'Sign in' }).click();
    await heading(earnerPage, 'My badges').waitFor();
    expect(new URL(earnerPage.url()).pathname).toBe('/backpack');
    await earnerPage.getByRole('article', { name: ACHIEVEMENT }).waitFor();
  });

  it('raised no uncaught errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
