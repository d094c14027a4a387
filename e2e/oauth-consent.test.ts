/**
 * OAuth 2.0 in a real browser against the real server: an Open Badges host (openid-client, over HTTP)
 * registers and sends the earner's browser to /oauth/authorize; Laurel's consent page asks them to sign in,
 * shows what the host asks for, and on "Allow" sends the browser back with a code the host exchanges (PKCE)
 * for a token that reads /ims/ob/v3p0/credentials. An admin makes a machine client on the API keys page
 * (secret shown once). axe-core checks each page, in English and French.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as client from 'openid-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { ARTIFACTS } from './support/paths.js';
import { startServer, type RunningServer } from './support/server.js';

const OWNER = { organisationName: 'Northwind College', name: 'Katherine Johnson', email: 'katherine@northwind.test', password: 'orbital mechanics 1962' };
const REDIRECT = 'https://host.example/laurel/callback';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const insecure = { algorithm: 'oauth2' as const, execute: [client.allowInsecureRequests] };

describe('OAuth 2.0: the consent page and machine clients (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const setup = await fetch(new URL('/api/v1/setup', server.baseUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
    expect(setup.status).toBe(201);
    context = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    // The host's callback is not a real site: the browser's arrival there is all the test needs.
    await context.route('https://host.example/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Host</title><h1>Back at the host</h1>' }));
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('an earner signs in on the consent page, allows, and the host reads their badges with the token', async () => {
    const config = await client.dynamicClientRegistration(
      new URL(server.baseUrl),
      { client_name: 'Example Host', client_uri: 'https://host.example/', redirect_uris: [REDIRECT], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], scope: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly offline_access' },
      client.ClientSecretBasic(),
      insecure,
    );
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly offline_access',
      state,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });

    await page.goto(url.href);
    await heading('Connect an app to your badges').waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/connect\/laz_/);
    await expectAccessible(page);
    await page.getByLabel('Email address').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Example Host asks to:').waitFor();
    await page.getByText('See the badges and certificates in your Laurel backpack').waitFor();
    await page.getByText('You will then be sent back to host.example.').waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: join(ARTIFACTS, 'oauth-consent.png'), fullPage: true });

    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(/^https:\/\/host\.example\/laurel\/callback\?/);
    const tokens = await client.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: verifier, expectedState: state });
    const res = await client.fetchProtectedResource(config, tokens.access_token, new URL('/ims/ob/v3p0/credentials', server.baseUrl), 'GET');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total-count')).toBe('0');

    // The app is listed among the earner's connected apps (French this time), and can be disconnected.
    await page.goto('/backpack/settings');
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { level: 2, name: 'Applications connectées' }).waitFor();
    await page.locator('strong', { hasText: 'Example Host' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: /Déconnecter/ }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Déconnecter' }).click();
    await page.getByText('Aucune application n’est connectée.').waitFor();
    const after = await fetch(new URL('/ims/ob/v3p0/credentials', server.baseUrl), { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(after.status).toBe(401);
  });

  it('an admin creates a machine client on the API keys page; the secret is shown once and works', async () => {
    await page.goto('/api-keys');
    await page.getByRole('heading', { level: 2, name: 'Clients OAuth' }).waitFor();
    await page.getByLabel('Nom du client', { exact: true }).fill('Système d’information');
    await page.getByLabel(/laurel\.issue/).check();
    await page.getByRole('button', { name: 'Créer le client' }).click();
    await page.screenshot({ path: join(ARTIFACTS, 'oauth-client-created.png'), fullPage: true });
    await page.getByRole('heading', { name: 'Copiez le secret du client maintenant' }).waitFor();
    await expectAccessible(page);
    const clientId = await page.getByLabel('Identifiant du client', { exact: true }).inputValue();
    const secret = await page.getByLabel('Secret du client', { exact: true }).inputValue();
    const config = await client.discovery(new URL(server.baseUrl), clientId, secret, client.ClientSecretBasic(), insecure);
    const tokens = await client.clientCredentialsGrant(config);
    expect(tokens.scope).toBe('laurel.read laurel.issue');
    const issuers = await fetch(new URL('/api/v1/issuers', server.baseUrl), { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(issuers.status).toBe(200);
    expect(pageErrors).toEqual([]);
  });
});
