import { generateKeyPairSync } from 'node:crypto';
import { generateEd25519KeyPair, generateRsaKeyPair, importEd25519PrivateKey, importRsaPrivateKey, signCompactJws, webCryptoJwsSigner } from '@laurel/core';
import { compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { importRsaKeyObject, keyObjectOf, nodeJwsSigner } from './node-jws-signer.js';

const input = new TextEncoder().encode('eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ');

describe('the node:crypto JWS signer', () => {
  it('signs RS256 with the same bytes as WebCrypto, and jose verifies it', async () => {
    const rsa = await generateRsaKeyPair();
    const node = nodeJwsSigner.sign('RS256', importRsaKeyObject(rsa.privateJwk as never), input);
    expect(node).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(node as Uint8Array)).toEqual(Buffer.from(await webCryptoJwsSigner.sign('RS256', await importRsaPrivateKey(rsa.privateJwk), input)));
    const jws = await signCompactJws({ alg: 'RS256', typ: 'JWT', kid: 'k' }, new TextEncoder().encode('{"a":1}'), importRsaKeyObject(rsa.privateJwk as never), nodeJwsSigner);
    expect((await compactVerify(jws, await importJWK(rsa.publicJwk, 'RS256'))).protectedHeader.alg).toBe('RS256');
  });

  it('signs EdDSA with the same bytes as WebCrypto', async () => {
    const ed = await generateEd25519KeyPair();
    const key = await importEd25519PrivateKey(ed);
    expect(Buffer.from(nodeJwsSigner.sign('EdDSA', keyObjectOf(key), input) as Uint8Array)).toEqual(Buffer.from(await webCryptoJwsSigner.sign('EdDSA', key, input)));
  });

  it('refuses what is not a private key of the algorithm: a public key, a WebCrypto key, the other type, a JWK', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ed = generateKeyPairSync('ed25519');
    expect(() => nodeJwsSigner.sign('RS256', rsa.publicKey, input)).toThrow(TypeError);
    expect(() => nodeJwsSigner.sign('RS256', ed.privateKey, input)).toThrow(TypeError);
    expect(() => nodeJwsSigner.sign('EdDSA', rsa.privateKey, input)).toThrow(TypeError);
    expect(() => nodeJwsSigner.sign('RS256', rsa.privateKey.export({ format: 'jwk' }), input)).toThrow(TypeError);
    const webKey = await importRsaPrivateKey((await generateRsaKeyPair()).privateJwk);
    expect(() => nodeJwsSigner.sign('RS256', webKey, input)).toThrow(TypeError);
    expect(() => importRsaKeyObject({ kty: 'RSA', n: 'AQAB', e: 'AQAB' })).toThrow(TypeError);
  });
});
