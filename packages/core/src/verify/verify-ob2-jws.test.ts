import { CompactSign } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentLoader, type JsonObject } from '../contexts/index.js';
import { generateRsaKeyPair, importRsaPrivateKey, publicJwkToPem, type RsaKeyMaterial } from '../keys/index.js';
import { buildOb2Assertion, buildOb2BadgeClass, buildOb2Issuer } from '../ob2/index.js';
import { sampleAchievement, sampleAward, sampleIssuer } from '../ob3/test-data.js';
import { signOb2Assertion } from '../proofs/index.js';
import { buildOb2RevocationList } from '../status/index.js';
import { verifyCredential, type VerificationReport, type VerifyOptions } from './index.js';

const base = 'https://badges.example.org';
const links = {
  issuer: (id: string) => `${base}/ob2/issuers/${id}`,
  badge: (id: string) => `${base}/ob2/badges/${id}`,
  assertion: (id: string) => `${base}/ob2/assertions/${id}`,
  badgeImage: (id: string) => `${base}/ob2/badges/${id}/image`,
  publicKeys: (id: string) => [`${base}/ob2/issuers/${id}/keys/1`],
  revocationList: (id: string) => `${base}/ob2/issuers/${id}/revocations`,
};
const KEY_URL = `${base}/ob2/issuers/iss1/keys/1`;
const documentLoader = createDocumentLoader();

let rsa: RsaKeyMaterial;
let other: RsaKeyMaterial;
let hosted: Map<string, JsonObject>;
let assertion: JsonObject;
let jws: string;

function options(docs: Map<string, JsonObject> = hosted, now = new Date('2026-06-01T00:00:00Z')): VerifyOptions {
  return {
    documentLoader,
    now: () => now,
    fetchJson: async (url) => {
      const doc = docs.get(url);
      if (!doc) throw new Error(`404 ${url}`);
      return structuredClone(doc);
    },
  };
}

const check = (r: VerificationReport, name: string) => r.checks.find((c) => c.name === name);

beforeAll(async () => {
  [rsa, other] = await Promise.all([generateRsaKeyPair(), generateRsaKeyPair()]);
  const issuer = buildOb2Issuer(sampleIssuer, links);
  hosted = new Map<string, JsonObject>([
    [links.issuer('iss1'), issuer],
    [links.badge('ach1'), buildOb2BadgeClass(sampleAchievement, links)],
    [KEY_URL, { '@context': 'https://w3id.org/openbadges/v2', type: 'CryptographicKey', id: KEY_URL, owner: links.issuer('iss1'), publicKeyPem: await publicJwkToPem(rsa.publicJwk) }],
    [links.revocationList('iss1'), buildOb2RevocationList({ id: links.revocationList('iss1'), issuer: links.issuer('iss1'), revoked: [] })],
  ]);
  assertion = buildOb2Assertion(sampleAward, links);
  jws = await signOb2Assertion(assertion, { privateKey: await importRsaPrivateKey(rsa.privateJwk), creator: KEY_URL, documentLoader });
});

describe('verifyCredential: OB 2.0 signed assertions', () => {
  it('verifies a signed assertion against the published CryptographicKey', async () => {
    const r = await verifyCredential(jws, options());
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r).toMatchObject({ valid: true, format: 'ob2-jws' });
    expect(r.checks.map((c) => [c.name, c.code])).toEqual([
      ['format', 'format-ob2-jws'],
      ['schema', 'schema-valid'],
      ['validity', 'valid-until'],
      ['proof', 'proof-valid'],
      ['issuer-key', 'key-controlled-by-issuer'],
      ['status', 'status-not-revoked'],
    ]);
  });

  it('fails on tampering, a wrong key, a foreign key owner, revocation, expiry and missing keys', async () => {
    const [h, , s] = jws.split('.') as [string, string, string];
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...assertion, verification: { type: 'signed', creator: KEY_URL }, issuedOn: '2020-01-01T00:00:00Z' })).toString('base64url')}.${s}`;
    expect(check(await verifyCredential(tampered, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });

    const wrong = await signOb2Assertion(assertion, { privateKey: await importRsaPrivateKey(other.privateJwk), creator: KEY_URL, documentLoader });
    expect(check(await verifyCredential(wrong, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });

    const foreign = new Map(hosted).set(KEY_URL, { ...hosted.get(KEY_URL)!, owner: 'https://evil.example/issuer' });
    expect(check(await verifyCredential(jws, options(foreign)), 'issuer-key')).toMatchObject({
      ok: false,
      code: 'key-not-controlled-by-issuer',
      params: { key: KEY_URL, controller: 'https://evil.example/issuer', issuer: links.issuer('iss1') },
    });

    const unlisted = new Map(hosted).set(links.issuer('iss1'), { ...hosted.get(links.issuer('iss1'))!, publicKey: [] });
    expect(check(await verifyCredential(jws, options(unlisted)), 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-listed-by-issuer', params: { key: KEY_URL } });

    const retired = new Map(hosted).set(KEY_URL, { ...hosted.get(KEY_URL)!, revoked: '2025-01-01T00:00:00Z' });
    expect(check(await verifyCredential(jws, options(retired)), 'issuer-key')).toMatchObject({ code: 'key-retired', params: { date: '2025-01-01T00:00:00Z' }, reason: expect.stringMatching(/retired/) });

    const revoked = new Map(hosted).set(links.revocationList('iss1'), buildOb2RevocationList({ id: links.revocationList('iss1'), issuer: links.issuer('iss1'), revoked: [{ id: String(assertion.id), revocationReason: 'fraud' }] }));
    expect(check(await verifyCredential(jws, options(revoked)), 'status')).toMatchObject({ ok: false, code: 'status-revoked-with-reason', params: { reason: 'fraud' }, reason: 'revoked: fraud' });

    const expiring = await signOb2Assertion({ ...assertion, expires: '2026-03-01T00:00:00Z' }, { privateKey: await importRsaPrivateKey(rsa.privateJwk), creator: KEY_URL, documentLoader });
    expect(check(await verifyCredential(expiring, options()), 'validity')).toMatchObject({ ok: false, code: 'expired', params: { date: '2026-03-01T00:00:00Z' } });

    const offline = await verifyCredential(jws, { documentLoader, now: () => new Date('2026-06-01T00:00:00Z') });
    expect(check(offline, 'proof')).toMatchObject({ code: 'key-unresolved', params: { key: KEY_URL }, reason: expect.stringMatching(/key could not be resolved/) });

    const hs = await new CompactSign(new TextEncoder().encode(JSON.stringify({ ...assertion, verification: { type: 'signed', creator: KEY_URL } })))
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(String(hosted.get(KEY_URL)!.publicKeyPem)));
    expect(check(await verifyCredential(hs, options()), 'proof')).toMatchObject({ ok: false, code: 'alg-not-accepted', params: { alg: 'HS256' }, reason: expect.stringContaining('HS256') });
  });

  it('reports a hosted (unsigned) assertion object as a format problem', async () => {
    const r = await verifyCredential(assertion, options());
    expect(r.valid).toBe(false);
    expect(check(r, 'format')).toMatchObject({ ok: false, code: 'format-ob2-hosted-object' });
  });
});
