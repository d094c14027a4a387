/**
 * The earner's settings, in a real browser against the real server with a real SMTP server:
 * a sign-in link asked for on the sign-in page → /magic/<token> → confirm → the backpack; a handle and a public
 * profile → /u/<handle>; another address → its verification e-mail → /verify-address/<token> → confirmed →
 * removed again (with a confirmation dialog).
 * axe-core checks each new page.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { ARTIFACTS, screenshot } from './support/paths.js';
import { startServer, type RunningServer } from './support/server.js';
import { startSmtpServer, waitForMail, type CapturedMail } from '../packages/server/test/support/smtp.js';

const OWNER = { organisationName: 'Southwind Academy', name: 'Dorothy Vaughan', email: 'dorothy@southwind.test', password: 'fortran for everyone 1961' };
const EARNER = { name: 'Sally Ride', email: 'sally@example.org', password: 'challenger sts-7 1983' };
const SECOND = 'sally.ride@example.net';
const HANDLE = 'sally-ride';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });

async function api(path: string, body: unknown): Promise<void> {
  const response = await fetch(new URL(`/api/v1${path}`, server.baseUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
}

function linkIn(mail: CapturedMail, kind: 'magic' | 'verify-address' | 'activate'): string {
  const match = new RegExp(`https?://[^\\s"<>]+/${kind}/[A-Za-z0-9_-]+`).exec(mail.decoded);
  expect(match, mail.decoded.slice(0, 3000)).not.toBeNull();
  expect(match![0].startsWith(server.baseUrl)).toBe(true);
  return match![0];
}

describe('earner settings: sign-in links, public profile, verified addresses (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    smtp = await startSmtpServer();
    [server, browser] = await Promise.all([startServer({ env: () => ({ SMTP_URL: smtp.url }) }), launchBrowser()]);
    await api('/setup', OWNER);
    context = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it('creates an account from the sign-in page: a link to finish is e-mailed, and the password is chosen there', async () => {
    await page.goto('/sign-in');
    await heading('Sign in').waitFor();
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Email address').fill(EARNER.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('status').filter({ hasText: `We sent a message to ${EARNER.email}` }).waitFor();
    await expectAccessible(page);
    // Nothing exists until the link is used: the address cannot sign in yet.
    const early = await fetch(new URL('/api/v1/session', server.baseUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EARNER.email, password: EARNER.password }) });
    expect(early.status).toBe(401);

    const mail = await waitForMail(smtp.inbox, EARNER.email);
    expect(mail.decoded).toContain('Finish creating your Laurel account');
    await page.goto(linkIn(mail, 'activate'));
    await heading('Create your account').waitFor();
    await expectAccessible(page);
    await screenshot(page, 's00-activate');
    await page.getByLabel(/^Your name/).fill(EARNER.name);
    await page.getByLabel('Password', { exact: true }).fill(EARNER.password);
    await page.getByRole('button', { name: 'Create my account' }).click();
    await heading('My badges').waitFor();
    await page.getByRole('status').filter({ hasText: 'Your account is ready.' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in').waitFor();
  });

  it('e-mails a sign-in link from the sign-in page; the link signs in only when confirmed, into the backpack', async () => {
    await page.goto('/sign-in');
    await heading('Sign in').waitFor();
    await page.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
    await page.getByLabel('Email address').fill(EARNER.email);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('status').filter({ hasText: `If there is a Laurel account for ${EARNER.email}` }).waitFor();
    await screenshot(page, 's01-sign-in-link-sent');
    await expectAccessible(page);

    await expect.poll(() => smtp.inbox.filter((m) => m.to.includes(EARNER.email) && m.decoded.includes('/magic/')).length, { timeout: 15_000 }).toBe(1);
    const link = linkIn(smtp.inbox.filter((m) => m.to.includes(EARNER.email) && m.decoded.includes('/magic/'))[0]!, 'magic');
    await page.goto(link);
    await heading('Sign in with your link').waitFor();
    await expectAccessible(page);
    await screenshot(page, 's02-magic-link');
    // Opening the page alone signs nobody in (mail scanners open links).
    expect((await fetch(new URL('/api/v1/session', server.baseUrl), { headers: { cookie: (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } })).status).toBe(401);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await heading('My badges').waitFor();
    expect(new URL(page.url()).pathname).toBe('/backpack');

    // The link is single use.
    const other = await context.browser()!.newContext({ baseURL: server.baseUrl, locale: 'en-GB' });
    const again = await other.newPage();
    await again.goto(link);
    await again.getByRole('button', { name: 'Sign in', exact: true }).click();
    await again.getByRole('alert').filter({ hasText: 'This sign-in link is not valid any more' }).waitFor();
    await other.close();
  });

  it('sets a handle and makes the profile public; /u/<handle> answers', async () => {
    await page.getByRole('link', { name: 'Addresses and profile' }).click();
    await heading('Addresses and profile').waitFor();
    expect(new URL(page.url()).pathname).toBe('/backpack/settings');
    await page.getByRole('listitem').filter({ hasText: EARNER.email }).waitFor();
    await expectAccessible(page);

    await page.getByLabel('Handle').fill(HANDLE);
    await page.getByLabel('About you').fill('Physicist and astronaut.');
    await page.getByLabel('Make my profile public').check();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').filter({ hasText: 'Profile saved. It is public.' }).waitFor();
    const profileLink = page.getByRole('link', { name: 'Open my public profile' });
    expect(await profileLink.getAttribute('href')).toBe(`/u/${HANDLE}`);
    await screenshot(page, 's03-settings-public');
    await expectAccessible(page);

    const response = await page.request.get(`/u/${HANDLE}`);
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain('Physicist and astronaut.');
  });

  it('adds an address and confirms it from the verification e-mail', async () => {
    await page.getByLabel('Email address to add').fill(SECOND);
    await page.getByRole('button', { name: 'Send a confirmation link' }).click();
    await page.getByRole('status').filter({ hasText: `A confirmation link is on its way to ${SECOND}` }).waitFor();

    const link = linkIn(await waitForMail(smtp.inbox, SECOND), 'verify-address');
    await page.goto(link);
    await heading('Confirm your email address').waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Confirm the address' }).click();
    await page.getByRole('status').filter({ hasText: `${SECOND} is now one of your verified addresses.` }).waitFor();
    await screenshot(page, 's04-address-confirmed');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Go to my addresses and profile' }).click();
    await heading('Addresses and profile').waitFor();
    await page.getByRole('listitem').filter({ hasText: SECOND }).filter({ hasText: 'verified on' }).waitFor();
  });

  it('removes the added address after confirming; the sign-in address cannot be removed', async () => {
    const row = page.getByRole('listitem').filter({ hasText: SECOND });
    expect(await page.getByRole('listitem').filter({ hasText: EARNER.email }).getByRole('button').count()).toBe(0);
    await row.getByRole('button', { name: `Remove ${SECOND}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove this address?' });
    await dialog.getByText('Badges you claimed stay yours.').waitFor();
    await expectAccessible(page);
    await screenshot(page, 's05-remove-address');
    // Cancelling keeps it.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.waitFor();

    await row.getByRole('button', { name: `Remove ${SECOND}` }).click();
    await dialog.getByRole('button', { name: 'Remove the address' }).click();
    await page.getByRole('status').filter({ hasText: `${SECOND} is no longer one of your addresses.` }).waitFor();
    await row.waitFor({ state: 'detached' });
    await page.getByRole('listitem').filter({ hasText: EARNER.email }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 's06-address-removed');
  });

  it('asks to sign in first when a verification link is opened signed out', async () => {
    const other = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB' });
    const p = await other.newPage();
    await p.goto('/verify-address/not-a-real-token-123');
    await p.getByRole('heading', { level: 1, name: 'Confirm your email address' }).waitFor();
    await p.getByText('Sign in first').waitFor();
    await p.getByLabel('Email address').fill(EARNER.email);
    await p.getByLabel('Password').fill(EARNER.password);
    await p.getByRole('button', { name: 'Sign in', exact: true }).click();
    await p.getByRole('button', { name: 'Confirm the address' }).click();
    await p.getByRole('alert').filter({ hasText: 'This verification link is not valid any more' }).waitFor();
    await other.close();
    expect(pageErrors).toEqual([]);
  });
});
