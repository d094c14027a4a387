import type { JsonObject } from '../contexts/bundled.js';

export type CheckName = 'format' | 'schema' | 'proof' | 'issuer-key' | 'jwt-claims' | 'validity' | 'status';

export interface Check {
  name: CheckName;
  ok: boolean;
  /** Human-readable: why it passed or failed. */
  reason: string;
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

export function pass(name: CheckName, reason: string): Check {
  return { name, ok: true, reason };
}

export function fail(name: CheckName, reason: string): Check {
  return { name, ok: false, reason };
}

export function report(format: CredentialFormat, checks: Check[], credential?: JsonObject): VerificationReport {
  return { valid: checks.length > 0 && checks.every((c) => c.ok), format, checks, ...(credential ? { credential } : {}) };
}

export function errorMessage(error: unknown): string {
  if (Array.isArray(error)) return error.map(errorMessage).join('; ');
  return error instanceof Error ? error.message : String(error);
}
