import type { Config } from '../../config.js';
import type { Clock } from '../../domain/shared/ports.js';
import type { IsolatedPool } from '../isolation/isolated-pool.js';
import type { VerifyHttpDeps } from './verify-limits.js';
import { createVerifierDeps } from './remote-documents.js';

/** POST /api/v1/verify in production: the guarded fetch (allow-list from LAUREL_FETCH_ALLOW_HOSTS), per-IP rate limit, body limit. */
export function verifyHttpDeps(config: Pick<Config, 'fetchAllowHosts' | 'verifyRateLimit' | 'bodyLimitBytes'>, clock: Clock, pdfWorkers?: IsolatedPool): VerifyHttpDeps {
  return {
    verifier: createVerifierDeps({ allowHosts: config.fetchAllowHosts, isolation: pdfWorkers }, clock),
    rateLimit: { max: config.verifyRateLimit, timeWindowMs: 60_000 },
    maxUploadBytes: config.bodyLimitBytes,
  };
}
