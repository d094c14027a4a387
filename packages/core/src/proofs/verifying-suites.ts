import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { createVerifyCryptosuite as ecdsaJcs2019 } from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import { createVerifyCryptosuite as ecdsaSd2023 } from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import { Ed25519Signature2018 } from '@digitalbazaar/ed25519-signature-2018';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { createVerifyCryptosuite as eddsaJcs2022 } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import type { JsonObject } from '../contexts/bundled.js';
import type { DocumentLoader } from '../contexts/document-loader.js';
import type { KeyCurve } from '../keys/verification-key.js';
import { EDDSA_RDFC_2022 } from './data-integrity.js';
import { fastEddsaRdfc2022 } from './fast/suite.js';

export const DATA_INTEGRITY_PROOF = 'DataIntegrityProof';
export const EDDSA_JCS_2022 = 'eddsa-jcs-2022';
export const ECDSA_RDFC_2019 = 'ecdsa-rdfc-2019';
export const ECDSA_JCS_2019 = 'ecdsa-jcs-2019';
export const ECDSA_SD_2023 = 'ecdsa-sd-2023';
export const ED25519_SIGNATURE_2020 = 'Ed25519Signature2020';
export const ED25519_SIGNATURE_2018 = 'Ed25519Signature2018';

const ED25519_2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';

export interface SuiteVerifyInput {
  /**
   * The document the proof signed: the secured document without `proof`, or — for a proof of a
   * chain — with `proof` set to the proofs its `previousProof` names.
   */
  document: JsonObject;
  proof: JsonObject;
  /** The key as a Multikey verification method (id, controller, publicKeyMultibase), from the issuer's document. */
  method: JsonObject;
  documentLoader: DocumentLoader;
}

export interface SuiteVerifyResult {
  verified: boolean;
  error?: string | undefined;
}

/** A way to verify one kind of embedded proof. */
export interface VerifyingSuite {
  /** The spec's name: a Data Integrity cryptosuite, or the proof type of a pre-Data-Integrity suite. */
  readonly name: string;
  /** `proof.type` it reads: `DataIntegrityProof` (then `proof.cryptosuite` is `name`), or `name` itself. */
  readonly proofType: string;
  /** Curves of the keys it verifies with; any other key is refused before any signature work. */
  readonly curves: readonly KeyCurve[];
  verify(input: SuiteVerifyInput): Promise<SuiteVerifyResult>;
}

interface LibrarySuite {
  verifyProof(options: { proof: JsonObject; document: JsonObject; purpose: unknown; proofSet: JsonObject[]; documentLoader: DocumentLoader }): Promise<{ verified: boolean; error?: unknown }>;
}

function message(error: unknown): string {
  if (Array.isArray(error)) return error.map(message).join('; ');
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs the library suite on exactly this document and proof — as jsonld-signatures' proof set
 * does for each proof, but with the document of the proof chain algorithm — the key served from
 * `method` (the issuer's document) rather than dereferenced.
 */
async function runSuite(suite: LibrarySuite, input: SuiteVerifyInput, withDocumentContext: boolean): Promise<SuiteVerifyResult> {
  const named = typeof input.proof.verificationMethod === 'string' ? input.proof.verificationMethod : (input.proof.verificationMethod as JsonObject | undefined)?.id;
  const method = input.method;
  const documentLoader: DocumentLoader = async (url) =>
    url === named ? { contextUrl: null, documentUrl: url, document: structuredClone(method) } : input.documentLoader(url);
  // A shallow copy, as jsonld-signatures' own verify() gives its suites: they read the document, never write it.
  const document = { ...input.document };
  // Like jsonld-signatures: RDFC proofs are read in the document's context; JCS proofs exactly as given.
  const proof = withDocumentContext ? { '@context': document['@context'], ...structuredClone(input.proof) } : sameContextEntries(structuredClone(input.proof), document);
  try {
    const purpose = new jsigs.purposes.ProofPurpose({ term: 'assertionMethod' });
    const result = await suite.verifyProof({ proof, document, purpose, proofSet: [], documentLoader });
    return result.verified ? { verified: true } : { verified: false, error: message(result.error ?? 'invalid signature') };
  } catch (error) {
    return { verified: false, error: message(error) };
  }
}

/**
 * JCS proofs carry the document's `@context`, which must start the document's own (VC DI ECDSA / EdDSA,
 * "starts with all values … in the same order"). The libraries compare entries with `!==`, which holds
 * for an inline context object only when both are one object in memory, never after JSON: an entry
 * equal in value is given as the document's own entry, so the comparison is by value.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson((a as JsonObject)[k], (b as JsonObject)[k]));
}

function sameContextEntries(proof: JsonObject, document: JsonObject): JsonObject {
  const own = document['@context'];
  if (!Array.isArray(proof['@context']) || !Array.isArray(own)) return proof;
  return { ...proof, '@context': proof['@context'].map((entry: unknown, i) => (typeof entry === 'object' && entry !== null && sameJson(entry, own[i]) ? own[i] : entry)) };
}

function dataIntegritySuite(name: string, curves: readonly KeyCurve[], cryptosuite: () => unknown): VerifyingSuite {
  const jcs = name.includes('-jcs-');
  return {
    name,
    proofType: DATA_INTEGRITY_PROOF,
    curves,
    verify: (input) => runSuite(new DataIntegrityProof({ cryptosuite: cryptosuite() }) as unknown as LibrarySuite, input, !jcs),
  };
}

const ECDSA_CURVES = ['P-256', 'P-384'] as const;

/** The verifiers Laurel ships, by the spec's own names. */
export const VERIFYING_SUITES: readonly VerifyingSuite[] = [
  // eddsa-rdfc-2022 with JSON-LD work cached per document shape (output identical to the reference).
  dataIntegritySuite(EDDSA_RDFC_2022, ['Ed25519'], () => fastEddsaRdfc2022()),
  dataIntegritySuite(EDDSA_JCS_2022, ['Ed25519'], () => eddsaJcs2022()),
  dataIntegritySuite(ECDSA_RDFC_2019, ECDSA_CURVES, () => ecdsaRdfc2019),
  dataIntegritySuite(ECDSA_JCS_2019, ECDSA_CURVES, () => ecdsaJcs2019()),
  // Derived (disclosed) proofs only: a base proof is the holder's, and the library refuses it.
  dataIntegritySuite(ECDSA_SD_2023, ECDSA_CURVES, () => ecdsaSd2023()),
  {
    name: ED25519_SIGNATURE_2020,
    proofType: ED25519_SIGNATURE_2020,
    curves: ['Ed25519'],
    verify: (input) => runSuite(new Ed25519Signature2020() as unknown as LibrarySuite, input, true),
  },
  {
    name: ED25519_SIGNATURE_2018,
    proofType: ED25519_SIGNATURE_2018,
    curves: ['Ed25519'],
    // The 2018 suite reads an Ed25519VerificationKey2020 (and converts it) or a 2018 key with publicKeyBase58.
    verify: (input) =>
      runSuite(
        new Ed25519Signature2018() as unknown as LibrarySuite,
        { ...input, method: { ...input.method, '@context': ED25519_2020_CONTEXT, type: 'Ed25519VerificationKey2020' } },
        true,
      ),
  },
];

export interface VerifyingSuiteRegistry {
  names(): string[];
  /** The suite for this proof (by `type`, and `cryptosuite` for a DataIntegrityProof), if any. */
  forProof(proof: JsonObject): VerifyingSuite | undefined;
}

/** A registry of verifying suites keyed by their spec names; duplicate names are rejected at construction. */
export function createVerifyingSuiteRegistry(suites: readonly VerifyingSuite[] = VERIFYING_SUITES): VerifyingSuiteRegistry {
  const byName = new Map<string, VerifyingSuite>();
  for (const suite of suites) {
    if (byName.has(suite.name)) throw new TypeError(`Duplicate verifying suite: ${suite.name}`);
    if (suite.proofType !== DATA_INTEGRITY_PROOF && suite.proofType !== suite.name) throw new TypeError(`Suite ${suite.name} must be a cryptosuite or its own proof type`);
    byName.set(suite.name, suite);
  }
  return {
    names: () => [...byName.keys()],
    forProof(proof) {
      if (proof.type === DATA_INTEGRITY_PROOF) {
        const suite = typeof proof.cryptosuite === 'string' ? byName.get(proof.cryptosuite) : undefined;
        return suite?.proofType === DATA_INTEGRITY_PROOF ? suite : undefined;
      }
      const suite = typeof proof.type === 'string' ? byName.get(proof.type) : undefined;
      return suite && suite.proofType === proof.type && proof.cryptosuite === undefined ? suite : undefined;
    },
  };
}

/** `type` or `type/cryptosuite` of a proof, for messages. */
export function proofKind(proof: JsonObject): string {
  return [proof.type, proof.cryptosuite].filter((v) => typeof v === 'string' && v.length > 0).join('/') || 'untyped';
}
