/**
 * Multi-factor authentication in a real browser against the real server: the owner sets up an authenticator
 * app from the account page (the code computed in the test with otplib from the key the page shows), signs out,
 * signs in with the password and a code; then adds a passkey with Chromium's virtual authenticator (DevTools
 * WebAuthn domain), signs in with it as the second factor, and without a password. axe-core checks each new screen.
 *
 * WebAuthn needs a real host name as its RP id (an IP address is none), so the server's base URL is
 * http://localhost:<port> here (a secure context for the browser).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateSync } from 'otplib';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { ARTIFACTS, screenshot } from './support/paths.js';
import { startServer, type RunningServer } from './support/server.js';

const OWNER = { organisationName: 'Northwind Institute', name: 'Katherine Johnson', email: 'katherine@northwind.test', password: 'orbital mechanics 1962' };

let server: RunningServer;
let origin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;
let secret: string;
const pageErrors: string[] = [];

const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
/** The code an authenticator app would show `offsetSeconds` from now (otplib, not Laurel's code). */
const codeAt = (offsetSeconds = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });

async function signOut(): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await heading('Sign in').waitFor();
}

async function passwordStep(): Promise<void> {
  await page.getByLabel('Email address').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { level: 2, name: 'Two-step verification' }).waitFor();
}

describe('multi-factor authentication: TOTP and passkeys (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startServer({ env: ({ baseUrl }) => ({ LAUREL_BASE_URL: baseUrl.replace('127.0.0.1', 'localhost') }) }), launchBrowser()]);
    origin = server.baseUrl.replace('127.0.0.1', 'localhost');
    const setup = await fetch(`${server.baseUrl}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
    expect(setup.status, await setup.clone().text()).toBe(201);
    context = await browser.newContext({ baseURL: origin, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('sets up an authenticator app from the account page: QR code and key, a first code, recovery codes shown once', async () => {
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('link', { name: 'Account security' }).click();
    await heading('Account security').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'mfa-01-account');

    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByRole('img', { name: 'QR code to scan with your authenticator app' }).waitFor();
    secret = await page.getByLabel('Setup key').inputValue();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expectAccessible(page);
    await screenshot(page, 'mfa-02-totp-setup');

    await page.getByLabel('Code from the app').fill('000000');
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByText('That code is not right, or it was used already.').first().waitFor();
    await page.getByLabel('Code from the app').fill(codeAt());
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem');
    await expect.poll(() => codes.count()).toBe(10);
    await page.getByText('Your authenticator app is on').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'mfa-03-recovery-codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await expect.poll(() => codes.count()).toBe(0);
  });

  it('signs out, and signing in asks for a code after the password', async () => {
    await signOut();
    await passwordStep();
    await expectAccessible(page);
    await screenshot(page, 'mfa-04-two-step');
    // The next step's code: the current step's was used to turn the app on (each code works once).
    await page.getByLabel('Code from your authenticator app').fill(codeAt(30));
    await page.getByRole('button', { name: 'Verify' }).click();
    await heading('Overview').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('adds a passkey with the virtual authenticator, then signs in with it as the second factor', async () => {
    cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await page.getByRole('link', { name: 'Account security' }).click();
    await heading('Account security').waitFor();
    await page.getByLabel('Passkey name').fill('Test laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByText('Passkey “Test laptop” added.').waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Test laptop' }).getByText('never used').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'mfa-05-passkey');

    await signOut();
    await passwordStep();
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await heading('Overview').waitFor();
  });

  it('signs in with the passkey alone (passwordless), and lists the sessions', async () => {
    await signOut();
    await page.getByRole('button', { name: 'Use a passkey instead' }).click();
    await heading('Overview').waitFor();
    await page.getByRole('link', { name: 'Account security' }).click();
    await heading('Account security').waitFor();
    const sessions = page.getByRole('table', { name: 'Your sessions' });
    await sessions.getByText('This browser').waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Test laptop' }).getByText(/last used/).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'mfa-06-sessions');
    expect(pageErrors).toEqual([]);
  });

  it('asks to prove a factor again before a sensitive action when the last one is old, then does it', async () => {
    // Time passes: the session's last factor is made older than the step-up window (the server's own database).
    const db = new Database(join(server.dataDir, 'laurel.db'));
    db.prepare('update sessions set factor_at = ?').run('2000-01-01T00:00:00.000Z');
    db.close();
    await page.getByRole('link', { name: 'API keys' }).click();
    await heading('API keys').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Step-up key');
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.waitFor();
    await expectAccessible(page);
    await screenshot(page, 'mfa-07-step-up');
    await dialog.getByRole('button', { name: 'Use a passkey' }).click();
    // Proven: the dialog closes and the action goes ahead by itself.
    await dialog.waitFor({ state: 'hidden' });
    expect((await page.getByLabel('Secret key').inputValue()).length).toBeGreaterThan(20);
    await page.getByRole('row').filter({ hasText: 'Step-up key' }).waitFor();
  });

  it('shows the account page in French, accessible', async () => {
    await page.getByRole('link', { name: 'Account security' }).click();
    await heading('Account security').waitFor();
    await page.getByLabel('Language').selectOption('fr');
    await heading('Sécurité du compte').waitFor();
    await expectAccessible(page);
  });
});
