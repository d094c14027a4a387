import { createPublicKey } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { compactVerify, CompactSign, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  KeyError,
  buildControllerDocument,
  createEd25519Signer,
  didKeyDocument,
  didKeyFromPublicKeyMultibase,
  didKeyVerificationMethodId,
  generateEd25519KeyPair,
  generateRsaKeyPair,
  importRsaPrivateKey,
  jwkThumbprint,
  publicJwkOf,
  publicJwkToPem,
  publicKeyFromDidKey,
} from './index.js';

describe('Ed25519 keys', () => {
  it('generates Multikey pairs whose signer verifies with the public key', async () => {
    const key = await generateEd25519KeyPair();
    expect(key.publicKeyMultibase).toMatch(/^z6Mk/);
    expect(key.secretKeyMultibase).toMatch(/^z/);
    const did = didKeyFromPublicKeyMultibase(key.publicKeyMultibase);
    expect(did).toBe(`did:key:${key.publicKeyMultibase}`);
    expect(publicKeyFromDidKey(didKeyVerificationMethodId(key.publicKeyMultibase))).toBe(key.publicKeyMultibase);
    const signer = await createEd25519Signer(key, didKeyVerificationMethodId(key.publicKeyMultibase));
    const data = new TextEncoder().encode('hello');
    const signature = await signer.sign({ data });
    const verifier = (await Ed25519Multikey.from({ type: 'Multikey', publicKeyMultibase: key.publicKeyMultibase })).verifier();
    expect(await verifier.verify({ data, signature })).toBe(true);
    expect(await verifier.verify({ data: new TextEncoder().encode('hellO'), signature })).toBe(false);
    expect(didKeyDocument(key.publicKeyMultibase)).toMatchObject({ id: did, assertionMethod: [`${did}#${key.publicKeyMultibase}`] });
  });

  it('rejects key material that is not Ed25519', async () => {
    expect(() => didKeyFromPublicKeyMultibase('zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme')).toThrow(TypeError);
    await expect(createEd25519Signer({ publicKeyMultibase: 'nope', secretKeyMultibase: 'nope' }, 'did:x#1')).rejects.toBeInstanceOf(KeyError);
  });
});

describe('RSA keys', () => {
  it('generates RSA-2048 JWKs; the public forms never carry private members', async () => {
    const key = await generateRsaKeyPair();
    expect(key.privateJwk).toMatchObject({ kty: 'RSA', alg: 'RS256' });
    expect(key.privateJwk.d).toBeDefined();
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key.publicJwk).not.toHaveProperty(member);
    expect(publicJwkOf(key.privateJwk)).toEqual(key.publicJwk);
    const pem = await publicJwkToPem(key.publicJwk);
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(createPublicKey(pem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(await jwkThumbprint(key.privateJwk)).toBe(await jwkThumbprint(key.publicJwk));
    const jws = await new CompactSign(new TextEncoder().encode('x')).setProtectedHeader({ alg: 'RS256' }).sign(await importRsaPrivateKey(key.privateJwk));
    await expect(compactVerify(jws, await importJWK(key.publicJwk, 'RS256'))).resolves.toBeDefined();
    await expect(importRsaPrivateKey(key.publicJwk)).rejects.toMatchObject({ code: 'invalid-key' });
  });

  it('builds a controller document listing every key under assertionMethod, retired ones with revoked', async () => {
    const ed = await generateEd25519KeyPair();
    const rsa = await generateRsaKeyPair();
    const id = 'did:web:badges.example.org:issuers:iss1';
    const doc = buildControllerDocument({
      id,
      multikeys: [{ id: `${id}#ed-1`, publicKeyMultibase: ed.publicKeyMultibase, revoked: '2026-01-01T00:00:00Z' }],
      jsonWebKeys: [{ id: `${id}#rsa-1`, publicJwk: rsa.privateJwk }],
    });
    expect(doc.assertionMethod).toEqual([`${id}#ed-1`, `${id}#rsa-1`]);
    expect(JSON.stringify(doc)).not.toContain(String(rsa.privateJwk.d));
    expect((doc.verificationMethod as any[])[0]).toMatchObject({ type: 'Multikey', controller: id, revoked: '2026-01-01T00:00:00Z' });
  });
});
