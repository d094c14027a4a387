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
export { signCompactJws, webCryptoJwsSigner, type JwsSigner, type JwsSigningAlgorithm } from './jws-signer.js';
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
export {
  DATA_INTEGRITY_PROOF,
  ECDSA_JCS_2019,
  ECDSA_RDFC_2019,
  ECDSA_SD_2023,
  ED25519_SIGNATURE_2018,
  ED25519_SIGNATURE_2020,
  EDDSA_JCS_2022,
  VERIFYING_SUITES,
  createVerifyingSuiteRegistry,
  type SuiteVerifyInput,
  type SuiteVerifyResult,
  type VerifyingSuite,
  type VerifyingSuiteRegistry,
} from './verifying-suites.js';
