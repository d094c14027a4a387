/**
 * The whole journey of issue 12, as a user walks it, once in English and once in French:
 * issuer: first-run setup → issuer → achievement with a designed badge → 50 people from a CSV with bad rows
 * (one corrected, the others skipped) → revoke one, suspend another, each with a reason;
 * earner: the award e-mail's link (real SMTP) → claim with a new account → backpack → share (copy link,
 * LinkedIn) → download the PDF and the baked PNG → drop the PNG on /verify: valid;
 * a visitor opens the suspended credential's page: suspended, with its reason.
 *
 * Only the real UI is driven (the captured e-mail is the one thing read outside the browser). axe-core checks
 * every step. With WALK_SCREENSHOTS=1 each step's screenshot is written to docs/walk/<lang>/ and docs/walk.md
 * is regenerated; otherwise nothing under docs/ is touched.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { CATALOGUES as PAGE_CATALOGUES } from '../packages/server/src/adapters/html/i18n/index.js';
import { startSmtpServer, waitForMail } from '../packages/server/test/support/smtp.js';
import { describeViolations, seriousViolations } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { ARTIFACTS, REPO_ROOT, WEB_DIR } from './support/paths.js';
import { startServer, type RunningServer } from './support/server.js';

type Lang = 'en' | 'fr';
type Vars = Record<string, string | number>;
type Catalogue = Record<string, string>;

const WRITE_SCREENSHOTS = process.env.WALK_SCREENSHOTS === '1';
const DOCS = join(REPO_ROOT, 'docs');
const VIEWPORT = { width: 1280, height: 800 };
const ROWS = 50;

/** One step of the walk, as docs/walk.md lists it. */
interface Step {
  file: string;
  title: string;
}
const walked: Record<Lang, Step[]> = { en: [], fr: [] };

const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function fill(template: string | undefined, key: string, vars?: Vars): string {
  if (template === undefined) throw new Error(`no message ${key}`);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (vars && name in vars ? String(vars[name]) : whole));
}

let webCatalogues: Record<Lang, Catalogue>;

beforeAll(async () => {
  // The web app's own catalogues (a path import: the e2e project does not type-check the web sources).
  const locales = pathToFileURL(join(WEB_DIR, 'src/i18n/locales.ts')).href;
  webCatalogues = ((await import(/* @vite-ignore */ locales)) as { CATALOGUES: Record<Lang, Catalogue> }).CATALOGUES;
});

afterAll(() => {
  if (!WRITE_SCREENSHOTS || walked.en.length === 0 || walked.fr.length === 0) return;
  writeFileSync(join(DOCS, 'walk.md'), walkDoc());
});

function walkDoc(): string {
  const lines = [
    '# The walk: issuing and earning, in English and in French',
    '',
    'The whole journey of issue 12, driven through the real UI in Chromium by `e2e/walk.test.ts`, against the real',
    'server with a real SMTP server. Every step is checked by axe-core (serious or critical violations fail the test).',
    '',
    '`npm test` runs the walk and asserts every step but leaves these files alone. To regenerate the screenshots',
    'and this page after a UI change (then commit them):',
    '',
    '```sh',
    'npm run build:web && WALK_SCREENSHOTS=1 npx vitest run e2e/walk.test.ts',
    '```',
    '',
    'Viewport 1280×800; the English walk switches nothing, the French walk chooses “Français” in the language switch',
    'on the first page (the earner’s browser asks for French).',
    '',
  ];
  walked.en.forEach((step, i) => {
    const fr = walked.fr[i];
    lines.push(`## ${i + 1}. ${step.title}`, '', `![${step.title} (English)](walk/en/${step.file})`, '');
    if (fr) lines.push(`![${step.title} (Français)](walk/fr/${fr.file})`, '');
  });
  return lines.join('\n');
}

/** The CSV the issuer uploads: 50 rows, three of them bad, one with a day-first date. */
function cohortCsv(): string {
  const lines = ['Name,Email,Issued Date'];
  for (let i = 1; i <= ROWS - 3; i++) lines.push(`Learner ${i},learner${i}@example.org,${i === 5 ? '30/06/2026' : '2026-09-01'}`);
  lines.push('Wrong Address,not-an-email,2026-09-01'); // row 49: bad e-mail (corrected in the form)
  lines.push('Learner 3 Again,learner3@example.org,2026-09-01'); // row 50: a duplicate (skipped)
  lines.push('Bad Date,bad-date@example.org,31/02/2026'); // row 51: no such day (skipped)
  return lines.join('\n') + '\n';
}

for (const lang of ['en', 'fr'] as const) {
  describe(`the walk in ${lang === 'en' ? 'English' : 'French'} (Chromium)`, () => {
    const ACHIEVEMENT = lang === 'en' ? 'Data Literacy' : 'Culture des données';
    const ORG = lang === 'en' ? 'Riverside Institute' : 'Institut des Rives';
    const OWNER = { name: 'Grace Hopper', email: 'grace@riverside.test', password: 'correct horse battery' };
    const EARNER = { name: 'Learner 1', email: 'learner1@example.org', password: 'a long walk home 12' };
    const REVOKED = 'Learner 2';
    const SUSPENDED = 'Learner 3';

    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
    let server: RunningServer;
    let browser: Browser;
    let issuerContext: BrowserContext;
    let earnerContext: BrowserContext;
    let page: Page;
    let earnerPage: Page;
    let tmp: string;
    let suspendedPage: string;
    let pngBytes: Buffer;
    let stepNo = 0;
    const pageErrors: string[] = [];
    const wire: string[] = [];

    const t = (key: string, vars?: Vars) => fill(webCatalogues[lang][key], key, vars);
    const tPage = (key: string, vars?: Vars) => fill((PAGE_CATALOGUES[lang] as Catalogue)[key], key, vars);
    const heading = (p: Page, name: string) => p.getByRole('heading', { level: 1, name });
    const status = (p: Page, text: string) => p.getByRole('status').filter({ hasText: text });

    /** A step: axe finds nothing serious, and (when asked) the screenshot for docs/walk. */
    async function step(p: Page, name: string, title: string): Promise<void> {
      const violations = await seriousViolations(p);
      expect(violations, `${name}: ${describeViolations(violations)}`).toEqual([]);
      const file = `${String(++stepNo).padStart(2, '0')}-${name}.png`;
      walked[lang].push({ file, title });
      if (WRITE_SCREENSHOTS) {
        mkdirSync(join(DOCS, 'walk', lang), { recursive: true });
        await p.screenshot({ path: join(DOCS, 'walk', lang, file) });
      }
    }

    async function go(label: string): Promise<void> {
      await page.getByRole('navigation', { name: t('nav.label') }).getByRole('link', { name: label, exact: true }).click();
    }

    async function newPage(context: BrowserContext): Promise<Page> {
      const p = await context.newPage();
      p.on('pageerror', (error) => pageErrors.push(error.message));
      // What went wrong on the wire, for the failure notes.
      p.on('response', (r) => void (r.status() >= 400 && wire.push(`${r.status()} ${r.request().method()} ${r.url()}`)));
      p.on('console', (m) => void (m.type() === 'error' && wire.push(`console: ${m.text()}`)));
      return p;
    }

    beforeAll(async () => {
      tmp = await mkdtemp(join(tmpdir(), 'laurel-walk-'));
      smtp = await startSmtpServer();
      [server, browser] = await Promise.all([
        startServer({ readyTimeoutMs: 60_000, env: ({ host }) => ({ SMTP_URL: smtp.url, LAUREL_JOBS: 'true', LAUREL_JOB_LOCK_SECONDS: '2', LAUREL_FETCH_ALLOW_HOSTS: host }) }),
        launchBrowser(),
      ]);
      // The issuer's browser is English; in the French walk the issuer switches the interface.
      issuerContext = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB', viewport: VIEWPORT, acceptDownloads: true });
      // The earner's browser asks for their language (the server's pages follow Accept-Language).
      earnerContext = await browser.newContext({
        baseURL: server.baseUrl,
        locale: lang === 'en' ? 'en-GB' : 'fr-FR',
        viewport: VIEWPORT,
        acceptDownloads: true,
        permissions: ['clipboard-read', 'clipboard-write'],
      });
      for (const c of [issuerContext, earnerContext]) c.setDefaultTimeout(10_000);
      // Leaving for LinkedIn: answered here, so the walk needs no network.
      await earnerContext.route('https://www.linkedin.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>LinkedIn</title>' }));
      page = await newPage(issuerContext);
      earnerPage = await newPage(earnerContext);
    });

    beforeEach(() => {
      // A failing step leaves both browsers' screens in test-artifacts/e2e/ to look at.
      onTestFailed(async ({ task }) => {
        mkdirSync(ARTIFACTS, { recursive: true });
        const name = `walk-${lang}-${task.name.replace(/\W+/g, '-').slice(0, 40)}`;
        await page?.screenshot({ path: join(ARTIFACTS, `${name}-issuer.png`), fullPage: true }).catch(() => undefined);
        await earnerPage?.screenshot({ path: join(ARTIFACTS, `${name}-earner.png`), fullPage: true }).catch(() => undefined);
        if (server) writeFileSync(join(ARTIFACTS, `${name}-server.log`), `${wire.join('\n')}\n\n${server.output()}`);
      });
    });

    afterAll(async () => {
      await issuerContext?.close();
      await earnerContext?.close();
      await browser?.close();
      await server?.stop();
      await smtp?.close();
      if (tmp) await rm(tmp, { recursive: true, force: true });
    });

    it('sets Laurel up on a fresh install', async () => {
      await page.goto('/');
      await heading(page, webCatalogues.en['setup.title']!).waitFor();
      if (lang === 'fr') {
        await page.getByLabel('Language').selectOption('fr');
        await heading(page, t('setup.title')).waitFor();
        expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
      }
      await page.getByLabel(t('setup.organisationName')).fill(ORG);
      await page.getByLabel(t('setup.name')).fill(OWNER.name);
      await page.getByLabel(t('setup.email')).fill(OWNER.email);
      await page.getByLabel(t('setup.password')).fill(OWNER.password);
      await step(page, 'setup', 'First-run setup');
      await page.getByRole('button', { name: t('setup.submit') }).click();
      await heading(page, t('overview.title')).waitFor();
      expect((await page.getByLabel(t('setup.apiKeyLabel')).inputValue()).length).toBeGreaterThan(20);
      await step(page, 'ready', 'The organisation is ready');
      await page.getByRole('button', { name: t('setup.apiKeyDismiss') }).click();
    });

    it('creates an issuer', async () => {
      await go(t('nav.issuers'));
      await page.getByRole('link', { name: t('issuers.new') }).click();
      await heading(page, t('issuerForm.title')).waitFor();
      await page.getByLabel(t('issuerForm.name'), { exact: true }).fill(ORG);
      await page.getByLabel(t('issuerForm.url'), { exact: true }).fill('https://riverside.test');
      await page.getByLabel(t('issuerForm.email'), { exact: true }).fill('badges@riverside.test');
      await step(page, 'issuer-new', 'A new issuer');
      await page.getByRole('button', { name: t('issuerForm.submit') }).click();
      await status(page, t('issuerForm.created', { name: ORG })).waitFor();
      await page.getByRole('rowheader', { name: new RegExp(esc(ORG)) }).waitFor();
    });

    it('creates an achievement and designs its badge', async () => {
      await go(t('nav.achievements'));
      await page.getByRole('link', { name: t('achievements.new') }).click();
      await heading(page, t('achievementForm.title')).waitFor();
      await page.getByLabel(t('achievementForm.name'), { exact: true }).fill(ACHIEVEMENT);
      await page.getByLabel(t('achievementForm.description'), { exact: true }).fill(lang === 'en' ? 'Reads, questions and explains data.' : 'Lit, questionne et explique des données.');
      await page.getByLabel(t('achievementForm.criteriaNarrative')).fill(lang === 'en' ? 'Complete the course project.' : 'Réaliser le projet du cours.');
      await page.getByRole('radio', { name: new RegExp(`^${esc(t('artwork.mode.design'))}`) }).check();
      await page.getByLabel(t('artwork.title')).fill(lang === 'en' ? 'Data' : 'Données');
      // The first drawing on a fresh server starts the image renderers; on a loaded machine that can outlast
      // their queue and the server says it is busy: the user tries again, as the message asks.
      const saved = page.getByText(t('artwork.designSaved'));
      for (let attempt = 1; ; attempt++) {
        await page.getByRole('button', { name: t('artwork.useDesign') }).click();
        const busy = page.getByRole('alert');
        await saved.or(busy).first().waitFor({ timeout: 20_000 });
        if (await saved.isVisible()) break;
        if (attempt === 3) throw new Error(`the design could not be used: ${await busy.textContent()}`);
        await page.waitForTimeout(1_000);
      }
      await step(page, 'designer', 'The achievement and its badge, in the designer');
      await page.getByRole('button', { name: t('achievementForm.submit') }).click();
      await heading(page, t('achievements.title')).waitFor();
      const row = page.getByRole('row').filter({ hasText: ACHIEVEMENT });
      await row.getByRole('img', { name: t('achievements.imageAlt', { name: ACHIEVEMENT }) }).waitFor();
      await step(page, 'achievements', 'The achievement, with its designed badge');
    }, 60_000);

    it('checks a CSV of 50 people: sees the bad rows, corrects one, skips the others, and awards', async () => {
      const csvFile = join(tmp, 'cohort.csv');
      await writeFile(csvFile, cohortCsv());
      await go(t('nav.award'));
      await heading(page, t('award.title')).waitFor();
      await page.getByRole('link', { name: t('award.bulk') }).click();
      await heading(page, t('bulk.title')).waitFor();
      await expect.poll(() => page.getByLabel(t('bulk.achievement')).inputValue()).not.toBe('');
      await page.getByLabel(t('bulk.file')).setInputFiles(csvFile);
      await expect.poll(() => page.getByLabel(t('bulk.csv')).inputValue()).toContain('bad-date@example.org');
      await page.getByRole('button', { name: t('bulk.check') }).click();

      // Three bad rows (the header is row 1), each said in words; nothing is awarded yet.
      await page.getByText(t('bulk.invalidMany', { n: 3, total: ROWS, rows: '49, 50, 51' })).waitFor();
      const table = page.getByRole('table', { name: t('bulk.previewCaption') });
      await table.getByText(t('bulk.issue.email-invalid', { value: 'not-an-email' }), { exact: false }).waitFor();
      await table.getByText(t('bulk.issue.duplicate-row', { row: 4 }), { exact: false }).waitFor();
      await table.getByText(t('bulk.issue.date-invalid', { value: '31/02/2026' }), { exact: false }).waitFor();
      // The day-first date is read as the 30th of June, not refused.
      const fifth = table.getByRole('row').filter({ hasText: 'learner5@example.org' });
      expect(await fifth.textContent()).toContain(lang === 'en' ? '30 Jun 2026' : '30 juin 2026');
      expect(await fifth.textContent()).toContain(t('bulk.rowValid'));
      await page.getByLabel(t('bulk.problemsOnly')).check();
      await step(page, 'csv-errors', 'The CSV checked: three rows with problems');

      // Correct the address in the form and check again: two problems left, skipped when awarding.
      const csv = page.getByLabel(t('bulk.csv'));
      await csv.fill((await csv.inputValue()).replace('Wrong Address,not-an-email', 'Wrong Address,fixed@example.org'));
      await page.getByRole('button', { name: t('bulk.check') }).click();
      await page.getByText(t('bulk.invalidMany', { n: 2, total: ROWS, rows: '50, 51' })).waitFor();
      await page.getByRole('button', { name: t('bulk.awardMany', { n: ROWS - 2 }) }).click();
      await page.getByRole('heading', { name: t('bulk.progressTitle', { achievement: ACHIEVEMENT }) }).waitFor();
      await status(page, t('bulk.finished', { issued: ROWS - 2, notIssued: 2 })).waitFor({ timeout: 40_000 });
      const results = page.getByRole('table', { name: t('bulk.resultsCaption') });
      expect(await results.getByText(t('bulk.result.issued'), { exact: true }).count()).toBe(ROWS - 2);
      expect(await results.getByText(t('bulk.result.invalid'), { exact: true }).count()).toBe(2);
      await step(page, 'csv-awarded', '48 awarded, the two bad rows skipped');
    }, 60_000);

    it('revokes one credential and suspends another, each with a reason', async () => {
      const revokeReason = lang === 'en' ? 'Awarded by mistake' : 'Décerné par erreur';
      const suspendReason = lang === 'en' ? 'Under review' : 'En cours de vérification';
      await go(t('nav.credentials'));
      await heading(page, t('credentials.title')).waitFor();

      const find = async (name: string, email: string) => {
        await page.getByLabel(t('credentials.searchLabel')).fill(email);
        await page.getByRole('button', { name: t('common.search') }).click();
        await expect.poll(() => page.getByRole('row').filter({ hasText: '@example.org' }).count()).toBe(1);
        return page.getByRole('row').filter({ hasText: name });
      };

      const revoked = await find(REVOKED, 'learner2@example.org');
      await revoked.getByRole('button', { name: `${t('credentials.revoke')} ${t('credentials.ofRecipient', { recipient: REVOKED })}` }).click();
      const revokeDialog = page.getByRole('dialog', { name: t('credentials.revokeTitle') });
      await revokeDialog.getByLabel(t('credentials.revokeReason')).fill(revokeReason);
      await step(page, 'revoke', 'Revoking a credential, with a reason');
      await revokeDialog.getByRole('button', { name: t('credentials.revokeConfirm') }).click();
      await status(page, t('credentials.revoked', { recipient: REVOKED })).waitFor();
      expect(await revoked.textContent()).toContain(t('status.revoked'));
      expect(await revoked.textContent()).toContain(t('credentials.revokedBecause', { reason: revokeReason }));

      const suspended = await find(SUSPENDED, 'learner3@example.org');
      await suspended.getByRole('button', { name: `${t('credentials.suspend')} ${t('credentials.ofRecipient', { recipient: SUSPENDED })}` }).click();
      const suspendDialog = page.getByRole('dialog', { name: t('credentials.suspendTitle') });
      await suspendDialog.getByLabel(t('credentials.suspendReason')).fill(suspendReason);
      await suspendDialog.getByRole('button', { name: t('credentials.suspendConfirm') }).click();
      await status(page, t('credentials.suspended', { recipient: SUSPENDED })).waitFor();
      expect(await suspended.textContent()).toContain(t('status.suspended'));
      expect(await suspended.textContent()).toContain(suspendReason);
      // Its public page, from the export menu, for the visitor later on.
      await suspended.getByText(t('credentials.export')).click();
      suspendedPage = (await suspended.getByRole('link', { name: new RegExp(`^${esc(t('credentials.export.page'))}`) }).getAttribute('href'))!;
      expect(suspendedPage).toMatch(/^\/credentials\/[\w-]+$/);
      await step(page, 'suspended', 'A suspended credential, and where its page is');
      await page.keyboard.press('Escape');
    });

    it('lets the earner claim the credential from the award e-mail, with a new account', async () => {
      const mail = await waitForMail(smtp.inbox, EARNER.email);
      expect(mail.decoded).toContain(ACHIEVEMENT);
      const link = /https?:\/\/[^\s"<>]+\/claim\/[A-Za-z0-9_-]+/.exec(mail.decoded)?.[0];
      expect(link, mail.decoded.slice(0, 2000)).toBeDefined();
      await earnerPage.goto(link!);
      await heading(earnerPage, t('claim.title')).waitFor();
      expect(await earnerPage.evaluate(() => document.documentElement.lang)).toBe(lang);
      await earnerPage.getByText(ACHIEVEMENT, { exact: true }).waitFor();
      expect(await earnerPage.getByLabel(t('claim.email')).inputValue()).toBe(EARNER.email);
      await earnerPage.getByLabel(t('claim.name')).fill(EARNER.name);
      await earnerPage.getByLabel(t('claim.password'), { exact: true }).fill(EARNER.password);
      await step(earnerPage, 'claim', 'The earner opens the e-mailed link and claims');
      await earnerPage.getByRole('button', { name: t('claim.createSubmit') }).click();
      await heading(earnerPage, t('backpack.title')).waitFor();
      await status(earnerPage, t('claim.done', { achievement: ACHIEVEMENT })).waitFor();
      await earnerPage.getByRole('article', { name: ACHIEVEMENT }).waitFor();
      await step(earnerPage, 'backpack', 'The backpack');
    });

    it('shares the credential: the link to copy and LinkedIn', async () => {
      const card = earnerPage.getByRole('article', { name: ACHIEVEMENT });
      await card.getByRole('button', { name: `${t('backpack.share')} ${t('backpack.of', { name: ACHIEVEMENT })}` }).click();
      const dialog = earnerPage.getByRole('dialog', { name: t('share.title', { name: ACHIEVEMENT }) });
      await dialog.waitFor();
      const publish = dialog.getByRole('button', { name: t('share.publish') });
      if (await publish.count()) {
        await publish.click();
        await publish.waitFor({ state: 'detached' });
      }
      const link = await dialog.getByLabel(t('share.link')).inputValue();
      expect(link).toMatch(new RegExp(`^${server.baseUrl}/credentials/[\\w-]+$`));
      const credentialId = link.split('/').pop()!;
      await dialog.getByRole('button', { name: t('common.copy') }).click();
      await dialog.getByText(t('common.copied')).waitFor();
      expect(await earnerPage.evaluate(() => navigator.clipboard.readText())).toBe(link);
      await step(earnerPage, 'share', 'Sharing: the link, LinkedIn and others');

      const [linkedIn] = await Promise.all([earnerContext.waitForEvent('page'), dialog.getByRole('link', { name: new RegExp(`^${esc(t('share.linkedInProfile'))}`) }).click()]);
      await linkedIn.waitForLoadState();
      const url = new URL(linkedIn.url());
      expect(url.origin + url.pathname).toBe('https://www.linkedin.com/profile/add');
      expect(Object.fromEntries(url.searchParams)).toMatchObject({ name: ACHIEVEMENT, organizationName: ORG, certUrl: link, certId: credentialId });
      await linkedIn.close();
      await earnerPage.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    });

    it('downloads the PDF certificate and the baked PNG: real files', async () => {
      const card = earnerPage.getByRole('article', { name: ACHIEVEMENT });
      const of = t('backpack.of', { name: ACHIEVEMENT });

      // The PDF opens in a new tab, in the browser's viewer (which saves it; the protocol hands back the viewer's
      // page, not the file): the file is read again with the tab's own cookies, from the tab's address.
      const [pdfTab] = await Promise.all([earnerContext.waitForEvent('page'), card.getByRole('link', { name: new RegExp(`^${esc(`${t('backpack.pdf')} ${of}`)}`) }).click()]);
      await pdfTab.waitForLoadState();
      expect(new URL(pdfTab.url()).pathname).toMatch(/^\/credentials\/[\w-]+\/certificate\.pdf$/);
      const response = await earnerContext.request.get(pdfTab.url());
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toBe('application/pdf');
      const pdf = await response.body();
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.subarray(-1024).toString('latin1')).toContain('%%EOF');
      await pdfTab.close();

      // Baking draws the image (the renderers may be starting): more time than a click.
      const [pngDownload] = await Promise.all([earnerPage.waitForEvent('download', { timeout: 30_000 }), card.getByRole('link', { name: new RegExp(`^${esc(`${t('backpack.png')} ${of}`)}`) }).click()]);
      pngBytes = readFileSync(await pngDownload.path());
      expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      // Baked: the credential travels inside the image (an iTXt chunk, OB 3.0's keyword or OB 2.0's).
      expect(pngBytes.includes(Buffer.from('iTXtopenbadgecredential\0')) || pngBytes.includes(Buffer.from('iTXtopenbadges\0'))).toBe(true);
      expect(pngDownload.suggestedFilename()).toMatch(/\.png$/);
    }, 60_000);

    it('drops the downloaded PNG on the verifier and sees it is valid', async () => {
      await earnerPage.getByRole('link', { name: t('nav.verify') }).first().click();
      await heading(earnerPage, t('verify.title')).waitFor();
      const dataTransfer = await earnerPage.evaluateHandle((b64) => {
        const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([raw], 'badge.png', { type: 'image/png' }));
        return dt;
      }, pngBytes.toString('base64'));
      await earnerPage.dispatchEvent('[data-testid=dropzone]', 'dragover', { dataTransfer });
      await earnerPage.dispatchEvent('[data-testid=dropzone]', 'drop', { dataTransfer });
      await earnerPage.getByText(t('verify.chosen', { name: 'badge.png' })).waitFor();
      await earnerPage.getByLabel(t('verify.recipient')).fill(EARNER.email);
      await earnerPage.getByRole('button', { name: t('verify.submit'), exact: true }).click();
      const verdicts = ['valid', 'invalid', 'unchecked'].map((v) => t(`verify.verdict.${v}`));
      const verdict = earnerPage.getByRole('heading', { level: 2, name: new RegExp(`^(${verdicts.map(esc).join('|')})$`) });
      await verdict.waitFor({ timeout: 15_000 });
      expect(await verdict.textContent(), (await earnerPage.locator('.checks li').allTextContents()).join('\n')).toBe(t('verify.verdict.valid'));
      await status(earnerPage, t('verify.verdictBody.valid')).waitFor();
      await verdict.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await step(earnerPage, 'verify-valid', 'The downloaded PNG, dropped on /verify: valid');
    });

    it('shows the suspended credential’s page as suspended, with its reason', async () => {
      const visitor = await newPage(earnerContext);
      await visitor.goto(suspendedPage);
      await visitor.getByRole('heading', { level: 1 }).first().waitFor();
      expect(await visitor.evaluate(() => document.documentElement.lang)).toBe(lang);
      const body = (await visitor.textContent('body'))!;
      expect(body).toContain(ACHIEVEMENT);
      expect(body).toContain(tPage('status.suspended'));
      expect(body).toContain(tPage('status.suspended.detail'));
      expect(body).toContain(tPage('status.reason', { reason: lang === 'en' ? 'Under review' : 'En cours de vérification' }));
      await step(visitor, 'suspended-page', 'The suspended credential’s public page');
      await visitor.close();
    });

    it('raised no uncaught errors in the pages', () => {
      expect(pageErrors).toEqual([]);
    });
  });
}
