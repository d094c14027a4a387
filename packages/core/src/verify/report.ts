import type { JsonObject } from '../contexts/bundled.js';
import type { CheckReason, ParamsArg, VerificationCode } from './codes.js';

export type CheckName = 'format' | 'schema' | 'proof' | 'issuer-key' | 'jwt-claims' | 'validity' | 'status';

export interface Check extends CheckReason {
  name: CheckName;
  ok: boolean;
}

/**
 * `ob3-ldp`: OB 3.0 JSON-LD with embedded Data Integrity proof(s); `vc-jwt`: OB 3.0 VC-JWT (the
 * credential as payload, `typ: JWT`); `vc-jwt-v1`: VC DM 1.1 JWT (the `vc` claim); `vc-jose-cose`:
 * W3C VC-JOSE-COSE (`typ: vc+jwt`); `sd-jwt-vc`: IETF SD-JWT VC (`typ: dc+sd-jwt`, disclosures).
 */
export type CredentialFormat = 'ob3-ldp' | 'vc-jwt' | 'ob2-jws' | 'unknown' | 'vc-jwt-v1' | 'vc-jose-cose' | 'sd-jwt-vc';

/**
 * The issuer the signature was bound to, as the issuer's own document names it: OB 3.0, the
 * credential's issuer once its key was found in the issuer's DID / controller document; OB 2.0, the
 * issuer profile fetched at its own URL. Present only when the issuer-key check passed, so a
 * display never has to trust names from the document that was handed over.
 */
export interface VerifiedIssuer {
  id: string;
  name?: string | undefined;
}

export interface VerificationReport {
  valid: boolean;
  format: CredentialFormat;
  checks: Check[];
  /** The credential/assertion as read from the input (JWT payload decoded), when it could be parsed. */
  credential?: JsonObject | undefined;
  issuer?: VerifiedIssuer | undefined;
}

/** The name a profile gives itself: a string, or the first value of a language map. */
function profileName(profile: JsonObject): string | undefined {
  const name = profile.name;
  if (typeof name === 'string') return name;
  if (typeof name === 'object' && name !== null && !Array.isArray(name)) return Object.values(name).find((v): v is string => typeof v === 'string');
  return undefined;
}

/** An issuer as its own profile names it. */
export function describeIssuer(id: string, profile: JsonObject | undefined): VerifiedIssuer {
  const name = profile ? profileName(profile) : undefined;
  return name === undefined ? { id } : { id, name };
}

/** The verified issuer, when the `issuer-key` check among `checks` passed. */
export function verifiedIssuer(checks: readonly Check[], id: string | undefined, profile: JsonObject | undefined): VerifiedIssuer | undefined {
  return id && checks.some((c) => c.name === 'issuer-key' && c.ok) ? describeIssuer(id, profile) : undefined;
}

/** A check built in one object (what `{ name, ok, ...checkReason(…) }` gives, members in the same order). */
function checkWith(name: CheckName, ok: boolean, code: VerificationCode, reason: string, values: Record<string, string> | undefined): Check {
  return values && Object.keys(values).length > 0 ? { name, ok, code, params: { ...values }, reason } : { name, ok, code, reason };
}

export function pass<C extends VerificationCode>(name: CheckName, code: C, reason: string, ...params: ParamsArg<C>): Check {
  return checkWith(name, true, code, reason, (params as [Record<string, string>?])[0]);
}

export function fail<C extends VerificationCode>(name: CheckName, code: C, reason: string, ...params: ParamsArg<C>): Check {
  return checkWith(name, false, code, reason, (params as [Record<string, string>?])[0]);
}

/** A check from a reason worked out elsewhere (a proof outcome, a key-retirement finding). */
export function checkOf(name: CheckName, ok: boolean, why: CheckReason): Check {
  return { name, ok, code: why.code, reason: why.reason, ...(why.params ? { params: { ...why.params } } : {}) };
}

export function report(format: CredentialFormat, checks: Check[], credential?: JsonObject, issuer?: VerifiedIssuer): VerificationReport {
  return { valid: checks.length > 0 && checks.every((c) => c.ok), format, checks, ...(credential ? { credential } : {}), ...(issuer ? { issuer } : {}) };
}

export function errorMessage(error: unknown): string {
  if (Array.isArray(error)) return error.map(errorMessage).join('; ');
  return error instanceof Error ? error.message : String(error);
}
