/**
 * The Learner Credential Wallet's path (VC-API exchange with DIDAuth), with Digital Bazaar's libraries as
 * the wallet: the earner gets a `dccrequest://` deep link; the wallet POSTs `{}` for the presentation
 * request, signs a DIDAuth presentation with its own did:key (`@digitalbazaar/vc` signPresentation,
 * eddsa-rdfc-2022) over the challenge and domain, and receives its credential bound to that DID, which
 * `@digitalbazaar/vc` verifies. Then the attacks: a replayed exchange, a wrong challenge or domain, a
 * presentation signed by a key that is not the holder's, an expired exchange.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import type { JsonObject } from '@laurel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRunner } from '../../src/adapters/jobs/job-runner.js';
import { testClock } from '../support/oauth.js';
import { digitalBazaarVerifier, publicDocuments } from '../support/public-documents.js';
import { startSmtpServer, smtpMailer } from '../support/smtp.js';
import { BASE_URL, ENGINES, createTestApp, registerAccount, type ApiClient, type TestContext, organisationWithAchievement, asSignedIn } from '../support/test-app.js';
import { testJobRunner } from '../support/jobs.js';

const V2 = 'https://www.w3.org/ns/credentials/v2';

interface Holder {
  did: string;
  signer: { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
}

/** The wallet's DID: a fresh Ed25519 did:key, its key the verification method `did#multibase`. */
async function didKeyHolder(): Promise<Holder> {
  const generated = await Ed25519Multikey.generate();
  const did = `did:key:${generated.publicKeyMultibase}`;
  const exported = await generated.export({ publicKey: true, secretKey: true, includeContext: true });
  const keyPair = await Ed25519Multikey.from({ ...exported, id: `${did}#${generated.publicKeyMultibase}`, controller: did });
  return { did, signer: keyPair.signer() };
}

/** The Learner Credential Wallet's own DID: an Ed25519VerificationKey2020 key pair as did:key (what its DID record holds). */
async function lcwKey() {
  const key = await Ed25519VerificationKey2020.generate();
  const did = `did:key:${key.fingerprint()}`;
  key.controller = did;
  key.id = `${did}#${key.fingerprint()}`;
  return { did, key };
}

describe.each(ENGINES)('VC-API exchanges for the Learner Credential Wallet: DIDAuth, then the credential bound to the DID (%s)', (engine) => {
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let runner: JobRunner;
  let api: ApiClient;
  let achievementId: string;
  let asAda: (method: 'POST', url: string, payload?: object) => Promise<import('fastify').LightMyRequestResponse>;
  const clock = testClock(Date.now());

  const docs = publicDocuments(() => ctx.app);
  const { documentLoader } = docs;
  const dbVerify = digitalBazaarVerifier(docs, () => clock.now()).verify;
  const suite = (signer?: Holder['signer']) => new DataIntegrityProof({ ...(signer ? { signer } : {}), cryptosuite: eddsaRdfc2022 });

  /** The wallet's DIDAuth presentation (what LCW's createVerifiablePresentation makes): holder, no credentials, signed for authentication. */
  const didAuth = (holder: Holder, options: { challenge: string; domain?: string; signer?: Holder['signer']; holderDid?: string }) =>
    vc.signPresentation({
      presentation: { '@context': [V2], type: ['VerifiablePresentation'], holder: options.holderDid ?? holder.did },
      suite: suite(options.signer ?? holder.signer),
      documentLoader,
      challenge: options.challenge,
      ...(options.domain ? { domain: options.domain } : {}),
    }) as Promise<JsonObject>;

  const post = (url: string, payload: object) => ctx.app.inject({ method: 'POST', url: new URL(url).pathname, payload, headers: { 'content-type': 'application/json' } });

  const award = async (email = 'ada@example.org') => {
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email, name: 'Ada' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const startFromBackpack = async (credentialId: string) => {
    const res = await asAda('POST', '/api/v1/me/wallet-exchanges', { credentialId });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { exchangeUrl: string; deepLink: string; webLink: string; qrCode: string; challenge: string; expiresAt: string };
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ctx = await createTestApp(engine, { clock, mailer: smtpMailer(smtp) });
    runner = testJobRunner(ctx);
    ({ api, achievementId } = await organisationWithAchievement(ctx.app));
    asAda = asSignedIn(ctx.app, await registerAccount(ctx, 'ada@example.org'));
  });
  afterAll(async () => {
    await ctx?.close();
    await smtp?.close();
  });

  it('deep link → presentation request → DIDAuth → the credential bound to the wallet’s DID, verified by Digital Bazaar', async () => {
    const credentialId = await award();
    const exchange = await startFromBackpack(credentialId);
    // The deep link LCW opens: dccrequest://request?issuer&auth_type=bearer&challenge&vc_request_url.
    const link = new URL(exchange.deepLink.replace('dccrequest://request', 'https://x/request'));
    expect(exchange.deepLink).toMatch(/^dccrequest:\/\/request\?/);
    expect(link.searchParams.get('auth_type')).toBe('bearer');
    expect(link.searchParams.get('vc_request_url')).toBe(exchange.exchangeUrl);
    expect(link.searchParams.get('challenge')).toBe(exchange.challenge);
    expect(exchange.webLink).toMatch(/^https:\/\/lcw\.app\/request\.html\?/);
    expect(exchange.qrCode).toMatch(/^data:image\/png;base64,/);
    expect(exchange.exchangeUrl.startsWith(`${BASE_URL}/exchanges/`)).toBe(true);

    const started = await post(exchange.exchangeUrl, {});
    expect(started.statusCode, started.body).toBe(200);
    const vpr = started.json().verifiablePresentationRequest;
    expect(vpr).toMatchObject({ query: [{ type: 'DIDAuthentication' }], challenge: exchange.challenge, domain: BASE_URL });
    expect(vpr.interact.service[0].serviceEndpoint).toBe(exchange.exchangeUrl);

    const wallet = await didKeyHolder();
    const vp = await didAuth(wallet, { challenge: vpr.challenge, domain: vpr.domain });
    const answered = await post(vpr.interact.service[0].serviceEndpoint, { verifiablePresentation: vp });
    expect(answered.statusCode, answered.body).toBe(200);
    const [credential] = answered.json().verifiablePresentation.verifiableCredential as JsonObject[];
    expect((credential!.credentialSubject as JsonObject).id).toBe(wallet.did);
    const result = await dbVerify(credential);
    expect(result.verified, JSON.stringify(result.error ?? result.results)).toBe(true);

    // Attack: the same exchange replayed (even with a fresh, valid DIDAuth) — refused, single use.
    const again = await post(exchange.exchangeUrl, { verifiablePresentation: await didAuth(wallet, { challenge: vpr.challenge, domain: vpr.domain }) });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await post(exchange.exchangeUrl, {})).statusCode).toBe(409);
  });

  it('LCW’s own DIDAuth: a VC 1.1 presentation signed with Ed25519Signature2020 (createPresentation + signPresentation) gets the credential; a wrong challenge, another domain, a key not the holder’s or a replay on a second exchange are refused', async () => {
    const [exchange, second] = [await startFromBackpack(await award()), await startFromBackpack(await award())];
    const wallet = await lcwKey();
    // As LCW's createVerifiablePresentation: vc.createPresentation({ holder }) (VC 1.1 context), Ed25519Signature2020, the challenge.
    const lcwDidAuth = (options: { challenge: string; domain?: string; key?: typeof wallet.key; holder?: string }) =>
      vc.signPresentation({
        presentation: vc.createPresentation({ holder: options.holder ?? wallet.did }),
        suite: new Ed25519Signature2020({ key: options.key ?? wallet.key }),
        documentLoader,
        challenge: options.challenge,
        ...(options.domain ? { domain: options.domain } : {}),
      }) as Promise<JsonObject>;

    const wrongChallenge = await post(exchange.exchangeUrl, await lcwDidAuth({ challenge: second.challenge }));
    expect(wrongChallenge.statusCode).toBe(401);
    expect(wrongChallenge.json().detail).toMatch(/challenge/);
    const elsewhere = await post(exchange.exchangeUrl, await lcwDidAuth({ challenge: exchange.challenge, domain: 'https://evil.example' }));
    expect(elsewhere.statusCode).toBe(401);
    expect(elsewhere.json().detail).toMatch(/domain/);
    const attacker = await lcwKey();
    const notHolders = await post(exchange.exchangeUrl, await lcwDidAuth({ challenge: exchange.challenge, key: attacker.key }));
    expect(notHolders.statusCode).toBe(401);
    expect(notHolders.json().detail).toMatch(/authentication/);

    const vp = await lcwDidAuth({ challenge: exchange.challenge, domain: BASE_URL });
    expect((vp.proof as JsonObject).type).toBe('Ed25519Signature2020');
    const answered = await post(exchange.exchangeUrl, vp);
    expect(answered.statusCode, answered.body).toBe(200);
    const [credential] = answered.json().verifiableCredential as JsonObject[];
    expect((credential!.credentialSubject as JsonObject).id).toBe(wallet.did);
    expect((await dbVerify(credential)).verified).toBe(true);
    // The same presentation replayed on a second exchange: its challenge is the first exchange's.
    const replayed = await post(second.exchangeUrl, vp);
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().detail).toMatch(/challenge/);
  });

  it('LCW’s direct request: the DIDAuth presentation itself as the body (challenge from the deep link, no domain) answers the presentation', async () => {
    const exchange = await startFromBackpack(await award());
    const wallet = await didKeyHolder();
    const answered = await post(exchange.exchangeUrl, await didAuth(wallet, { challenge: exchange.challenge }));
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().type).toEqual(['VerifiablePresentation']);
    expect((answered.json().verifiableCredential[0].credentialSubject as JsonObject).id).toBe(wallet.did);
  });

  it('attack: a wrong challenge (a presentation made for another exchange) or another domain is refused, and the exchange stays usable', async () => {
    const exchange = await startFromBackpack(await award());
    const other = await startFromBackpack(await award());
    const wallet = await didKeyHolder();
    const replayed = await post(exchange.exchangeUrl, { verifiablePresentation: await didAuth(wallet, { challenge: other.challenge, domain: BASE_URL }) });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().detail).toMatch(/challenge/);
    const elsewhere = await post(exchange.exchangeUrl, { verifiablePresentation: await didAuth(wallet, { challenge: exchange.challenge, domain: 'https://evil.example' }) });
    expect(elsewhere.statusCode).toBe(401);
    expect(elsewhere.json().detail).toMatch(/domain/);
    const fine = await post(exchange.exchangeUrl, { verifiablePresentation: await didAuth(wallet, { challenge: exchange.challenge, domain: BASE_URL }) });
    expect(fine.statusCode, fine.body).toBe(200);
  });

  it('attack: a presentation naming a victim’s DID as holder but signed by the attacker’s key, an unsigned one, a tampered one: refused', async () => {
    const exchange = await startFromBackpack(await award());
    const victim = await didKeyHolder();
    const attacker = await didKeyHolder();
    const forged = await didAuth(victim, { challenge: exchange.challenge, signer: attacker.signer });
    const res = await post(exchange.exchangeUrl, { verifiablePresentation: forged });
    expect(res.statusCode).toBe(401);
    const unsigned = await post(exchange.exchangeUrl, { verifiablePresentation: { '@context': [V2], type: ['VerifiablePresentation'], holder: victim.did } });
    expect(unsigned.statusCode).toBe(401);
    const good = await didAuth(attacker, { challenge: exchange.challenge });
    const tampered = await post(exchange.exchangeUrl, { verifiablePresentation: { ...good, holder: victim.did } });
    expect(tampered.statusCode).toBe(401);
    const garbage = await post(exchange.exchangeUrl, { verifiablePresentation: 'not a presentation' });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('from the claim page: the claim link starts an exchange (no account), and the claim link stays usable', async () => {
    await award('grace@example.org');
    while ((await runner.runOnce()) > 0);
    const claimMail = smtp.inbox.filter((m) => m.to.includes('grace@example.org')).pop()!;
    const token = /\/claim\/([A-Za-z0-9_-]+)/.exec(claimMail.decoded)![1]!;
    const made = await ctx.app.inject({ method: 'POST', url: `/api/v1/claims/${token}/wallet-exchange` });
    expect(made.statusCode, made.body).toBe(201);
    const wallet = await didKeyHolder();
    const answered = await post(made.json().exchangeUrl, { verifiablePresentation: await didAuth(wallet, { challenge: made.json().challenge }) });
    expect(answered.statusCode, answered.body).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/claims/${token}` })).json().usable).toBe(true);
    // Someone else's credential from the backpack: not found.
    const notMine = await asAda('POST', '/api/v1/me/wallet-exchanges', { credentialId: '00000000-0000-4000-8000-000000000000' });
    expect(notMine.statusCode).toBe(404);
  });
  it('attack: an unknown exchange is 404, an expired one 409; a revoked award is not delivered', async () => {
    const wallet = await didKeyHolder();
    expect((await ctx.app.inject({ method: 'POST', url: '/exchanges/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', payload: {} })).statusCode).toBe(404);
    const exchange = await startFromBackpack(await award());
    const credentialId = await award();
    const fresh = await startFromBackpack(credentialId);
    expect((await api.post(`/api/v1/credentials/${credentialId}/revoke`, { reason: 'mistake' })).statusCode).toBe(200);
    const revoked = await post(fresh.exchangeUrl, { verifiablePresentation: await didAuth(wallet, { challenge: fresh.challenge }) });
    expect(revoked.statusCode).toBe(409);
    expect(revoked.json().detail).toMatch(/revoked/);

    clock.advance(3601);
    const late = await post(exchange.exchangeUrl, { verifiablePresentation: await didAuth(wallet, { challenge: exchange.challenge }) });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toMatch(/expired/);
  });
});
