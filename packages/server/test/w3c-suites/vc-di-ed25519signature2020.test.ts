/**
 * The W3C Ed25519Signature2020 suite (w3c/vc-di-ed25519signature2020-test-suite), verifier statements,
 * against Laurel's POST /vc/credentials/verify over HTTP: `tests/15-di-ed25519-verify.js` (the shared
 * `checkDataIntegrityProofVerifyErrors`, proof type Ed25519Signature2020) and `tests/20-ed25519-verify.js`,
 * on the suite's VC 1.1 test credential signed now by Digital Bazaar's Ed25519Signature2020 suite with a
 * did:key made at test time (support/di-vectors.ts). Laurel verifies Ed25519Signature2020 but signs only
 * eddsa-rdfc-2022: the suite's issuer statements do not apply (docs/conformance.md).
 */
import type { JsonObject } from '@laurel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_ENGINES } from '../support/test-app.js';
import { dataIntegrityVerifyStatements } from './support/di-statements.js';
import { makeVectors, type Vectors } from './support/di-vectors.js';
import { fixture, rejects, startImplementation, type SuiteImplementation } from './support/suite-endpoints.js';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const fromBase58 = (s: string): Uint8Array => {
  let n = 0n;
  for (const c of s) n = n * 58n + BigInt(ALPHABET.indexOf(c));
  const bytes: number[] = [];
  for (; n > 0n; n >>= 8n) bytes.unshift(Number(n & 255n));
  return new Uint8Array([...new Array<number>(s.match(/^1*/)![0].length).fill(0), ...bytes]);
};
const toBase58 = (bytes: Uint8Array): string => {
  let n = bytes.reduce((acc, b) => acc * 256n + BigInt(b), 0n);
  let out = '';
  for (; n > 0n; n /= 58n) out = ALPHABET[Number(n % 58n)] + out;
  return '1'.repeat(bytes.findIndex((b) => b !== 0) === -1 ? bytes.length : bytes.findIndex((b) => b !== 0)) + out;
};

describe.each(CONFORMANCE_ENGINES)('W3C vc-di-ed25519signature2020 suite (%s)', (engine) => {
  let laurel: SuiteImplementation;
  let vectors: Vectors;
  const fail = (credential: JsonObject) => rejects(laurel.verify(credential), 'Expected verifier to reject the credential');

  beforeAll(async () => {
    laurel = await startImplementation(engine);
    // Its `TestCredential` type is defined by no context of the credential: Digital Bazaar's library refuses
    // to sign it (JSON-LD safe mode), as Laurel's verifier would refuse it. The vectors keep VerifiableCredential.
    vectors = await makeVectors('Ed25519Signature2020', { ...fixture('vc-di-ed25519signature2020', 'testVc.json'), type: ['VerifiableCredential'] });
  });
  afterAll(async () => laurel?.close());

  it('(the suite\'s testVc as it is) an undefined type is refused, as Digital Bazaar\'s library refuses to sign it', async () => {
    const res = await laurel.request('POST', '/vc/credentials/issue', { credential: { ...fixture('vc-di-ed25519signature2020', 'testVc.json'), issuer: laurel.issuerDid } });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
  });

  describe('Ed25519Signature2020 (verifier) — tests/20-ed25519-verify.js', () => {
    it('MUST verify a valid VC with an Ed25519Signature2020 proof', async () => {
      const res = await laurel.request('POST', '/vc/credentials/verify', { verifiableCredential: vectors.clone('issuedVc') }, false);
      expect(res.status, JSON.stringify(res.body).slice(0, 600)).toBe(200);
    });
    it('If the "proofValue" field, when decoded to raw bytes, is not 64 bytes in length if the associated public key is 32 bytes in length, or 114 bytes in length if the public key is 57 bytes in length, an error MUST be raised.', async () => {
      const credential = vectors.clone('issuedVc');
      const proof = credential.proof as JsonObject;
      const bytes = fromBase58(String(proof.proofValue).slice(1));
      expect(bytes).toHaveLength(64);
      proof.proofValue = `z${toBase58(new Uint8Array([...bytes, ...crypto.getRandomValues(new Uint8Array(32))]))}`;
      await fail(credential);
    });
    it('If a canonicalization algorithm other than URDNA2015 is used, an error MUST be raised.', async () => {
      await fail(vectors.clone('canonizeJcs'));
    });
    it('If a canonicalization data hashing algorithm SHA-2-256 is used, an error MUST be raised.', async () => {
      // The statement's wording is the suite's; its vector hashes with SHA-512 instead of SHA-256.
      await fail(vectors.clone('digestSha512'));
    });
  });

  describe('Data Integrity (Ed25519Signature2020 verifiers) — checkDataIntegrityProofVerifyErrors', () => {
    it('(vectors) signed by Digital Bazaar\'s library as asked, but an undefined proof type (JSON-LD safe mode refuses to canonize it)', () => {
      expect(vectors.changedAfterSigning).toEqual(['invalidProofType']);
    });
    dataIntegrityVerifyStatements(() => ({ laurel, vectors }), 'Ed25519Signature2020', { cryptosuite: false });
  });
});
