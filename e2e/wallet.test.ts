/**
 * A credential into a wallet from the browser: the earner opens the claim link from the award e-mail,
 * asks for the wallet QR code, and the screenshot of that page decodes (jsQR over pngjs) to an
 * openid-credential-offer:// link that a real wallet client (`@openid4vc/openid4vci`, over real HTTP)
 * redeems with the tx_code e-mailed to the earner. Then the backpack offers it the same way.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { createDocumentLoader } from '@laurel/core';
import { setGlobalConfig } from '@openid4vc/oauth2';
import jsQRModule from 'jsqr';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, waitForMail } from '../packages/server/test/support/smtp.js';
import { didKeyWallet, receiveOffer, walletClient } from '../packages/server/test/support/wallet.js';
import { describeViolations, seriousViolations } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { ARTIFACTS } from './support/paths.js';
import { startServer, type RunningServer } from './support/server.js';

type JsQr = typeof import('jsqr').default;
const jsQR: JsQr = (jsQRModule as unknown as { default?: JsQr }).default ?? (jsQRModule as unknown as JsQr);

const EARNER = { email: 'katherine@example.org', password: 'a long enough password 1969' };
const ACHIEVEMENT = 'Orbital Mechanics';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let achievementId: string;
let apiKey: string;
const pageErrors: string[] = [];

async function api<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(new URL(`/api/v1${path}`, server.baseUrl), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Screenshot the page and read the QR code in it, as a phone camera would. */
async function scanQr(p: Page, name: string): Promise<string> {
  const shot = await p.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const png = PNG.sync.read(shot);
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height);
  expect(code, 'a QR code in the screenshot').not.toBeNull();
  return code!.data;
}

/** Read the QR code of one image on the page (there may be several): the PNG the page shows. */
async function scanElement(element: Locator, name: string): Promise<string> {
  await element.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  const src = (await element.getAttribute('src'))!;
  const png = PNG.sync.read(Buffer.from(src.replace(/^data:image\/png;base64,/, ''), 'base64'));
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height);
  expect(code, 'a QR code in the image').not.toBeNull();
  return code!.data;
}

/** The newest tx_code e-mailed to the earner. */
async function mailedTxCode(after: number): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const mail = smtp.inbox.slice(after).find((m) => m.to.includes(EARNER.email) && /transaction code/.test(m.decoded));
    if (mail) return /^(\d{6})$/m.exec(mail.decoded)![1]!;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('no tx_code e-mail');
}

describe('a credential into a wallet from the claim page and the backpack (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The server is on http://127.0.0.1 here: the wallet library accepts http URLs only when told.
    setGlobalConfig({ allowInsecureUrls: true });
    smtp = await startSmtpServer();
    [server, browser] = await Promise.all([startServer({ env: () => ({ SMTP_URL: smtp.url, LAUREL_JOBS: 'true', LAUREL_JOB_LOCK_SECONDS: '2' }) }), launchBrowser()]);
    apiKey = (await api<{ apiKey: string }>('/setup', { organisationName: 'Langley', email: 'dorothy@langley.test', password: 'a long enough password 1962' })).apiKey;
    const issuer = await api<{ id: string }>('/issuers', { name: 'Langley Research Center', url: 'https://langley.test', email: 'badges@langley.test' });
    achievementId = (await api<{ id: string }>('/achievements', { issuerId: issuer.id, name: ACHIEVEMENT, description: 'Computes trajectories.', criteria: { narrative: 'Compute one.' }, kind: 'certificate' })).id;
    context = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    setGlobalConfig({ allowInsecureUrls: false });
    await context?.close();
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it('the claim page shows an offer QR code that a wallet redeems over HTTP with the e-mailed tx_code', async () => {
    await api('/credentials', { achievementId, recipient: { email: EARNER.email, name: 'Katherine' } });
    const claimMail = await waitForMail(smtp.inbox, EARNER.email);
    const claimLink = /https?:\/\/[^\s"<>]+\/claim\/[A-Za-z0-9_-]+/.exec(claimMail.decoded)![0];
    await page.goto(claimLink);
    await page.getByRole('heading', { level: 2, name: 'Add to a digital wallet' }).waitFor();
    expect(await page.getByLabel('Ask my wallet for a code sent to my email (recommended)').isChecked()).toBe(true);
    const before = smtp.inbox.length;
    await page.getByRole('button', { name: 'Show the QR code' }).click();
    const qr = page.getByRole('img', { name: `QR code of the wallet offer for ${ACHIEVEMENT}` });
    await qr.waitFor();
    await page.getByText('We emailed you a 6-digit code').waitFor();
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    const scanned = await scanQr(page, 'w01-claim-wallet-offer');
    expect(scanned).toMatch(/^openid-credential-offer:\/\/\?credential_offer_uri=/);
    expect(await page.getByRole('link', { name: 'Open in my wallet app' }).getAttribute('href')).toBe(scanned);

    // The wallet, over real HTTP: resolve the offer, redeem it with the code from the e-mail, get both formats.
    const key = await didKeyWallet();
    const { received } = await receiveOffer(walletClient(fetch, [key]), scanned, key, { txCode: await mailedTxCode(before) });
    const ldp = received[`${achievementId}.ldp_vc`] as { credentialSubject: { id: string }; proof: unknown };
    expect(ldp.credentialSubject.id).toBe(key.holder);
    expect(ldp.proof).toBeDefined();
    expect(typeof received[`${achievementId}.jwt_vc_json`]).toBe('string');
    // Scanned twice, the same code gives nothing more.
    await expect(receiveOffer(walletClient(fetch, [key]), scanned, key)).rejects.toThrow();
  });

  it('the claim page also shows a Learner Credential Wallet request: its QR code leads a DIDAuth wallet to the credential over HTTP', async () => {
    await page.getByRole('heading', { level: 2, name: 'Learner Credential Wallet' }).waitFor();
    await page.getByRole('button', { name: 'Show the Learner Credential Wallet QR code' }).click();
    const qr = page.getByRole('img', { name: `QR code of the Learner Credential Wallet request for ${ACHIEVEMENT}` });
    await qr.waitFor();
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    const scanned = new URL(await scanElement(qr, 'w03-claim-lcw-request'));
    expect(scanned.origin + scanned.pathname).toBe('https://lcw.app/request.html');
    const deepLink = await page.getByRole('link', { name: 'Open in the Learner Credential Wallet' }).getAttribute('href');
    expect(deepLink).toMatch(/^dccrequest:\/\/request\?/);
    const vcRequestUrl = scanned.searchParams.get('vc_request_url')!;
    const challenge = scanned.searchParams.get('challenge')!;

    // The wallet, over real HTTP: a did:key of its own, a DIDAuth presentation over the challenge, POSTed as LCW does.
    const generated = await Ed25519Multikey.generate();
    const did = `did:key:${generated.publicKeyMultibase}`;
    const keyPair = await Ed25519Multikey.from({ ...(await generated.export({ publicKey: true, secretKey: true, includeContext: true })), id: `${did}#${generated.publicKeyMultibase}`, controller: did });
    const presentation = await vc.signPresentation({
      presentation: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: did },
      suite: new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022 }),
      documentLoader: createDocumentLoader(),
      challenge,
    });
    const response = await fetch(vcRequestUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(presentation) });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { verifiableCredential: { credentialSubject: { id: string } }[] };
    expect(answer.verifiableCredential[0]!.credentialSubject.id).toBe(did);
  });

  it('the backpack offers a credential to a wallet from its card', async () => {
    await page.getByLabel('Your name').fill('Katherine');
    await page.getByLabel('Password', { exact: true }).fill(EARNER.password);
    await page.getByRole('button', { name: 'Create account and claim' }).click();
    await page.getByRole('heading', { level: 1, name: 'My badges' }).waitFor();
    await page.getByRole('button', { name: `Add to a wallet of “${ACHIEVEMENT}”` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Ask my wallet for a code sent to my email (recommended)').uncheck();
    await dialog.getByRole('button', { name: 'Show the QR code' }).click();
    await dialog.getByRole('img', { name: `QR code of the wallet offer for ${ACHIEVEMENT}` }).waitFor();
    await dialog.getByText('Anyone who scans this code').waitFor();
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    const scanned = await scanQr(page, 'w02-backpack-wallet-offer');
    const key = await didKeyWallet();
    const { received } = await receiveOffer(walletClient(fetch, [key]), scanned, key);
    expect((received[`${achievementId}.ldp_vc`] as { credentialSubject: { id: string } }).credentialSubject.id).toBe(key.holder);
    expect(pageErrors).toEqual([]);
  });
});
