import jsigs from 'jsonld-signatures';
import type { JsonObject } from '../../contexts/bundled.js';
import type { DocumentLoader } from '../../contexts/document-loader.js';
import type { DataIntegritySigner } from '../../keys/ed25519.js';
import { base58btc } from './base58.js';
import { ProofHashCache } from './proof-hash-cache.js';
import { sha256 } from './rdfc.js';
import type { PreparedDocument } from './jsonld-cache.js';
import type { Canonize } from './suite.js';

const VC_2_0_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
const DATA_INTEGRITY_CONTEXT_V2 = 'https://w3id.org/security/data-integrity/v2';


/** The eddsa-rdfc-2022 proof configuration DataIntegrityProof + AssertionProofPurpose build, in their key order. */
export interface ProofConfig {
  type: 'DataIntegrityProof';
  created: string;
  verificationMethod: string;
  cryptosuite: 'eddsa-rdfc-2022';
  proofPurpose: 'assertionMethod';
}

function includes(context: unknown, url: string): boolean {
  return context === url || (Array.isArray(context) && context.includes(url));
}

/**
 * True when jsonld-signatures + DataIntegrityProof would sign `document` with `signer` without
 * touching it: its `@context` already holds the suite context (so none is added to the document
 * or the proof configuration) and the signer is an Ed25519 signer with a verification method id.
 */
export function signsDirectly(document: JsonObject, signer: DataIntegritySigner): boolean {
  const context = document['@context'];
  return (
    (includes(context, VC_2_0_CONTEXT) || includes(context, DATA_INTEGRITY_CONTEXT_V2)) &&
    document.proof === undefined &&
    signer.algorithm === 'Ed25519' &&
    typeof signer.id === 'string' &&
    typeof signer.sign === 'function'
  );
}

const proofHashes = new ProofHashCache();

async function canonicalDocument(document: JsonObject, documentLoader: DocumentLoader, options: { canonize: Canonize; prepared?: PreparedDocument | undefined }): Promise<string> {
  const nquads = await options.prepared?.canonical(documentLoader);
  return nquads ?? options.canonize(document, { documentLoader, base: null, safe: true });
}

/**
 * The eddsa-rdfc-2022 proof of `document` exactly as `jsigs.sign` with `DataIntegrityProof`
 * (date `created`) and `AssertionProofPurpose` makes it, for documents {@link signsDirectly}
 * accepts: SHA-256 of the canonical proof configuration (with the document's `@context`) and of
 * the canonical document, concatenated, signed, and encoded as multibase base58btc. The same
 * `canonize` and the same context loader (jsonld-signatures' contexts first) as that path.
 */
export async function createEddsaRdfc2022Proof(
  document: JsonObject,
  options: {
    signer: DataIntegritySigner;
    created: string;
    documentLoader: DocumentLoader;
    canonize: Canonize;
    /** The document's template match from the terms check, if any (saves a second look-up). */
    prepared?: PreparedDocument | undefined;
  },
): Promise<ProofConfig & { proofValue: string }> {
  const documentLoader = jsigs.extendContextLoader(options.documentLoader) as unknown as DocumentLoader;
  const config: ProofConfig = {
    type: 'DataIntegrityProof',
    created: options.created,
    verificationMethod: options.signer.id,
    cryptosuite: 'eddsa-rdfc-2022',
    proofPurpose: 'assertionMethod',
  };
  const withContext = { '@context': document['@context'], ...config };
  const [proofHash, documentHash] = await Promise.all([
    proofHashes.get(withContext, documentLoader, async () => sha256(await options.canonize(withContext, { documentLoader, safe: true, base: null, skipExpansion: false }))),
    canonicalDocument(document, documentLoader, options).then(sha256),
  ]);
  const data = new Uint8Array(64);
  data.set(proofHash, 0);
  data.set(documentHash, 32);
  const signature = await options.signer.sign({ data });
  return { ...config, proofValue: `z${base58btc(signature)}` };
}
