/**
 * The attacker's view of key binding: a signature only counts for an issuer when the issuer's own
 * controller document (its DID document, or the document at its https id) lists the key under
 * `assertionMethod` — never because the key's own document, or any third document, says so.
 */
import { CompactSign } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JsonObject } from '../contexts/index.js';
import { createDocumentLoader } from '../loader/index.js';
import { DID_V1_CONTEXT, JWS_2020_CONTEXT, MULTIKEY_V1_CONTEXT } from '../contexts/urls.js';
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
import type { BitstringStatusListEntry } from '../ob3/types.js';
import { buildBitstringStatusListEntry, buildStatusListCredential, createBitstring } from '../status/index.js';
import { verifyCredential, type VerificationReport, type VerifyOptions } from './index.js';

const HOST = 'badges.example.org';
const VICTIM = `did:web:${HOST}:issuers:victim`;
const VICTIM_ED = `${VICTIM}#key-ed-1`;
const VICTIM_RSA = `${VICTIM}#key-rsa-1`;
/** Another tenant of the same host. */
const NEIGHBOUR = `did:web:${HOST}:issuers:neighbour`;
const NEIGHBOUR_RSA = `${NEIGHBOUR}#key-rsa-1`;
const NEIGHBOUR_JWK_URL = `https://${HOST}/keys/neighbour-rsa-1.jwk`;
const ATTACKER = 'did:web:evil.example';
const ATTACKER_RSA = `${ATTACKER}#forged-rsa`;
const ATTACKER_ED = `${ATTACKER}#forged-ed`;
const LIST_URL = `https://${HOST}/status/victim/revocation`;
const HTTPS_ISSUER = 'https://school.example/issuer';
const signedAt = () => new Date('2026-01-02T03:04:05Z');
const later = () => new Date('2026-06-01T00:00:00Z');

let victimEd: Ed25519KeyMaterial;
let attackerEd: Ed25519KeyMaterial;
let victimRsa: RsaKeyMaterial;
let neighbourRsa: RsaKeyMaterial;
let attackerRsa: RsaKeyMaterial;
let dids: Map<string, JsonObject>;
let remote: Map<string, unknown>;

function options(overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  return {
    documentLoader: createDocumentLoader({ resolveDid: async (did) => structuredClone(dids.get(did)) }),
    now: later,
    fetchJson: async (url) => {
      if (!remote.has(url)) throw new Error(`404 ${url}`);
      return structuredClone(remote.get(url));
    },
    ...overrides,
  };
}

const check = (r: VerificationReport, name: string) => {
  const c = r.checks.find((x) => x.name === name);
  if (!c) throw new Error(`no ${name} check in ${JSON.stringify(r.checks)}`);
  return c;
};

function credentialBy(issuer: string, status?: BitstringStatusListEntry): OpenBadgeCredential {
  return buildOpenBadgeCredential({ issuer: sampleIssuer, achievement: sampleAchievement, award: sampleAward, links: sampleLinks(issuer), ...(status ? { status: [status] } : {}) });
}

async function di(doc: JsonObject, key: Ed25519KeyMaterial, vm: string, now = signedAt): Promise<JsonObject> {
  return signDataIntegrity(doc, { signer: await createEd25519Signer(key, vm), documentLoader: createDocumentLoader(), now });
}

async function jwt(doc: JsonObject, key: RsaKeyMaterial, kid: string): Promise<string> {
  return signVcJwt(doc, { privateKey: await importRsaPrivateKey(key.privateJwk), kid, documentLoader: createDocumentLoader() });
}

/** The attacker's own DID document: real keys, each claiming the victim as its controller. */
function attackerDocument(): JsonObject {
  const vms = [
    { id: ATTACKER_RSA, type: 'JsonWebKey2020', controller: VICTIM, publicKeyJwk: attackerRsa.publicJwk },
    { id: ATTACKER_ED, type: 'Multikey', controller: VICTIM, publicKeyMultibase: attackerEd.publicKeyMultibase },
  ];
  return { '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT, JWS_2020_CONTEXT], id: ATTACKER, verificationMethod: vms, assertionMethod: vms.map((v) => v.id) };
}

beforeAll(async () => {
  [victimEd, attackerEd, victimRsa, neighbourRsa, attackerRsa] = await Promise.all([
    generateEd25519KeyPair(),
    generateEd25519KeyPair(),
    generateRsaKeyPair(),
    generateRsaKeyPair(),
    generateRsaKeyPair(),
  ]);
  dids = new Map([
    [VICTIM, buildControllerDocument({ id: VICTIM, multikeys: [{ id: VICTIM_ED, publicKeyMultibase: victimEd.publicKeyMultibase }], jsonWebKeys: [{ id: VICTIM_RSA, publicJwk: victimRsa.publicJwk }] })],
    [NEIGHBOUR, buildControllerDocument({ id: NEIGHBOUR, jsonWebKeys: [{ id: NEIGHBOUR_RSA, publicJwk: neighbourRsa.publicJwk }] })],
    [ATTACKER, attackerDocument()],
  ]);
  remote = new Map<string, unknown>([[NEIGHBOUR_JWK_URL, { ...neighbourRsa.publicJwk, kid: NEIGHBOUR_JWK_URL }]]);
});

describe('forged VC-JWTs are not valid', () => {
  it('kid in the attacker’s DID document whose verification method claims controller: victim', async () => {
    const r = await verifyCredential(await jwt(credentialBy(VICTIM), attackerRsa, ATTACKER_RSA), options());
    expect(r.valid).toBe(false);
    expect(check(r, 'proof').ok).toBe(true); // the signature is real…
    expect(check(r, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer', params: { key: ATTACKER_RSA, issuer: VICTIM } }); // …the binding is not
    expect(check(r, 'jwt-claims').ok).toBe(true);
    expect(r.issuer).toBeUndefined(); // so the report names no issuer for a display to show
  });

  it('a key of another issuer on the same host: its https JWK URL, or its DID URL', async () => {
    const byUrl = await verifyCredential(await jwt(credentialBy(VICTIM), neighbourRsa, NEIGHBOUR_JWK_URL), options());
    expect(byUrl.valid).toBe(false);
    expect(check(byUrl, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer', params: { key: NEIGHBOUR_JWK_URL, issuer: VICTIM } });
    const byDid = await verifyCredential(await jwt(credentialBy(VICTIM), neighbourRsa, NEIGHBOUR_RSA), options());
    expect(byDid.valid).toBe(false);
    expect(check(byDid, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer', params: { key: NEIGHBOUR_RSA, issuer: VICTIM } });
  });

  it('iss names the attacker (who owns the kid) while the credential names the victim', async () => {
    const credential = credentialBy(VICTIM);
    const claims = { ...credential, iss: ATTACKER, jti: credential.id, nbf: Date.parse(credential.validFrom) / 1000, exp: Date.parse(String(credential.validUntil)) / 1000 };
    const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: ATTACKER_RSA }).sign(await importRsaPrivateKey(attackerRsa.privateJwk));
    const r = await verifyCredential(token, options());
    expect(r.valid).toBe(false);
    expect(check(r, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer' });
    expect(check(r, 'jwt-claims')).toMatchObject({ ok: false, code: 'jwt-claims-mismatch' });
  });

  it('a resolver answering the victim’s DID with a document for another id', async () => {
    const vm = { id: `${VICTIM}#forged-rsa`, type: 'JsonWebKey2020', controller: VICTIM, publicKeyJwk: attackerRsa.publicJwk };
    const swapped = new Map(dids).set(VICTIM, { ...attackerDocument(), id: ATTACKER, verificationMethod: [vm], assertionMethod: [vm.id] });
    const r = await verifyCredential(await jwt(credentialBy(VICTIM), attackerRsa, `${VICTIM}#forged-rsa`), {
      ...options(),
      documentLoader: createDocumentLoader({ resolveDid: async (did) => structuredClone(swapped.get(did)) }),
    });
    expect(r.valid).toBe(false);
    expect(check(r, 'issuer-key')).toMatchObject({ ok: false, code: 'key-unresolved' });
    expect(check(r, 'issuer-key').reason).toMatch(/is for did:web:evil\.example/);
  });

  it('the key embedded in the header is still not trusted', async () => {
    const credential = credentialBy(VICTIM);
    const { kid: _kid, ...jwk } = attackerRsa.publicJwk as Record<string, unknown>;
    const claims = { ...credential, iss: VICTIM, jti: credential.id, nbf: Date.parse(credential.validFrom) / 1000, exp: Date.parse(String(credential.validUntil)) / 1000 };
    const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'RS256', typ: 'JWT', jwk: jwk as never }).sign(await importRsaPrivateKey(attackerRsa.privateJwk));
    expect(check(await verifyCredential(token, options()), 'issuer-key')).toMatchObject({ ok: false, code: 'key-embedded-in-header' });
  });
});

describe('forged Data Integrity credentials are not valid', () => {
  it('verificationMethod in the attacker’s DID document claiming controller: victim', async () => {
    const r = await verifyCredential(await di(credentialBy(VICTIM), attackerEd, ATTACKER_ED), options());
    expect(r.valid).toBe(false);
    expect(check(r, 'proof')).toMatchObject({ ok: true, code: 'proof-valid' });
    expect(check(r, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer', params: { key: ATTACKER_ED, issuer: VICTIM } });
  });

  it('a did:key the victim never listed', async () => {
    const vm = didKeyVerificationMethodId(attackerEd.publicKeyMultibase);
    const r = await verifyCredential(await di(credentialBy(VICTIM), attackerEd, vm), options());
    expect(r.valid).toBe(false);
    expect(check(r, 'proof').ok).toBe(true);
    expect(check(r, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer', params: { key: vm, issuer: VICTIM } });
  });
});

describe('status lists are bound to the issuer by the same rule', () => {
  it('a status list signed by the attacker’s key (claiming controller: victim) is refused', async () => {
    const entry = buildBitstringStatusListEntry({ statusListCredential: LIST_URL, index: 5, purpose: 'revocation' });
    const credential = await di(credentialBy(VICTIM, entry), victimEd, VICTIM_ED);
    const list = buildStatusListCredential({ id: LIST_URL, issuer: VICTIM, purpose: 'revocation', bits: createBitstring(), validFrom: '2026-01-01T00:00:00Z' });
    for (const forged of [await jwt(list, attackerRsa, ATTACKER_RSA), await di(list, attackerEd, ATTACKER_ED)]) {
      const fetchJson = async (url: string) => (url === LIST_URL ? forged : Promise.reject(new Error(`404 ${url}`)));
      const r = await verifyCredential(credential, options({ fetchJson }));
      expect(check(r, 'proof').ok).toBe(true);
      expect(check(r, 'status')).toMatchObject({ ok: false, code: 'status-list-invalid', params: { url: LIST_URL } });
      expect(check(r, 'status').reason).toMatch(/key-not-authorized|does not list/);
    }
    // The genuine list, signed by the victim, still counts.
    const genuine = await di(list, victimEd, VICTIM_ED);
    const ok = await verifyCredential(credential, options({ fetchJson: async () => structuredClone(genuine) }));
    expect(check(ok, 'status')).toMatchObject({ ok: true, code: 'status-not-revoked' });
  });
});

describe('genuine credentials stay valid', () => {
  it('own did:web (Data Integrity and VC-JWT), and a did:key issuer', async () => {
    expect((await verifyCredential(await di(credentialBy(VICTIM), victimEd, VICTIM_ED), options())).checks.filter((c) => !c.ok)).toEqual([]);
    const token = await verifyCredential(await jwt(credentialBy(VICTIM), victimRsa, VICTIM_RSA), options());
    expect(token.checks.filter((c) => !c.ok)).toEqual([]);
    expect(check(token, 'issuer-key')).toMatchObject({ code: 'key-controlled-by-issuer', params: { key: VICTIM_RSA, issuer: VICTIM } });
    expect(token.issuer?.id).toBe(VICTIM);
    const didKey = didKeyFromPublicKeyMultibase(attackerEd.publicKeyMultibase);
    const own = await verifyCredential(await di(credentialBy(didKey), attackerEd, didKeyVerificationMethodId(attackerEd.publicKeyMultibase)), options());
    expect(own.checks.filter((c) => !c.ok)).toEqual([]);
    // A bare did:key as verificationMethod names the DID's only assertion method.
    expect((await verifyCredential(await di(credentialBy(didKey), attackerEd, didKey), options())).valid).toBe(true);
  });

  it('a key embedded in assertionMethod, with a relative id, and a foreign did:key the issuer lists by reference', async () => {
    const issuer = 'did:web:college.example';
    const foreignVm = didKeyVerificationMethodId(attackerEd.publicKeyMultibase);
    const doc = {
      '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT, JWS_2020_CONTEXT],
      id: issuer,
      assertionMethod: [
        { id: '#ed', type: 'Multikey', controller: issuer, publicKeyMultibase: victimEd.publicKeyMultibase },
        { id: `${issuer}#rsa`, type: 'JsonWebKey2020', controller: issuer, publicKeyJwk: victimRsa.publicJwk },
        foreignVm,
      ],
    };
    const opts = options({ documentLoader: createDocumentLoader({ resolveDid: async (did) => (did === issuer ? structuredClone(doc) : undefined) }) });
    for (const r of [
      await verifyCredential(await di(credentialBy(issuer), victimEd, `${issuer}#ed`), opts),
      await verifyCredential(await jwt(credentialBy(issuer), victimRsa, `${issuer}#rsa`), opts),
      await verifyCredential(await di(credentialBy(issuer), attackerEd, foreignVm), opts),
    ]) {
      expect(r.checks.filter((c) => !c.ok)).toEqual([]);
      expect(check(r, 'issuer-key').code).toBe('key-controlled-by-issuer');
    }
    // Listed only under authentication: not for assertions.
    const authOnly = { ...doc, assertionMethod: [], authentication: doc.assertionMethod };
    const r = await verifyCredential(await di(credentialBy(issuer), victimEd, `${issuer}#ed`), {
      ...opts,
      documentLoader: createDocumentLoader({ resolveDid: async (did) => (did === issuer ? structuredClone(authOnly) : undefined) }),
    });
    expect(check(r, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer' });
  });

  it('an https issuer whose profile lists the kid under assertionMethod; not one that does not', async () => {
    const kid = `${HTTPS_ISSUER}#key-1`;
    const profile = {
      '@context': [DID_V1_CONTEXT, JWS_2020_CONTEXT],
      id: HTTPS_ISSUER,
      type: 'Profile',
      verificationMethod: [{ id: kid, type: 'JsonWebKey2020', controller: HTTPS_ISSUER, publicKeyJwk: victimRsa.publicJwk }],
      assertionMethod: [kid],
    };
    remote.set(HTTPS_ISSUER, profile);
    const r = await verifyCredential(await jwt(credentialBy(HTTPS_ISSUER), victimRsa, kid), options());
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    // A JWK on the issuer's own origin that the profile does not list is not the issuer's.
    const sameOrigin = 'https://school.example/keys/other.jwk';
    remote.set(sameOrigin, neighbourRsa.publicJwk);
    const other = await verifyCredential(await jwt(credentialBy(HTTPS_ISSUER), neighbourRsa, sameOrigin), options());
    expect(check(other, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer', params: { key: sameOrigin, issuer: HTTPS_ISSUER } });
    remote.delete(HTTPS_ISSUER);
  });

  it('retirement is read from the issuer’s document: before it valid, after it not', async () => {
    const retiring = new Map(dids).set(
      VICTIM,
      buildControllerDocument({ id: VICTIM, multikeys: [{ id: VICTIM_ED, publicKeyMultibase: victimEd.publicKeyMultibase, revoked: '2026-03-01T00:00:00Z' }] }),
    );
    const opts = options({ documentLoader: createDocumentLoader({ resolveDid: async (did) => structuredClone(retiring.get(did)) }) });
    expect((await verifyCredential(await di(credentialBy(VICTIM), victimEd, VICTIM_ED), opts)).valid).toBe(true);
    const after = await verifyCredential(await di(credentialBy(VICTIM), victimEd, VICTIM_ED, () => new Date('2026-04-01T00:00:00Z')), opts);
    expect(check(after, 'issuer-key')).toMatchObject({ ok: false, code: 'key-retired', params: { date: '2026-03-01T00:00:00Z' } });
  });
});

describe('work per verification', () => {
  it('reads the issuer’s DID document once for a credential and its status list, and nothing for did:key', async () => {
    const entry = buildBitstringStatusListEntry({ statusListCredential: LIST_URL, index: 5, purpose: 'revocation' });
    const credential = await di(credentialBy(VICTIM, entry), victimEd, VICTIM_ED);
    const list = await di(buildStatusListCredential({ id: LIST_URL, issuer: VICTIM, purpose: 'revocation', bits: createBitstring(), validFrom: '2026-01-01T00:00:00Z' }), victimEd, VICTIM_ED);
    const resolved: string[] = [];
    const counting = options({
      documentLoader: createDocumentLoader({ resolveDid: async (did) => (resolved.push(did), structuredClone(dids.get(did))) }),
      fetchJson: async () => structuredClone(list),
    });
    expect((await verifyCredential(credential, counting)).valid).toBe(true);
    expect(resolved).toEqual([VICTIM]);
    resolved.length = 0;
    const didKey = didKeyFromPublicKeyMultibase(attackerEd.publicKeyMultibase);
    expect((await verifyCredential(await di(credentialBy(didKey), attackerEd, didKeyVerificationMethodId(attackerEd.publicKeyMultibase)), counting)).valid).toBe(true);
    expect(resolved).toEqual([]);
  });
});
