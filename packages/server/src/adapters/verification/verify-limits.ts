import type { VerifyAnyDeps } from '../../domain/verification/ports.js';

/** What POST /api/v1/verify needs besides the app's deps. */
export interface VerifyHttpDeps {
  verifier: VerifyAnyDeps;
  /** Per client IP: at most `max` verifications per `timeWindowMs`. */
  rateLimit: { max: number; timeWindowMs: number };
  /** Largest upload (image, JSON or text), in bytes; larger gets 413. */
  maxUploadBytes: number;
}

/** The public verifiers' limit when none is configured: 30 verifications a minute per client IP. */
export const DEFAULT_VERIFY_RATE_LIMIT = { max: 30, timeWindowMs: 60_000 };

/** The per-IP limit every public verification endpoint applies (POST /api/v1/verify, POST /vc/credentials/verify). */
export function verifyRateLimit(verify: VerifyHttpDeps | undefined): { max: number; timeWindow: number } {
  const limit = verify?.rateLimit ?? DEFAULT_VERIFY_RATE_LIMIT;
  return { max: limit.max, timeWindow: limit.timeWindowMs };
}
