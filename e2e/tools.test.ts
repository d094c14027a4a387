/**
 * Everyday tools in a real browser against the real server: the getting-started banner, API keys with an
 * expiry and one issuer, webhook test events and redelivery to a real receiver (checked with the Standard
 * Webhooks library), the badge designer keeping its work, the menu on a phone, and the issuer logo.
 * Screenshots go to test-artifacts/e2e/; axe-core checks each screen.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { callApi, setupOwner, signedInConsole } from './support/console.js';
import { ARTIFACTS, screenshot } from './support/paths.js';
import { startServer, type RunningServer } from './support/server.js';

const OWNER = { organisation: 'Tools Academy', name: 'Grace Hopper', email: 'grace@tools.test', password: 'correct horse battery' };

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let ownerKey: string;
const pageErrors: string[] = [];
const received: { headers: IncomingHttpHeaders; body: Buffer }[] = [];
let receiver: Server;
let receiverHost: string;

const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const nav = () => page.getByRole('navigation', { name: 'Console' });

/** The API as the owner's setup key. */
const api = (method: string, path: string, body?: unknown, key = ownerKey) => callApi(server, key, method, path, body);

function logoDataUri(): string {
  const png = new PNG({ width: 60, height: 30 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([20, 90, 160, 255], i);
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

describe('everyday tools (Chromium)', () => {
  let physics: string;
  let chemistry: string;
  let chemistryCredential: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    receiver = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(parts) });
        res.statusCode = 200;
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverHost = `127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    [server, browser] = await Promise.all([startServer({ env: () => ({ LAUREL_FETCH_ALLOW_HOSTS: receiverHost }) }), launchBrowser()]);
    ownerKey = await setupOwner(server, OWNER);
    ({ context, page } = await signedInConsole(browser, server, OWNER, pageErrors));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  });

  it('shows getting-started steps from real data, ticks them off, and remembers a dismissal on the server', async () => {
    const banner = page.getByRole('region', { name: 'Getting started' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('0 of 4 steps done');
    expect(await banner.getByRole('link', { name: /Create an issuer/ }).count()).toBe(1);
    await screenshot(page, 't01-getting-started');
    await expectAccessible(page);

    physics = (await api('POST', '/api/v1/issuers', { name: 'Physics Department', url: 'https://physics.tools.test', email: 'physics@tools.test', image: logoDataUri() })).json.id;
    await page.reload();
    await banner.waitFor();
    expect(await banner.textContent()).toContain('1 of 4 steps done');
    // A done step is said in words and is no longer a link.
    expect(await banner.getByRole('link', { name: /Create an issuer/ }).count()).toBe(0);
    expect(await banner.getByRole('listitem').first().textContent()).toContain('Done');

    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('region', { name: 'Premiers pas' }).waitFor();
    expect(await page.getByRole('region', { name: 'Premiers pas' }).textContent()).toContain('1 étapes sur 4 faites');
    await expectAccessible(page);
    await page.getByLabel('Langue').selectOption('en');

    await banner.getByRole('button', { name: 'Hide these steps' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.reload();
    await heading('Overview').waitFor();
    await page.getByRole('heading', { name: 'Recently awarded' }).waitFor();
    expect(await page.getByRole('region', { name: 'Getting started' }).count()).toBe(0);
  });

  it('creates an API key that expires and acts for one issuer only; the list shows expiry, issuer and last use', async () => {
    chemistry = (await api('POST', '/api/v1/issuers', { name: 'Chemistry Department', url: 'https://chemistry.tools.test', email: 'chem@tools.test' })).json.id;
    const achievement = (await api('POST', '/api/v1/achievements', { issuerId: chemistry, name: 'Lab Safety', description: 'Safe in the lab', criteria: { narrative: 'Pass the test' }, kind: 'badge' })).json.id;
    chemistryCredential = (await api('POST', '/api/v1/credentials', { achievementId: achievement, recipient: { email: 'ada@example.org', name: 'Ada Lovelace' } })).json.id;

    await nav().getByRole('link', { name: 'API keys', exact: true }).click();
    await heading('API keys').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Physics LMS');
    await page.getByLabel('Expires').selectOption({ label: 'In 30 days' });
    await page.getByLabel('Issuer', { exact: true }).selectOption({ label: 'Physics Department' });
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByLabel('Secret key').inputValue();
    const row = page.getByRole('row').filter({ hasText: 'Physics LMS' });
    await row.waitFor();
    const expected = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.now() + 30 * 86_400_000));
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Physics Department');
    expect(text).toContain('Never'); // not used yet
    expect(text.replace(/\s+/g, ' ')).toMatch(new RegExp(expected.split(' ').slice(1).join(' '))); // month and year of the expiry
    await screenshot(page, 't02-api-keys');
    await expectAccessible(page);

    // The key may not revoke another issuer's credential: a 403 problem document.
    const refused = await api('POST', `/api/v1/credentials/${chemistryCredential}/revoke`, { reason: 'hostile' }, secret);
    expect(refused.status).toBe(403);
    expect(refused.json.type).toBe('https://laurel.dev/problems/forbidden');
    await page.reload();
    await row.waitFor();
    expect(await row.textContent()).not.toContain('Never');

    await page.getByLabel('Language').selectOption('fr');
    await page.getByLabel('Expiration').waitFor();
    expect(await page.getByLabel('Émetteur', { exact: true }).inputValue()).toBe('');
    await expectAccessible(page);
    await page.getByLabel('Langue').selectOption('en');
  });

  it('sends a signed test event and redelivers a past delivery to a real receiver', async () => {
    await nav().getByRole('link', { name: 'Webhooks', exact: true }).click();
    await heading('Webhooks').waitFor();
    const endpoint = `http://${receiverHost}/laurel`;
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add endpoint' }) });
    await form.getByLabel('Endpoint URL').fill(endpoint);
    await form.getByRole('checkbox', { name: /credential\.issued/ }).check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = await page.getByLabel('Signing secret', { exact: true }).inputValue();
    await page.getByRole('button', { name: 'I have stored the secret' }).click();
    const row = page.getByRole('row').filter({ hasText: endpoint });

    received.length = 0;
    await row.getByRole('button', { name: `Send test event for ${endpoint}` }).click();
    await page.getByRole('status').filter({ hasText: `Test event delivered to ${endpoint} (HTTP 200).` }).waitFor();
    expect(received).toHaveLength(1);
    const headers = (r: (typeof received)[number]) => Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(r.headers[h])]));
    expect((new Webhook(secret).verify(received[0]!.body, headers(received[0]!)) as { type: string }).type).toBe('ping');

    await row.getByRole('button', { name: `Deliveries for ${endpoint}` }).click();
    await page.getByRole('heading', { level: 2, name: `Deliveries to ${endpoint}` }).waitFor();
    const ping = page.getByRole('row').filter({ hasText: 'ping' });
    await ping.waitFor();
    expect(await ping.textContent()).toContain('HTTP 200');
    await screenshot(page, 't03-webhook-deliveries');
    await expectAccessible(page);

    await ping.getByRole('button', { name: 'Redeliver attempt 1 of ping' }).click();
    await page.getByRole('status').filter({ hasText: 'Sent again: delivered (HTTP 200).' }).waitFor();
    expect(received).toHaveLength(2);
    expect(received[1]!.headers['webhook-id']).toBe(received[0]!.headers['webhook-id']);
    expect((new Webhook(secret).verify(received[1]!.body, headers(received[1]!)) as { type: string }).type).toBe('ping');
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'ping' }).count()).toBe(2);
  });

  it('keeps the badge designer’s work: warns before leaving, restores the draft, and saving uses the design', async () => {
    await nav().getByRole('link', { name: 'Achievements', exact: true }).click();
    await page.getByRole('link', { name: 'New achievement' }).click();
    await heading('New achievement').waitFor();
    await page.getByLabel('Issuer').selectOption({ label: 'Physics Department' });
    await page.getByLabel('Name', { exact: true }).fill('Optics');
    await page.getByLabel('Description', { exact: true }).fill('Understands lenses.');
    await page.getByLabel('What must the earner do?').fill('Build a telescope.');
    await page.getByRole('radio', { name: /^Design a badge/ }).check();
    await page.getByLabel('Title on the badge').fill('Optics Pro');
    await page.getByLabel('Icon', { exact: true }).selectOption({ index: 2 });
    await page.getByText('Your design has not been used yet: saving the achievement will use it.').waitFor();
    await expectAccessible(page);

    // Leaving in the app asks first; staying keeps everything.
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await nav().getByRole('link', { name: 'Issuers', exact: true }).click();
    await expect.poll(() => asked).toBe('Your badge design is not saved. Leave this page anyway?');
    expect(new URL(page.url()).pathname).toBe('/achievements/new');
    expect(await page.getByLabel('Title on the badge').inputValue()).toBe('Optics Pro');

    // A reload (the browser asks too; here it is accepted) brings the draft back.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.reload();
    await heading('New achievement').waitFor();
    await page.getByText('Your unsaved design was restored.').waitFor();
    expect(await page.getByLabel('Title on the badge').inputValue()).toBe('Optics Pro');
    expect(await page.getByRole('radio', { name: /^Design a badge/ }).isChecked()).toBe(true);
    await screenshot(page, 't04-designer-restored');

    // Saved without pressing "Use this design": the design is the artwork.
    await page.getByLabel('Issuer').selectOption({ label: 'Physics Department' });
    await page.getByLabel('Name', { exact: true }).fill('Optics');
    await page.getByLabel('Description', { exact: true }).fill('Understands lenses.');
    await page.getByLabel('What must the earner do?').fill('Build a telescope.');
    await page.getByRole('button', { name: 'Create achievement' }).click();
    // The design is stored first (drawn by the server's renderer), then the achievement.
    await heading('Achievements').waitFor({ timeout: 30_000 });
    const optics = (await api('GET', '/api/v1/achievements?limit=50')).json.items.find((a: { name: string }) => a.name === 'Optics');
    expect(optics.image).toMatch(/\/images\/[^/]+\.(png|svg)$/);
    // The draft is gone once saved: a new form starts clean, and leaving it asks nothing.
    await page.getByRole('link', { name: 'New achievement' }).click();
    await heading('New achievement').waitFor();
    expect(await page.getByText('Your unsaved design was restored.').count()).toBe(0);
    expect(await page.getByRole('radio', { name: /^Design a badge/ }).isChecked()).toBe(false);
    await nav().getByRole('link', { name: 'Issuers', exact: true }).click();
    await heading('Issuers').waitFor();
  });

  it('shows the issuer’s logo on its public credential page', async () => {
    const achievement = (await api('POST', '/api/v1/achievements', { issuerId: physics, name: 'Mechanics', description: 'Forces and motion', criteria: { narrative: 'Pass' }, kind: 'badge' })).json.id;
    const credential = (await api('POST', '/api/v1/credentials', { achievementId: achievement, recipient: { email: 'alan@example.org', name: 'Alan Turing' } })).json.id;
    await page.goto(`/credentials/${credential}`);
    const logo = page.locator('img.issuer-logo');
    await logo.waitFor();
    await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(60);
    await screenshot(page, 't05-credential-logo');
    await expectAccessible(page);
    // The chemistry issuer has no image: nothing at all, nothing broken.
    await page.goto(`/credentials/${chemistryCredential}`);
    await page.getByRole('heading', { level: 1, name: 'Lab Safety' }).waitFor();
    expect(await page.locator('img.issuer-logo').count()).toBe(0);
    expect(await page.evaluate(() => Array.from(document.images).every((img) => img.complete && img.naturalWidth > 0))).toBe(true);
  });

  it('fits a phone: the navigation folds behind a menu button, every item reachable, no sideways scroll', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/');
    await heading('Overview').waitFor();
    const menu = nav().getByRole('button', { name: 'Menu' });
    await menu.waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await nav().getByRole('link', { name: 'Webhooks', exact: true }).isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 't06-phone-closed');
    await expectAccessible(page);

    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    const items = ['Overview', 'Issuers', 'Achievements', 'Credentials', 'Award', 'API keys', 'Webhooks', 'Members', 'Organisation', 'My badges', 'Verify a badge'];
    for (const name of items) expect(await nav().getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 't07-phone-open');
    await expectAccessible(page);

    // Escape closes it and gives focus back to the button; a link navigates and folds it again.
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.evaluate((el) => el === document.activeElement)).toBe(true);
    for (const name of items) {
      await menu.click();
      await nav().getByRole('link', { name, exact: true }).click();
      await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), name).toBe(true);
    }
    await heading('Verify a badge').waitFor();

    // Wide again: the links are there and the button is not.
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await menu.isVisible()).toBe(false);
    expect(await nav().getByRole('link', { name: 'Webhooks', exact: true }).isVisible()).toBe(true);
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
