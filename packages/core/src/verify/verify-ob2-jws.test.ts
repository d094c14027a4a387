import { CompactSign } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JsonObject } from '../contexts/index.js';
import { createDocumentLoader } from '../loader/index.js';
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

  describe('forgeries: the badge class, issuer, key and revocation list come from their own URLs', () => {
    const EVIL = 'https://evil.example';
    const EVIL_KEY = `${EVIL}/keys/1`;
    const victimIssuer = () => hosted.get(links.issuer('iss1'))!;
    const victimBadge = () => hosted.get(links.badge('ach1'))!;
    /** The victim's documents plus the attacker's: an attacker's key claiming the victim as owner, an empty list. */
    async function attackerWorld(extra: Array<[string, JsonObject]> = []): Promise<Map<string, JsonObject>> {
      return new Map([
        ...hosted,
        [EVIL_KEY, { '@context': 'https://w3id.org/openbadges/v2', type: 'CryptographicKey', id: EVIL_KEY, owner: links.issuer('iss1'), publicKeyPem: await publicJwkToPem(other.publicJwk) }],
        [`${EVIL}/revocations`, buildOb2RevocationList({ id: `${EVIL}/revocations`, issuer: links.issuer('iss1'), revoked: [] })],
        ...extra,
      ]);
    }
    const withoutId = (doc: JsonObject): JsonObject => Object.fromEntries(Object.entries(doc).filter(([k]) => k !== 'id'));
    const signAs = async (key: RsaKeyMaterial, payload: JsonObject, creator: string) =>
      signOb2Assertion(payload, { privateKey: await importRsaPrivateKey(key.privateJwk), creator, documentLoader });

    it('an embedded issuer copy listing the attacker’s key does not authorise it', async () => {
      const forged = await signAs(other, { ...assertion, badge: { ...victimBadge(), issuer: { ...victimIssuer(), publicKey: [EVIL_KEY] } } }, EVIL_KEY);
      const r = await verifyCredential(forged, options(await attackerWorld()));
      expect(r.valid).toBe(false);
      expect(check(r, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-listed-by-issuer', params: { key: EVIL_KEY } });
    });

    it('an embedded CryptographicKey as creator is fetched at its id, and must be listed by the fetched issuer', async () => {
      const keyObject = { type: 'CryptographicKey', id: EVIL_KEY, owner: links.issuer('iss1'), publicKeyPem: await publicJwkToPem(other.publicJwk) };
      const payload = { ...assertion, verification: { type: 'signed', creator: keyObject }, badge: { ...victimBadge(), issuer: { ...victimIssuer(), publicKey: [keyObject] } } };
      const forged = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'RS256' }).sign(await importRsaPrivateKey(other.privateJwk));
      const r = await verifyCredential(forged, options(await attackerWorld()));
      expect(r.valid).toBe(false);
      expect(check(r, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-listed-by-issuer' });

      const anonymous = { ...payload, verification: { type: 'signed', creator: withoutId(keyObject) } };
      const unfetchable = await new CompactSign(new TextEncoder().encode(JSON.stringify(anonymous))).setProtectedHeader({ alg: 'RS256' }).sign(await importRsaPrivateKey(other.privateJwk));
      expect(check(await verifyCredential(unfetchable, options(await attackerWorld())), 'proof')).toMatchObject({ ok: false, code: 'proof-no-creator' });
    });

    it('an embedded badge class or issuer without an id cannot be trusted', async () => {
      const noBadgeId = await signAs(rsa, { ...assertion, badge: withoutId(victimBadge()) }, KEY_URL);
      expect(check(await verifyCredential(noBadgeId, options()), 'issuer-key')).toMatchObject({ ok: false, code: 'badge-class-unavailable', reason: expect.stringMatching(/no http\(s\) id/) });
      const noIssuerId = await signAs(rsa, { ...assertion, badge: `${EVIL}/badge` }, KEY_URL);
      const world = await attackerWorld([[`${EVIL}/badge`, { ...victimBadge(), id: `${EVIL}/badge`, issuer: withoutId(victimIssuer()) }]]);
      expect(check(await verifyCredential(noIssuerId, options(world)), 'issuer-key')).toMatchObject({ ok: false, code: 'issuer-unavailable' });
    });

    it('a document served at one URL that claims another id does not speak for that id', async () => {
      const forged = await signAs(other, { ...assertion, badge: `${EVIL}/badge` }, EVIL_KEY);
      const world = await attackerWorld([
        [`${EVIL}/badge`, { ...victimBadge(), id: `${EVIL}/badge`, issuer: `${EVIL}/issuer` }],
        [`${EVIL}/issuer`, { ...victimIssuer(), publicKey: [EVIL_KEY] }],
      ]);
      const r = await verifyCredential(forged, options(world));
      expect(r.valid).toBe(false);
      expect(check(r, 'issuer-key')).toMatchObject({ ok: false, code: 'issuer-id-mismatch', params: { url: `${EVIL}/issuer` } });

      const wrongBadge = new Map(hosted).set(links.badge('ach1'), { ...victimBadge(), id: `${EVIL}/badge` });
      expect(check(await verifyCredential(jws, options(wrongBadge)), 'issuer-key')).toMatchObject({ ok: false, code: 'badge-class-id-mismatch', params: { url: links.badge('ach1') } });
    });

    it('the revocation list is read from the issuer profile at its id, and must be that issuer’s list', async () => {
      const revokedList = buildOb2RevocationList({ id: links.revocationList('iss1'), issuer: links.issuer('iss1'), revoked: [{ id: String(assertion.id), revocationReason: 'fraud' }] });
      const snapshot = await signAs(rsa, { ...assertion, badge: { ...victimBadge(), issuer: { ...victimIssuer(), revocationList: `${EVIL}/revocations` } } }, KEY_URL);
      const world = await attackerWorld([[links.revocationList('iss1'), revokedList]]);
      expect(check(await verifyCredential(snapshot, options(world)), 'status')).toMatchObject({ ok: false, code: 'status-revoked-with-reason' });

      const foreignList = new Map(hosted).set(links.revocationList('iss1'), { ...hosted.get(links.revocationList('iss1'))!, issuer: `${EVIL}/issuer` });
      expect(check(await verifyCredential(jws, options(foreignList)), 'status')).toMatchObject({ ok: false, code: 'status-list-wrong-issuer', params: { url: links.revocationList('iss1'), issuer: `${EVIL}/issuer` } });
      const elsewhereList = new Map(hosted).set(links.revocationList('iss1'), { ...hosted.get(links.revocationList('iss1'))!, id: `${EVIL}/revocations` });
      expect(check(await verifyCredential(jws, options(elsewhereList)), 'status')).toMatchObject({ ok: false, code: 'status-list-invalid', params: { url: links.revocationList('iss1') } });
    });

    it('a redirect to another origin is refused when the host says where a document came from', async () => {
      const redirecting = (docs: Map<string, JsonObject>, from: string, to: string): VerifyOptions => ({
        ...options(docs),
        fetchDocument: async (url) => {
          const finalUrl = url === from ? to : url;
          const doc = docs.get(finalUrl);
          if (!doc) throw new Error(`404 ${finalUrl}`);
          return { url: finalUrl, json: structuredClone(doc) };
        },
      });
      const world = new Map(hosted).set(`${EVIL}/issuer`, victimIssuer());
      const r = await verifyCredential(jws, redirecting(world, links.issuer('iss1'), `${EVIL}/issuer`));
      expect(check(r, 'issuer-key')).toMatchObject({ ok: false, code: 'issuer-unavailable', reason: expect.stringMatching(/redirected to another origin/) });
      // Within the issuer's origin a redirect is fine (a moved path): the document still names the URL it was linked by.
      const moved = new Map(hosted).set(`${base}/ob2/issuers/iss1/profile.json`, victimIssuer());
      const sameSite = await verifyCredential(jws, redirecting(moved, links.issuer('iss1'), `${base}/ob2/issuers/iss1/profile.json`));
      expect(sameSite.checks.filter((c) => !c.ok)).toEqual([]);
    });
  });

  it('reports a hosted (unsigned) assertion object as a format problem', async () => {
    const r = await verifyCredential(assertion, options());
    expect(r.valid).toBe(false);
    expect(check(r, 'format')).toMatchObject({ ok: false, code: 'format-ob2-hosted-object' });
  });
});
