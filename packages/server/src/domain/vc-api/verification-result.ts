import type { CheckReason, PresentationReport, VerificationReport } from '@laurel/core';

/**
 * A VC-API problem detail (RFC 9457 members `type`, `title`, `detail`) for one failed check or warning.
 * `type` is the VC Data Model 2.0 / Data Integrity error URL where one fits, else Laurel's reason-code
 * page; `code` is the stable reason code; `path` and `message` are kept from Laurel's earlier answer.
 */
export interface VcApiProblem {
  type: string;
  title: string;
  detail: string;
  code: string;
  path: string;
  message: string;
}

export interface ResultCheck extends CheckReason {
  name: string;
  ok: boolean;
}

export interface VcApiCredentialResult {
  verified: boolean;
  format: string;
  /** Names of the checks that passed. */
  checks: string[];
  /** Every check, with its reason code (docs/verification-codes.md). */
  results: ResultCheck[];
  warnings: VcApiProblem[];
  errors: VcApiProblem[];
}

export interface VcApiPresentationResult extends VcApiCredentialResult {
  /** Each embedded credential's own result, in order. */
  credentials: VcApiCredentialResult[];
  holder?: string;
}

const VCDM = 'https://www.w3.org/TR/vc-data-model#';
const SECURITY = 'https://w3id.org/security#';
export const LAUREL_CODE_BASE = 'https://laurel.dev/verification-codes#';

const MALFORMED_PROOF = new Set(['proof-missing', 'proof-malformed', 'proof-duplicated', 'proof-verification-method-invalid']);
const PARSING = new Set(['format-unrecognised', 'format-not-jws', 'format-no-context', 'verification-error', 'enveloped-invalid']);

/** The standard error type a failed check maps to (VC DM 2.0 § Problem Details; Data Integrity § Processing Errors). */
function standardType(check: ResultCheck): string | undefined {
  if (check.name === 'format' && PARSING.has(check.code)) return `${VCDM}PARSING_ERROR`;
  if (check.name === 'schema') return `${VCDM}MALFORMED_VALUE_ERROR`;
  if (check.name === 'proof') {
    if (MALFORMED_PROOF.has(check.code)) return `${SECURITY}MALFORMED_PROOF_ERROR`;
    if (check.code === 'proof-purpose-invalid') return `${SECURITY}MISMATCHED_PROOF_PURPOSE_ERROR`;
    return `${SECURITY}PROOF_VERIFICATION_ERROR`;
  }
  if (check.name === 'issuer-key' || check.name === 'holder-key') return `${VCDM}CRYPTOGRAPHIC_SECURITY_ERROR`;
  if (check.name === 'challenge') return `${SECURITY}INVALID_CHALLENGE_ERROR`;
  if (check.name === 'domain') return `${SECURITY}INVALID_DOMAIN_ERROR`;
  return undefined;
}

export function problemOf(check: ResultCheck, path: string): VcApiProblem {
  const standard = standardType(check);
  const message = `${check.name}: ${check.reason}`;
  return {
    type: standard ?? `${LAUREL_CODE_BASE}${check.code}`,
    title: standard ? standard.slice(standard.indexOf('#') + 1) : check.code,
    detail: message,
    code: check.code,
    path,
    message,
  };
}

const resultCheck = (c: ResultCheck): ResultCheck => ({ name: c.name, ok: c.ok, code: c.code, ...(c.params ? { params: { ...c.params } } : {}), reason: c.reason });

/** A credential report in the VC-API shape `{verified, checks, warnings, errors}` (+ Laurel's `format` and `results`). */
export function credentialResult(report: VerificationReport, path = '/verifiableCredential'): VcApiCredentialResult {
  return {
    verified: report.valid,
    format: report.format,
    checks: report.checks.filter((c) => c.ok).map((c) => c.name),
    results: report.checks.map(resultCheck),
    warnings: [],
    errors: report.checks.filter((c) => !c.ok).map((c) => problemOf(c, path)),
  };
}

/** A presentation report in the VC-API shape; `errors` also holds every failed credential's errors, at its path. */
export function presentationResult(report: PresentationReport, path = '/verifiablePresentation'): VcApiPresentationResult {
  const credentials = report.credentials.map((r, i) => credentialResult(r, `${path}/verifiableCredential/${i}`));
  return {
    verified: report.valid,
    format: report.format,
    checks: report.checks.filter((c) => c.ok).map((c) => c.name),
    results: report.checks.map(resultCheck),
    warnings: report.warnings.map((w) => problemOf(w, path)),
    errors: [...report.checks.filter((c) => !c.ok).map((c) => problemOf(c, path)), ...credentials.flatMap((c) => c.errors)],
    credentials,
    ...(report.holder ? { holder: report.holder } : {}),
  };
}
