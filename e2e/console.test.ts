/**
 * The issuer console in a real browser against the real server:
 * first-run setup → issuer → achievement → award → list → revoke → sign out → sign in.
 * Screenshots of each page go to test-artifacts/e2e/; axe-core checks the setup, sign-in and console pages.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { ARTIFACTS, screenshot } from './support/paths.js';
import { startServer, type RunningServer } from './support/server.js';
import { startSmtpServer, waitForMail } from '../packages/server/test/support/smtp.js';

const OWNER = { organisation: 'Acme Academy', name: 'Grace Hopper', email: 'grace@acme.test', password: 'correct horse battery' };
const RECIPIENT = { name: 'Ada Lovelace', email: 'ada@example.org' };

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const pageErrors: string[] = [];

function heading(name: string | RegExp) {
  return page.getByRole('heading', { level: 1, name });
}

async function go(navLabel: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: navLabel, exact: true }).click();
}

describe('issuer console (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The server's own address may receive webhooks (https to loopback only because it is allow-listed);
    // e-mail (invitations) goes through a real SMTP server.
    smtp = await startSmtpServer();
    [server, browser] = await Promise.all([startServer({ env: ({ host }) => ({ LAUREL_FETCH_ALLOW_HOSTS: host, SMTP_URL: smtp.url }) }), launchBrowser()]);
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

  it('offers first-run setup on a fresh install, and it is accessible', async () => {
    await page.goto('/');
    await heading('Set up Laurel').waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/setup');
    await screenshot(page, '01-setup');
    await expectAccessible(page);

    // The skip link is the first thing a keyboard user reaches.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
  });

  it('shows the server’s field errors by the field, then sets up and lands in the console', async () => {
    await page.getByLabel('Organisation name').fill(OWNER.organisation);
    await page.getByLabel('Your name').fill(OWNER.name);
    // The browser accepts an address without a dot in the domain; the server does not, and says where.
    await page.getByLabel('Your email address').fill('grace@acme');
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Create organisation' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Correct the fields listed below.');
    expect(await alert.textContent()).toContain('Your email address: Enter a valid email address');
    const email = page.getByLabel('Your email address');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    await screenshot(page, '02-setup-error');
    await expectAccessible(page);

    await email.fill(OWNER.email);
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await heading('Overview').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    const apiKey = await page.getByLabel('API key').inputValue();
    expect(apiKey.length).toBeGreaterThan(20);
    await screenshot(page, '03-console-overview');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'I have stored the key' }).click();
  });

  it('creates an issuer', async () => {
    await go('Issuers');
    await heading('Issuers').waitFor();
    await page.getByRole('link', { name: 'New issuer' }).click();
    await heading('New issuer').waitFor();
    await page.getByLabel('Name').fill('Acme Academy');
    await page.getByLabel('Website').fill('https://acme.test');
    await page.getByLabel('Contact email').fill('badges@acme.test');
    await page.getByLabel('Description').fill('Training for careful engineers.');
    // Credentials verifiable offline: the issuer names itself by a did:key.
    await page.getByRole('radio', { name: /Key \(did:key\)/ }).check();
    await screenshot(page, '04-issuer-new');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Create issuer' }).click();

    await heading('Issuers').waitFor();
    await page.getByRole('status').filter({ hasText: 'Issuer “Acme Academy” created.' }).waitFor();
    const row = page.getByRole('rowheader', { name: /Acme Academy/ });
    await row.waitFor();
    expect(await row.locator('code.did').textContent()).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/);
    await screenshot(page, '05-issuers');
    await expectAccessible(page);
  });

  it('edits an issuer and rotates its keys: a did:key issuer gets a new DID', async () => {
    await go('Issuers');
    await page.getByRole('link', { name: 'Acme Academy', exact: true }).click();
    await heading('Issuer: Acme Academy').waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/issuers\/[^/]+\/edit$/);
    await page.reload();
    await heading('Issuer: Acme Academy').waitFor();
    const did = page.getByLabel('Current DID');
    const before = await did.inputValue();
    expect(before).toMatch(/^did:key:z6Mk/);
    const keys = page.getByRole('table', { name: 'Signing keys, newest first' });
    await expect.poll(() => keys.getByRole('row').count()).toBe(3);
    await screenshot(page, '05b-issuer');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Rotate keys' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the signing keys?' });
    await dialog.getByRole('button', { name: 'Rotate keys' }).click();
    await page.getByRole('status').filter({ hasText: 'New signing keys are active.' }).waitFor();
    await expect.poll(() => did.inputValue()).not.toBe(before);
    expect(await did.inputValue()).toMatch(/^did:key:z6Mk/);
    await expect.poll(() => keys.getByRole('cell', { name: 'Previous', exact: true }).count()).toBe(2);
    // A did:key cannot be marked retired: no retire buttons, and the page says why.
    expect(await page.getByRole('button', { name: /^Retire the/ }).count()).toBe(0);
    await page.getByText('A did:key cannot announce that it is retired').waitFor();

    await page.getByLabel('Description').fill('Training for careful engineers, since 1999.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Issuer “Acme Academy” saved.' }).waitFor();
    await page.getByRole('rowheader', { name: /since 1999/ }).waitFor();
  });

  it('defines a certification with a validity period, criteria and tags', async () => {
    await go('Achievements');
    await page.getByRole('link', { name: 'New achievement' }).click();
    await heading('New achievement').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('First Aid Responder');
    await page.getByLabel('Description', { exact: true }).fill('Can give first aid at work.');
    await page.getByRole('radio', { name: /^Certification/ }).check();
    await page.getByLabel('Valid for').fill('2');
    await page.getByLabel('Unit', { exact: true }).selectOption('years');
    await page.getByLabel('What must the earner do?').fill('Pass the practical assessment.');
    await page.getByLabel('Tags').fill('safety, first aid');
    // Artwork from the built-in designer: the live preview, then "Use this design" stores it.
    await page.getByRole('radio', { name: /^Design a badge/ }).check();
    await page.getByLabel('Title on the badge').fill('First Aid');
    await page.getByRole('button', { name: 'Use this design' }).click();
    await page.getByText('Design saved as the artwork.').waitFor();
    await screenshot(page, '06-achievement-new');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Create achievement' }).click();

    await heading('Achievements').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'First Aid Responder' });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('Certification');
    expect(text).toContain('2 years');
    expect(text).toContain('first aid');
    expect(await row.getByRole('img', { name: 'Badge image of First Aid Responder' }).count()).toBe(1);
    // The designed artwork is stored and served as an image of ours.
    const list = (await page.evaluate(async () => (await fetch('/api/v1/achievements')).json())) as { items: { name: string; image: string | null }[] };
    const firstAid = list.items.find((a) => a.name === 'First Aid Responder')!;
    expect(firstAid.image).toMatch(/\/images\/[^/]+\.(png|svg)$/);
    const art = await fetch(firstAid.image!);
    expect(art.status).toBe(200);
    expect(art.headers.get('content-type')).toMatch(/^image\//);
    await screenshot(page, '07-achievements');
  });

  it('awards the certification to one person', async () => {
    await page.getByRole('link', { name: 'Award “First Aid Responder”' }).click();
    await heading('Award a credential').waitFor();
    expect(await page.getByLabel('Achievement').inputValue()).not.toBe('');
    await page.getByLabel('Full name').fill(RECIPIENT.name);
    await page.getByLabel('Email address').fill(RECIPIENT.email);
    await page.getByLabel('Narrative').fill('Top of the cohort.');
    await page.getByLabel('Evidence URL').fill('https://acme.test/evidence/ada');
    await screenshot(page, '08-award');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Award credential' }).click();
    await page.getByRole('status').filter({ hasText: `“First Aid Responder” awarded to ${RECIPIENT.name}.` }).waitFor();
    await screenshot(page, '09-awarded');
  });

  it('lists the credential, finds it by search and status, and revokes it with a reason', async () => {
    await go('Credentials');
    await heading('Credentials').waitFor();
    const row = page.getByRole('row').filter({ hasText: RECIPIENT.name });
    await row.waitFor();
    expect(await row.textContent()).toContain('Active');
    expect(await row.textContent()).toContain('First Aid Responder');

    await page.getByLabel('Status').selectOption('revoked');
    await page.getByText('No credentials match.').waitFor();
    await page.getByLabel('Status').selectOption('active');
    await page.getByLabel('Search recipients').fill('Lovelace');
    await page.getByRole('button', { name: 'Search' }).click();
    await row.waitFor();
    await screenshot(page, '10-credentials');
    await expectAccessible(page);

    const assertionUrl = await row.getByRole('link', { name: `Assertion of ${RECIPIENT.name} (opens in a new tab)` }).getAttribute('href');
    expect(assertionUrl).toMatch(/\/ob2\/assertions\//);

    await row.getByRole('button', { name: `Revoke of ${RECIPIENT.name}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke credential' });
    await dialog.waitFor();
    await dialog.getByLabel('Reason').fill('Issued in error');
    await screenshot(page, '11-revoke-dialog');
    await dialog.getByRole('button', { name: 'Revoke credential' }).click();
    await page.getByRole('status').filter({ hasText: `Credential of ${RECIPIENT.name} revoked.` }).waitFor();
    expect(await row.textContent()).toContain('Revoked');
    expect(await row.textContent()).toContain('Reason: Issued in error');

    // The public, hosted OB 2.0 assertion now answers 410 Gone with the reason.
    const response = await fetch(new URL(assertionUrl!, server.baseUrl));
    expect(response.status).toBe(410);
    expect(await response.json()).toMatchObject({ revoked: true, revocationReason: 'Issued in error' });

    await page.getByLabel('Status').selectOption('revoked');
    await row.waitFor();
    await screenshot(page, '12-credentials-revoked');
  });

  it('creates an API key, shows its secret once, and revokes it', async () => {
    await go('API keys');
    await heading('API keys').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('LMS integration');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByLabel('Secret key').inputValue();
    expect(secret.length).toBeGreaterThan(20);
    const keyRow = page.getByRole('row').filter({ hasText: 'LMS integration' });
    await keyRow.waitFor();
    expect(await keyRow.textContent()).not.toContain(secret);
    await screenshot(page, '13-api-keys');
    await expectAccessible(page);

    // The new key works against the API.
    const me = await fetch(new URL('/api/v1/issuers', server.baseUrl), { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);

    // Keyboard: the dialog opens from the focused button, Escape closes it, and focus returns to the button.
    const revoke = keyRow.getByRole('button', { name: 'Revoke the key “LMS integration”' });
    await revoke.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Revoke API key' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await revoke.evaluate((el) => el === document.activeElement)).toBe(true);

    await revoke.click();
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await page.getByRole('status').filter({ hasText: 'Key “LMS integration” revoked.' }).waitFor();
    const after = await fetch(new URL('/api/v1/issuers', server.baseUrl), { headers: { authorization: `Bearer ${secret}` } });
    expect(after.status).toBe(401);
  });

  it('adds a webhook endpoint, shows its signing secret once, and manages it', async () => {
    await go('Webhooks');
    await heading('Webhooks').waitFor();
    await page.getByRole('row').filter({ hasText: 'No endpoints yet.' }).waitFor();
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add endpoint' }) });
    const url = form.getByLabel('Endpoint URL');

    // No event chosen: the page says so by the events, before asking the server.
    await url.fill('https://10.0.0.7/laurel');
    await form.getByLabel('Description').fill('CRM sync');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    let alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Events: Choose at least one event.');

    // A private address: the server refuses it, and says why by the URL field.
    await form.getByRole('checkbox', { name: /credential\.issued/ }).check();
    await form.getByRole('checkbox', { name: /credential\.revoked/ }).check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect.poll(() => url.getAttribute('aria-invalid')).toBe('true');
    alert = page.getByRole('alert');
    expect(await alert.textContent()).toContain('Endpoint URL: ');
    expect(await alert.textContent()).toContain('only public addresses');
    expect(await page.locator('.field-invalid .field-error').first().textContent()).toContain('10.0.0.7');
    await expectAccessible(page);

    const endpoint = `https://${new URL(server.baseUrl).host}/laurel-hooks`;
    await url.fill(endpoint);
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const secretBox = page.getByLabel('Signing secret', { exact: true });
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);
    expect(await page.getByRole('status').filter({ hasText: 'Copy the signing secret now' }).textContent()).toContain('webhook-signature');
    const row = page.getByRole('row').filter({ hasText: endpoint });
    await row.waitFor();
    expect(await row.textContent()).toContain('credential.issued');
    expect(await row.textContent()).toContain('On');
    expect(await url.inputValue()).toBe('');
    await screenshot(page, '13b-webhooks');
    await expectAccessible(page);

    // Shown once: gone when dismissed, and not on a reload.
    await page.getByRole('button', { name: 'I have stored the secret' }).click();
    await secretBox.waitFor({ state: 'detached' });
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);

    // Turn off, edit the events, and replace the secret (after confirming).
    await row.getByRole('button', { name: `Turn off for ${endpoint}` }).click();
    await page.getByRole('status').filter({ hasText: `Deliveries to ${endpoint} are off.` }).waitFor();
    // The message comes with the answer; the list is read again after it.
    await expect.poll(async () => row.textContent()).toContain('Off');

    await row.getByRole('button', { name: `Edit for ${endpoint}` }).click();
    const edit = page.getByRole('dialog', { name: 'Edit endpoint' });
    await edit.getByRole('checkbox', { name: /credential\.claimed/ }).check();
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: `Endpoint ${endpoint} saved.` }).waitFor();
    await expect.poll(async () => row.textContent()).toContain('credential.claimed');

    await row.getByRole('button', { name: `New secret for ${endpoint}` }).click();
    const rotate = page.getByRole('dialog', { name: 'Replace the signing secret?' });
    await rotate.getByRole('button', { name: 'Replace the secret' }).click();
    const rotated = await page.getByLabel('Signing secret', { exact: true }).inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);

    // The delivery log (nothing has happened since the endpoint was added).
    await row.getByRole('button', { name: `Deliveries for ${endpoint}` }).click();
    await page.getByRole('heading', { level: 2, name: `Deliveries to ${endpoint}` }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Nothing has been sent to this endpoint yet.' }).waitFor();
    await screenshot(page, '13c-webhook-deliveries');
    await expectAccessible(page);

    await row.getByRole('button', { name: `Delete for ${endpoint}` }).click();
    await page.getByRole('dialog', { name: 'Delete this endpoint?' }).getByRole('button', { name: 'Delete the endpoint' }).click();
    await page.getByRole('status').filter({ hasText: `Endpoint ${endpoint} deleted.` }).waitFor();
    await page.getByRole('row').filter({ hasText: 'No endpoints yet.' }).waitFor();
  });

  it('invites a member, who joins from the e-mailed link', async () => {
    await go('Members');
    await heading('Members').waitFor();
    await page.getByLabel('Email address').fill('alan@acme.test');
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await page.getByRole('status').filter({ hasText: 'alan@acme.test is invited as Viewer.' }).waitFor();
    // Invited, not a member: the pending invitation is listed, with a way to withdraw it.
    await page.getByRole('button', { name: 'Withdraw the invitation to alan@acme.test' }).waitFor();
    await screenshot(page, '14-members');
    await expectAccessible(page);

    // Alan, in his own browser, opens the link from the captured e-mail and chooses his password there.
    const mail = await waitForMail(smtp.inbox, 'alan@acme.test');
    expect(mail.decoded).toContain('invited you to join Acme Academy on Laurel as viewer');
    const link = /https?:\/\/[^\s"<>]+\/join\/[A-Za-z0-9_-]+/.exec(mail.decoded)![0];
    const alanContext = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    alanContext.setDefaultTimeout(10_000);
    const alan = await alanContext.newPage();
    alan.on('pageerror', (error) => pageErrors.push(error.message));
    await alan.goto(link);
    await alan.getByRole('heading', { level: 1, name: 'Join an organisation' }).waitFor();
    await alan.getByText('Acme Academy invites alan@acme.test to join as Viewer.').waitFor();
    await alan.getByLabel(/^Your name/).fill('Alan Turing');
    await alan.getByLabel('Choose a password').fill('enigma machine 1');
    await alan.getByRole('button', { name: 'Accept and join' }).click();
    await alan.getByRole('status').filter({ hasText: 'Welcome to Acme Academy.' }).waitFor();
    await alan.getByRole('navigation', { name: 'Console' }).waitFor();
    // The link worked once.
    await alan.goto(link);
    await alan.getByText('This invitation link is not valid').waitFor();
    await alanContext.close();

    await page.reload();
    await heading('Members').waitFor();
    await page.getByRole('row').filter({ hasText: 'Alan Turing' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'No pending invitations.' }).waitFor();
  });

  it('removes a member after a confirmation: their session ends at once', async () => {
    // Alan signs in elsewhere (his own browser).
    const alan = await browser.newContext({ baseURL: server.baseUrl });
    expect((await alan.request.post('/api/v1/session', { data: { email: 'alan@acme.test', password: 'enigma machine 1' } })).status()).toBe(200);
    expect((await alan.request.get('/api/v1/credentials')).status()).toBe(200);

    await go('Members');
    await heading('Members').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Alan Turing' });
    // Nobody removes themselves from this list by accident: the owner's own row has no button.
    expect(await page.getByRole('row').filter({ hasText: OWNER.email }).getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    await row.getByRole('button', { name: 'Remove alan@acme.test' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove member' });
    await dialog.getByText('They are signed out at once', { exact: false }).waitFor();
    await screenshot(page, '14b-remove-member');
    await expectAccessible(page);
    // Cancelling changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await alan.request.get('/api/v1/credentials')).status()).toBe(200);

    await row.getByRole('button', { name: 'Remove alan@acme.test' }).click();
    await dialog.getByRole('button', { name: 'Remove member' }).click();
    await page.getByRole('status').filter({ hasText: 'alan@acme.test removed; their keys are revoked.' }).waitFor();
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Alan Turing' }).count()).toBe(0);
    expect((await alan.request.get('/api/v1/credentials')).status()).toBe(401);
    await alan.close();
  });

  it('renames the organisation', async () => {
    await go('Organisation');
    await heading('Organisation').waitFor();
    await page.getByLabel('Organisation name').fill('Acme Academy Ltd');
    await page.getByRole('radio', { name: /^Private/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Organisation settings saved.' }).waitFor();
    const organisation = await page.evaluate(async () => (await fetch('/api/v1/organisation')).json());
    expect(organisation).toMatchObject({ name: 'Acme Academy Ltd', settings: { defaultVisibility: 'private' } });
    await screenshot(page, '15-organisation');
    await expectAccessible(page);
  });

  it('edits an achievement from the list: renames it and adds an alignment, keyboard first', async () => {
    await go('Achievements');
    await heading('Achievements').waitFor();
    await page.getByRole('link', { name: 'Edit “First Aid Responder”' }).click();
    await heading('Edit “First Aid Responder”').waitFor();
    expect(await page.getByRole('img', { name: 'Badge image of First Aid Responder' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Open Badges 2.0 BadgeClass (JSON)' }).getAttribute('href')).toContain('/ob2/');
    expect(await page.getByLabel('Valid for').inputValue()).toBe('2');
    await page.getByLabel('Name', { exact: true }).fill('First Aid Responder L2');
    await page.getByRole('button', { name: 'Add an alignment' }).click();
    // The new row's first field takes the focus.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('field-alignments-0-targetName');
    await page.keyboard.type('Emergency first aid');
    await page.keyboard.press('Tab');
    await page.keyboard.type('https://esco.example/skill/first-aid');
    await page.getByLabel('Framework').fill('ESCO');
    await screenshot(page, '15b-achievement-edit');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save changes' }).click();

    await heading('Achievements').waitFor();
    await page.getByRole('status').filter({ hasText: 'Achievement “First Aid Responder L2” saved.' }).waitFor();
    await page.getByRole('rowheader', { name: /First Aid Responder L2/ }).waitFor();
    const list = await page.evaluate(async () => (await fetch('/api/v1/achievements')).json());
    const edited = list.items.find((a: { name: string }) => a.name === 'First Aid Responder L2');
    expect(edited).toMatchObject({
      validity: 'P2Y',
      tags: ['safety', 'first aid'],
      alignments: [{ targetName: 'Emergency first aid', targetUrl: 'https://esco.example/skill/first-aid', targetFramework: 'ESCO' }],
      archived: false,
    });

    // Archive it from its page, then take it back: the list hides it meanwhile unless asked.
    await page.getByRole('link', { name: 'Edit “First Aid Responder L2”' }).click();
    await heading('Edit “First Aid Responder L2”').waitFor();
    await page.getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('status').filter({ hasText: 'Achievement “First Aid Responder L2” archived.' }).waitFor();
    await page.getByRole('button', { name: 'Unarchive' }).click();
    await page.getByRole('status').filter({ hasText: 'Achievement “First Aid Responder L2” unarchived.' }).waitFor();
    await page.getByRole('button', { name: 'Archive' }).waitFor();

    // The preview of an award's public page opens with the session (no credential is issued).
    const [preview] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: /Preview the public page/ }).click()]);
    await preview.waitForLoadState();
    expect(await preview.textContent('h1')).toContain('First Aid Responder L2');
    expect(await preview.textContent('body')).toContain('Alex Example');
    await preview.close();
  });

  it('sets the award e-mail subject, and it is still there after a reload', async () => {
    await go('Organisation');
    await heading('Organisation').waitFor();
    const subject = 'Well done {recipient}: {achievement}';
    await page.getByLabel('E-mail subject').fill(subject);
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/organisation') && r.request().method() === 'PATCH' && r.ok()),
      page.getByRole('button', { name: 'Save' }).click(),
    ]);
    await page.reload();
    await heading('Organisation').waitFor();
    expect(await page.getByLabel('E-mail subject').inputValue()).toBe(subject);
    expect(await page.getByLabel('E-mail message').inputValue()).toBe('');
    const organisation = await page.evaluate(async () => (await fetch('/api/v1/organisation')).json());
    expect(organisation.settings).toMatchObject({ awardEmailSubject: subject, awardEmailMessage: null, defaultVisibility: 'private' });
    await expectAccessible(page);
  });

  it('retires a previous key of a did:web issuer from a date', async () => {
    await go('Issuers');
    await page.getByRole('link', { name: 'New issuer' }).click();
    await page.getByLabel('Name').fill('Acme Research');
    await page.getByLabel('Website').fill('https://research.acme.test');
    await page.getByLabel('Contact email').fill('research@acme.test');
    await page.getByRole('button', { name: 'Create issuer' }).click();
    await page.getByRole('link', { name: 'Acme Research', exact: true }).click();
    await heading('Issuer: Acme Research').waitFor();
    expect(await page.getByLabel('Current DID').inputValue()).toMatch(/^did:web:.+:issuers:/);
    await page.getByRole('button', { name: 'Rotate keys' }).click();
    await page.getByRole('dialog', { name: 'Rotate the signing keys?' }).getByRole('button', { name: 'Rotate keys' }).click();
    await page.getByRole('status').filter({ hasText: 'New signing keys are active.' }).waitFor();

    await page.getByRole('button', { name: /^Retire the Ed25519 key/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Retire this key?' });
    await dialog.getByLabel('Retired from').fill('2026-01-02');
    await screenshot(page, '05c-issuer-retire');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Retire key' }).click();
    await page.getByRole('status').filter({ hasText: 'The key is retired.' }).waitFor();
    const keys = page.getByRole('table', { name: 'Signing keys, newest first' });
    await keys.getByRole('cell', { name: /^Retired / }).waitFor();
    // The DID document says so too.
    const issuerId = new URL(page.url()).pathname.split('/')[2]!;
    const doc = await (await fetch(new URL(`/issuers/${issuerId}/did.json`, server.baseUrl))).json();
    expect(doc.verificationMethod.filter((m: { revoked?: string }) => m.revoked === '2026-01-02T00:00:00.000Z')).toHaveLength(1);
  });

  it('signs out, refuses a wrong password, and signs in again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in').waitFor();
    await page.getByText('You have signed out.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await screenshot(page, '16-sign-in');
    await expectAccessible(page);

    await page.getByLabel('Email address').fill(OWNER.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The email or password is not correct.' }).waitFor();
    await screenshot(page, '17-sign-in-error');

    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Overview').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    // The session survives a reload (cookie + GET /session), and deep links work through the SPA fallback.
    await page.goto('/credentials');
    await heading('Credentials').waitFor();
    await page.getByRole('row').filter({ hasText: RECIPIENT.name }).waitFor();
  });

  it('switches the interface to French', async () => {
    await page.getByLabel('Language').selectOption('fr');
    await heading('Attestations').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    expect(await page.getByRole('row').filter({ hasText: RECIPIENT.name }).textContent()).toContain('Révoquée');
    await screenshot(page, '18-console-fr');
    await expectAccessible(page);
    await page.getByLabel('Langue').selectOption('en');
    await heading('Credentials').waitFor();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await heading('Credentials').waitFor();
    await page.getByRole('row').filter({ hasText: RECIPIENT.name }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, '19-credentials-phone');
    await expectAccessible(page);
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
