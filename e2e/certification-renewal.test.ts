/**
 * Certification renewal in a real browser against the real server: the earner asks for renewal from the backpack
 * (with a link to new evidence), the issuer approves it in the console's renewal queue, and the backpack shows
 * the old credential replaced; the queue in French. axe-core checks each page.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, seriousViolations } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { ARTIFACTS } from './support/paths.js';
import { startServer, type RunningServer } from './support/server.js';
import { startSmtpServer, waitForMail } from '../packages/server/test/support/smtp.js';

const OWNER = { organisationName: 'Harbour Safety Board', email: 'registrar@harbour.test', password: 'knots and bowlines 1852' };
const EARNER = { email: 'welder@example.org', password: 'tig mig and stick 2027' };

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let apiKey: string;
let credentialId: string;

async function expectAccessible(p: Page = page): Promise<void> {
  const violations = await seriousViolations(p);
  expect(violations, describeViolations(violations)).toEqual([]);
}

async function post(path: string, body: unknown, auth = true): Promise<any> {
  const response = await fetch(new URL(`/api/v1${path}`, server.baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function signIn(p: Page, email: string, password: string, landing: string | RegExp): Promise<void> {
  await p.goto('/sign-in');
  await p.getByLabel('Email address').fill(email);
  await p.getByLabel('Password').fill(password);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('heading', { level: 1, name: landing }).waitFor();
}

describe('certification renewal: backpack request and console queue (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    smtp = await startSmtpServer();
    [server, browser] = await Promise.all([startServer({ env: () => ({ SMTP_URL: smtp.url }) }), launchBrowser()]);
    apiKey = (await post('/setup', OWNER, false)).apiKey;
    const issuer = await post('/issuers', { name: 'Harbour Safety Board', url: 'https://harbour.test', email: 'registrar@harbour.test' });
    const achievement = await post('/achievements', { issuerId: issuer.id, kind: 'certification', name: 'Certified Welder', description: 'Assessed welding', criteria: { narrative: 'Pass the assessment' }, validity: 'P1Y', gracePeriod: 'P30D' });
    credentialId = (await post('/credentials', { achievementId: achievement.id, recipient: { email: EARNER.email, name: 'Wendy Welder' }, visibility: 'public' })).id;
    // The earner's account, made through its mailbox.
    await post('/accounts', { email: EARNER.email, locale: 'en' }, false);
    await waitForMail(smtp.inbox, EARNER.email);
    let token: string | undefined;
    for (let i = 0; i < 150 && !token; i++) {
      token = /\/activate\/([A-Za-z0-9_-]+)/.exec(smtp.inbox.filter((m) => m.to.includes(EARNER.email)).map((m) => m.decoded).join('\n'))?.[1];
      if (!token) await new Promise((r) => setTimeout(r, 100));
    }
    expect(token, 'the registration e-mail').toBeTruthy();
    await post('/accounts/activate', { token, password: EARNER.password }, false);
    context = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it('the earner asks for renewal from the backpack, with a link to new evidence', async () => {
    await signIn(page, EARNER.email, EARNER.password, 'My badges');
    await page.getByRole('button', { name: 'Request renewal of Certified Welder' }).click();
    await page.getByLabel('Link to new evidence').fill('javascript:alert(1)');
    await page.getByRole('button', { name: 'Send the request' }).click();
    // The browser refuses a non-URL; the server refuses a non-http(s) one: either way nothing is sent.
    await page.getByLabel('Link to new evidence').fill('https://portfolio.example/refresher');
    await page.getByLabel('Note for the issuer').fill('Refresher course done in May');
    await expectAccessible();
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.getByText(/Renewal requested on .*: waiting for the issuer\./).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'renewal-01-backpack-requested.png'), fullPage: true });
    await expectAccessible();
  });

  it('the issuer approves it in the console queue; the backpack shows the old one replaced', async () => {
    const console = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const p = await console.newPage();
    await signIn(p, OWNER.email, OWNER.password, 'Overview');
    await p.getByRole('link', { name: 'Renewals' }).click();
    await p.getByRole('heading', { level: 1, name: 'Renewal requests' }).waitFor();
    await p.getByText('https://portfolio.example/refresher').waitFor();
    await p.getByText('Refresher course done in May').waitFor();
    await expectAccessible(p);
    await p.screenshot({ path: join(ARTIFACTS, 'renewal-02-queue.png'), fullPage: true });
    await p.getByRole('button', { name: 'Approve the renewal for Wendy Welder' }).click();
    await p.getByText('No renewal request is waiting.').waitFor();
    await console.close();

    await page.reload();
    await page.getByText('Replaced by a newer credential').first().waitFor();
    await page.getByText('Renewed: the new credential is in your backpack.').waitFor();
    const items = await (await page.request.get('/api/v1/me/credentials')).json();
    const old = items.items.find((i: { id: string }) => i.id === credentialId);
    expect(old.status).toBe('superseded');
    expect(items.items).toHaveLength(2);
    await expectAccessible();

    // The verifier: the old credential's signature is still valid, and it says a newer one replaced it.
    await page.goto(`/verify?url=${encodeURIComponent(`${server.baseUrl}/ob3/credentials/${credentialId}`)}`);
    await page.locator('#verify-superseded').getByText('Replaced by a newer credential').waitFor();
    expect(await page.locator('#verify-verdict').textContent()).toBe('Valid');
    await page.screenshot({ path: join(ARTIFACTS, 'renewal-03-verifier-superseded.png'), fullPage: true });
    await expectAccessible();
  });

  it('the queue speaks French', async () => {
    const fr = await browser.newContext({ baseURL: server.baseUrl, locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const p = await fr.newPage();
    await p.goto('/sign-in');
    await p.getByLabel('Adresse e-mail', { exact: true }).fill(OWNER.email);
    await p.getByLabel('Mot de passe').fill(OWNER.password);
    await p.getByRole('button', { name: 'Se connecter' }).click();
    await p.waitForURL((url) => url.pathname === '/');
    await p.goto('/renewals');
    await p.getByRole('heading', { level: 1, name: 'Demandes de renouvellement' }).waitFor();
    await p.getByText('Aucune demande de renouvellement en attente.').waitFor();
    await expectAccessible(p);
    await fr.close();
  });
});
