/**
 * Single sign-on settings in a real browser against the real server: an owner adds an OpenID Connect identity
 * provider on the Members page, edits it (name, client id, role rules; the client secret is write-only: left empty
 * it is kept, typed it is replaced), turns it off, adds a SAML one with single logout and rotates its SP signing key,
 * and sees the page in French. axe-core checks each state.
 * (Signing in through an IdP is covered against a real OpenID Provider in packages/server/test/api/sso-oidc.test.ts.)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { setupOwner, signedInConsole } from './support/console.js';
import { ARTIFACTS, screenshot } from './support/paths.js';
import { startServer, type RunningServer } from './support/server.js';

const OWNER = { organisation: 'Federated University', name: 'Radia Perlman', email: 'radia@federated.test', password: 'spanning tree 1985' };

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const sealedSecret = () => {
  const db = new Database(join(server.dataDir, 'laurel.db'), { readonly: true });
  try {
    return (db.prepare('SELECT client_secret FROM sso_connections').get() as { client_secret: string }).client_secret;
  } finally {
    db.close();
  }
};
/** A self-signed certificate for the test IdP (openssl), as PEM. */
function idpCertificate(): string {
  const dir = mkdtempSync(join(tmpdir(), 'laurel-e2e-saml-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=e2e-idp'], { stdio: 'ignore' });
    return readFileSync(join(dir, 'cert.pem'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const connections = () => page.evaluate(async () => (await (await fetch('/api/v1/organisation/sso-connections')).json()).items as Record<string, unknown>[]);

describe('single sign-on settings (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    await setupOwner(server, OWNER);
    ({ context, page } = await signedInConsole(browser, server, OWNER, pageErrors));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('adds an OpenID Connect identity provider', async () => {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Members', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Single sign-on' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('University IdP');
    await page.getByLabel('Short name').fill('federated');
    await page.getByLabel('E-mail domains').fill('federated.test');
    await page.getByLabel('Issuer URL (OpenID Connect)').fill('https://idp.federated.test');
    await page.getByLabel('Client id (OpenID Connect)').fill('laurel');
    await page.getByLabel('Client secret (OpenID Connect)').fill('the first client secret');
    await page.getByLabel('Role rules').fill('badge-admins=admin');
    await page.getByRole('button', { name: 'Add the identity provider' }).click();
    await page.getByText('University IdP was added.').waitFor();
    await page.getByRole('rowheader', { name: /University IdP/ }).waitFor();
    await expectAccessible(page);
    expect(await connections()).toEqual([expect.objectContaining({ name: 'University IdP', enabled: true, hasClientSecret: true })]);
  });

  it('edits it: the fields start from the connection, the secret field starts empty and left empty keeps the secret', async () => {
    const before = sealedSecret();
    await page.getByRole('button', { name: 'Edit University IdP' }).click();
    await page.getByRole('heading', { level: 3, name: 'Edit University IdP' }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('University IdP');
    expect(await page.getByLabel('Issuer URL (OpenID Connect)').inputValue()).toBe('https://idp.federated.test');
    expect(await page.getByLabel('Role rules').inputValue()).toBe('badge-admins=admin');
    expect(await page.getByLabel('Client secret (OpenID Connect)').inputValue()).toBe('');
    await screenshot(page, 'sso-01-edit');
    await expectAccessible(page);

    await page.getByLabel('Name', { exact: true }).fill('Federated SSO');
    await page.getByLabel('Client id (OpenID Connect)').fill('laurel-prod');
    await page.getByLabel('Role rules').fill('badge-admins=admin\nbadge-issuers=issuer');
    await page.getByRole('button', { name: 'Save the identity provider' }).click();
    await page.getByText('Federated SSO was saved.').waitFor();
    const [saved] = await connections();
    expect(saved).toMatchObject({ name: 'Federated SSO', oidc: { clientId: 'laurel-prod' }, hasClientSecret: true, roleMapping: [{ value: 'badge-admins', role: 'admin' }, { value: 'badge-issuers', role: 'issuer' }] });
    expect(JSON.stringify(saved)).not.toContain('the first client secret');
    expect(sealedSecret()).toBe(before);

    // A new secret typed in replaces it.
    await page.getByRole('button', { name: 'Edit Federated SSO' }).click();
    await page.getByLabel('Client secret (OpenID Connect)').fill('the second client secret');
    await page.getByRole('button', { name: 'Save the identity provider' }).click();
    await page.getByText('Federated SSO was saved.').waitFor();
    expect(sealedSecret()).not.toBe(before);
    expect(sealedSecret()).not.toContain('second');
  });

  it('turns it off, and the sign-in page no longer offers it', async () => {
    await page.getByRole('button', { name: 'Edit Federated SSO' }).click();
    await page.getByLabel('On: people may sign in through it').uncheck();
    await page.getByRole('button', { name: 'Save the identity provider' }).click();
    await page.getByText('Federated SSO was saved.').waitFor();
    await page.getByRole('cell', { name: 'Off: nobody signs in through it' }).waitFor();
    await expectAccessible(page);
    expect((await connections())[0]).toMatchObject({ enabled: false });
    const start = await fetch(`${server.baseUrl}/api/v1/session/sso`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ slug: 'federated' }) });
    expect(start.status).toBe(404);
  });

  it('adds a SAML identity provider with single logout, and rotates its signing key: prepare, switch, retire', async () => {
    await page.getByLabel('Protocol', { exact: true }).selectOption('saml');
    await page.getByLabel('Name', { exact: true }).fill('Library IdP');
    await page.getByLabel('Short name').fill('library');
    await page.getByLabel('E-mail domains').fill('library.federated.test');
    await page.getByLabel('IdP entity id (SAML)').fill('https://idp.library.test/metadata');
    await page.getByLabel('IdP sign-in URL (SAML)').fill('https://idp.library.test/sso');
    await page.getByLabel('IdP signing certificate (SAML, PEM)').fill(idpCertificate());
    await page.getByLabel('Sign sign-in requests (SAML): the certificate is in the metadata').check();
    await page.getByLabel('Identity provider’s Single Logout URL (optional)').fill('https://idp.library.test/slo');
    await page.getByRole('button', { name: 'Add the identity provider' }).click();
    await page.getByText('Library IdP was added.').waitFor();
    const library = async () => (await connections()).find((c) => c.name === 'Library IdP') as { saml: { sloUrl: string }; serviceProvider: Record<string, string | undefined> };
    expect((await library()).saml.sloUrl).toBe('https://idp.library.test/slo');
    const first = (await library()).serviceProvider.signingCertificate;
    expect(first).toContain('BEGIN CERTIFICATE');

    await page.getByRole('button', { name: 'Prepare a new signing key for Library IdP' }).click();
    await page.getByText('A new key is ready and published in the metadata.', { exact: false }).waitFor();
    await expectAccessible(page);
    const next = (await library()).serviceProvider.nextSigningCertificate;
    expect(next).toBeTruthy();
    await page.getByRole('button', { name: 'Sign with the new key for Library IdP' }).click();
    await page.getByText('The old certificate is still published.', { exact: false }).waitFor();
    expect((await library()).serviceProvider).toMatchObject({ signingCertificate: next, previousSigningCertificate: first });
    await screenshot(page, 'sso-02-key-rotation');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Retire the old certificate of Library IdP' }).click();
    await page.getByRole('button', { name: 'Prepare a new signing key for Library IdP' }).waitFor();
    expect((await library()).serviceProvider.previousSigningCertificate).toBeUndefined();
  });

  it('shows the settings in French, accessible', async () => {
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { level: 2, name: 'Connexion unique (SSO)' }).waitFor();
    await page.getByRole('button', { name: 'Modifier Federated SSO' }).click();
    await page.getByRole('heading', { level: 3, name: 'Modifier Federated SSO' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Annuler' }).click();
    await page.getByRole('heading', { level: 3, name: 'Ajouter un fournisseur d’identité' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('signs out (a password session names no provider to sign out of)', async () => {
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await heading('Sign in').waitFor();
    expect((await page.evaluate(async () => (await fetch('/api/v1/session')).status))).toBe(401);
  });
});
