/**
 * The W3C ECDSA cryptosuites suite (w3c/vc-di-ecdsa-test-suite), verifier statements, against Laurel's
 * POST /vc/credentials/verify over HTTP: `tests/15-rdfc-di-verify.js` (ecdsa-rdfc-2019, P-256 and P-384),
 * the same shared statements for ecdsa-jcs-2019, and `tests/45-sd-di-verify.js` (ecdsa-sd-2023 derived
 * proofs), each on the suite's VC 2.0 and VC 1.1 documents (tests/mocks/valid/), signed now by Digital
 * Bazaar's libraries with a did:key made at test time (support/di-vectors.ts). Laurel verifies these
 * suites but signs only eddsa-rdfc-2022: the suite's issuer statements do not apply (docs/conformance.md).
 */
import type { JsonObject } from '@laurel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_ENGINES } from '../support/test-app.js';
import { dataIntegrityVerifyStatements } from './support/di-statements.js';
import { makeVectors, type ProfileName, type Vectors } from './support/di-vectors.js';
import { fixture, startImplementation, type SuiteImplementation } from './support/suite-endpoints.js';

const PROFILES: ProfileName[] = ['ecdsa-rdfc-2019 P-256', 'ecdsa-rdfc-2019 P-384', 'ecdsa-jcs-2019 P-256', 'ecdsa-jcs-2019 P-384', 'ecdsa-sd-2023'];
const VC_VERSIONS = ['vc2.0', 'vc1.1'] as const;
/** What the library would not sign as asked (support/di-vectors.ts), per profile: said in docs/conformance.md. */
const CHANGED_AFTER_SIGNING: Record<ProfileName, string[]> = {
  'ecdsa-rdfc-2019 P-256': ['invalidProofType'],
  'ecdsa-rdfc-2019 P-384': ['invalidProofType'],
  'ecdsa-jcs-2019 P-256': [],
  'ecdsa-jcs-2019 P-384': [],
  'ecdsa-sd-2023': ['invalidProofType', 'invalidCryptosuite', 'noProofPurpose', 'invalidProofPurpose'],
  'eddsa-rdfc-2022': [],
  'eddsa-jcs-2022': [],
  Ed25519Signature2020: [],
};

describe.each(CONFORMANCE_ENGINES)('W3C vc-di-ecdsa suite (%s)', (engine) => {
  let laurel: SuiteImplementation;
  const vectors = new Map<string, Vectors>();

  beforeAll(async () => {
    laurel = await startImplementation(engine);
    for (const profile of PROFILES) {
      for (const version of VC_VERSIONS) vectors.set(`${profile} ${version}`, await makeVectors(profile, fixture('vc-di-ecdsa', `${version}/document.json`) as JsonObject));
    }
  });
  afterAll(async () => laurel?.close());

  for (const profile of PROFILES) {
    for (const version of VC_VERSIONS) {
      describe(`Data Integrity (${profile} verifiers) VC ${version} — checkDataIntegrityProofVerifyErrors`, () => {
        it('(vectors) signed by Digital Bazaar\'s library as asked, but those listed in docs/conformance.md', () => {
          expect(vectors.get(`${profile} ${version}`)!.changedAfterSigning).toEqual(CHANGED_AFTER_SIGNING[profile]);
        });
        dataIntegrityVerifyStatements(() => ({ laurel, vectors: vectors.get(`${profile} ${version}`)! }), 'DataIntegrityProof');
      });
    }
  }
});
