import { createHmac, createPrivateKey, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { importPublicJwk, importPublicPem, jwsSignatureProblem, webCryptoJwsVerifier, type JwsAlgorithm, type JwsVerifier } from '@laurel/core';
import { CompactSign, compactVerify, exportJWK, exportSPKI, generateKeyPair, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeJwsVerifier } from './node-jws-verifier.js';

const ALGS: JwsAlgorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];
const b64u = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
const json = (value: unknown) => b64u(JSON.stringify(value));
const payload = { iss: 'did:example:issuer', jti: 'urn:uuid:1', credentialSubject: { name: 'Ada' } };

interface Keys {
  privateKey: CryptoKey;
  privateJwk: JWK;
  jwk: JWK;
  pem: string;
}
const keys = new Map<JwsAlgorithm, Keys>();
const jose = (alg: JwsAlgorithm, header: Record<string, unknown> = {}, body: unknown = payload) =>
  new CompactSign(new TextEncoder().encode(JSON.stringify(body))).setProtectedHeader({ alg, ...header }).sign(keys.get(alg)!.privateKey);
/** A token whose signature segment is replaced. */
const withSignature = (jws: string, signature: Uint8Array) => `${jws.slice(0, jws.lastIndexOf('.'))}.${b64u(signature)}`;
/** An ES256 token over any header, signed by hand (jose refuses to sign headers it would not verify). */
const es256 = (header: Record<string, unknown>) => {
  const input = `${json({ alg: 'ES256', ...header })}.${json(payload)}`;
  const key = createPrivateKey({ key: keys.get('ES256')!.privateJwk as never, format: 'jwk' });
  return `${input}.${b64u(nodeSign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }))}`;
};
const signatureOf = (jws: string) => Buffer.from(jws.slice(jws.lastIndexOf('.') + 1), 'base64url');

beforeAll(async () => {
  for (const alg of ALGS) {
    const pair = await generateKeyPair(alg, { extractable: true });
    keys.set(alg, { privateKey: pair.privateKey, privateJwk: await exportJWK(pair.privateKey), jwk: await exportJWK(pair.publicKey), pem: await exportSPKI(pair.publicKey) });
  }
});

// One body, both primitives: the node:crypto one the server passes in and core's WebCrypto default.
describe.each([
  ['node:crypto', nodeJwsVerifier],
  ['WebCrypto (default)', webCryptoJwsVerifier],
] as Array<[string, JwsVerifier]>)('JWS signatures through the %s primitive', (_name, verifier) => {
  const check = async (jws: string, alg: JwsAlgorithm, jwk: JWK = keys.get(alg)!.jwk) => jwsSignatureProblem(jws, await importPublicJwk(jwk, alg, verifier), alg, verifier);

  it.each(ALGS)('%s: a token jose signed verifies; the same token altered does not (and jose agrees)', async (alg) => {
    const jws = await jose(alg, { kid: 'did:example:issuer#k' });
    expect(await check(jws, alg)).toBeUndefined();
    const [h, , s] = jws.split('.');
    const forged = `${h}.${json({ ...payload, credentialSubject: { name: 'Mallory' } })}.${s}`;
    expect(await check(forged, alg)).toBe('signature verification failed');
    await expect(compactVerify(forged, await importJwk(alg))).rejects.toThrow();
    await expect(compactVerify(jws, await importJwk(alg))).resolves.toBeDefined();
  });

  it('verifies an OB 2.0 key given as SPKI PEM, and refuses a PEM of the wrong type for RS256', async () => {
    const jws = await jose('RS256');
    expect(await jwsSignatureProblem(jws, await importPublicPem(keys.get('RS256')!.pem, 'RS256', verifier), 'RS256', verifier)).toBeUndefined();
    await expect(importPublicPem(keys.get('ES256')!.pem, 'RS256', verifier)).rejects.toThrow();
  });

  it('an OB 2.0 publicKeyPem must be an SPKI public key: never a private key, a PKCS #1 key or text around it', async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privatePem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const pkcs1Pem = pair.publicKey.export({ format: 'pem', type: 'pkcs1' }) as string;
    const spkiPem = pair.publicKey.export({ format: 'pem', type: 'spki' }) as string;
    expect(await importPublicPem(spkiPem, 'RS256', verifier)).toBeDefined();
    for (const pem of [privatePem, pkcs1Pem, `junk\n${spkiPem}`, spkiPem.replace('MII', 'M$I')]) {
      await expect(importPublicPem(pem, 'RS256', verifier), pem.slice(0, 40)).rejects.toThrow();
    }
  });

  it('alg none and HMAC are never accepted: not even with the public key as the HMAC secret', async () => {
    const { jwk, pem } = keys.get('RS256')!;
    const none = `${json({ alg: 'none' })}.${json(payload)}.`;
    expect(await check(none, 'RS256')).toMatch(/alg none is not RS256/);
    const hsInput = `${json({ alg: 'HS256' })}.${json(payload)}`;
    const hs = `${hsInput}.${createHmac('sha256', pem).update(hsInput).digest('base64url')}`;
    expect(await check(hs, 'RS256')).toMatch(/alg HS256 is not RS256/);
    await expect(importPublicJwk(jwk, 'HS256', verifier)).rejects.toThrow('not accepted');
    await expect(importPublicJwk({ kty: 'oct', k: b64u(pem) }, 'HS256', verifier)).rejects.toThrow('not accepted');
  });

  it('a key of the wrong type, curve or size for alg is refused at import', async () => {
    await expect(importPublicJwk(keys.get('ES256')!.jwk, 'RS256', verifier)).rejects.toThrow('cannot verify RS256');
    await expect(importPublicJwk(keys.get('RS256')!.jwk, 'ES256', verifier)).rejects.toThrow('cannot verify ES256');
    await expect(importPublicJwk(keys.get('ES384')!.jwk, 'ES256', verifier)).rejects.toThrow('cannot verify ES256');
    await expect(importPublicJwk(keys.get('EdDSA')!.jwk, 'ES256', verifier)).rejects.toThrow('cannot verify ES256');
    await expect(importPublicJwk({ ...keys.get('ES256')!.jwk, use: 'enc' }, 'ES256', verifier)).rejects.toThrow('use is enc');
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }) as JWK;
    await expect(importPublicJwk(small, 'RS256', verifier)).rejects.toThrow('at least 2048 bits');
    const smallPem = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }) as string;
    await expect(importPublicPem(smallPem, 'RS256', verifier)).rejects.toThrow();
  });

  it('RSA padding is the algorithm’s: a PKCS #1 v1.5 signature is no PS256 signature, nor PSS an RS256 one', async () => {
    const { jwk, privateKey } = keys.get('RS256')!;
    const { alg: _alg, ...untagged } = jwk;
    const rs = await jose('RS256');
    // The same RSA key signs PS256 over the same input under a PS256 header.
    const psInput = `${json({ alg: 'PS256' })}.${json(payload)}`;
    const ps = `${psInput}.${b64u(new Uint8Array(await crypto.subtle.sign({ name: 'RSA-PSS', saltLength: 32 }, await toPss(privateKey), new TextEncoder().encode(psInput))))}`;
    expect(await check(ps, 'PS256', untagged)).toBeUndefined();
    // The PSS signature under the RS256 header's input, and the PKCS #1 one under PS256's: refused.
    expect(await check(withSignature(rs, signatureOf(ps)), 'RS256', untagged)).toBe('signature verification failed');
    expect(await check(withSignature(ps, signatureOf(rs)), 'PS256', untagged)).toBe('signature verification failed');
  });

  it.each(['RS256', 'ES256', 'EdDSA'] as JwsAlgorithm[])('%s: a truncated or oversized signature never verifies', async (alg) => {
    const jws = await jose(alg);
    const signature = signatureOf(jws);
    expect(await check(withSignature(jws, signature.subarray(0, signature.length - 1)), alg)).toBe('signature verification failed');
    expect(await check(withSignature(jws, Buffer.concat([signature, Buffer.from([0])])), alg)).toBe('signature verification failed');
    expect(await check(withSignature(jws, Buffer.concat([Buffer.from([0]), signature])), alg)).toBe('signature verification failed');
    expect(await check(withSignature(jws, new Uint8Array(0)), alg)).toBe('signature verification failed');
  });

  it('ES256: a DER signature where JWS wants raw r‖s is refused', async () => {
    const input = `${json({ alg: 'ES256' })}.${json(payload)}`;
    const der = nodeSign('sha256', Buffer.from(input), { key: createPrivateKey({ key: (await exportJWK(keys.get('ES256')!.privateKey)) as never, format: 'jwk' }), dsaEncoding: 'der' });
    expect(await check(`${input}.${b64u(der)}`, 'ES256')).toBe('signature verification failed');
    await expect(compactVerify(`${input}.${b64u(der)}`, await importJwk('ES256'))).rejects.toThrow();
  });

  it('ES256: the high-S twin of a signature gets the same answer as from jose (ECDSA is malleable; Laurel never identifies a credential by its signature bytes)', async () => {
    const jws = await jose('ES256');
    const signature = signatureOf(jws);
    const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    const s = BigInt(`0x${signature.subarray(32).toString('hex')}`);
    const twin = Buffer.concat([signature.subarray(0, 32), Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex')]);
    const joseAccepts = await compactVerify(withSignature(jws, twin), await importJwk('ES256')).then(() => true, () => false);
    expect((await check(withSignature(jws, twin), 'ES256')) === undefined).toBe(joseAccepts);
  });

  it('a signature by another issuer’s key does not verify', async () => {
    const other = await generateKeyPair('ES256', { extractable: true });
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'ES256', kid: 'did:example:issuer#k' }).sign(other.privateKey);
    expect(await check(jws, 'ES256')).toBe('signature verification failed');
  });

  it('the header must be a JSON object naming this alg, with no critical extension Laurel does not understand, and an encoded payload', async () => {
    expect(await check(await jose('ES256'), 'ES384', keys.get('ES384')!.jwk)).toMatch(/alg ES256 is not ES384/);
    expect(await check(es256({}), 'ES256')).toBeUndefined();
    expect(await check(es256({ crit: ['exp'], exp: 1 }), 'ES256')).toMatch(/exp is not understood/);
    expect(await check(es256({ crit: ['b64'] }), 'ES256')).toMatch(/b64 is missing/);
    expect(await check(es256({ crit: [] }), 'ES256')).toMatch(/non-empty array/);
    expect(await check(es256({ crit: ['b64', 'b64'], b64: true }), 'ES256')).toMatch(/repeat/);
    expect(await check(es256({ b64: 'yes' }), 'ES256')).toMatch(/b64 must be a boolean/);
    // b64: true in crit is what jose accepts too; b64: false (an unencoded payload) never is.
    expect(await check(await jose('ES256', { crit: ['b64'], b64: true }), 'ES256')).toBeUndefined();
    expect(await check(es256({ crit: ['b64'], b64: false }), 'ES256')).toMatch(/b64: false/);
    const arrayHeader = `${json(['ES256'])}.${json(payload)}.${b64u(new Uint8Array(64))}`;
    expect(await check(arrayHeader, 'ES256')).toMatch(/not a JSON object/);
    expect(await check(`${await jose('ES256')}.extra`, 'ES256')).toMatch(/three segments/);
    expect(await check(`${json({ alg: 'ES256' })}.${json(payload)}.a+b/`, 'ES256')).toMatch(/not base64url/);
  });
});

describe('imported keys are the primitive’s own', () => {
  it('a node key imported for one algorithm never verifies another', async () => {
    const { jwk } = keys.get('RS256')!;
    const { alg: _alg, ...untagged } = jwk;
    const ps = await importPublicJwk(untagged, 'PS256', nodeJwsVerifier);
    const rs = await jose('RS256');
    expect(nodeJwsVerifier.verify('RS256', ps, new TextEncoder().encode(rs.slice(0, rs.lastIndexOf('.'))), signatureOf(rs))).toBe(false);
    expect(nodeJwsVerifier.verify('RS256', await importJwk('RS256'), new Uint8Array(1), new Uint8Array(256))).toBe(false);
  });
});

async function importJwk(alg: JwsAlgorithm): Promise<CryptoKey> {
  const { importJWK } = await import('jose');
  return (await importJWK(keys.get(alg)!.jwk, alg)) as CryptoKey;
}

async function toPss(privateKey: CryptoKey): Promise<CryptoKey> {
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  delete jwk.alg;
  return crypto.subtle.importKey('jwk', jwk, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']);
}

describe('Laurel’s tokens and verifyCredential with the node:crypto primitive', () => {
  const ISSUER = 'did:web:verify.example:issuers:1';
  const KID = `${ISSUER}#rsa-1`;
  const OB2 = 'https://verify.example/ob2';
  const links = {
    issuer: (id: string) => `${OB2}/issuers/${id}`,
    badge: (id: string) => `${OB2}/badges/${id}`,
    assertion: (id: string) => `${OB2}/assertions/${id}`,
    badgeImage: (id: string) => `${OB2}/badges/${id}/image`,
    publicKeys: () => [`${OB2}/keys/rsa-1`],
    revocationList: (id: string) => `${OB2}/issuers/${id}/revocations`,
  };
  let setup: Awaited<ReturnType<typeof laurelSetup>>;
  beforeAll(async () => {
    setup = await laurelSetup();
  });

  async function laurelSetup() {
    const core = await import('@laurel/core');
    const data = await import('../../../../core/src/ob3/test-data.js');
    const rsa = await core.generateRsaKeyPair();
    const privateKey = await core.importRsaPrivateKey(rsa.privateJwk);
    const documentLoader = core.createDocumentLoader({ extra: { [ISSUER]: core.buildControllerDocument({ id: ISSUER, jsonWebKeys: [{ id: KID, publicJwk: rsa.publicJwk }] }) } });
    const hosted = new Map<string, unknown>([
      [links.issuer('iss1'), core.buildOb2Issuer(data.sampleIssuer, links)],
      [links.badge('ach1'), core.buildOb2BadgeClass(data.sampleAchievement, links)],
      [`${OB2}/keys/rsa-1`, { '@context': 'https://w3id.org/openbadges/v2', type: 'CryptographicKey', id: `${OB2}/keys/rsa-1`, owner: links.issuer('iss1'), publicKeyPem: await core.publicJwkToPem(rsa.publicJwk) }],
      [links.revocationList('iss1'), core.buildOb2RevocationList({ id: links.revocationList('iss1'), issuer: links.issuer('iss1'), revoked: [] })],
    ]);
    const options = { documentLoader, now: () => new Date('2026-06-01T00:00:00Z'), fetchJson: async (url: string) => structuredClone(hosted.get(url)), jwsVerifier: nodeJwsVerifier };
    const credential = core.buildOpenBadgeCredential({ issuer: data.sampleIssuer, achievement: data.sampleAchievement, award: data.sampleAward, links: { credential: 'https://verify.example/ob3/credentials/c1', issuer: ISSUER, achievement: 'https://verify.example/ob3/achievements/ach1' } });
    const vcJwt = await core.signVcJwt(credential, { privateKey, kid: KID, documentLoader });
    const assertion = core.buildOb2Assertion(data.sampleAward, links, { type: 'signed', creator: `${OB2}/keys/rsa-1` });
    const ob2Jws = await core.signOb2Assertion(assertion, { privateKey, creator: `${OB2}/keys/rsa-1`, documentLoader });
    const publicKey = await core.importRsaPublicKey(rsa.publicJwk);
    return { core, credential, options, vcJwt, ob2Jws, publicKey };
  }

  it('a VC-JWT and an OB 2.0 JWS Laurel signed verify with jose, and fully with the node primitive', async () => {
    const { core, options, vcJwt, ob2Jws, publicKey } = setup;
    await expect(compactVerify(vcJwt, publicKey, { algorithms: ['RS256'] })).resolves.toBeDefined();
    await expect(compactVerify(ob2Jws, publicKey, { algorithms: ['RS256'] })).resolves.toBeDefined();
    const jwtReport = await core.verifyCredential(vcJwt, options);
    expect(jwtReport.checks.filter((c) => !c.ok)).toEqual([]);
    expect(jwtReport.checks.find((c) => c.name === 'proof')?.code).toBe('proof-valid');
    const ob2Report = await core.verifyCredential(ob2Jws, options);
    expect(ob2Report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(ob2Report.format).toBe('ob2-jws');
  });

  it('a VC-JWT an attacker signed with another key under the issuer’s kid, or with alg none / HS256, fails the proof', async () => {
    const { core, credential, options, vcJwt } = setup;
    const attacker = await generateKeyPair('RS256');
    const body = new TextEncoder().encode(JSON.stringify({ ...credential, ...core.vcJwtClaims(credential) }));
    const forged = await new CompactSign(body).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: KID }).sign(attacker.privateKey);
    const forgedReport = await core.verifyCredential(forged, options);
    expect(forgedReport.valid).toBe(false);
    expect(forgedReport.checks.find((c) => c.name === 'proof')?.code).toBe('proof-invalid-signature');
    const payloadSegment = vcJwt.split('.')[1];
    for (const alg of ['none', 'HS256']) {
      const report = await core.verifyCredential(`${json({ alg, typ: 'JWT', kid: KID })}.${payloadSegment}.${alg === 'none' ? '' : b64u(new Uint8Array(32))}`, options);
      expect(report.valid).toBe(false);
      expect(report.checks.find((c) => c.name === 'proof')?.code).toBe('alg-not-accepted');
    }
  });
});
