/**
 * Privacy and the audit log in a real browser against the real server: the owner sets the privacy notice and
 * retention, reads and checks the audit log, exports it as CSV after proving the password again, downloads
 * their data, and is told a member cannot delete their account. axe-core checks each screen, in English and French.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { callApi, setupOwner, signedInConsole } from './support/console.js';
import { ARTIFACTS, screenshot } from './support/paths.js';
import { startServer, type RunningServer } from './support/server.js';

const OWNER = { organisation: 'Privacy Institute', name: 'Ada Byron', email: 'ada@privacy.test', password: 'analytical engine 1843' };

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let ownerKey: string;
const pageErrors: string[] = [];

const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });

describe('privacy rights and the audit log (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    ownerKey = await setupOwner(server, OWNER);
    ({ context, page } = await signedInConsole(browser, server, OWNER, pageErrors, { acceptDownloads: true }));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('sets the privacy notice and retention on the organisation page', async () => {
    await page.getByRole('link', { name: 'Organisation', exact: true }).click();
    await heading('Organisation').waitFor();
    await page.getByLabel('Privacy notice address').fill('https://privacy.test/notice');
    await page.getByLabel('Erase unclaimed awards’ names and addresses after (days)').fill('365');
    await page.getByLabel('Forget IP addresses after (days)').fill('90');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Organisation settings saved.').first().waitFor();
    await expectAccessible(page);
    const org = await callApi(server, ownerKey, 'GET', '/api/v1/organisation');
    expect(org.json.settings).toMatchObject({ privacyNoticeUrl: 'https://privacy.test/notice', unclaimedRetentionDays: 365, ipRetentionDays: 90 });
  });

  it('shows the audit log, filters it, checks the chain, and exports CSV after a step-up', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    await heading('Audit log').waitFor();
    await page.getByRole('cell', { name: 'organisation.update' }).first().waitFor();
    await page.getByLabel('Action').fill('organisation.');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('cell', { name: 'organisation.update' }).first().waitFor();
    await page.getByRole('button', { name: 'Check the chain' }).click();
    await page.getByText(/The chain is intact: \d+ entries checked\./).waitFor();
    await screenshot(page, 'privacy-01-audit-log');
    await expectAccessible(page);

    const db = new Database(join(server.dataDir, 'laurel.db'));
    db.prepare('update sessions set factor_at = ?').run('2000-01-01T00:00:00.000Z');
    db.close();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export as CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.waitFor();
    await dialog.getByLabel('Your password').fill(OWNER.password);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    const csv = readFileSync((await (await download).path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('createdAt,seq,action,actorType,actorId,targetType,targetId,ip,userAgent,requestId,details,hash');
    expect(csv).toContain('organisation.update');
  });

  it('downloads my data from the account page; a member is told to leave before deleting the account', async () => {
    await page.getByRole('link', { name: 'Account security' }).click();
    await heading('Account security').waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download my data' }).click();
    const files = unzipSync(new Uint8Array(readFileSync((await (await download).path())!)));
    expect(JSON.parse(new TextDecoder().decode(files['account.json']!)).account.email).toBe(OWNER.email);
    const remove = page.getByRole('button', { name: 'Delete my account' });
    expect(await remove.isDisabled()).toBe(true);
    await page.getByLabel('I understand that this cannot be undone').check();
    await remove.click();
    await page.getByRole('alert').filter({ hasText: /member of an organisation/ }).waitFor();
    await screenshot(page, 'privacy-02-account');
    await expectAccessible(page);
  });

  it('shows the audit log and account page in French, accessible', async () => {
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('link', { name: 'Journal d’audit' }).click();
    await heading('Journal d’audit').waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Sécurité du compte' }).click();
    await page.getByRole('heading', { level: 2, name: 'Vos données' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Organisation', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Supprimer cette organisation' }).waitFor();
    await expectAccessible(page);
    expect(pageErrors).toEqual([]);
  });

  it('the owner deletes the organisation: its name typed, the password proven again; then nobody is signed in to it', async () => {
    await page.getByLabel('Langue', { exact: true }).selectOption('en');
    await page.getByRole('heading', { level: 2, name: 'Delete this organisation' }).waitFor();
    const remove = page.getByRole('button', { name: 'Delete the organisation' });
    const confirm = page.getByLabel(`Type the organisation’s name to confirm: ${OWNER.organisation}`);
    await confirm.fill('privacy institute');
    expect(await remove.isDisabled()).toBe(true);
    await confirm.fill(OWNER.organisation);
    await screenshot(page, 'privacy-03-delete-organisation');
    await expectAccessible(page);
    const db = new Database(join(server.dataDir, 'laurel.db'));
    db.prepare('update sessions set factor_at = ?').run('2000-01-01T00:00:00.000Z');
    db.close();
    await remove.click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.waitFor();
    await dialog.getByLabel('Your password').fill(OWNER.password);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/organisation'));
    expect((await page.evaluate(async () => (await fetch('/api/v1/organisation')).status))).toBe(401);
    const after = new Database(join(server.dataDir, 'laurel.db'), { readonly: true });
    const org = after.prepare('select deleted_at from organisations').get() as { deleted_at: string | null };
    const keys = after.prepare("select count(*) as n from data_keys where id like 'pdo-%'").get() as { n: number };
    after.close();
    expect(org.deleted_at).toBeTruthy();
    expect(keys.n).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
