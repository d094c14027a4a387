import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { compactVerify, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentLoader } from '../loader/index.js';
import {
  createEd25519Signer,
  didKeyFromPublicKeyMultibase,
  didKeyVerificationMethodId,
  generateEd25519KeyPair,
  generateRsaKeyPair,
  importRsaPrivateKey,
  type Ed25519KeyMaterial,
  type RsaKeyMaterial,
} from '../keys/index.js';
import { buildOb2Assertion } from '../ob2/index.js';
import { buildOpenBadgeCredential, type OpenBadgeCredential } from '../ob3/index.js';
import { sampleAchievement, sampleAward, sampleIssuer, sampleLinks } from '../ob3/test-data.js';
import { SigningError, createProofRegistry, signDataIntegrity, signOb2Assertion, signVcJwt, verifyDataIntegrityProof } from './index.js';

const documentLoader = createDocumentLoader();
const now = () => new Date('2026-01-02T03:04:05Z');
let ed: Ed25519KeyMaterial;
let rsa: RsaKeyMaterial;
let credential: OpenBadgeCredential;

beforeAll(async () => {
  ed = await generateEd25519KeyPair();
  rsa = await generateRsaKeyPair();
  credential = buildOpenBadgeCredential({
    issuer: sampleIssuer,
    achievement: sampleAchievement,
    award: sampleAward,
    links: sampleLinks(didKeyFromPublicKeyMultibase(ed.publicKeyMultibase)),
  });
});

async function diSigner() {
  return createEd25519Signer(ed, didKeyVerificationMethodId(ed.publicKeyMultibase));
}

describe('eddsa-rdfc-2022', () => {
  it('signs a credential that Digital Bazaar @digitalbazaar/vc verifies independently', async () => {
    const signed = await signDataIntegrity(credential, { signer: await diSigner(), documentLoader, now });
    expect(signed.proof).toEqual([
      expect.objectContaining({
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-rdfc-2022',
        proofPurpose: 'assertionMethod',
        created: '2026-01-02T03:04:05Z',
        verificationMethod: didKeyVerificationMethodId(ed.publicKeyMultibase),
      }),
    ]);
    expect(signed['@context']).toEqual(credential['@context']);
    expect(credential).not.toHaveProperty('proof');

    const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    const result = await vc.verifyCredential({ credential: signed, suite, documentLoader, now: new Date('2026-06-01T00:00:00Z') });
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);

    const tampered = structuredClone(signed) as any;
    tampered.credentialSubject.achievement.name = 'Something else';
    const bad = await vc.verifyCredential({ credential: tampered, suite, documentLoader, now: new Date('2026-06-01T00:00:00Z') });
    expect(bad.verified).toBe(false);
  });

  it('keeps earlier proofs when adding another', async () => {
    const once = await signDataIntegrity(credential, { signer: await diSigner(), documentLoader, now });
    const twice = await signDataIntegrity(once, { signer: await diSigner(), documentLoader, now: () => new Date('2026-02-01T00:00:00Z') });
    expect(twice.proof).toHaveLength(2);
    for (const proof of twice.proof as Record<string, unknown>[]) {
      expect((await verifyDataIntegrityProof(twice, proof, documentLoader)).verified).toBe(true);
    }
  });

  it('refuses to sign terms its contexts do not define, rather than dropping them', async () => {
    const withStray = { ...credential, favouriteColour: 'blue' };
    const error = await signDataIntegrity(withStray, { signer: await diSigner(), documentLoader, now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SigningError);
    expect((error as SigningError).code).toBe('undefined-terms');
    expect((error as SigningError).message).toContain('favouriteColour');
    const nested = structuredClone(credential) as any;
    nested.credentialSubject.achievement.secretLevel = 3;
    await expect(signVcJwt(nested, { privateKey: await importRsaPrivateKey(rsa.privateJwk), kid: 'https://x/k', documentLoader })).rejects.toMatchObject({ code: 'undefined-terms' });
    const ob2 = { ...buildOb2Assertion(sampleAward, ob2Links), shoeSize: 44 };
    await expect(signOb2Assertion(ob2, { privateKey: await importRsaPrivateKey(rsa.privateJwk), creator: 'https://x/k', documentLoader })).rejects.toMatchObject({ code: 'undefined-terms' });
  });
});

const ob2Links = {
  issuer: (id: string) => `https://badges.example.org/ob2/issuers/${id}`,
  badge: (id: string) => `https://badges.example.org/ob2/badges/${id}`,
  assertion: (id: string) => `https://badges.example.org/ob2/assertions/${id}`,
  badgeImage: (id: string) => `https://badges.example.org/ob2/badges/${id}/image`,
};

describe('vc-jwt', () => {
  it('produces an OB 3.0 VC-JWT that jose verifies with the public key', async () => {
    const jws = await signVcJwt(credential, { privateKey: await importRsaPrivateKey(rsa.privateJwk), kid: 'https://badges.example.org/keys/rsa-1', documentLoader });
    expect(decodeProtectedHeader(jws)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'https://badges.example.org/keys/rsa-1' });
    const { payload } = await jwtVerify(jws, await importJWK(rsa.publicJwk, 'RS256'), { algorithms: ['RS256'], currentDate: new Date('2026-06-01T00:00:00Z') });
    expect(payload).toMatchObject({
      iss: credential.issuer.id,
      jti: credential.id,
      nbf: Date.parse(sampleAward.issuedOn) / 1000,
      exp: Date.parse(sampleAward.expires!) / 1000,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
    });
    expect(payload).not.toHaveProperty('sub'); // the subject is a hashed identifier, it has no id
    const withSubject = await signVcJwt({ ...credential, credentialSubject: { ...credential.credentialSubject, id: 'did:example:earner' } }, { privateKey: await importRsaPrivateKey(rsa.privateJwk), kid: 'k', documentLoader });
    expect((await jwtVerify(withSubject, await importJWK(rsa.publicJwk, 'RS256'), { currentDate: now() })).payload.sub).toBe('did:example:earner');
  });
});

describe('ob2-jws', () => {
  it('produces a signed OB 2.0 assertion that jose verifies', async () => {
    const assertion = buildOb2Assertion(sampleAward, ob2Links);
    const jws = await signOb2Assertion(assertion, { privateKey: await importRsaPrivateKey(rsa.privateJwk), creator: 'https://badges.example.org/ob2/keys/1', documentLoader });
    const { payload, protectedHeader } = await compactVerify(jws, await importJWK(rsa.publicJwk, 'RS256'));
    expect(protectedHeader.alg).toBe('RS256');
    const body = JSON.parse(new TextDecoder().decode(payload));
    expect(body).toMatchObject({ id: assertion.id, type: 'Assertion', verification: { type: 'signed', creator: 'https://badges.example.org/ob2/keys/1' } });
    expect(assertion.verification).toEqual({ type: 'hosted' });
  });
});

describe('proof registry', () => {
  it('dispatches by spec name and reports missing keys and unknown suites', async () => {
    const registry = createProofRegistry();
    expect(registry.names()).toEqual(['eddsa-rdfc-2022', 'vc-jwt', 'ob2-jws']);
    const keys = { dataIntegrity: await diSigner(), rsa: { privateKey: await importRsaPrivateKey(rsa.privateJwk), kid: 'https://x/k', creator: 'https://x/ob2/k' } };
    const embedded = await registry.sign('eddsa-rdfc-2022', credential, { keys, documentLoader, now });
    expect(embedded.kind).toBe('embedded');
    const jwt = await registry.sign('vc-jwt', credential, { keys, documentLoader, now });
    expect(jwt.kind).toBe('compact-jws');
    await expect(registry.sign('vc-jwt', credential, { keys: {}, documentLoader, now })).rejects.toMatchObject({ code: 'missing-key' });
    await expect(registry.sign('rsa-signature-2018', credential, { keys, documentLoader, now })).rejects.toMatchObject({ code: 'unknown-suite' });
    expect(() => createProofRegistry([registry.get('vc-jwt'), registry.get('vc-jwt')])).toThrow(/Duplicate/);
  });
});
