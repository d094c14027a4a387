import { describe, expect, it } from 'vitest';
import { generateRsaKeyPair, publicJwkToPem } from '../keys/rsa.js';
import { importPublicJwk, importPublicPem } from './public-key-cache.js';

describe('imported public keys', () => {
  it('imports a key once per algorithm and material; private members never make a private key', async () => {
    const [a, b] = await Promise.all([generateRsaKeyPair(), generateRsaKeyPair()]);
    const first = await importPublicJwk(a.publicJwk, 'RS256');
    expect(await importPublicJwk({ ...a.publicJwk }, 'RS256')).toBe(first);
    // The private JWK names the same public key: the same entry, a public key.
    const fromPrivate = (await importPublicJwk(a.privateJwk, 'RS256')) as CryptoKey;
    expect(fromPrivate).toBe(first);
    expect(fromPrivate.type).toBe('public');
    // Other material or another algorithm: never the same key.
    expect(await importPublicJwk(b.publicJwk, 'RS256')).not.toBe(first);
    // A key that names its algorithm (RS256) is for that algorithm only (RFC 7517 § 4.4).
    await expect(importPublicJwk(a.publicJwk, 'PS256')).rejects.toThrow('the key is for RS256, not PS256');
    const { alg: _alg, ...untagged } = a.publicJwk;
    const ps = (await importPublicJwk(untagged, 'PS256')) as CryptoKey;
    expect(ps).not.toBe(first);
    expect(ps.algorithm.name).toBe('RSA-PSS');
  });

  it('imports an SPKI PEM once, and another PEM separately', async () => {
    const [a, b] = await Promise.all([generateRsaKeyPair(), generateRsaKeyPair()]);
    const [pemA, pemB] = await Promise.all([publicJwkToPem(a.publicJwk), publicJwkToPem(b.publicJwk)]);
    const first = await importPublicPem(pemA, 'RS256');
    expect(await importPublicPem(pemA, 'RS256')).toBe(first);
    expect(await importPublicPem(pemB, 'RS256')).not.toBe(first);
  });

  it('refuses a broken key, every time it is asked', async () => {
    const broken = { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' };
    await expect(importPublicJwk(broken, 'ES256')).rejects.toThrow();
    await expect(importPublicJwk(broken, 'ES256')).rejects.toThrow();
  });
});
