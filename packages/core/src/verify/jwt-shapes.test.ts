import { CompactSign, SignJWT, UnsecuredJWT, exportJWK, generateKeyPair, type JWK, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JsonObject } from '../contexts/index.js';
import { createDocumentLoader } from '../loader/index.js';
import { VC_V1_CONTEXT } from '../contexts/urls.js';
import { buildControllerDocument } from '../keys/index.js';
import { buildOpenBadgeCredential } from '../ob3/index.js';
import { sampleAchievement, sampleAward, sampleIssuer, sampleLinks } from '../ob3/test-data.js';
import { isVerificationCode, verifyCredential, type VerificationReport, type VerifyOptions } from './index.js';

/**
 * The three JWT shapes a verifier meets, each signed here with bare `jose` (the other side):
 * OB 3.0 VC-JWT (credential as payload + registered claims), VC DM 1.1 JWT (`vc` claim),
 * W3C VC-JOSE-COSE (`typ: vc+jwt`, the VC 2.0 credential as payload).
 */
const VICTIM = 'did:web:victim.example';
const ATTACKER = 'did:web:attacker.example';
const KID = `${VICTIM}#es-1`;
const ATTACKER_KID = `${ATTACKER}#es-1`;

type Key = Awaited<ReturnType<typeof generateKeyPair>>;
let issuerKey: Key;
let attackerKey: Key;
let publicJwk: JWK;
let attackerJwk: JWK;
let docs: Record<string, JsonObject>;
let credential: JsonObject;

const now = () => new Date('2026-06-01T00:00:00Z');

function options(overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  return { documentLoader: createDocumentLoader({ resolveDid: async (did) => docs[did] }), now, ...overrides };
}

function check(r: VerificationReport, name: string) {
  const found = r.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no ${name} check in ${JSON.stringify(r.checks)}`);
  return found;
}

async function sign(payload: JsonObject, header: Record<string, unknown>, key: Key['privateKey'] = issuerKey.privateKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'ES256', ...header } as never).sign(key);
}

function tamper(jws: string, change: (payload: any) => void): string {
  const [h, p, s] = jws.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  change(payload);
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
}

const seconds = (iso: unknown) => Math.floor(Date.parse(String(iso)) / 1000);

/** The credential as a VC DM 1.1 credential (issuanceDate / expirationDate). */
function v1Credential(): JsonObject {
  const { validFrom, validUntil, ...rest } = structuredClone(credential);
  return { ...rest, '@context': [VC_V1_CONTEXT, ...(credential['@context'] as string[]).slice(1)], issuanceDate: validFrom, expirationDate: validUntil };
}

function v1Claims(vc: JsonObject): JsonObject {
  const subject = vc.credentialSubject as JsonObject;
  return { vc, iss: VICTIM, jti: vc.id, nbf: seconds(vc.issuanceDate), exp: seconds(vc.expirationDate), ...(subject.id ? { sub: subject.id } : {}) };
}

beforeAll(async () => {
  [issuerKey, attackerKey] = await Promise.all([generateKeyPair('ES256', { extractable: true }), generateKeyPair('ES256', { extractable: true })]);
  publicJwk = await exportJWK(issuerKey.publicKey);
  attackerJwk = await exportJWK(attackerKey.publicKey);
  const attackerDoc = buildControllerDocument({ id: ATTACKER, jsonWebKeys: [{ id: ATTACKER_KID, publicJwk: attackerJwk }] });
  // The attacker's own document claims the victim controls its key: it must not count.
  (attackerDoc.verificationMethod as JsonObject[])[0]!.controller = VICTIM;
  docs = { [VICTIM]: buildControllerDocument({ id: VICTIM, jsonWebKeys: [{ id: KID, publicJwk }] }), [ATTACKER]: attackerDoc };
  credential = buildOpenBadgeCredential({ issuer: sampleIssuer, achievement: sampleAchievement, award: sampleAward, links: sampleLinks(VICTIM) }) as unknown as JsonObject;
});

describe('VC Data Model 1.1 JWT (vc claim)', () => {
  it('verifies, maps iss/jti/nbf/exp/sub to issuer/id/issuanceDate/expirationDate/credentialSubject.id, and reports its format', async () => {
    const vc = v1Credential();
    const r = await verifyCredential(await sign(v1Claims(vc), { typ: 'JWT', kid: KID }), options());
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r).toMatchObject({ valid: true, format: 'vc-jwt-v1', issuer: { id: VICTIM } });
    expect(r.checks.map((c) => c.code)).toEqual(['format-vc-jwt-v1', 'proof-valid', 'key-controlled-by-issuer', 'jwt-claims-match', 'schema-valid', 'valid-until', 'status-none']);
    expect(r.credential).toEqual(vc);
  });

  it('decodes a vc claim that leaves issuer, id and the dates to the JWT claims (VC 1.1 § 6.3.1.2)', async () => {
    const full = v1Credential();
    const { issuer: _i, id: _id, issuanceDate: _d, expirationDate: _e, ...vc } = full;
    const claims = { vc, iss: VICTIM, jti: full.id, nbf: seconds(full.issuanceDate), exp: seconds(full.expirationDate) };
    const r = await verifyCredential(await sign(claims, { typ: 'JWT', kid: KID }), options());
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.credential).toMatchObject({ issuer: VICTIM, id: full.id, issuanceDate: full.issuanceDate, expirationDate: full.expirationDate });
  });

  it('fails claims that disagree with the vc claim, or a missing iss / nbf', async () => {
    const vc = v1Credential();
    const wrong = await verifyCredential(await sign({ ...v1Claims(vc), nbf: 1, jti: 'urn:uuid:other' }, { kid: KID }), options());
    expect(check(wrong, 'jwt-claims')).toMatchObject({ ok: false, code: 'jwt-claims-mismatch', params: { claims: 'jti, nbf' } });
    const { iss: _iss, nbf: _nbf, ...bare } = v1Claims(vc);
    const missing = await verifyCredential(await sign(bare, { kid: KID }), options());
    expect(check(missing, 'jwt-claims')).toMatchObject({ ok: false, code: 'jwt-claims-mismatch', params: { claims: 'iss, nbf' } });
    expect(missing.valid).toBe(false);
  });

  it('fails a tampered payload; refuses alg none and HS256', async () => {
    const token = await sign(v1Claims(v1Credential()), { typ: 'JWT', kid: KID });
    const tampered = tamper(token, (p) => (p.vc.credentialSubject.achievement.name = 'Forged'));
    expect(check(await verifyCredential(tampered, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });
    const claims = v1Claims(v1Credential()) as JWTPayload;
    const none = new UnsecuredJWT(claims).encode();
    expect(check(await verifyCredential(none, options()), 'proof')).toMatchObject({ ok: false, code: 'alg-not-accepted', params: { alg: 'none' } });
    const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: KID }).sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    expect(check(await verifyCredential(hs, options()), 'proof')).toMatchObject({ ok: false, code: 'alg-not-accepted', params: { alg: 'HS256' } });
  });

  it('attacker: a kid in the attacker’s DID document that claims the victim as controller is not the victim’s key', async () => {
    const forged = await sign(v1Claims(v1Credential()), { typ: 'JWT', kid: ATTACKER_KID }, attackerKey.privateKey);
    const r = await verifyCredential(forged, options());
    expect(check(r, 'proof').ok).toBe(true);
    expect(check(r, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer', params: { key: ATTACKER_KID, issuer: VICTIM } });
    expect(r.valid).toBe(false);
    expect(r.issuer).toBeUndefined();
  });
});

describe('VC-JOSE-COSE (typ vc+jwt)', () => {
  it('verifies the credential as payload, with an absolute or a relative kid, and reports its format', async () => {
    for (const kid of [KID, '#es-1']) {
      const r = await verifyCredential(await sign(credential, { typ: 'vc+jwt', cty: 'vc', kid }), options());
      expect(r.checks.filter((c) => !c.ok), kid).toEqual([]);
      expect(r).toMatchObject({ valid: true, format: 'vc-jose-cose' });
      expect(r.checks.map((c) => c.code)).toEqual(['format-vc-jose-cose', 'proof-valid', 'key-controlled-by-issuer', 'jwt-claims-match', 'schema-valid', 'valid-until', 'status-none']);
      expect(check(r, 'issuer-key').params).toEqual({ key: KID, issuer: VICTIM });
      expect(r.credential).toEqual(credential);
    }
    // the media type written in full, with iss / sub / jti that agree
    const subject = credential.credentialSubject as JsonObject;
    const withClaims = { ...credential, iss: VICTIM, jti: credential.id, ...(subject.id ? { sub: subject.id } : {}), iat: seconds(credential.validFrom) };
    expect((await verifyCredential(await sign(withClaims, { typ: 'application/vc+jwt', kid: KID }), options())).valid).toBe(true);
  });

  it('without kid, takes the issuer’s only assertion method; with several, it cannot choose', async () => {
    expect((await verifyCredential(await sign(credential, { typ: 'vc+jwt' }), options())).valid).toBe(true);
    const two = buildControllerDocument({ id: VICTIM, jsonWebKeys: [{ id: KID, publicJwk }, { id: `${VICTIM}#es-2`, publicJwk: attackerJwk }] });
    const r = await verifyCredential(await sign(credential, { typ: 'vc+jwt' }), options({ documentLoader: createDocumentLoader({ resolveDid: async (did) => (did === VICTIM ? two : undefined) }) }));
    expect(r.valid).toBe(false);
    expect(r.checks.every((c) => isVerificationCode(c.code))).toBe(true);
  });

  it('fails claims that conflict with the credential, a VC 1.1 payload, and an expired JWT', async () => {
    const conflicting = await verifyCredential(await sign({ ...credential, iss: ATTACKER, sub: 'did:example:someone-else' }, { typ: 'vc+jwt', kid: KID }), options());
    expect(check(conflicting, 'jwt-claims')).toMatchObject({ ok: false, code: 'jwt-claims-mismatch', params: { claims: expect.stringContaining('iss') } });
    const v1 = await verifyCredential(await sign(v1Credential(), { typ: 'vc+jwt', kid: KID }), options());
    expect(check(v1, 'jwt-claims')).toMatchObject({ ok: false, code: 'jwt-claims-mismatch', params: { claims: '@context' } });
    // exp bounds the signature, apart from validUntil
    const expired = await verifyCredential(await sign({ ...credential, exp: seconds('2026-03-01T00:00:00Z') }, { typ: 'vc+jwt', kid: KID }), options());
    expect(check(expired, 'validity')).toMatchObject({ ok: false, code: 'expired', params: { date: '2026-03-01T00:00:00Z' } });
    const early = await verifyCredential(await sign({ ...credential, nbf: seconds('2026-09-01T00:00:00Z') }, { typ: 'vc+jwt', kid: KID }), options());
    expect(check(early, 'validity')).toMatchObject({ ok: false, code: 'not-yet-valid' });
  });

  it('attacker: a forged issuer (kid in the attacker’s document), a key embedded in the header, a tampered payload, alg none', async () => {
    const forged = await verifyCredential(await sign(credential, { typ: 'vc+jwt', kid: ATTACKER_KID }, attackerKey.privateKey), options());
    expect(check(forged, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer' });
    const embedded = await verifyCredential(await sign(credential, { typ: 'vc+jwt', jwk: attackerJwk }, attackerKey.privateKey), options());
    expect(check(embedded, 'issuer-key')).toMatchObject({ ok: false, code: 'key-embedded-in-header' });
    expect(embedded.valid).toBe(false);
    const tampered = tamper(await sign(credential, { typ: 'vc+jwt', kid: KID }), (p) => (p.issuer.name = 'Mallory'));
    expect(check(await verifyCredential(tampered, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'vc+jwt', kid: KID })).toString('base64url')}.${Buffer.from(JSON.stringify(credential)).toString('base64url')}.`;
    expect(check(await verifyCredential(none, options()), 'proof')).toMatchObject({ ok: false, code: 'alg-not-accepted', params: { alg: 'none' } });
  });

  it('says a vp+jwt is a presentation, not a credential', async () => {
    const vp = await sign({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'] }, { typ: 'vp+jwt', kid: KID });
    const r = await verifyCredential(vp, options());
    expect(r).toMatchObject({ valid: false, format: 'unknown' });
    expect(check(r, 'format')).toMatchObject({ ok: false, code: 'format-vp-jwt' });
  });
});

describe('OB 3.0 VC-JWT (typ JWT, credential as payload) is unchanged', () => {
  it('verifies, with the OB 3.0 claims required', async () => {
    const subject = credential.credentialSubject as JsonObject;
    const claims = { ...credential, iss: VICTIM, jti: credential.id, nbf: seconds(credential.validFrom), exp: seconds(credential.validUntil), ...(subject.id ? { sub: subject.id } : {}) };
    const r = await verifyCredential(await sign(claims, { typ: 'JWT', kid: KID }), options());
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.format).toBe('vc-jwt');
    const { nbf: _n, ...noNbf } = claims;
    expect(check(await verifyCredential(await sign(noNbf, { typ: 'JWT', kid: KID }), options()), 'jwt-claims')).toMatchObject({ ok: false, params: { claims: 'nbf' } });
  });
});

describe('the credential of a JWT payload', () => {
  it('keeps a "__proto__" member as a member: never the prototype of the credential', async () => {
    const { credentialOfShape } = await import('./jwt-shapes.js');
    const payload = JSON.parse('{"iss":"did:example:1","__proto__":{"polluted":true},"name":"x"}') as JsonObject;
    const credential = credentialOfShape('ob3', payload);
    expect(Object.getPrototypeOf(credential)).toBe(Object.prototype);
    expect(Object.keys(credential)).toEqual(['__proto__', 'name']);
    expect((credential as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
