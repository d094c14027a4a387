import { createHash, randomBytes } from 'node:crypto';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { CompactSign, SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JsonObject } from '../contexts/index.js';
import { createDocumentLoader } from '../loader/index.js';
import { buildControllerDocument } from '../keys/index.js';
import { isVerificationCode, verifyCredential, type VerificationReport, type VerifyOptions } from './index.js';
import { reconstructClaims, sdDigest } from './sd-jwt.js';

/**
 * SD-JWT VC issued and presented by the independent `@sd-jwt/sd-jwt-vc` library (the other side),
 * verified by Laurel; and the library's verifier agreeing with Laurel on what Laurel accepts.
 */
const VICTIM = 'did:web:victim.example';
const ATTACKER = 'did:web:attacker.example';
const KID = `${VICTIM}#es-1`;
const ATTACKER_KID = `${ATTACKER}#es-1`;
const HTTPS_ISS = 'https://issuer.example/tenants/7';
const METADATA_URL = 'https://issuer.example/.well-known/jwt-vc-issuer/tenants/7';
const VCT = 'https://credentials.example/vct/badge';

type Key = Awaited<ReturnType<typeof generateKeyPair>>;
let issuerKey: Key;
let attackerKey: Key;
let holderKey: Key;
let issuerJwk: JWK;
let holderJwk: JWK;
let docs: Record<string, JsonObject>;
let remote: Map<string, unknown>;

const now = () => new Date('2026-06-01T00:00:00Z');
const iat = Math.floor(Date.parse('2026-05-01T00:00:00Z') / 1000);

function options(overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  return {
    documentLoader: createDocumentLoader({ resolveDid: async (did) => docs[did] }),
    now,
    fetchJson: async (url) => {
      if (!remote.has(url)) throw new Error(`404 ${url}`);
      return structuredClone(remote.get(url));
    },
    ...overrides,
  };
}

function check(r: VerificationReport, name: string) {
  const found = r.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no ${name} check in ${JSON.stringify(r.checks)}`);
  return found;
}

const signWith = (key: Key['privateKey'], alg = 'ES256') => async (data: string) => {
  // The library hands over `header.payload`; jose signs those exact bytes and we keep the signature.
  const [h, p] = data.split('.') as [string, string];
  const jws = await new CompactSign(new TextEncoder().encode(Buffer.from(p, 'base64url').toString())).setProtectedHeader(JSON.parse(Buffer.from(h, 'base64url').toString())).sign(key);
  if (!jws.startsWith(`${h}.${p}.`)) throw new Error(`re-encoding changed the signed bytes (${alg})`);
  return jws.split('.')[2]!;
};

const hasher = async (data: string | ArrayBuffer, alg: string) => new Uint8Array(createHash(alg.replace('-', '')).update(typeof data === 'string' ? data : Buffer.from(data)).digest());

function library(signer: Key['privateKey'] = issuerKey.privateKey, holder: Key['privateKey'] = holderKey.privateKey) {
  return new SDJwtVcInstance({
    signer: signWith(signer),
    signAlg: 'ES256',
    verifier: async (data: string, signature: string) => {
      const [h, p] = data.split('.');
      try {
        const { compactVerify } = await import('jose');
        await compactVerify(`${h}.${p}.${signature}`, await importJWK(issuerJwk, 'ES256'));
        return true;
      } catch {
        return false;
      }
    },
    kbSigner: signWith(holder),
    kbSignAlg: 'ES256',
    kbVerifier: async (data: string, signature: string) => {
      const [h, p] = data.split('.');
      const { compactVerify } = await import('jose');
      try {
        await compactVerify(`${h}.${p}.${signature}`, await importJWK(holderJwk, 'ES256'));
        return true;
      } catch {
        return false;
      }
    },
    hasher,
    hashAlg: 'sha-256',
    saltGenerator: async () => randomBytes(16).toString('base64url'),
  });
}

const claims = (iss: string = VICTIM): any => ({
  iss,
  vct: VCT,
  iat,
  exp: Math.floor(Date.parse('2027-01-01T00:00:00Z') / 1000),
  cnf: { jwk: holderJwk },
  name: 'Ada Lovelace',
  achievement: { name: 'Analytical Engine', level: 'advanced', criteria: 'Wrote the first program' },
  skills: ['math', 'programming', 'poetry'],
});
const frame: any = { _sd: ['name', 'achievement'], achievement: { _sd: ['level', 'criteria'] }, skills: { _sd: [0, 2] } };

async function issue(iss = VICTIM, kid: string | undefined = KID, signer?: Key['privateKey']): Promise<string> {
  return library(signer).issue(claims(iss), frame, kid === undefined ? undefined : { header: { kid } });
}

beforeAll(async () => {
  [issuerKey, attackerKey, holderKey] = await Promise.all(['ES256', 'ES256', 'ES256'].map((alg) => generateKeyPair(alg, { extractable: true })));
  issuerJwk = await exportJWK(issuerKey.publicKey);
  holderJwk = await exportJWK(holderKey.publicKey);
  const attackerDoc = buildControllerDocument({ id: ATTACKER, jsonWebKeys: [{ id: ATTACKER_KID, publicJwk: await exportJWK(attackerKey.publicKey) }] });
  (attackerDoc.verificationMethod as JsonObject[])[0]!.controller = VICTIM;
  docs = { [VICTIM]: buildControllerDocument({ id: VICTIM, jsonWebKeys: [{ id: KID, publicJwk: issuerJwk }] }), [ATTACKER]: attackerDoc };
  remote = new Map<string, unknown>([[METADATA_URL, { issuer: HTTPS_ISS, jwks: { keys: [{ ...issuerJwk, kid: 'k1' }] } }]]);
});

describe('SD-JWT VC: issued by @sd-jwt/sd-jwt-vc, verified by Laurel', () => {
  it('verifies a DID issuer’s SD-JWT VC, reconstructing exactly the claims the library discloses', async () => {
    const token = await issue();
    const r = await verifyCredential(token, options());
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r).toMatchObject({ valid: true, format: 'sd-jwt-vc', issuer: { id: VICTIM } });
    expect(r.checks.map((c) => c.code)).toEqual(['format-sd-jwt-vc', 'sd-jwt-valid', 'key-controlled-by-issuer', 'jwt-claims-match', 'valid-until', 'status-none']);
    expect(check(r, 'proof').params).toEqual({ method: 'ES256', disclosures: '6', keyBinding: 'absent' });
    const expected = claims();
    expect(r.credential).toEqual(expected);
    // the library agrees
    const theirs = await library().verify(token);
    expect(theirs.payload).toEqual(expected);
  });

  it('verifies a partial presentation with key binding (nonce and audience asked by the verifier)', async () => {
    const token = await issue();
    const presented = await library().present(token, { name: true, skills: { 0: true } } as any, { kb: { payload: { iat, aud: 'https://verifier.example', nonce: 'n-123' } } } as any);
    const r = await verifyCredential(presented, options({ keyBinding: { nonce: 'n-123', audience: 'https://verifier.example' } }));
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(check(r, 'proof').params).toMatchObject({ disclosures: '2', keyBinding: 'verified' });
    expect(r.credential).toMatchObject({ name: 'Ada Lovelace', skills: ['math', 'programming'] });
    expect((r.credential as any).achievement).toBeUndefined();
    expect(JSON.stringify(r.credential)).not.toContain('_sd');
    expect((await library().verify(presented, { keyBindingNonce: 'n-123' } as any)).payload).toEqual(r.credential);

    const wrongNonce = await verifyCredential(presented, options({ keyBinding: { nonce: 'other' } }));
    expect(check(wrongNonce, 'proof')).toMatchObject({ ok: false, code: 'kb-jwt-invalid', params: { detail: expect.stringContaining('nonce') } });
    const wrongAud = await verifyCredential(presented, options({ keyBinding: { audience: 'https://evil.example' } }));
    expect(check(wrongAud, 'proof')).toMatchObject({ ok: false, code: 'kb-jwt-invalid', params: { detail: expect.stringContaining('aud') } });
    const missing = await verifyCredential(token, options({ keyBinding: { nonce: 'n-123' } }));
    expect(check(missing, 'proof')).toMatchObject({ ok: false, code: 'kb-jwt-missing' });
  });

  it('verifies an https issuer through its JWT VC Issuer Metadata (jwks, or jwks_uri)', async () => {
    const token = await issue(HTTPS_ISS, 'k1');
    const r = await verifyCredential(token, options());
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(check(r, 'issuer-key')).toMatchObject({ code: 'key-controlled-by-issuer', params: { key: 'k1', issuer: HTTPS_ISS } });
    const byUri = new Map(remote).set(METADATA_URL, { issuer: HTTPS_ISS, jwks_uri: 'https://issuer.example/jwks.json' }).set('https://issuer.example/jwks.json', { keys: [{ ...issuerJwk, kid: 'k1' }] });
    expect((await verifyCredential(token, options({ fetchJson: async (u) => byUri.get(u) ?? Promise.reject(new Error('404')) }))).valid).toBe(true);
  });

  it('fails a missing vct, an expired credential, and a status it cannot check', async () => {
    const lib = library();
    // the library will not issue one without vct: signed by hand
    const { vct: _vct, ...noVctClaims } = claims();
    const noVct = await new CompactSign(new TextEncoder().encode(JSON.stringify(noVctClaims))).setProtectedHeader({ alg: 'ES256', typ: 'dc+sd-jwt', kid: KID }).sign(issuerKey.privateKey);
    expect(check(await verifyCredential(`${noVct}~`, options()), 'jwt-claims')).toMatchObject({ ok: false, code: 'jwt-claim-missing', params: { claims: 'vct' } });
    const expired = await lib.issue({ ...claims(), exp: iat + 60 }, frame, { header: { kid: KID } });
    expect(check(await verifyCredential(expired, options()), 'validity')).toMatchObject({ ok: false, code: 'expired' });
    const withStatus = await lib.issue({ ...claims(), status: { status_list: { idx: 3, uri: 'https://issuer.example/status/1' } } }, frame, { header: { kid: KID } });
    const r = await verifyCredential(withStatus, options());
    expect(check(r, 'status')).toMatchObject({ ok: false, code: 'sd-jwt-status-unsupported' });
    expect(r.valid).toBe(false);
  });
});

describe('SD-JWT VC: the attacker’s view', () => {
  it('refuses a forged disclosure (not referenced by a signed digest), even one that would overwrite a signed value', async () => {
    const token = await issue();
    const forged = Buffer.from(JSON.stringify(['salt-forged', 'name', 'Mallory'])).toString('base64url');
    const r = await verifyCredential(`${token}${forged}~`, options());
    expect(r.valid).toBe(false);
    expect(check(r, 'proof')).toMatchObject({ ok: false, code: 'sd-disclosure-unreferenced', params: { index: '6' } });
    // RFC 9901 § 7.1 requires rejecting it; @sd-jwt/sd-jwt-vc 0.19 silently ignores it: Laurel is stricter.
    expect((await library().verify(`${token}${forged}~`)).payload.name).toBe('Ada Lovelace');
  });

  it('refuses a disclosure repeated, a malformed one, and a tampered issuer JWT', async () => {
    const token = await issue();
    const parts = token.split('~');
    const repeated = `${parts.slice(0, -1).join('~')}~${parts[1]}~`;
    expect(check(await verifyCredential(repeated, options()), 'proof')).toMatchObject({ ok: false, code: 'sd-digest-duplicated' });
    const junk = `${parts[0]}~${Buffer.from('{"not":"an array"}').toString('base64url')}~`;
    expect(check(await verifyCredential(junk, options()), 'proof')).toMatchObject({ ok: false, code: 'sd-disclosure-malformed', params: { index: '0' } });
    const [h, p, s] = parts[0]!.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    payload.iss = VICTIM;
    payload.vct = 'https://credentials.example/vct/diploma';
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}~${parts.slice(1).join('~')}`;
    expect(check(await verifyCredential(tampered, options()), 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });
  });

  it('refuses a kid in the attacker’s DID document claiming the victim, a header jwk, and https metadata for another issuer', async () => {
    const forged = await verifyCredential(await issue(VICTIM, ATTACKER_KID, attackerKey.privateKey), options());
    expect(check(forged, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer', params: { key: ATTACKER_KID, issuer: VICTIM } });
    expect(forged.valid).toBe(false);
    expect(forged.issuer).toBeUndefined();
    const lib = library(attackerKey.privateKey);
    const embedded = await lib.issue(claims(), frame, { header: { jwk: await exportJWK(attackerKey.publicKey) } as any });
    expect((await verifyCredential(embedded, options())).valid).toBe(false);
    const lying = new Map(remote).set(METADATA_URL, { issuer: 'https://attacker.example', jwks: { keys: [{ ...(await exportJWK(attackerKey.publicKey)), kid: 'k1' }] } });
    const r = await verifyCredential(await issue(HTTPS_ISS, 'k1', attackerKey.privateKey), options({ fetchJson: async (u) => lying.get(u) }));
    expect(check(r, 'issuer-key')).toMatchObject({ ok: false, code: 'issuer-metadata-invalid', params: { url: METADATA_URL } });
  });

  it('refuses alg none and HS256 on the issuer JWT', async () => {
    const [, p] = (await issue()).split('~')[0]!.split('.') as [string, string];
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'dc+sd-jwt', kid: KID })).toString('base64url')}.${p}.~`;
    // an empty signature is not even a compact JWS for an SD-JWT: refused as unreadable or as alg none
    const rNone = await verifyCredential(none, options());
    expect(rNone.valid).toBe(false);
    expect(rNone.checks.every((c) => isVerificationCode(c.code))).toBe(true);
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const hs = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'dc+sd-jwt', kid: KID }).sign(new TextEncoder().encode(JSON.stringify(issuerJwk)));
    expect(check(await verifyCredential(`${hs}~`, options()), 'proof')).toMatchObject({ ok: false, code: 'alg-not-accepted', params: { alg: 'HS256' } });
  });

  it('refuses a key binding JWT signed by another key, or replayed onto other disclosures', async () => {
    const token = await issue();
    const byThief = await library(issuerKey.privateKey, attackerKey.privateKey).present(token, { name: true } as any, { kb: { payload: { iat, aud: 'v', nonce: 'n' } } } as any);
    expect(check(await verifyCredential(byThief, options()), 'proof')).toMatchObject({ ok: false, code: 'kb-jwt-invalid', params: { detail: expect.stringContaining('signature') } });
    const honest = await library().present(token, { name: true } as any, { kb: { payload: { iat, aud: 'v', nonce: 'n' } } } as any);
    const parts = honest.split('~');
    const kb = parts.at(-1)!;
    const other = await library().present(token, { achievement: { level: true } } as any);
    const replayed = `${other}${kb}`;
    expect(check(await verifyCredential(replayed, options()), 'proof')).toMatchObject({ ok: false, code: 'kb-jwt-invalid', params: { detail: expect.stringContaining('sd_hash') } });
  });

  it('reconstruction refuses a disclosure naming _sd, a claim already signed, and a digest listed twice', async () => {
    const disclose = (arr: unknown[]) => Buffer.from(JSON.stringify(arr)).toString('base64url');
    const overwrite = disclose(['s1', 'vct', 'https://evil.example']);
    const payload = { vct: VCT, _sd: [await sdDigest(overwrite, 'SHA-256')] };
    expect(await reconstructClaims(payload, [overwrite])).toMatchObject({ ok: false, why: { code: 'sd-disclosure-claim-invalid', params: { name: 'vct' } } });
    const sd = disclose(['s2', '_sd', ['x']]);
    expect(await reconstructClaims({ _sd: [await sdDigest(sd, 'SHA-256')] }, [sd])).toMatchObject({ ok: false, why: { code: 'sd-disclosure-claim-invalid', params: { name: '_sd' } } });
    const one = disclose(['s3', 'name', 'A']);
    const digest = await sdDigest(one, 'SHA-256');
    expect(await reconstructClaims({ _sd: [digest], nested: { _sd: [digest] } }, [one])).toMatchObject({ ok: false, why: { code: 'sd-digest-duplicated' } });
    expect(await reconstructClaims({ _sd_alg: 'md5', _sd: [] }, [])).toMatchObject({ ok: false, why: { code: 'sd-alg-unsupported', params: { alg: 'md5' } } });
    // decoys (digests with no disclosure) are fine, and removed
    expect(await reconstructClaims({ a: 1, _sd: [digest, 'decoy'], list: [{ '...': 'decoy2' }, 2] }, [one])).toEqual({ ok: true, claims: { a: 1, name: 'A', list: [2] } });
  });
});
