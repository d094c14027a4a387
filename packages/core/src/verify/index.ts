export { verifyCredential } from './verify-credential.js';
export { describeIssuer } from './report.js';
export { OB3_CREDENTIAL_TYPES, type VerifyOptions } from './options.js';
export type { Check, CheckName, CredentialFormat, VerificationReport, VerifiedIssuer } from './report.js';
export {
  VERIFICATION_CODES,
  VERIFICATION_CODE_PARAMS,
  checkReason,
  isVerificationCode,
  type CheckReason,
  type ParamsArg,
  type VerificationCode,
  type VerificationCodeParams,
} from './codes.js';
export { credentialStructureProblems } from './structure.js';
export { ACCEPTED_JWS_ALGS } from './jws.js';
export { MIN_RSA_BITS, hashBitsOf, isAcceptedJwsAlg, jwkProblemFor, keyTypeFor, webCryptoJwsVerifier, type JwsAlgorithm, type JwsVerifier, type PublicKeyMaterial } from './jws-verifier.js';
export { jwsSignatureProblem } from './jws-signature.js';
export { importPublicJwk, importPublicPem } from './public-key-cache.js';
export { looksLikeSdJwt, MAX_DISCLOSURES } from './sd-jwt.js';
export { jwtVcIssuerMetadataUrl } from './sd-jwt-issuer-key.js';
export {
  BADGE_CLASS,
  ISSUER_PROFILE,
  hostedOriginProblem,
  isHttpUrl,
  loadOb2Document,
  staysOnOrigin,
  type Ob2DocumentKind,
  type Ob2Fetch,
  type Ob2Loaded,
} from './ob2-documents.js';
export {
  MAX_PRESENTED_CREDENTIALS,
  presentationStructureProblems,
  verifyPresentation,
  type PresentationCheck,
  type PresentationCheckName,
  type PresentationFormat,
  type PresentationReport,
  type PresentationVerifyOptions,
} from './verify-presentation.js';
export { ENVELOPED_CREDENTIAL, ENVELOPED_PRESENTATION, isEnveloped, unwrapEnveloped, type EnvelopeKind, type Unwrapped } from './enveloped.js';
export { isDateTime, isUri } from './json.js';
