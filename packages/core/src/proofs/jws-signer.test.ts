import { CompactSign, compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateRsaKeyPair, importRsaPrivateKey } from '../keys/rsa.js';
import { SigningError } from './errors.js';
import { signCompactJws, webCryptoJwsSigner, type JwsSigner } from './jws-signer.js';

describe('compact JWS signing with a host primitive', () => {
  it('makes exactly what jose makes with WebCrypto (RS256 is deterministic), and it verifies', async () => {
    const rsa = await generateRsaKeyPair();
    const key = await importRsaPrivateKey(rsa.privateJwk);
    const payload = new TextEncoder().encode(JSON.stringify({ hello: 'wörld', n: 1 }));
    const header = { alg: 'RS256' as const, typ: 'JWT', kid: 'https://x/k' };
    const ours = await signCompactJws(header, payload, key);
    expect(ours).toBe(await new CompactSign(payload).setProtectedHeader(header).sign(key));
    const verified = await compactVerify(ours, await importJWK(rsa.publicJwk, 'RS256'));
    expect(verified.protectedHeader).toEqual(header);
  });

  it('hands the primitive the signing input and the key, and refuses as SigningError when it fails', async () => {
    const seen: { alg: string; key: unknown; input: string }[] = [];
    const fake: JwsSigner = { sign: (alg, key, input) => (seen.push({ alg, key, input: new TextDecoder().decode(input) }), new Uint8Array([1, 2, 3])) };
    const jws = await signCompactJws({ alg: 'EdDSA' }, new TextEncoder().encode('{}'), 'the key', fake);
    expect(jws).toBe(`${seen[0]!.input}.AQID`);
    expect(seen).toEqual([{ alg: 'EdDSA', key: 'the key', input: 'eyJhbGciOiJFZERTQSJ9.e30' }]);
    const broken: JwsSigner = { sign: () => { throw new TypeError('wrong key'); } };
    await expect(signCompactJws({ alg: 'RS256' }, new Uint8Array(), 'k', broken)).rejects.toBeInstanceOf(SigningError);
    await expect(signCompactJws({ alg: 'RS256' }, new Uint8Array(), 'not a CryptoKey', webCryptoJwsSigner)).rejects.toMatchObject({ code: 'signing-failed' });
  });
});
