import type { JsonObject } from '../contexts/bundled.js';
import { checkReason, type CheckReason, type ParamsArg, type VerificationCode } from './codes.js';

export type CheckName = 'format' | 'schema' | 'proof' | 'issuer-key' | 'jwt-claims' | 'validity' | 'status';

export interface Check extends CheckReason {
  name: CheckName;
  ok: boolean;
}

/** `ob3-ldp`: OB 3.0 JSON-LD with embedded Data Integrity proof(s). */
export type CredentialFormat = 'ob3-ldp' | 'vc-jwt' | 'ob2-jws' | 'unknown';

export interface VerificationReport {
  valid: boolean;
  format: CredentialFormat;
  checks: Check[];
  /** The credential/assertion as read from the input (JWT payload decoded), when it could be parsed. */
  credential?: JsonObject | undefined;
}

export function pass<C extends VerificationCode>(name: CheckName, code: C, reason: string, ...params: ParamsArg<C>): Check {
  return { name, ok: true, ...checkReason(code, reason, ...params) };
}

export function fail<C extends VerificationCode>(name: CheckName, code: C, reason: string, ...params: ParamsArg<C>): Check {
  return { name, ok: false, ...checkReason(code, reason, ...params) };
}

/** A check from a reason worked out elsewhere (a proof outcome, a key-retirement finding). */
export function checkOf(name: CheckName, ok: boolean, why: CheckReason): Check {
  return { name, ok, code: why.code, reason: why.reason, ...(why.params ? { params: { ...why.params } } : {}) };
}

export function report(format: CredentialFormat, checks: Check[], credential?: JsonObject): VerificationReport {
  return { valid: checks.length > 0 && checks.every((c) => c.ok), format, checks, ...(credential ? { credential } : {}) };
}

export function errorMessage(error: unknown): string {
  if (Array.isArray(error)) return error.map(errorMessage).join('; ');
  return error instanceof Error ? error.message : String(error);
}
