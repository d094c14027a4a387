import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import jsigs from 'jsonld-signatures';
import type { JsonObject } from '../contexts/bundled.js';
import type { DocumentLoader } from '../contexts/document-loader.js';
import type { DataIntegritySigner } from '../keys/ed25519.js';
import { assertTermsDefinedPrepared, type TermsCheck } from './defined-terms.js';
import type { PreparedDocument } from './fast/jsonld-cache.js';
import { SigningError } from './errors.js';
import { createEddsaRdfc2022Proof, signsDirectly } from './fast/sign-proof.js';
import { fastCanonize, fastEddsaRdfc2022 } from './fast/suite.js';

/** eddsa-rdfc-2022 with JSON-LD work cached per document shape; output identical to the reference. */
const eddsaRdfc2022 = fastEddsaRdfc2022();
const canonize = fastCanonize();

export const EDDSA_RDFC_2022 = 'eddsa-rdfc-2022';

/**
 * A proof whose verificationMethod is a bare DID (`did:key:z6Mk…`, no fragment) dereferences to
 * the DID document; use its (single) assertion method, as did:key verifiers do.
 */
class VerifyingDataIntegrityProof extends DataIntegrityProof {
  override async getVerificationMethod(options: { proof: JsonObject; documentLoader: DocumentLoader }): Promise<JsonObject> {
    const document = await super.getVerificationMethod(options);
    if (typeof document.publicKeyMultibase === 'string' || !Array.isArray(document.verificationMethod)) return document;
    const assertion = (Array.isArray(document.assertionMethod) ? document.assertionMethod : []).map((m) => (typeof m === 'string' ? m : (m as JsonObject).id));
    const methods = (document.verificationMethod as JsonObject[]).filter((m) => assertion.includes(m.id));
    return methods.length === 1 ? { '@context': document['@context'], ...methods[0] } : document;
  }
}

export interface DataIntegritySignOptions {
  signer: DataIntegritySigner;
  documentLoader: DocumentLoader;
  /** Replaces the JSON-LD safe-mode expansion check (e.g. with one that caches per achievement). */
  checkTerms?: TermsCheck | undefined;
  /** `proof.created`. */
  now: () => Date;
}

function w3cDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function proofsOf(document: JsonObject): JsonObject[] {
  const proof = document.proof;
  if (proof === undefined) return [];
  return (Array.isArray(proof) ? proof : [proof]) as JsonObject[];
}

/**
 * Adds a `DataIntegrityProof` (cryptosuite eddsa-rdfc-2022, proofPurpose assertionMethod) to a
 * copy of `credential`; existing proofs are kept and `proof` is always an array. Throws
 * `SigningError('undefined-terms')` when a term is not defined by the credential's contexts.
 */
export async function signDataIntegrity(credential: JsonObject, options: DataIntegritySignOptions): Promise<JsonObject> {
  // A shallow copy: the terms check and the direct path only read it (jsonld-signatures gets a deep copy).
  const { proof: _existing, ...unsigned } = credential;
  // The default check also keeps the document's template match for its canonicalisation below.
  let prepared: PreparedDocument | undefined;
  if (options.checkTerms) await options.checkTerms(unsigned, options.documentLoader);
  else prepared = await assertTermsDefinedPrepared(unsigned, options.documentLoader);
  const created = w3cDate(options.now());
  let proof: JsonObject;
  try {
    proof = signsDirectly(unsigned, options.signer)
      ? { ...(await createEddsaRdfc2022Proof(unsigned, { signer: options.signer, created, documentLoader: options.documentLoader, canonize, prepared })) }
      : await signWithJsigs(structuredClone(unsigned), options.signer, created, options.documentLoader);
  } catch (cause) {
    throw new SigningError('signing-failed', 'Data Integrity signing failed', { cause });
  }
  return { ...structuredClone(credential), proof: [...proofsOf(credential), proof] };
}

/** The reference path (jsonld-signatures), for documents the direct path does not take (e.g. the suite context to add). */
async function signWithJsigs(unsigned: JsonObject, signer: DataIntegritySigner, created: string, documentLoader: DocumentLoader): Promise<JsonObject> {
  const suite = new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022, date: created });
  const signed = await jsigs.sign(unsigned, { suite, purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader });
  const proofs = proofsOf(signed);
  if (proofs.length !== 1) throw new Error('jsonld-signatures returned no single proof');
  return proofs[0]!;
}

export interface DataIntegrityProofResult {
  proof: JsonObject;
  verified: boolean;
  verificationMethod?: JsonObject | undefined;
  error?: string | undefined;
}

function message(error: unknown): string {
  if (Array.isArray(error)) return error.map(message).join('; ');
  return error instanceof Error ? error.message : String(error);
}

export interface VerifyProofOptions {
  /**
   * The verification method to check the signature with (as the issuer's own document describes
   * it), instead of dereferencing the proof's `verificationMethod` through the loader.
   */
  verificationMethod?: JsonObject | undefined;
  /**
   * Only check the signature (and proofPurpose assertionMethod): the caller binds the key to the
   * issuer itself. Default: jsonld-signatures' AssertionProofPurpose, which asks the method's
   * declared `controller` document whether it lists the method under assertionMethod.
   */
  signatureOnly?: boolean | undefined;
  /** With `signatureOnly`: the proofPurpose the proof must carry (default assertionMethod; `authentication` for presentations). */
  purpose?: 'assertionMethod' | 'authentication' | undefined;
}

/**
 * Verifies one eddsa-rdfc-2022 proof of `credential` (the other proofs are removed before
 * canonicalisation, as for a proof set). Never throws.
 */
export async function verifyDataIntegrityProof(
  credential: JsonObject,
  proof: JsonObject,
  documentLoader: DocumentLoader,
  options: VerifyProofOptions = {},
): Promise<DataIntegrityProofResult> {
  try {
    const suite = new VerifyingDataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    const method = options.verificationMethod;
    const named = typeof proof.verificationMethod === 'string' ? proof.verificationMethod : (proof.verificationMethod as JsonObject | undefined)?.id;
    const loader: DocumentLoader = method
      ? async (url) => (url === named ? { contextUrl: null, documentUrl: url, document: structuredClone(method) } : documentLoader(url))
      : documentLoader;
    const purpose = options.signatureOnly ? new jsigs.purposes.ProofPurpose({ term: options.purpose ?? 'assertionMethod' }) : new jsigs.purposes.AssertionProofPurpose();
    const result = await jsigs.verify({ ...credential, proof }, { suite, purpose, documentLoader: loader });
    const first = result.results?.[0];
    const error = result.verified ? undefined : message(first?.error ?? result.error);
    return { proof, verified: result.verified, verificationMethod: first?.verificationMethod, error };
  } catch (error) {
    return { proof, verified: false, error: message(error) };
  }
}
