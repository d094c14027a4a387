/**
 * The W3C EdDSA cryptosuites suite (w3c/vc-di-eddsa-test-suite), statement by statement, against
 * Laurel's VC-API over HTTP. Issuer statements for what Laurel signs (eddsa-rdfc-2022:
 * `tests/05-di-rdfc-create.js` → the shared `checkDataIntegrityProofFormat`, and the suite's own data model
 * and algorithm statements, `tests/suites/data-model.js`, `tests/suites/algorithms.js`); verifier statements
 * for eddsa-rdfc-2022 and eddsa-jcs-2022 (`tests/15-di-rdfc-verify.js`, `tests/45-di-jcs-verify.js` → the
 * shared `checkDataIntegrityProofVerifyErrors`), on vectors signed now by Digital Bazaar's libraries with
 * a did:key of the suite's own (support/di-vectors.ts). docs/conformance.md has the table.
 */
import type { JsonObject } from '@laurel/core';
import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_ENGINES } from '../support/test-app.js';
import { dataIntegrityVerifyStatements, DATE_TIME_STAMP } from './support/di-statements.js';
import { makeVectors, type Vectors } from './support/di-vectors.js';
import { fixture, startImplementation, suiteLoader, type SuiteImplementation } from './support/suite-endpoints.js';

const BASE58 = /^[123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz]+$/;
const validVc = () => fixture('vc-di-eddsa', 'validVc.json');
/** `jsonld.expand` with the bundled contexts only (the suites expand with their own loader). */
const expand = (doc: JsonObject) => (jsonld as unknown as { expand(d: unknown, o: unknown): Promise<JsonObject[]> }).expand(doc, { documentLoader: suiteLoader() });

describe.each(CONFORMANCE_ENGINES)('W3C vc-di-eddsa suite (%s)', (engine) => {
  let laurel: SuiteImplementation;
  let issued: JsonObject;
  let proofs: JsonObject[];
  let rdfc: Vectors;
  let jcs: Vectors;

  beforeAll(async () => {
    laurel = await startImplementation(engine);
    // The suites' createInitialVc: their validVc with a fresh urn:uuid id and the implementation's issuer id.
    issued = await laurel.issue({ ...validVc(), id: `urn:uuid:${crypto.randomUUID()}`, issuer: laurel.issuerDid });
    proofs = Array.isArray(issued.proof) ? (issued.proof as JsonObject[]) : [issued.proof as JsonObject];
    [rdfc, jcs] = await Promise.all([makeVectors('eddsa-rdfc-2022', validVc()), makeVectors('eddsa-jcs-2022', validVc())]);
  });
  afterAll(async () => laurel?.close());

  describe('Data Integrity (eddsa-rdfc-2022 issuers) — checkDataIntegrityProofFormat', () => {
    it('When expressing a data integrity proof on an object, a proof property MUST be used.', () => {
      expect(issued).toHaveProperty('proof');
    });
    it('If present (proof), its value MUST be either a single object, or an unordered set of objects', () => {
      for (const proof of proofs) expect(typeof proof === 'object' && proof !== null && !Array.isArray(proof)).toBe(true);
    });
    it('("proof.id") An optional identifier for the proof, which MUST be a URL.', () => {
      for (const proof of proofs) if (proof.id !== undefined) expect(() => new URL(String(proof.id))).not.toThrow();
    });
    it('The specific proof type used for the cryptographic proof MUST be specified as a string that maps to a URL.', async () => {
      for (const proof of proofs) {
        expect(typeof proof.type).toBe('string');
        const [expanded] = await expand({ '@context': issued['@context'], type: proof.type });
        for (const type of expanded!['@type'] as string[]) expect(() => new URL(type)).not.toThrow();
      }
    });
    it('"proof.type" field MUST be "DataIntegrityProof" and the associated document MUST include expected contexts.', () => {
      for (const proof of proofs) expect(proof.type).toBe('DataIntegrityProof');
      const contexts = issued['@context'] as string[];
      expect(contexts.includes('https://www.w3.org/ns/credentials/v2') || contexts.includes('https://w3id.org/security/data-integrity/v2')).toBe(true);
    });
    it('If the proof type is DataIntegrityProof, cryptosuite MUST be specified; otherwise, cryptosuite MAY be specified. If specified, its value MUST be a string.', () => {
      for (const proof of proofs) expect(typeof proof.cryptosuite).toBe('string');
    });
    it('if "proof.created" field exists, it MUST be a valid XMLSCHEMA-11 dateTimeStamp value.', () => {
      for (const proof of proofs) if (proof.created !== undefined) expect(String(proof.created)).toMatch(DATE_TIME_STAMP);
    });
    it('if "proof.expires" field exists, it MUST be a valid XMLSCHEMA-11 dateTimeStamp value.', () => {
      for (const proof of proofs) if (proof.expires !== undefined) expect(String(proof.expires)).toMatch(DATE_TIME_STAMP);
    });
    it('A verification method is the means and information needed to verify the proof. If included, the value MUST be a string that maps to a [URL]', async () => {
      for (const proof of proofs) {
        const [expanded] = await expand({ '@context': issued['@context'], ...proof });
        const vm = expanded!['https://w3id.org/security#verificationMethod'] as Array<{ '@id': string }>;
        expect(() => new URL(vm[0]!['@id'])).not.toThrow();
      }
    });
    it('The reason the proof was created ("proof.proofPurpose") MUST be specified as a string that maps to a URL', async () => {
      for (const proof of proofs) {
        expect(typeof proof.proofPurpose).toBe('string');
        const [expanded] = await expand({ '@context': issued['@context'], ...proof });
        const purpose = expanded!['https://w3id.org/security#proofPurpose'] as Array<{ '@id': string }>;
        expect(() => new URL(purpose[0]!['@id'])).not.toThrow();
      }
    });
    it('"proof.proofValue" field MUST exist and be a string.', () => {
      for (const proof of proofs) expect(typeof proof.proofValue).toBe('string');
    });
    it('The contents of the value ("proof.proofValue") MUST be expressed with a header and encoding as described in Section 2.4 Multibase.', () => {
      for (const proof of proofs) {
        expect(String(proof.proofValue)[0]).toBe('z');
        expect(String(proof.proofValue).slice(1)).toMatch(BASE58);
      }
    });
    it('The domain property is OPTIONAL. It conveys one or more security domains in which the proof is meant to be used. If specified, the associated value MUST be either a string, or an unordered set of strings. A verifier SHOULD use the value to ensure that the proof was intended to be used in the security domain in which the verifier is operating.', () => {
      for (const proof of proofs) if (proof.domain !== undefined) expect([proof.domain].flat().every((d) => typeof d === 'string')).toBe(true);
    });
    it('if "proof.challenge" field exists, it MUST be a string.', () => {
      for (const proof of proofs) if (proof.challenge !== undefined) expect(typeof proof.challenge).toBe('string');
    });
    it('if "proof.previousProof" field exists, it MUST be a string.', () => {
      for (const proof of proofs) if (proof.previousProof !== undefined) expect(typeof proof.previousProof).toBe('string');
    });
    it('if "proof.nonce" field exists, it MUST be a string.', () => {
      for (const proof of proofs) if (proof.nonce !== undefined) expect(typeof proof.nonce).toBe('string');
    });
    it('The value of the cryptosuite property MUST be a string that identifies the cryptographic suite.', () => {
      expect(proofs.some((p) => p.cryptosuite === 'eddsa-rdfc-2022')).toBe(true);
    });
    it('The value of the cryptosuite property MUST be a string that identifies the cryptographic suite. If the processing environment supports subtypes of string, the type of the cryptosuite value MUST be the https://w3id.org/security#cryptosuiteString subtype of string.', async () => {
      for (const { cryptosuite, type } of proofs) {
        const [expanded] = await expand({ '@context': issued['@context'], cryptosuite, type });
        const values = expanded!['https://w3id.org/security#cryptosuite'] as Array<{ '@type': string; '@value': string }>;
        expect(values.some((s) => s['@type'] === 'https://w3id.org/security#cryptosuiteString' && s['@value'] === 'eddsa-rdfc-2022')).toBe(true);
      }
    });
  });

  describe('eddsa-rdfc-2022 - Data Model - Verification Methods (Multikey)', () => {
    /** The suites dereference each proof's verification method: Laurel's is in the issuer's DID document, served over HTTP. */
    const verificationMethods = async () => {
      const doc = (await laurel.request('GET', `/issuers/${laurel.issuerId}/did.json`, undefined, false)).body;
      return proofs.map((proof) => {
        const method = (doc.verificationMethod as JsonObject[]).find((m) => m.id === proof.verificationMethod);
        expect(method, `${String(proof.verificationMethod)} in ${JSON.stringify(doc).slice(0, 300)}`).toBeDefined();
        return method!;
      });
    };
    it('The publicKeyMultibase value of the verification method MUST start with the base-58-btc prefix (z), as defined in the Multibase section of Controller Documents 1.0.', async () => {
      for (const method of await verificationMethods()) expect(String(method.publicKeyMultibase)).toMatch(/^z/);
    });
    it('Any other encoding MUST NOT be allowed.', async () => {
      for (const method of await verificationMethods()) expect(String(method.publicKeyMultibase).slice(1)).toMatch(BASE58);
    });
  });

  describe('eddsa-rdfc-2022 - Data Model - Proof Representations (DataIntegrityProof)', () => {
    it('The type property MUST be DataIntegrityProof.', () => {
      for (const proof of proofs) expect(proof.type).toBe('DataIntegrityProof');
    });
    it('The cryptosuite property of the proof MUST be eddsa-rdfc-2022 or eddsa-jcs-2022.', () => {
      for (const proof of proofs) expect(['eddsa-rdfc-2022', 'eddsa-jcs-2022']).toContain(proof.cryptosuite);
    });
    it('The proofValue property of the proof MUST be a detached EdDSA signature produced according to [RFC8032], encoded using the base-58-btc header and alphabet as described in the Multibase section of Controller Documents 1.0.', () => {
      for (const proof of proofs) {
        expect(String(proof.proofValue)).toMatch(/^z/);
        expect(base58Length(String(proof.proofValue).slice(1))).toBe(64);
      }
    });
  });

  describe('eddsa-rdfc-2022 - Algorithms (Transformation, Proof Configuration, Proof Serialization)', () => {
    it('The transformation options MUST contain a type identifier for the cryptographic suite (type) and a cryptosuite identifier (cryptosuite).', () => {
      for (const proof of proofs) expect(proof).toMatchObject({ type: expect.any(String), cryptosuite: expect.any(String) });
    });
    it('Whenever this algorithm encodes strings, it MUST use UTF-8 encoding.', () => {
      for (const proof of proofs) expect(Buffer.from(String(proof.proofValue), 'utf8').toString('utf8')).toBe(proof.proofValue);
    });
    it('If options.type is not set to the string DataIntegrityProof and options.cryptosuite is not set to the string eddsa-rdfc-2022, an error MUST be raised that SHOULD convey an error type of PROOF_TRANSFORMATION_ERROR.', () => {
      for (const proof of proofs) expect(proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });
    });
    it('The proof options MUST contain a type identifier for the cryptographic suite (type) and MUST contain a cryptosuite identifier (cryptosuite).', () => {
      for (const proof of proofs) expect(proof).toMatchObject({ type: expect.any(String), cryptosuite: expect.any(String) });
    });
    it('If proofConfig.type is not set to DataIntegrityProof and/or proofConfig.cryptosuite is not set to eddsa-rdfc-2022, an error MUST be raised and SHOULD convey an error type of PROOF_GENERATION_ERROR.', () => {
      for (const proof of proofs) expect(proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });
    });
    it('If proofConfig.created is present and set to a value that is not a valid [XMLSCHEMA11-2] datetime, an error MUST be raised and SHOULD convey an error type of PROOF_GENERATION_ERROR.', () => {
      for (const proof of proofs) if (proof.created !== undefined) expect(String(proof.created)).toMatch(DATE_TIME_STAMP);
    });
    it('The proof options MUST contain a type identifier for the cryptographic suite (type) and MAY contain a cryptosuite identifier (cryptosuite).', () => {
      for (const proof of proofs) expect(typeof proof.type).toBe('string');
    });
  });

  describe('Data Integrity (eddsa-rdfc-2022 verifiers) — checkDataIntegrityProofVerifyErrors', () => {
    it('(vectors) every vector is signed by Digital Bazaar\'s library as asked, but an undefined proof type (JSON-LD safe mode refuses to canonize it)', () => {
      expect(rdfc.changedAfterSigning).toEqual(['invalidProofType']);
      expect(jcs.changedAfterSigning).toEqual([]);
    });
    dataIntegrityVerifyStatements(() => ({ laurel, vectors: rdfc }), 'DataIntegrityProof');
  });
  describe('Data Integrity (eddsa-jcs-2022 verifiers) — checkDataIntegrityProofVerifyErrors', () => {
    dataIntegrityVerifyStatements(() => ({ laurel, vectors: jcs }), 'DataIntegrityProof');
  });
});

/** Bytes in a base58btc string. */
function base58Length(s: string): number {
  const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let n = 0n;
  for (const c of s) n = n * 58n + BigInt(ALPHABET.indexOf(c));
  let bytes = 0;
  while (n > 0n) {
    n >>= 8n;
    bytes += 1;
  }
  return bytes + (s.match(/^1*/)![0].length);
}
