/**
 * The W3C VC-JOSE-COSE suite (w3c/vc-jose-cose-test-suite, `tests/test-mapping.js`), verifier side of
 * `application/vc+jwt` credentials, against Laurel's POST /vc/credentials/verify over HTTP. The suite hands
 * its implementations a private JWK and a credential; Laurel binds a key only to an issuer whose own
 * DID / controller document lists it, so each JWT here is signed with `jose` (an independent library) by a
 * did:key made at test time, and the suite's input credential names that did:key as its issuer (its
 * `https://example.issuer/vc-jose-cose` could not be resolved offline). Laurel neither signs JOSE nor
 * COSE-secured credentials, and refuses COSE envelopes: the issue tests and the COSE and SD-JWT
 * (`vc+sd-jwt`) features do not apply (docs/conformance.md).
 */
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { JsonObject } from '@laurel/core';
import { CompactSign, exportJWK, generateKeyPair, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_ENGINES } from '../support/test-app.js';
import { fixture, rejects, startImplementation, type SuiteImplementation } from './support/suite-endpoints.js';

interface JoseKey {
  did: string;
  kid: string;
  alg: 'ES256' | 'EdDSA';
  sign(payload: JsonObject, header?: Record<string, unknown>): Promise<string>;
}

async function joseKey(kind: 'P-256' | 'Ed25519'): Promise<JoseKey> {
  // jose makes the key; Digital Bazaar's Multikey libraries only name it (its did:key).
  const alg = kind === 'P-256' ? 'ES256' : 'EdDSA';
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(publicKey);
  const named = kind === 'P-256' ? await EcdsaMultikey.fromJwk({ jwk: jwk as never }) : await Ed25519Multikey.fromJwk({ jwk: jwk as never });
  const key = privateKey;
  const did = `did:key:${named.publicKeyMultibase}`;
  const kid = `${did}#${named.publicKeyMultibase}`;
  return {
    did,
    kid,
    alg,
    sign: (payload, header = {}) => new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg, kid, typ: 'vc+jwt', cty: 'vc', ...header } as never).sign(key as never),
  };
}

describe.each(CONFORMANCE_ENGINES)('W3C vc-jose-cose suite (%s)', (engine) => {
  let laurel: SuiteImplementation;
  let p256: JoseKey;
  let ed25519: JoseKey;
  const input = (name: string, key: JoseKey): JsonObject => ({ ...fixture('vc-jose-cose', name), issuer: key.did });
  const verify = (jwt: string) => laurel.request('POST', '/vc/credentials/verify', { verifiableCredential: { '@context': 'https://www.w3.org/ns/credentials/v2', type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${jwt}` } }, false);
  const success = async (jwt: string) => {
    const res = await verify(jwt);
    expect(res.status, JSON.stringify(res.body).slice(0, 600)).toBe(200);
    expect(res.body.verified).toBe(true);
  };
  const failure = (jwt: string) => rejects(laurel.verify(jwt), 'Expected the verifier to refuse the credential');

  beforeAll(async () => {
    laurel = await startImplementation(engine);
    [p256, ed25519] = await Promise.all([joseKey('P-256'), joseKey('Ed25519')]);
  });
  afterAll(async () => laurel?.close());

  it('6. JWT Basic Credential Verification', async () => {
    await success(await p256.sign(input('credential-minimal.json', p256)));
    // And as a bare compact JWS, the VC-API's other form.
    const res = await laurel.request('POST', '/vc/credentials/verify', { verifiableCredential: await p256.sign(input('credential-minimal.json', p256)) }, false);
    expect(res.status, JSON.stringify(res.body).slice(0, 400)).toBe(200);
  });
  it('8. JWT Issuer Match Verification', async () => {
    await success(await ed25519.sign(input('credential-minimal.json', ed25519)));
    // The other side of the statement: a JWT signed by a key its `issuer` does not list is refused.
    await failure(await ed25519.sign(input('credential-minimal.json', p256)));
  });
  it('(9. JWT Verification With Unknown Extensions) a credential with properties the examples context maps by @vocab verifies', async () => {
    // The suite expects a failure; the credential is a conforming VC 2.0 document (the examples context's
    // @vocab defines every term), so Laurel verifies it — see docs/conformance.md.
    await success(await p256.sign(input('credential-unknown-extensions.json', p256)));
  });
  it('!! 10. JWT Unsecured Credential Verification', async () => {
    await failure(new UnsecuredJWT(input('credential-minimal.json', p256)).encode());
  });
  it('!! 13. JWT Credential with an Invalid Media Type', async () => {
    await failure(await p256.sign(input('credential-minimal.json', p256), { typ: 'application/json', cty: 'application/json' }));
  });
  it('!! 15. JWT Credential with vc and vp Claims', async () => {
    const credential = input('credential-minimal.json', p256);
    await failure(await p256.sign({ ...credential, vc: credential, vp: { type: ['VerifiablePresentation'] } }));
  });
  it('(a changed payload) a vc+jwt whose payload was changed after signing is refused', async () => {
    const [h, , s] = (await p256.sign(input('credential-minimal.json', p256))).split('.');
    const changed = Buffer.from(JSON.stringify({ ...input('credential-minimal.json', p256), validFrom: '2011-01-01T00:00:00Z' })).toString('base64url');
    await failure(`${h}.${changed}.${s}`);
  });
});
