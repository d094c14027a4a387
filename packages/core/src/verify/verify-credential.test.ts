import { CompactSign, SignJWT, UnsecuredJWT, exportSPKI, importJWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JsonObject } from '../contexts/index.js';
import { createDocumentLoader } from '../loader/index.js';
import {
  buildControllerDocument,
  createEd25519Signer,
  didKeyFromPublicKeyMultibase,
  didKeyVerificationMethodId,
  generateEd25519KeyPair,
  generateRsaKeyPair,
  importRsaPrivateKey,
  type Ed25519KeyMaterial,
  type RsaKeyMaterial,
} from '../keys/index.js';
import { buildOpenBadgeCredential, type OpenBadgeCredential } from '../ob3/index.js';
import { sampleAchievement, sampleAward, sampleIssuer, sampleLinks } from '../ob3/test-data.js';
import { signDataIntegrity, signVcJwt } from '../proofs/index.js';
import { buildBitstringStatusListEntry, buildStatusListCredential, createBitstring, withBit } from '../status/index.js';
import { isVerificationCode, verifyCredential, type VerificationReport, type VerifyOptions } from './index.js';

const ISSUER = 'did:web:badges.example.org:issuers:iss1';
const ED_VM = `${ISSUER}#key-ed-1`;
const RSA_DID_KID = `${ISSUER}#key-rsa-1`;
const RSA_URL_KID = 'https://badges.example.org/issuers/iss1/keys/rsa-1';
const LIST_URL = 'https://badges.example.org/status/iss1/revocation';
const SUSPENSION_URL = 'https://badges.example.org/status/iss1/suspension';
const signedAt = () => new Date('2026-01-02T03:04:05Z');
const later = () => new Date('2026-06-01T00:00:00Z');

let ed: Ed25519KeyMaterial;
let otherEd: Ed25519KeyMaterial;
let rsa: RsaKeyMaterial;
let otherRsa: RsaKeyMaterial;
let unsigned: OpenBadgeCredential;
let signed: JsonObject;
let remote: Map<string, unknown>;
let controllerDoc: JsonObject;

function options(overrides: Partial<VerifyOptions> = {}, didDoc: JsonObject = controllerDoc): VerifyOptions {
  return {
    documentLoader: createDocumentLoader({ resolveDid: async (did) => (did === ISSUER ? didDoc : undefined) }),
    now: later,
    fetchJson: async (url) => {
      if (!remote.has(url)) throw new Error(`404 ${url}`);
      return structuredClone(remote.get(url));
    },
    ...overrides,
  };
}

function checkOf(r: VerificationReport, name: string) {
  const c = r.checks.find((x) => x.name === name);
  if (!c) throw new Error(`no ${name} check in ${JSON.stringify(r.checks)}`);
  return c;
}

async function sign(doc: JsonObject, key = ed, vm = ED_VM, now = signedAt): Promise<JsonObject> {
  return signDataIntegrity(doc, { signer: await createEd25519Signer(key, vm), documentLoader: options().documentLoader, now });
}

async function statusList(url: string, purpose: 'revocation' | 'suspension', setIndexes: number[]): Promise<JsonObject> {
  let bits = createBitstring();
  for (const i of setIndexes) bits = withBit(bits, i, true);
  return sign(buildStatusListCredential({ id: url, issuer: ISSUER, purpose, bits, validFrom: '2026-01-01T00:00:00Z' }));
}

beforeAll(async () => {
  [ed, otherEd, rsa, otherRsa] = await Promise.all([generateEd25519KeyPair(), generateEd25519KeyPair(), generateRsaKeyPair(), generateRsaKeyPair()]);
  controllerDoc = buildControllerDocument({
    id: ISSUER,
    multikeys: [{ id: ED_VM, publicKeyMultibase: ed.publicKeyMultibase }],
    jsonWebKeys: [{ id: RSA_DID_KID, publicJwk: rsa.publicJwk }],
  });
  unsigned = buildOpenBadgeCredential({
    issuer: sampleIssuer,
    achievement: sampleAchievement,
    award: sampleAward,
    links: sampleLinks(ISSUER),
    status: [
      buildBitstringStatusListEntry({ statusListCredential: LIST_URL, index: 7, purpose: 'revocation' }),
      buildBitstringStatusListEntry({ statusListCredential: SUSPENSION_URL, index: 7, purpose: 'suspension' }),
    ],
  });
  signed = await sign(unsigned);
  remote = new Map<string, unknown>([
    [LIST_URL, await statusList(LIST_URL, 'revocation', [3])],
    [SUSPENSION_URL, await statusList(SUSPENSION_URL, 'suspension', [])],
    [RSA_URL_KID, rsa.publicJwk],
  ]);
});

describe('verifyCredential: OB 3.0 Data Integrity', () => {
  it('passes every check for a credential Laurel signed', async () => {
    const r = await verifyCredential(signed, options());
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r).toMatchObject({ valid: true, format: 'ob3-ldp' });
    expect(r.checks.map((c) => c.name)).toEqual(['format', 'proof', 'issuer-key', 'schema', 'validity', 'status']);
    expect(r.checks.map((c) => c.code)).toEqual(['format-ob3-ldp', 'proof-valid', 'key-controlled-by-issuer', 'schema-valid', 'valid-until', 'status-active']);
    expect(checkOf(r, 'proof').params).toEqual({ method: 'eddsa-rdfc-2022' });
    expect(checkOf(r, 'issuer-key').params).toEqual({ key: ED_VM, issuer: ISSUER });
    // as JSON text too
    expect((await verifyCredential(JSON.stringify(signed), options())).valid).toBe(true);
  });

  it('fails the proof when any signed field changes', async () => {
    const paths: Array<(c: any) => void> = [
      (c) => (c.credentialSubject.achievement.name = 'Other'),
      (c) => (c.credentialSubject.identifier[0].identityHash = 'sha256$00'),
      (c) => (c.issuer.name = 'Mallory'),
      (c) => (c.validFrom = '2025-01-02T03:04:05Z'),
      (c) => (c.proof[0].created = '2026-01-02T03:04:06Z'),
      (c) => (c.credentialStatus[0].statusListIndex = '8'),
    ];
    for (const tamper of paths) {
      const copy = structuredClone(signed);
      tamper(copy);
      const r = await verifyCredential(copy, options());
      expect(r.valid).toBe(false);
      expect(checkOf(r, 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature', reason: expect.stringContaining('not valid') });
      expect(checkOf(r, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-checked' });
    }
  });

  it('fails on a wrong key: signed by another key under the issuer key id, or by a key the issuer does not control', async () => {
    const impostor = await verifyCredential(await sign(unsigned, otherEd, ED_VM), options());
    expect(checkOf(impostor, 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });
    const foreign = await verifyCredential(await sign(unsigned, otherEd, didKeyVerificationMethodId(otherEd.publicKeyMultibase)), options());
    expect(checkOf(foreign, 'proof').ok).toBe(true);
    const foreignVm = didKeyVerificationMethodId(otherEd.publicKeyMultibase);
    expect(checkOf(foreign, 'issuer-key')).toMatchObject({
      ok: false,
      code: 'key-not-authorized-by-issuer',
      params: { key: foreignVm, issuer: ISSUER },
      reason: expect.stringContaining('does not list'),
    });
    expect(foreign.valid).toBe(false);
  });

  it('accepts a did:key issuer whose key signs', async () => {
    const did = didKeyFromPublicKeyMultibase(ed.publicKeyMultibase);
    const c = buildOpenBadgeCredential({ issuer: sampleIssuer, achievement: sampleAchievement, award: sampleAward, links: sampleLinks(did) });
    const r = await verifyCredential(await sign(c, ed, didKeyVerificationMethodId(ed.publicKeyMultibase)), options());
    expect(r.checks.filter((x) => !x.ok)).toEqual([]);
  });

  it('after rotation, a retired key still verifies what it signed before, but not what it signed after', async () => {
    const rotated = buildControllerDocument({ id: ISSUER, multikeys: [{ id: ED_VM, publicKeyMultibase: ed.publicKeyMultibase, revoked: '2026-03-01T00:00:00Z' }] });
    expect((await verifyCredential(signed, options({}, rotated))).valid).toBe(true);
    const afterRetirement = await sign(unsigned, ed, ED_VM, () => new Date('2026-04-01T00:00:00Z'));
    const r = await verifyCredential(afterRetirement, options({}, rotated));
    expect(checkOf(r, 'issuer-key')).toMatchObject({ ok: false, code: 'key-retired', params: { date: '2026-03-01T00:00:00Z' }, reason: expect.stringContaining('retired') });
  });

  it('fails a truncated proofValue and a replayed proofValue, counts an identical copy once, never throwing', async () => {
    const truncated = structuredClone(signed) as any;
    truncated.proof[0].proofValue = truncated.proof[0].proofValue.slice(0, -5);
    expect(checkOf(await verifyCredential(truncated, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });
    const garbage = structuredClone(signed) as any;
    garbage.proof[0].proofValue = 'z!!!';
    expect(checkOf(await verifyCredential(garbage, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });
    // A proof set is a set: an identical copy is the same proof, verified once (VC Data Integrity).
    const duplicated = structuredClone(signed) as any;
    duplicated.proof = [duplicated.proof[0], structuredClone(duplicated.proof[0])];
    expect(checkOf(await verifyCredential(duplicated, options()), 'proof')).toMatchObject({ ok: true, code: 'proof-valid' });
    // The same proofValue in a proof that differs otherwise is a copied signature: refused.
    const replayed = structuredClone(signed) as any;
    replayed.proof = [replayed.proof[0], { ...replayed.proof[0], created: '2020-01-01T00:00:00Z' }];
    expect(checkOf(await verifyCredential(replayed, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-duplicated', reason: expect.stringContaining('duplicated') });
    const none = structuredClone(signed) as any;
    delete none.proof;
    const noProof = await verifyCredential(none, options());
    expect(checkOf(noProof, 'proof')).toMatchObject({ ok: false, code: 'proof-missing', reason: 'the credential has no proof' });
    expect(checkOf(noProof, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-checked' });
    const foreignSuite = structuredClone(signed) as any;
    foreignSuite.proof[0].cryptosuite = 'ecdsa-unknown-2099';
    expect(checkOf(await verifyCredential(foreignSuite, options()), 'proof')).toMatchObject({ code: 'proof-unsupported', params: { found: 'DataIntegrityProof/ecdsa-unknown-2099' } });
    const wrongPurpose = structuredClone(signed) as any;
    wrongPurpose.proof[0].proofPurpose = 'authentication';
    expect(checkOf(await verifyCredential(wrongPurpose, options()), 'proof')).toMatchObject({ code: 'proof-purpose-invalid', params: { purpose: 'authentication' } });
  });

  it('tolerates an unknown proof next to a valid one', async () => {
    const multi = structuredClone(signed) as any;
    multi.proof = [{ type: 'SomeProofType', created: '2022-11-16T18:54:22Z', proofPurpose: 'assertionMethod' }, ...multi.proof];
    expect((await verifyCredential(multi, options())).valid).toBe(true);
  });

  it('fails the validity check when expired or not yet valid', async () => {
    const expired = await verifyCredential(signed, options({ now: () => new Date('2028-01-02T03:04:05Z') }));
    expect(checkOf(expired, 'validity')).toMatchObject({ ok: false, code: 'expired', params: { date: signed.validUntil }, reason: expect.stringContaining('expired') });
    const early = await verifyCredential(signed, options({ now: () => new Date('2025-01-01T00:00:00Z') }));
    expect(checkOf(early, 'validity')).toMatchObject({ ok: false, code: 'not-yet-valid', params: { date: signed.validFrom }, reason: expect.stringContaining('not valid yet') });
  });

  it('reports revoked, suspended, and valid again once the bit is cleared', async () => {
    const revokedRemote = new Map(remote);
    revokedRemote.set(LIST_URL, await statusList(LIST_URL, 'revocation', [3, 7]));
    const fetchFrom = (m: Map<string, unknown>) => async (url: string) => structuredClone(m.get(url));
    const revoked = await verifyCredential(signed, options({ fetchJson: fetchFrom(revokedRemote) }));
    expect(checkOf(revoked, 'status')).toMatchObject({ ok: false, code: 'status-revoked', reason: expect.stringContaining('revoked') });

    const suspendedRemote = new Map(remote);
    suspendedRemote.set(SUSPENSION_URL, await statusList(SUSPENSION_URL, 'suspension', [7]));
    const suspended = await verifyCredential(signed, options({ fetchJson: fetchFrom(suspendedRemote) }));
    expect(checkOf(suspended, 'status')).toMatchObject({ ok: false, code: 'status-suspended', reason: expect.stringContaining('suspended') });

    const reinstated = new Map(suspendedRemote);
    reinstated.set(SUSPENSION_URL, await statusList(SUSPENSION_URL, 'suspension', []));
    expect((await verifyCredential(signed, options({ fetchJson: fetchFrom(reinstated) }))).valid).toBe(true);
  });

  it('refuses a status list that is forged, issued by someone else, or unreachable', async () => {
    const m1 = new Map(remote).set(LIST_URL, { ...(remote.get(LIST_URL) as object), validFrom: '2026-01-01T00:00:01Z' });
    const r1 = await verifyCredential(signed, options({ fetchJson: async (u) => m1.get(u) }));
    expect(checkOf(r1, 'status')).toMatchObject({ ok: false, code: 'status-list-invalid', params: { url: LIST_URL }, reason: expect.stringContaining('is not valid') });
    const otherIssuerList = await sign(
      buildStatusListCredential({ id: LIST_URL, issuer: didKeyFromPublicKeyMultibase(otherEd.publicKeyMultibase), purpose: 'revocation', bits: createBitstring(), validFrom: '2026-01-01T00:00:00Z' }),
      otherEd,
      didKeyVerificationMethodId(otherEd.publicKeyMultibase),
    );
    const m2 = new Map(remote).set(LIST_URL, otherIssuerList);
    const r2 = await verifyCredential(signed, options({ fetchJson: async (u) => m2.get(u) }));
    expect(checkOf(r2, 'status')).toMatchObject({ ok: false, code: 'status-list-wrong-issuer', reason: expect.stringContaining("not by the credential's issuer") });
    const r3 = await verifyCredential(signed, options({ fetchJson: undefined }));
    expect(checkOf(r3, 'status')).toMatchObject({ ok: false, code: 'status-unavailable', reason: expect.stringContaining('could not be checked') });
    expect(checkOf(r3, 'status').params?.detail).toMatch(/no fetcher/);
  });

  it('never throws on junk input', async () => {
    for (const junk of [null, 42, 'hello', '{"a":', [], {}, { '@context': 'x', proof: 'y' }, 'a.b.c', { '@context': ['https://evil.example/ctx'], proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod', verificationMethod: 'https://evil.example/k#1', proofValue: 'z1' } }]) {
      const r = await verifyCredential(junk, options());
      expect(r.valid).toBe(false);
      expect(r.checks.some((c) => !c.ok && c.reason.length > 0)).toBe(true);
      expect(r.checks.every((c) => isVerificationCode(c.code)), JSON.stringify(r.checks)).toBe(true);
    }
    expect(checkOf(await verifyCredential(42, options()), 'format').code).toBe('format-unrecognised');
    expect(checkOf(await verifyCredential('a.b.c', options()), 'format').code).toBe('format-not-jws');
    expect(checkOf(await verifyCredential({}, options()), 'format').code).toBe('format-no-context');
  });
});

describe('verifyCredential: VC-JWT', () => {
  async function jwt(credential: JsonObject = unsigned, kid = RSA_DID_KID, key = rsa) {
    return signVcJwt(credential, { privateKey: await importRsaPrivateKey(key.privateJwk), kid, documentLoader: options().documentLoader });
  }

  it('verifies with a DID URL kid, and with an https kid on the issuer origin only when the issuer lists it', async () => {
    const listing = buildControllerDocument({ id: ISSUER, multikeys: [{ id: ED_VM, publicKeyMultibase: ed.publicKeyMultibase }], jsonWebKeys: [{ id: RSA_DID_KID, publicJwk: rsa.publicJwk }, { id: RSA_URL_KID, publicJwk: rsa.publicJwk }] });
    for (const [kid, didDoc] of [[RSA_DID_KID, controllerDoc], [RSA_URL_KID, listing]] as const) {
      const r = await verifyCredential(await jwt(unsigned, kid), options({}, didDoc));
      expect(r.checks.filter((c) => !c.ok)).toEqual([]);
      expect(r).toMatchObject({ valid: true, format: 'vc-jwt' });
      expect(r.checks.map((c) => c.name)).toContain('jwt-claims');
      expect(checkOf(r, 'proof')).toMatchObject({ code: 'proof-valid', params: { method: 'RS256' } });
      expect(checkOf(r, 'issuer-key')).toMatchObject({ code: 'key-controlled-by-issuer', params: { key: kid, issuer: ISSUER } });
      expect(checkOf(r, 'jwt-claims').code).toBe('jwt-claims-match');
    }
    // Being on the issuer's origin is not enough: the issuer's DID document must list the kid.
    const unlisted = await verifyCredential(await jwt(unsigned, RSA_URL_KID), options());
    expect(unlisted.valid).toBe(false);
    expect(checkOf(unlisted, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer', params: { key: RSA_URL_KID, issuer: ISSUER } });
  });

  it('fails a tampered payload, a wrong key, alg none and HS256 keyed with the public key', async () => {
    const token = await jwt();
    const [h, p, s] = token.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    payload.credentialSubject.achievement.name = 'Other';
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    expect(checkOf(await verifyCredential(tampered, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature', reason: expect.stringContaining('signature') });

    const wrongKey = await jwt(unsigned, RSA_DID_KID, otherRsa);
    expect(checkOf(await verifyCredential(wrongKey, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });

    const none = new UnsecuredJWT(payload).encode().replace('eyJhbGciOiJub25lIn0', Buffer.from(JSON.stringify({ alg: 'none', kid: RSA_DID_KID })).toString('base64url'));
    const rNone = await verifyCredential(none, options());
    expect(rNone.valid).toBe(false);
    expect(checkOf(rNone, 'proof')).toMatchObject({ ok: false, code: 'alg-not-accepted', params: { alg: 'none' }, reason: expect.stringContaining('none') });

    const pem = await exportSPKI((await importJWK(rsa.publicJwk, 'RS256')) as CryptoKey);
    const confused = await new SignJWT(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: RSA_DID_KID })
      .sign(new TextEncoder().encode(pem));
    const rHs = await verifyCredential(confused, options());
    expect(checkOf(rHs, 'proof')).toMatchObject({ ok: false, code: 'alg-not-accepted', params: { alg: 'HS256' }, reason: expect.stringContaining('HS256') });
  });

  it('checks the registered claims against the credential', async () => {
    const header = { alg: 'RS256', typ: 'JWT', kid: RSA_DID_KID };
    const claims = { ...unsigned, iss: 'did:web:evil.example', jti: unsigned.id, nbf: Date.parse(unsigned.validFrom) / 1000 };
    const bad = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader(header).sign(await importRsaPrivateKey(rsa.privateJwk));
    expect(checkOf(await verifyCredential(bad, options()), 'jwt-claims')).toMatchObject({ ok: false, code: 'jwt-claims-mismatch', params: { claims: 'iss, exp' }, reason: expect.stringContaining('iss') });
  });

  it('does not trust a key embedded in the header, an unresolvable kid, or a kid on another origin', async () => {
    const { kid: _k, ...jwk } = rsa.publicJwk as Record<string, unknown>;
    const embedded = await new CompactSign(new TextEncoder().encode(JSON.stringify({ ...unsigned, iss: ISSUER, jti: unsigned.id, nbf: Date.parse(unsigned.validFrom) / 1000 })))
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', jwk: jwk as any })
      .sign(await importRsaPrivateKey(rsa.privateJwk));
    const r = await verifyCredential(embedded, options());
    expect(checkOf(r, 'proof').ok).toBe(true);
    expect(checkOf(r, 'issuer-key')).toMatchObject({ ok: false, code: 'key-embedded-in-header' });
    const missing = await verifyCredential(await jwt(unsigned, 'https://example.com/keys/1'), options());
    expect(checkOf(missing, 'proof')).toMatchObject({ ok: false, code: 'key-unresolved', params: { key: 'https://example.com/keys/1' }, reason: expect.stringContaining('key could not be resolved') });
    expect(checkOf(missing, 'issuer-key')).toMatchObject({ ok: false, code: 'key-unresolved' });
    remote.set('https://elsewhere.example/k', rsa.publicJwk);
    const elsewhere = await verifyCredential(await jwt(unsigned, 'https://elsewhere.example/k'), options());
    expect(checkOf(elsewhere, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer', params: { key: 'https://elsewhere.example/k', issuer: ISSUER } });
  });

  it('fails an expired VC-JWT on validity', async () => {
    const r = await verifyCredential(await jwt(), options({ now: () => new Date('2030-01-01T00:00:00Z') }));
    expect(checkOf(r, 'validity')).toMatchObject({ ok: false, code: 'expired' });
  });
});
