/**
 * verifyPresentation, the attacker's view of the holder binding: a presentation proof counts only
 * when the holder's own DID document lists the key under `authentication` (same rule as the issuer's
 * `assertionMethod`, other relationship), by a key that is not retired, in a proof set where every
 * proof holds.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JsonObject } from '../contexts/index.js';
import { createDocumentLoader } from '../loader/index.js';
import { DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT, VC_V2_CONTEXT } from '../contexts/urls.js';
import { verifyPresentation, type PresentationReport, type PresentationVerifyOptions } from './index.js';

const HOLDER = 'did:web:wallet.example:alice';
const AUTH = `${HOLDER}#auth`;
const ASSERT = `${HOLDER}#assert`;
const RETIRED = `${HOLDER}#retired`;

type Signer = ReturnType<Awaited<ReturnType<typeof Ed25519Multikey.from>>['signer']>;
const signers = new Map<string, Signer>();
const dids = new Map<string, JsonObject>();

async function key(id: string): Promise<JsonObject> {
  const generated = await Ed25519Multikey.generate();
  const exported = await generated.export({ publicKey: true, secretKey: true, includeContext: true });
  signers.set(id, (await Ed25519Multikey.from({ ...exported, id, controller: HOLDER })).signer());
  return { id, type: 'Multikey', controller: HOLDER, publicKeyMultibase: generated.publicKeyMultibase };
}

const loader = createDocumentLoader({ resolveDid: async (did) => structuredClone(dids.get(did)) });
const options = (extra: Partial<PresentationVerifyOptions> = {}): PresentationVerifyOptions => ({ documentLoader: loader, now: () => new Date('2026-06-01T00:00:00Z'), ...extra });
const vp = (extra: JsonObject = {}): JsonObject => ({ '@context': [VC_V2_CONTEXT], type: ['VerifiablePresentation'], holder: HOLDER, ...extra });
const sign = async (document: JsonObject, vm: string, extra: { challenge?: string; domain?: string } = { challenge: 'c1' }) =>
  (await vc.signPresentation({ presentation: structuredClone(document), suite: new DataIntegrityProof({ signer: signers.get(vm)!, cryptosuite: eddsaRdfc2022 }), documentLoader: loader, ...extra })) as JsonObject;
const check = (report: PresentationReport, name: string) => report.checks.find((c) => c.name === name);

beforeAll(async () => {
  const [auth, assertion, retired] = [await key(AUTH), await key(ASSERT), await key(RETIRED)];
  dids.set(HOLDER, {
    '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
    id: HOLDER,
    verificationMethod: [auth, assertion, { ...retired, revoked: '2026-01-01T00:00:00Z' }],
    authentication: [AUTH, RETIRED],
    assertionMethod: [ASSERT],
  });
});

describe('verifyPresentation: the holder binding', () => {
  it('accepts a proof by a key the holder lists under authentication', async () => {
    const report = await verifyPresentation(await sign(vp(), AUTH), options({ challenge: 'c1' }));
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report).toMatchObject({ valid: true, format: 'vp-ldp', holder: HOLDER });
  });

  it('refuses a key the holder lists only under assertionMethod, and a retired key', async () => {
    const assertion = await verifyPresentation(await sign(vp(), ASSERT), options());
    expect(check(assertion, 'holder-key')).toMatchObject({ ok: false, code: 'key-not-authentication-of-holder', params: { key: ASSERT, holder: HOLDER } });
    expect(check(assertion, 'proof')).toMatchObject({ ok: true });
    // Its `created` is after the retirement here, but the key check does not read `created` at all.
    const retiredReport = await verifyPresentation(await sign(vp(), RETIRED), options());
    expect(check(retiredReport, 'holder-key')).toMatchObject({ ok: false, code: 'key-retired' });
    expect(retiredReport.holder).toBeUndefined();
  });

  it('needs every proof of a set to hold', async () => {
    const one = await sign(vp(), AUTH);
    const other = await sign(vp(), ASSERT);
    const both = { ...one, proof: [one.proof, other.proof] };
    const report = await verifyPresentation(both, options());
    expect(report.valid).toBe(false);
    expect(check(report, 'holder-key')).toMatchObject({ ok: false, code: 'key-not-authentication-of-holder' });
    const forged = { ...one, proof: [one.proof, { ...(one.proof as JsonObject), proofValue: `${String((one.proof as JsonObject).proofValue).slice(0, -4)}AAAA` }] };
    expect(check(await verifyPresentation(forged, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });
    expect(check(await verifyPresentation({ ...one, proof: [one.proof, one.proof] }, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-duplicated' });
  });

  it('checks the domain, and refuses unsupported proofs and non-presentations', async () => {
    const bound = await sign(vp(), AUTH, { challenge: 'c1', domain: 'b.example' });
    expect((await verifyPresentation(bound, options({ challenge: 'c1', domain: 'b.example' }))).valid).toBe(true);
    expect(check(await verifyPresentation(bound, options({ domain: 'c.example' })), 'domain')).toMatchObject({ ok: false, code: 'domain-mismatch' });
    const legacy = { ...vp(), proof: { type: 'Ed25519Signature2018', proofPurpose: 'authentication', verificationMethod: AUTH, jws: 'x..y' } };
    expect(check(await verifyPresentation(legacy, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-unsupported' });
    // Ed25519Signature2020 (the Learner Credential Wallet's DIDAuth) is verified, so a forged value fails as a signature.
    const forged2020 = { ...vp(), proof: { type: 'Ed25519Signature2020', proofPurpose: 'authentication', verificationMethod: AUTH, created: '2026-01-01T00:00:00Z', proofValue: 'z1111' } };
    expect(check(await verifyPresentation(forged2020, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });
    for (const input of [null, 42, [], 'not a jwt']) expect((await verifyPresentation(input, options())).checks[0]).toMatchObject({ ok: false, code: 'format-unrecognised' });
    const envelope = { '@context': VC_V2_CONTEXT, type: 'EnvelopedVerifiablePresentation', id: 'data:application/vp+cose,AAAA' };
    expect((await verifyPresentation(envelope, options())).checks[0]).toMatchObject({ ok: false, code: 'enveloped-invalid' });
  });
});
