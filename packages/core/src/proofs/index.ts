export { SigningError, type SigningErrorCode } from './errors.js';
export { assertTermsDefined, type TermsCheck } from './defined-terms.js';
export {
  EDDSA_RDFC_2022,
  signDataIntegrity,
  verifyDataIntegrityProof,
  type DataIntegrityProofResult,
  type VerifyProofOptions,
  type DataIntegritySignOptions,
} from './data-integrity.js';
export { VC_JWT, signVcJwt, vcJwtClaims, type VcJwtAlgorithm, type VcJwtSignOptions } from './vc-jwt.js';
export { OB2_JWS, signOb2Assertion, type Ob2JwsSignOptions } from './ob2-jws.js';
export {
  PROOF_SUITE_NAMES,
  createProofRegistry,
  eddsaRdfc2022Suite,
  ob2JwsSuite,
  vcJwtSuite,
  type ProofRegistry,
  type ProofSuite,
  type ProofSuiteName,
  type SignContext,
  type SignedForm,
  type SigningKeys,
} from './registry.js';
