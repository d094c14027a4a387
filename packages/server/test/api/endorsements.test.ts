import { readFileSync } from 'node:fs';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { BASE_URL, ENGINES, PASSWORD, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';
import { independentLoader } from '../support/independent-vc.js';

const SHARED = new URL('../../../../test-data/conformance/', import.meta.url);
const compile = (file: string) => {
  const ajv = new Ajv2019.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(new URL(file, SHARED), 'utf8')));
};
const endorsementSchema = compile('ob3-schemas/ob_v3p0_endorsementcredential_schema.json');
const achievementSchemas = ['ob3-schemas/ob_v3p0_achievementcredential_schema.json', 'ob3-schemas/strict-2024-09/ob_v3p0_achievementcredential_schema.json'].map(compile);

const documentLoader = independentLoader();

/** An outside endorser: an Ed25519 did:key of its own, signing with Digital Bazaar's `issue`. */
async function outsideKey() {
  const generated = await Ed25519Multikey.generate();
  const did = `did:key:${generated.publicKeyMultibase}`;
  const exported = await generated.export({ publicKey: true, secretKey: true, includeContext: true });
  const keyPair = await Ed25519Multikey.from({ ...exported, id: `${did}#${generated.publicKeyMultibase}`, controller: did });
  return { did, sign: (credential: object) => vc.issue({ credential, suite: new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022 }), documentLoader }) as Promise<Record<string, unknown>> };
}

const endorsementOf = (issuer: string, subjectId: string, comment: string) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  id: `urn:uuid:${crypto.randomUUID()}`,
  type: ['VerifiableCredential', 'EndorsementCredential'],
  name: 'Outside endorsement',
  issuer: { id: issuer, type: ['Profile'], name: 'Guild of Welders' },
  validFrom: '2026-01-01T00:00:00Z',
  credentialSubject: { id: subjectId, type: ['EndorsementSubject'], endorsementComment: comment },
});

describe.each(ENGINES)('endorsements (%s)', (engine) => {
  let ctx: TestContext;
  let endorsed: ApiClient; // the organisation endorsed
  let endorser: ApiClient; // another organisation in Laurel
  let endorsedIssuer: { id: string };
  let achievementId: string;
  let achievementUrl: string;
  let endorserIssuerId: string;
  let endorserAchievementUrl: string;
  let endorsementId: string;
  let issuerEndorsementId: string;
  const page = async () => (await ctx.app.inject({ method: 'GET', url: `/issuers/${endorsedIssuer.id}` })).body;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    endorsed = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    endorsedIssuer = (await endorsed.post('/api/v1/issuers', minimalIssuer)).json();
    achievementId = (await endorsed.post('/api/v1/achievements', minimalAchievement(endorsedIssuer.id))).json().id;
    achievementUrl = `${BASE_URL}/ob3/achievements/${achievementId}`;
    endorser = apiClient(ctx.app, (await createOrganisation(ctx.deps, { name: 'Guild', owner: { email: 'owner@guild.example', password: PASSWORD } })).apiKeySecret);
    endorserIssuerId = (await endorser.post('/api/v1/issuers', { ...minimalIssuer, name: 'Guild of Engineers', identity: 'did:key' })).json().id;
    const own = (await endorser.post('/api/v1/achievements', minimalAchievement(endorserIssuerId))).json().id;
    endorserAchievementUrl = `${BASE_URL}/ob3/achievements/${own}`;
  });
  afterAll(async () => ctx?.close());

  it("another organisation's issuer endorses an achievement: signed, valid against 1EdTech's schema, verified by Digital Bazaar and by Laurel", async () => {
    const res = await endorser.post('/api/v1/endorsements', { endorserIssuerId, subject: { type: 'achievement', id: achievementUrl }, comment: 'Rigorous and well assessed.' });
    expect(res.statusCode, res.body).toBe(201);
    endorsementId = res.json().id;
    const credential = res.json().credential;
    expect(credential.type).toEqual(['VerifiableCredential', 'EndorsementCredential']);
    expect(credential.credentialSubject).toEqual({ id: achievementUrl, type: ['EndorsementSubject'], endorsementComment: 'Rigorous and well assessed.' });
    expect(endorsementSchema(credential), JSON.stringify(endorsementSchema.errors)).toBe(true);
    const result = (await vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader })) as { verified: boolean; error?: unknown };
    expect(result.verified, JSON.stringify(result.error ?? null)).toBe(true);
    // Published at its id, and Laurel's universal verifier agrees.
    const published = await ctx.app.inject({ method: 'GET', url: new URL(credential.id).pathname });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toEqual(credential);
    const report = (await ctx.app.inject({ method: 'POST', url: '/api/v1/verify', payload: credential })).json();
    expect(report.valid, JSON.stringify(report.checks)).toBe(true);
  });

  it("shows on the endorsed issuer's public page and in both organisations' lists", async () => {
    expect(await page()).toContain('Rigorous and well assessed.');
    expect(await page()).toContain('Guild of Engineers');
    expect((await endorsed.get('/api/v1/endorsements')).json().items).toMatchObject([{ id: endorsementId, mine: false }]);
    expect((await endorser.get('/api/v1/endorsements')).json().items).toMatchObject([{ id: endorsementId, mine: true }]);
  });

  it('endorses an issuer profile; refuses a subject not here, an issuer endorsing itself, and an endorser not of the organisation', async () => {
    const issuerUrl = `${BASE_URL}/ob2/issuers/${endorsedIssuer.id}`;
    const ok = await endorser.post('/api/v1/endorsements', { endorserIssuerId, subject: { type: 'issuer', id: issuerUrl }, comment: 'A trusted training body. <script>alert(1)</script>' });
    expect(ok.statusCode, ok.body).toBe(201);
    issuerEndorsementId = ok.json().id;
    expect(await page()).toContain('A trusted training body. &lt;script&gt;');
    expect(await page()).not.toContain('<script>alert(1)');
    expect((await endorser.post('/api/v1/endorsements', { endorserIssuerId, subject: { type: 'achievement', id: 'https://elsewhere.example/ob3/achievements/x' }, comment: 'x' })).statusCode).toBe(404);
    expect((await endorser.post('/api/v1/endorsements', { endorserIssuerId, subject: { type: 'issuer', id: `${BASE_URL}/ob2/issuers/${endorserIssuerId}` }, comment: 'me' })).statusCode).toBe(400);
    // The endorsed organisation cannot sign as the endorser's issuer.
    expect((await endorsed.post('/api/v1/endorsements', { endorserIssuerId, subject: { type: 'achievement', id: achievementUrl }, comment: 'forged' })).statusCode).toBe(404);
  });

  it("a credential issued from now on carries the achievement's endorsement, valid against both schemas and verified by Digital Bazaar", async () => {
    const issued = await endorsed.post('/api/v1/credentials', { achievementId, recipient: { email: 'ada@example.org' } });
    expect(issued.statusCode, issued.body).toBe(201);
    const doc = (await endorsed.get(`/api/v1/credentials/${issued.json().id}/export?format=ob3`)).json();
    const embedded = doc.credentialSubject.achievement.endorsement;
    expect(embedded).toHaveLength(1);
    expect(embedded[0].credentialSubject.endorsementComment).toBe('Rigorous and well assessed.');
    for (const validate of achievementSchemas) expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    // The credential's own proof is Laurel's (did:web here); the embedded endorsement's proof is checked on its own.
    const result = (await vc.verifyCredential({ credential: embedded[0], suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader })) as { verified: boolean; error?: unknown };
    expect(result.verified, JSON.stringify(result.error ?? null)).toBe(true);
    const report = (await ctx.app.inject({ method: 'POST', url: '/api/v1/verify', payload: doc })).json();
    expect(report.valid, JSON.stringify(report.checks)).toBe(true);
  });

  it('another organisation cannot revoke it; its endorser can, and then it is gone everywhere', async () => {
    expect((await endorsed.post(`/api/v1/endorsements/${endorsementId}/revoke`)).statusCode).toBe(404);
    expect((await endorsed.get(`/api/v1/endorsements/${endorsementId}`)).json()).toMatchObject({ mine: false, endorserIssuerId: null });
    const credentialId = (await endorser.get(`/api/v1/endorsements/${endorsementId}`)).json().credentialId;
    const revoked = await endorser.post(`/api/v1/endorsements/${endorsementId}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    expect((await ctx.app.inject({ method: 'GET', url: new URL(credentialId).pathname })).statusCode).toBe(410);
    const report = (await ctx.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { url: credentialId } })).json();
    expect(report.valid).toBe(false);
    expect(report.checks).toContainEqual(expect.objectContaining({ name: 'status', ok: false, code: 'status-revoked-gone' }));
    expect(await page()).not.toContain('Rigorous and well assessed.');
  });

  it('the endorsed organisation can take one off its page (the endorser cannot hide it, nor can a stranger)', async () => {
    expect((await endorser.post(`/api/v1/endorsements/${issuerEndorsementId}/hide`)).statusCode).toBe(404);
    const hidden = await endorsed.post(`/api/v1/endorsements/${issuerEndorsementId}/hide`);
    expect(hidden.statusCode, hidden.body).toBe(200);
    expect(hidden.json().hiddenAt).toEqual(expect.any(String));
    expect(await page()).not.toContain('A trusted training body.');
    // The endorser's signed word stays published until they revoke it.
    expect((await ctx.app.inject({ method: 'GET', url: new URL(hidden.json().credentialId).pathname })).statusCode).toBe(200);
  });

  it('accepts an outside endorsement signed with its own key, once, and shows it', async () => {
    const outside = await outsideKey();
    const signed = await outside.sign(endorsementOf(outside.did, achievementUrl, 'Meets the guild standard.'));
    const res = await endorsed.post('/api/v1/endorsements/inbound', { credential: signed });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ direction: 'received', endorserId: outside.did, endorserName: 'Guild of Welders', comment: 'Meets the guild standard.', subject: { type: 'achievement', id: achievementId } });
    expect(await page()).toContain('Meets the guild standard.');
    // New credentials carry neither the revoked endorsement nor the outside one (shown on the page only).
    const issued = await endorsed.post('/api/v1/credentials', { achievementId, recipient: { email: 'bob@example.org' } });
    const doc = (await endorsed.get(`/api/v1/credentials/${issued.json().id}/export?format=ob3`)).json();
    expect(doc.credentialSubject.achievement.endorsement).toBeUndefined();
    const again = await endorsed.post('/api/v1/endorsements/inbound', { credential: signed });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(res.json().id);
  });

  it('refuses a tampered comment, a forged signer, another organisation’s subject, and what is not an endorsement', async () => {
    const outside = await outsideKey();
    const signed = await outside.sign(endorsementOf(outside.did, achievementUrl, 'Fair.'));
    const tampered = structuredClone(signed) as { credentialSubject: { endorsementComment: string } };
    tampered.credentialSubject.endorsementComment = 'The best in the world.';
    const t = await endorsed.post('/api/v1/endorsements/inbound', { credential: tampered });
    expect(t.statusCode, t.body).toBe(422);
    expect(t.json().type).toContain('endorsement-not-verified');
    expect(t.json().detail).toContain('Invalid signature');

    // Signed by the attacker's key while naming someone else as its issuer.
    const victim = await outsideKey();
    const attacker = await outsideKey();
    const forged = await attacker.sign(endorsementOf(victim.did, achievementUrl, 'Endorsed by the victim'));
    const f = await endorsed.post('/api/v1/endorsements/inbound', { credential: forged });
    expect(f.statusCode, f.body).toBe(422);
    expect(f.json().detail).toContain('issuer-key');

    // Valid, but about another organisation's achievement: not this organisation's to accept.
    const elsewhere = await outside.sign(endorsementOf(outside.did, endorserAchievementUrl, 'Elsewhere'));
    expect((await endorsed.post('/api/v1/endorsements/inbound', { credential: elsewhere })).statusCode).toBe(404);
    expect((await endorsed.post('/api/v1/endorsements/inbound', { credential: { ...elsewhere, credentialSubject: 'x' } })).statusCode).toBe(422);

    const notEndorsement = await outside.sign({ ...endorsementOf(outside.did, achievementUrl, 'x'), type: ['VerifiableCredential'] });
    expect((await endorsed.post('/api/v1/endorsements/inbound', { credential: notEndorsement })).statusCode).toBe(400);
    expect((await endorsed.post('/api/v1/endorsements/inbound', {})).statusCode).toBe(400);
    expect(await page()).not.toContain('The best in the world.');
    expect(await page()).not.toContain('Endorsed by the victim');
  });
});
