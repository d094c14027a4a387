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
export {
  BADGE_CLASS,
  ISSUER_PROFILE,
  hostedOriginProblem,
  loadOb2Document,
  staysOnOrigin,
  type Ob2DocumentKind,
  type Ob2Fetch,
  type Ob2Loaded,
} from './ob2-documents.js';
