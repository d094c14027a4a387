import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { SignJWT, base64url, exportJWK, generateKeyPair, type JWK, type JWTHeaderParameters } from 'jose';
import { describe, expect, it } from 'vitest';
import { didJwkOf, verifyHolderProof } from './holder-proof.js';

const AUD = 'https://badges.example/oid4vci/issuers/iss1';
const NOW = new Date('2026-12-07T10:00:00Z');
const expected = { audience: AUD, now: NOW, maxAgeSeconds: 300, clockSkewSeconds: 30 };
const iat = Math.floor(NOW.getTime() / 1000);

async function edKey() {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(publicKey);
  const pair = await Ed25519Multikey.fromJwk({ jwk });
  return { privateKey, jwk, multikey: pair.publicKeyMultibase as string };
}

async function p256Key() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  const pair = await EcdsaMultikey.fromJwk({ jwk });
  return { privateKey, jwk, multikey: pair.publicKeyMultibase as string };
}

function proof(privateKey: CryptoKey, header: Partial<JWTHeaderParameters> & { alg: string }, payload: Record<string, unknown> = { aud: AUD, iat, nonce: 'n1' }) {
  return new SignJWT(payload).setProtectedHeader({ typ: 'openid4vci-proof+jwt', ...header } as JWTHeaderParameters).sign(privateKey);
}

/** A JWS signed with an Ed25519 key whatever the header says (jose would refuse to make the lies below). */
async function rawProof(privateKey: CryptoKey, header: Record<string, unknown>, payload: Record<string, unknown> = { aud: AUD, iat, nonce: 'n1' }) {
  const input = `${base64url.encode(JSON.stringify({ typ: 'openid4vci-proof+jwt', ...header }))}.${base64url.encode(JSON.stringify(payload))}`;
  const signature = new Uint8Array(await crypto.subtle.sign('Ed25519', privateKey, new TextEncoder().encode(input)));
  return `${input}.${base64url.encode(signature)}`;
}

describe('verifyHolderProof (OpenID4VCI key proof, jwt)', () => {
  it('reads an Ed25519 did:key kid and a P-256 jwk, giving the did:key and the did:jwk', async () => {
    const ed = await edKey();
    const byKid = await verifyHolderProof(await proof(ed.privateKey, { alg: 'EdDSA', kid: `did:key:${ed.multikey}#${ed.multikey}` }), expected);
    expect(byKid).toMatchObject({ ok: true, holder: `did:key:${ed.multikey}`, nonce: 'n1' });
    const ec = await p256Key();
    const byJwk = await verifyHolderProof(await proof(ec.privateKey, { alg: 'ES256', jwk: ec.jwk }), expected);
    expect(byJwk).toMatchObject({ ok: true, holder: didJwkOf(ec.jwk) });
    const didJwk = didJwkOf(ec.jwk);
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(didJwk.slice('did:jwk:'.length))))).toEqual({ crv: 'P-256', kty: 'EC', x: ec.jwk.x, y: ec.jwk.y });
    // the did:jwk URL as a kid names the same holder
    expect(await verifyHolderProof(await proof(ec.privateKey, { alg: 'ES256', kid: `${didJwk}#0` }), expected)).toMatchObject({ ok: true, holder: didJwk });
  });

  it('refuses a proof signed by another key than the one it names', async () => {
    const named = await edKey();
    const signer = await edKey();
    const result = await verifyHolderProof(await proof(signer.privateKey, { alg: 'EdDSA', kid: `did:key:${named.multikey}#${named.multikey}` }), expected);
    expect(result).toEqual({ ok: false, detail: 'the signature does not verify with the key the proof names' });
    const jwkNamed = await verifyHolderProof(await proof(signer.privateKey, { alg: 'EdDSA', jwk: named.jwk }), expected);
    expect(jwkNamed.ok).toBe(false);
  });

  it('refuses the wrong audience, a missing or stale iat, a wrong typ, two keys, a private jwk, a curve that does not fit alg', async () => {
    const ed = await edKey();
    const kid = `did:key:${ed.multikey}#${ed.multikey}`;
    const cases: [string, Promise<string>][] = [
      ['aud', proof(ed.privateKey, { alg: 'EdDSA', kid }, { aud: 'https://evil.example/oid4vci/issuers/iss1', iat, nonce: 'n' })],
      ['iat', proof(ed.privateKey, { alg: 'EdDSA', kid }, { aud: AUD, nonce: 'n' })],
      ['iat', proof(ed.privateKey, { alg: 'EdDSA', kid }, { aud: AUD, iat: iat - 3600, nonce: 'n' })],
      ['iat', proof(ed.privateKey, { alg: 'EdDSA', kid }, { aud: AUD, iat: iat + 3600, nonce: 'n' })],
      ['typ', proof(ed.privateKey, { alg: 'EdDSA', kid, typ: 'JWT' })],
      ['exactly one', proof(ed.privateKey, { alg: 'EdDSA', kid, jwk: ed.jwk })],
      ['public', proof(ed.privateKey, { alg: 'EdDSA', jwk: { ...ed.jwk, d: 'AAAA' } as JWK })],
      ['does not fit', rawProof(ed.privateKey, { alg: 'ES256', kid })],
      ['kid must be', proof(ed.privateKey, { alg: 'EdDSA', kid: 'https://evil.example/key' })],
      ['critical', rawProof(ed.privateKey, { alg: 'EdDSA', kid, crit: ['exp'], exp: 1 })],
    ];
    for (const [why, jwt] of cases) {
      const result = await verifyHolderProof(await jwt, expected);
      expect(result.ok, why).toBe(false);
      expect((result as { detail: string }).detail, why).toMatch(new RegExp(why, 'i'));
    }
  });

  it('refuses what is not a compact JWS, alg none and HMAC', async () => {
    const none = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'openid4vci-proof+jwt', jwk: { kty: 'OKP', crv: 'Ed25519', x: 'AA' } }))}.${base64url.encode(JSON.stringify({ aud: AUD, iat }))}.`;
    expect(await verifyHolderProof(none, expected)).toMatchObject({ ok: false });
    expect(await verifyHolderProof({ jwt: 'x' }, expected)).toMatchObject({ ok: false });
    expect(await verifyHolderProof('a'.repeat(9000), expected)).toMatchObject({ ok: false });
    const hs = await new SignJWT({ aud: AUD, iat }).setProtectedHeader({ alg: 'HS256', typ: 'openid4vci-proof+jwt', kid: 'did:key:z6Mk' }).sign(new Uint8Array(32));
    expect(await verifyHolderProof(hs, expected)).toMatchObject({ ok: false, detail: expect.stringContaining('alg must be one of') });
  });
});
