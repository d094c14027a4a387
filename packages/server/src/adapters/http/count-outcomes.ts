import { isAppError } from '../../domain/shared/errors.js';
import type { IssueChannel, Telemetry, VerifyChannel } from '../../domain/shared/telemetry.js';

type Counted = { telemetry?: Telemetry | undefined };

/** Runs an issuance and counts its outcome: issued (or replayed), refused (an AppError) or error. */
export async function countIssue<T>(deps: Counted, channel: IssueChannel, run: () => Promise<T>, replayed: (result: T) => boolean = () => false): Promise<T> {
  try {
    const result = await run();
    deps.telemetry?.credentialIssued(channel, replayed(result) ? 'replayed' : 'issued');
    return result;
  } catch (error) {
    deps.telemetry?.credentialIssued(channel, isAppError(error) ? 'refused' : 'error');
    throw error;
  }
}

/** Runs a verification and counts its verdict: valid, invalid, unreadable (an AppError: nothing to verify) or error. */
export async function countVerify<T extends { valid: boolean }>(deps: Counted, channel: VerifyChannel, run: () => Promise<T>): Promise<T> {
  try {
    const report = await run();
    deps.telemetry?.credentialVerified(channel, report.valid ? 'valid' : 'invalid');
    return report;
  } catch (error) {
    deps.telemetry?.credentialVerified(channel, isAppError(error) ? 'unreadable' : 'error');
    throw error;
  }
}
