import type { VerifyAnyDeps } from '../../../../domain/verification/ports.js';

/** What POST /api/v1/verify needs besides the app's deps. */
export interface VerifyHttpDeps {
  verifier: VerifyAnyDeps;
  /** Per client IP: at most `max` verifications per `timeWindowMs`. */
  rateLimit: { max: number; timeWindowMs: number };
  /** Largest upload (image, JSON or text), in bytes; larger gets 413. */
  maxUploadBytes: number;
}
