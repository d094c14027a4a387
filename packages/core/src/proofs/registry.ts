import type { JsonObject } from '../contexts/bundled.js';
import type { DocumentLoader } from '../contexts/document-loader.js';
import type { DataIntegritySigner } from '../keys/ed25519.js';
import { EDDSA_RDFC_2022, signDataIntegrity } from './data-integrity.js';
import type { JwsSigner } from './jws-signer.js';
import type { TermsCheck } from './defined-terms.js';
import { SigningError } from './errors.js';
import { OB2_JWS, signOb2Assertion } from './ob2-jws.js';
import { VC_JWT, signVcJwt, type VcJwtAlgorithm } from './vc-jwt.js';

export const PROOF_SUITE_NAMES = [EDDSA_RDFC_2022, VC_JWT, OB2_JWS] as const;
export type ProofSuiteName = (typeof PROOF_SUITE_NAMES)[number];

/** Key objects imported once per issuer key (see `createEd25519Signer`, `importRsaPrivateKey`). */
export interface SigningKeys {
  /** Ed25519 signer bound to its verification method id. */
  dataIntegrity?: DataIntegritySigner | undefined;
  /** RS256 key: `kid` for VC-JWT, `creator` (CryptographicKey URL) for OB 2.0. */
  rsa?: { privateKey: unknown; kid: string; creator?: string | undefined } | undefined;
  /** The VC-JWT key when it is not the RSA key (e.g. EdDSA under a did:key issuer). */
  vcJwt?: { alg: VcJwtAlgorithm; privateKey: unknown; kid: string } | undefined;
  /**
   * The primitive the JWS keys above (`rsa`, `vcJwt`) were imported for: the host that imports them
   * says how they sign (e.g. node:crypto `KeyObject`s, signed synchronously). Default WebCrypto (`CryptoKey`s).
   */
  jwsSigner?: JwsSigner | undefined;
}

export interface SignContext {
  keys: SigningKeys;
  documentLoader: DocumentLoader;
  now: () => Date;
  /** Hook for a cached terms check (processed contexts per achievement); default: safe-mode expansion. */
  checkTerms?: TermsCheck | undefined;
}

/** What a suite produces: an embedded proof (the document with `proof`) or a compact JWS. */
export type SignedForm = { kind: 'embedded'; document: JsonObject } | { kind: 'compact-jws'; jws: string };

export interface ProofSuite {
  readonly name: ProofSuiteName;
  sign(document: JsonObject, context: SignContext): Promise<SignedForm>;
}

function need<T>(value: T | undefined, suite: string, what: string): T {
  if (value === undefined) throw new SigningError('missing-key', `${suite} needs ${what}`);
  return value;
}

export const eddsaRdfc2022Suite: ProofSuite = {
  name: EDDSA_RDFC_2022,
  async sign(document, context) {
    const signer = need(context.keys.dataIntegrity, EDDSA_RDFC_2022, 'an Ed25519 signer');
    const signed = await signDataIntegrity(document, { signer, documentLoader: context.documentLoader, now: context.now, checkTerms: context.checkTerms });
    return { kind: 'embedded', document: signed };
  },
};

export const vcJwtSuite: ProofSuite = {
  name: VC_JWT,
  async sign(document, context) {
    const key = context.keys.vcJwt ?? { alg: 'RS256' as const, ...need(context.keys.rsa, VC_JWT, 'an RSA or a VC-JWT key') };
    const jws = await signVcJwt(document, { alg: key.alg, privateKey: key.privateKey, kid: key.kid, signer: context.keys.jwsSigner, documentLoader: context.documentLoader, checkTerms: context.checkTerms });
    return { kind: 'compact-jws', jws };
  },
};

export const ob2JwsSuite: ProofSuite = {
  name: OB2_JWS,
  async sign(document, context) {
    const rsa = need(context.keys.rsa, OB2_JWS, 'an RSA key');
    const creator = need(rsa.creator, OB2_JWS, 'the CryptographicKey URL (rsa.creator)');
    const jws = await signOb2Assertion(document, { privateKey: rsa.privateKey, creator, signer: context.keys.jwsSigner, documentLoader: context.documentLoader, checkTerms: context.checkTerms });
    return { kind: 'compact-jws', jws };
  },
};

export interface ProofRegistry {
  names(): ProofSuiteName[];
  get(name: string): ProofSuite;
  sign(name: string, document: JsonObject, context: SignContext): Promise<SignedForm>;
}

/** A registry of proof suites keyed by their spec names; duplicate names are rejected at construction. */
export function createProofRegistry(suites: readonly ProofSuite[] = [eddsaRdfc2022Suite, vcJwtSuite, ob2JwsSuite]): ProofRegistry {
  const byName = new Map<string, ProofSuite>();
  for (const suite of suites) {
    if (byName.has(suite.name)) throw new TypeError(`Duplicate proof suite: ${suite.name}`);
    byName.set(suite.name, suite);
  }
  const get = (name: string): ProofSuite => {
    const suite = byName.get(name);
    if (!suite) throw new SigningError('unknown-suite', `No proof suite named ${name}`);
    return suite;
  };
  return {
    names: () => [...byName.keys()] as ProofSuiteName[],
    get,
    sign: async (name, document, context) => get(name).sign(document, context),
  };
}
