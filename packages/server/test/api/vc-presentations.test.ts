/**
 * POST /vc/presentations/verify, the attacker's view: the holder signs with Digital Bazaar's
 * `signPresentation` (eddsa-rdfc-2022, proofPurpose authentication); an attacker replays the
 * presentation to another verifier (other challenge, other domain), signs for a holder with a key the
 * holder does not list under `authentication`, or slips in a tampered credential.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { createDocumentLoader, importEd25519PrivateKey, type JsonObject } from '@laurel/core';
import type { FastifyInstance } from 'fastify';
import { CompactSign } from 'jose';
import jsigs from 'jsonld-signatures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../support/foreign-badges.js';
import { appVerifyingFromHttps, startHttpsHost, type HttpsHost } from '../support/https-host.js';
import { ENGINES, apiClient, createTestApp, minimalAchievement, minimalCredential, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

const V2 = 'https://www.w3.org/ns/credentials/v2';
const CHALLENGE = 'c0a6b1d2-5e34-4bd0-9f1e-0a2b3c4d5e6f';
const DOMAIN = 'verifier.example';

interface Holder {
  did: string;
  vm: string;
  signer: { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

async function didKeyHolder(): Promise<Holder> {
  const generated = await Ed25519Multikey.generate();
  const did = `did:key:${generated.publicKeyMultibase}`;
  const vm = `${did}#${generated.publicKeyMultibase}`;
  const exported = await generated.export({ publicKey: true, secretKey: true, includeContext: true });
  const keyPair = await Ed25519Multikey.from({ ...exported, id: vm, controller: did });
  return { did, vm, signer: keyPair.signer(), publicKeyMultibase: generated.publicKeyMultibase, secretKeyMultibase: String(exported.secretKeyMultibase) };
}

/** A key on the attacker's HTTPS host, at `vm`, controlled by `did`. */
async function keyAt(did: string, vm: string): Promise<Holder> {
  const generated = await Ed25519Multikey.generate();
  const exported = await generated.export({ publicKey: true, secretKey: true, includeContext: true });
  const keyPair = await Ed25519Multikey.from({ ...exported, id: vm, controller: did });
  return { did, vm, signer: keyPair.signer(), publicKeyMultibase: generated.publicKeyMultibase, secretKeyMultibase: String(exported.secretKeyMultibase) };
}

type Problem = { type: string; title: string; code: string; path: string };
type Result = { name: string; ok: boolean; code: string; params?: Record<string, string> };
type Answer = { verified: boolean; checks: string[]; results: Result[]; errors: Problem[]; warnings: Problem[]; credentials: Array<{ verified: boolean; format: string; results: Result[] }>; holder?: string; type?: string; verifiablePresentation?: JsonObject };

describe.each(ENGINES)('POST /vc/presentations/verify (%s)', (engine) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let host: HttpsHost;
  let api: ApiClient;
  let holder: Holder;
  let stranger: Holder;
  let issuedToHolder: JsonObject;
  let laurelOb3: JsonObject;
  let laurelJwt: string;
  const loader = () => createDocumentLoader({ resolveDid: async () => undefined });

  beforeAll(async () => {
    host = await startHttpsHost();
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    const issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    const did = ctx.deps.urls.didWeb(issuerId);
    const achievementId = (await api.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
    const credentialId = (await api.post('/api/v1/credentials', minimalCredential(achievementId))).json().id;
    laurelOb3 = (await api.get(`/api/v1/credentials/${credentialId}/export?format=ob3`)).json();
    laurelJwt = (await api.get(`/api/v1/credentials/${credentialId}/export?format=vc-jwt`)).body;
    holder = await didKeyHolder();
    stranger = await didKeyHolder();
    const issued = await api.post('/vc/credentials/issue', {
      credential: { '@context': [V2], id: 'urn:uuid:1b7e2f4c-7a0d-4a55-9a8e-3c1d2e4f5a6b', type: ['VerifiableCredential'], issuer: did, validFrom: '2026-01-01T00:00:00Z', credentialSubject: { id: holder.did } },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    issuedToHolder = issued.json().verifiableCredential;
    app = await appVerifyingFromHttps(ctx, host);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
    await host?.close();
  });

  const presentation = (extra: JsonObject = {}): JsonObject => ({ '@context': [V2], type: ['VerifiablePresentation'], holder: holder.did, verifiableCredential: [issuedToHolder], ...extra });
  const sign = async (vp: JsonObject, by: Holder = holder, options: { challenge?: string; domain?: string; purpose?: unknown } = { challenge: CHALLENGE, domain: DOMAIN }) =>
    vc.signPresentation({ presentation: structuredClone(vp), suite: new DataIntegrityProof({ signer: by.signer, cryptosuite: eddsaRdfc2022 }), documentLoader: loader(), ...options }) as Promise<JsonObject>;
  const verify = (body: unknown) => app.inject({ method: 'POST', url: '/vc/presentations/verify', payload: body as object, headers: { 'content-type': 'application/json' } });
  const answer = async (body: unknown) => {
    const res = await verify(body);
    return { status: res.statusCode, body: res.json<Answer>() };
  };
  const result = (a: Answer, name: string) => a.results.find((r) => r.name === name);
  const enveloped = (jwt: string, media = 'application/vc+jwt') => ({ '@context': V2, type: 'EnvelopedVerifiableCredential', id: `data:${media},${jwt}` });

  it('verifies a holder-signed presentation (challenge, domain, authentication key) whose credential is about the holder', async () => {
    const vp = await sign(presentation());
    const { status, body } = await answer({ verifiablePresentation: vp, options: { challenge: CHALLENGE, domain: DOMAIN, returnPresentation: true } });
    expect(status, JSON.stringify(body.errors)).toBe(200);
    expect(body).toMatchObject({ verified: true, errors: [], warnings: [], holder: holder.did, checks: expect.arrayContaining(['proof', 'holder-key', 'challenge', 'domain', 'credentials']) });
    expect(result(body, 'holder-key')).toMatchObject({ ok: true, code: 'key-authenticates-holder', params: { key: holder.vm, holder: holder.did } });
    expect(body.credentials).toEqual([expect.objectContaining({ verified: true, format: 'ob3-ldp' })]);
    expect(body.verifiablePresentation).toEqual(vp);
    // The same presentation verifies with the reference library (the proof is standard).
    const resolveDid = async (d: string) => (d.startsWith('did:web:') ? (await ctx.app.inject({ method: 'GET', url: `/issuers/${d.split(':').pop()}/did.json` })).json() : undefined);
    const reference = await vc.verify({ presentation: vp, challenge: CHALLENGE, domain: DOMAIN, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader: createDocumentLoader({ resolveDid }), checkStatus: async () => ({ verified: true }) });
    expect(reference.verified, JSON.stringify(reference.error)).toBe(true);
  });

  it('refuses replays and forgeries, each with its reason and VC-API problem type', async () => {
    const signed = await sign(presentation());
    const noChallenge = await sign(presentation(), holder, { purpose: new jsigs.purposes.ProofPurpose({ term: 'authentication' }) });
    const tamperedCredential = structuredClone(issuedToHolder);
    (tamperedCredential.credentialSubject as JsonObject).id = stranger.did;
    // Attacker: names the victim holder but signs with their own did:key.
    const forgedHolder = await sign(presentation(), stranger);
    const cases: Array<[name: string, body: unknown, check: string, code: string, type: string]> = [
      ['replayed with another challenge', { verifiablePresentation: signed, options: { challenge: 'another-verifier-challenge', domain: DOMAIN } }, 'challenge', 'challenge-mismatch', 'https://w3id.org/security#INVALID_CHALLENGE_ERROR'],
      ['replayed to another domain', { verifiablePresentation: signed, options: { challenge: CHALLENGE, domain: 'evil.example' } }, 'domain', 'domain-mismatch', 'https://w3id.org/security#INVALID_DOMAIN_ERROR'],
      ['a challenge asked for, none signed', { verifiablePresentation: noChallenge, options: { challenge: CHALLENGE } }, 'challenge', 'challenge-mismatch', 'https://w3id.org/security#INVALID_CHALLENGE_ERROR'],
      ['a challenge asked for, no proof at all', { verifiablePresentation: presentation(), options: { challenge: CHALLENGE } }, 'proof', 'proof-missing', 'https://w3id.org/security#MALFORMED_PROOF_ERROR'],
      ['challenge edited after signing', { verifiablePresentation: { ...signed, proof: { ...(signed.proof as JsonObject), challenge: 'edited' } }, options: { challenge: 'edited' } }, 'proof', 'proof-invalid-signature', 'https://w3id.org/security#PROOF_VERIFICATION_ERROR'],
      ['signed by a key the holder does not list', { verifiablePresentation: forgedHolder, options: { challenge: CHALLENGE } }, 'holder-key', 'key-not-authentication-of-holder', 'https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR'],
      ['a tampered credential inside', { verifiablePresentation: await sign(presentation({ verifiableCredential: [tamperedCredential] })) }, 'credentials', 'credential-not-verified', 'https://laurel.dev/verification-codes#credential-not-verified'],
      ['holder swapped after signing', { verifiablePresentation: { ...signed, holder: stranger.did } }, 'proof', 'proof-invalid-signature', 'https://w3id.org/security#PROOF_VERIFICATION_ERROR'],
      ['signed with proofPurpose assertionMethod', { verifiablePresentation: await sign(presentation(), holder, { purpose: new jsigs.purposes.AssertionProofPurpose() }) }, 'proof', 'proof-purpose-invalid', 'https://w3id.org/security#MISMATCHED_PROOF_PURPOSE_ERROR'],
    ];
    for (const [name, body, check, code, type] of cases) {
      const { status, body: got } = await answer(body);
      expect.soft(status, name).toBe(400);
      expect.soft(got.verified, name).toBe(false);
      expect.soft(got.type, name).toBe('https://laurel.dev/problems/validation');
      expect.soft(result(got, check), `${name}: ${JSON.stringify(got.results)}`).toMatchObject({ ok: false, code });
      expect.soft(got.errors.map((e) => e.type), name).toContain(type);
      expect.soft(got.holder, name).toBeUndefined();
    }
    const tampered = (await answer({ verifiablePresentation: await sign(presentation({ verifiableCredential: [tamperedCredential] })) })).body;
    expect(tampered.credentials[0]?.results.find((r) => r.name === 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });
    expect(tampered.errors.map((e) => e.path)).toContain('/verifiablePresentation/verifiableCredential/0');
  });

  it('VC DM 2.0 § holder claims: a self-asserted credential needs the holder to be its issuer', async () => {
    const selfAsserted = (await vc.issue({
      credential: { '@context': [V2], type: ['VerifiableCredential'], issuer: holder.did, validFrom: '2026-01-01T00:00:00Z', credentialSubject: { id: holder.did } },
      suite: new DataIntegrityProof({ signer: holder.signer, cryptosuite: eddsaRdfc2022 }),
      documentLoader: loader(),
    })) as JsonObject;
    const withHolder = await answer({ verifiablePresentation: await sign(presentation({ verifiableCredential: [selfAsserted] })), options: { challenge: CHALLENGE } });
    expect(withHolder.status, JSON.stringify(withHolder.body.errors)).toBe(200);
    const { holder: _omitted, ...noHolder } = presentation({ verifiableCredential: [selfAsserted] });
    const without = await answer({ verifiablePresentation: await sign(noHolder), options: { challenge: CHALLENGE } });
    expect(without.status).toBe(400);
    expect(result(without.body, 'holder')).toMatchObject({ ok: false, code: 'self-asserted-holder-mismatch', params: { index: '0' } });
    // Without a holder, a proof binds the presentation to its key's own controller: still verified as such.
    expect(result(without.body, 'holder-key')).toMatchObject({ ok: true, code: 'key-authenticates-holder', params: { holder: holder.did } });
  });

  it('binds a did:web holder through its own document: only keys listed under authentication count', async () => {
    const did = host.didWeb('holders', 'alice');
    const authKey = await keyAt(did, `${did}#auth`);
    const assertKey = await keyAt(did, `${did}#assert`);
    const method = (k: Holder) => ({ id: k.vm, type: 'Multikey', controller: did, publicKeyMultibase: k.publicKeyMultibase });
    host.routes.set('/holders/alice/did.json', json({ '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: did, verificationMethod: [method(authKey), method(assertKey)], authentication: [authKey.vm], assertionMethod: [assertKey.vm] }));
    const vp = presentation({ holder: did, verifiableCredential: [laurelOb3] });
    const good = await answer({ verifiablePresentation: await sign(vp, authKey), options: { challenge: CHALLENGE, domain: DOMAIN } });
    expect(good.status, JSON.stringify(good.body.errors)).toBe(200);
    expect(good.body.holder).toBe(did);
    // Laurel's credential is about an e-mail identity, not the holder: reported, not failed (a business rule for the caller).
    expect(good.body.warnings).toEqual([expect.objectContaining({ code: 'subject-not-holder', type: 'https://laurel.dev/verification-codes#subject-not-holder' })]);
    const assertion = await answer({ verifiablePresentation: await sign(vp, assertKey), options: { challenge: CHALLENGE, domain: DOMAIN } });
    expect(assertion.status).toBe(400);
    expect(result(assertion.body, 'holder-key')).toMatchObject({ ok: false, code: 'key-not-authentication-of-holder', params: { key: assertKey.vm, holder: did } });
    host.routes.delete('/holders/alice/did.json');
    const gone = await answer({ verifiablePresentation: await sign(vp, authKey) });
    expect(gone.status).toBe(400);
    expect(result(gone.body, 'holder-key')).toMatchObject({ ok: false, code: 'holder-unavailable' });
  });

  it('verifies presentations without proof, enveloped credentials and enveloped presentations (VC-JOSE-COSE)', async () => {
    // VC DM 2.0 example: a presentation without proof carrying an enveloped credential.
    const unsigned = await answer({ verifiablePresentation: { '@context': [V2], type: 'VerifiablePresentation', verifiableCredential: [enveloped(laurelJwt)] } });
    expect(unsigned.status, JSON.stringify(unsigned.body.errors)).toBe(200);
    expect(result(unsigned.body, 'proof')).toMatchObject({ ok: true, code: 'presentation-unsigned' });
    expect(unsigned.body.credentials).toEqual([expect.objectContaining({ verified: true, format: 'vc-jwt' })]);
    expect(unsigned.body.holder).toBeUndefined();
    // The VC-API proofless request: `presentation`.
    expect((await answer({ presentation: presentation() })).status).toBe(200);

    const [head, payload] = laurelJwt.split('.');
    const badSignature = `${head}.${payload}.${'A'.repeat(86)}`;
    for (const [name, entry, code] of [
      ['bad signature', enveloped(badSignature), 'proof-invalid-signature'],
      ['unsupported media type', enveloped(laurelJwt, 'application/vc+cose'), 'enveloped-invalid'],
      ['not a data URL', { '@context': V2, type: 'EnvelopedVerifiableCredential', id: 'https://example.com/vc' }, 'enveloped-invalid'],
    ] as const) {
      const got = await answer({ verifiablePresentation: presentation({ verifiableCredential: [entry] }) });
      expect.soft(got.status, name).toBe(400);
      expect.soft(got.body.credentials[0]?.results.some((r) => r.code === code), `${name}: ${JSON.stringify(got.body.credentials)}`).toBe(true);
    }
    // The same envelope on /vc/credentials/verify.
    const direct = await app.inject({ method: 'POST', url: '/vc/credentials/verify', payload: { verifiableCredential: enveloped(laurelJwt) } });
    expect(direct.statusCode, direct.body).toBe(200);
    expect(direct.json()).toMatchObject({ verified: true, format: 'vc-jwt' });

    // An enveloped VP-JWT signed by the holder's did:key: nonce is the challenge, aud the domain.
    const vpJwt = async (claims: JsonObject, by: Holder = holder) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify({ '@context': [V2], type: ['VerifiablePresentation'], holder: holder.did, verifiableCredential: [enveloped(laurelJwt)], ...claims })))
        .setProtectedHeader({ alg: 'EdDSA', kid: by.vm, typ: 'vp+jwt' })
        .sign(await importEd25519PrivateKey(by));
    const envelope = (jwt: string) => ({ '@context': [V2], type: 'EnvelopedVerifiablePresentation', id: `data:application/vp+jwt,${jwt}` });
    const options = { challenge: CHALLENGE, domain: DOMAIN };
    const good = await answer({ verifiablePresentation: envelope(await vpJwt({ nonce: CHALLENGE, aud: DOMAIN })), options });
    expect(good.status, JSON.stringify(good.body.errors)).toBe(200);
    expect(good.body).toMatchObject({ verified: true, format: 'vp-jwt', holder: holder.did });
    expect(good.body.credentials).toEqual([expect.objectContaining({ verified: true, format: 'vc-jwt' })]);
    const bare = await answer({ verifiablePresentation: await vpJwt({ nonce: CHALLENGE, aud: DOMAIN }), options });
    expect(bare.status, JSON.stringify(bare.body.errors)).toBe(200);
    for (const [name, jwt, code] of [
      ['replayed with another nonce', await vpJwt({ nonce: 'old', aud: DOMAIN }), 'challenge-mismatch'],
      ['for another audience', await vpJwt({ nonce: CHALLENGE, aud: 'evil.example' }), 'domain-mismatch'],
      ['signed by a stranger for the holder', await vpJwt({ nonce: CHALLENGE, aud: DOMAIN }, stranger), 'key-not-authentication-of-holder'],
    ] as const) {
      const got = await answer({ verifiablePresentation: envelope(jwt), options });
      expect.soft(got.status, name).toBe(400);
      expect.soft(got.body.results.some((r) => !r.ok && r.code === code), `${name}: ${JSON.stringify(got.body.results)}`).toBe(true);
    }
  });

  it('is documented in the OpenAPI description with its request and response schemas', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const op = spec.paths['/vc/presentations/verify']?.post;
    expect(op?.tags).toEqual(['vc-api']);
    expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '429']));
    expect(spec.paths['/vc/credentials/issue']?.post?.requestBody).toBeDefined();
  });

  it('answers 400 problems for bodies that are not VC-API requests', async () => {
    for (const body of ['"a string"', '[]', 'null', '42', '{"verifiablePresentation": 42}', '{"verifiablePresentation": "not a jwt"}', '{}', '{"presentation": {}, "verifiablePresentation": {}}', '{"verifiablePresentation": {}, "options": {"challenge": 7}}']) {
      for (const url of ['/vc/presentations/verify', '/vc/credentials/verify']) {
        const res = await app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json' } });
        expect.soft(res.statusCode, `${url} ${body}`).toBe(400);
        expect.soft(res.headers['content-type'], `${url} ${body}`).toContain('application/problem+json');
      }
    }
    // The VC-API / VC DM 2.0 test suite's example request: holder did:example, proofPurpose assertionMethod, a placeholder proofValue.
    const example = await answer({
      verifiablePresentation: {
        '@context': [V2],
        type: ['VerifiablePresentation'],
        holder: 'did:example:holder123456789',
        verifiableCredential: [{ ...issuedToHolder }],
        proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', challenge: '08cf4ce0-2bd0-11ee-8622-83054936f200', domain: 'example.com', created: '2023-06-18T21:19:10Z', proofPurpose: 'assertionMethod', verificationMethod: 'did:example:holder123456789#key-1', proofValue: 'zQeVbY4y...oDwLWxV6d' },
      },
      options: { challenge: 'secret', domain: 'example.com' },
    });
    expect(example.status).toBe(400);
    expect(result(example.body, 'proof')).toMatchObject({ ok: false, code: 'proof-purpose-invalid' });
    expect(result(example.body, 'challenge')).toMatchObject({ ok: false, code: 'challenge-mismatch' });
    expect(result(example.body, 'domain')).toMatchObject({ ok: true, code: 'domain-matches' });
    // A credential given as a string of JSON text is not a VC-API request (an object, an envelope or a JWT is).
    const text = await app.inject({ method: 'POST', url: '/vc/credentials/verify', payload: { verifiableCredential: JSON.stringify(laurelOb3) } });
    expect(text.statusCode).toBe(400);
    expect(text.json().results).toEqual([expect.objectContaining({ code: 'format-unrecognised' })]);
    expect(text.json().errors[0]).toMatchObject({ type: 'https://www.w3.org/TR/vc-data-model#PARSING_ERROR', title: 'PARSING_ERROR', path: '/verifiableCredential' });
    const textVp = await answer({ verifiablePresentation: JSON.stringify(presentation()) });
    expect(textVp.status).toBe(400);
    // VC DM 2.0: credentials in a presentation are objects, never strings or URLs; holder a URL or an object with an id.
    for (const extra of [{ verifiableCredential: ['https://example.com/vc/1'] }, { holder: { name: 'no id' } }, { type: ['Presentation'] }, { '@context': ['https://example.com/ctx'] }]) {
      const got = await answer({ verifiablePresentation: presentation(extra) });
      expect.soft(got.status, JSON.stringify(extra)).toBe(400);
      expect.soft(result(got.body, 'schema'), JSON.stringify(extra)).toMatchObject({ ok: false, code: 'schema-invalid' });
    }
  });
});
