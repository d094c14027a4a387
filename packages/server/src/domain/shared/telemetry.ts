/**
 * What the domain reports as it works, for operators' counters. The adapters decide where it goes
 * (Prometheus); labels are closed sets, never ids, addresses or anything a client chose.
 */
export type IssueChannel = 'api' | 'bulk' | 'vc-api';
/** `refused`: the request was wrong (an AppError); `error`: something on our side failed. */
export type IssueOutcome = 'issued' | 'replayed' | 'refused' | 'error';
export type VerifyChannel = 'api' | 'vc-api' | 'vc-api-presentation';
/** `unreadable`: nothing could be read from the input (a problem answer, not a report). */
export type VerifyOutcome = 'valid' | 'invalid' | 'unreadable' | 'error';

export interface Telemetry {
  credentialIssued(channel: IssueChannel, outcome: IssueOutcome): void;
  credentialVerified(channel: VerifyChannel, outcome: VerifyOutcome): void;
  /** `count` (default 1) analytics engagements (views, shares…): counted, skipped (bot, Do-Not-Track), or lost to an error. */
  analyticsEvent?(outcome: 'recorded' | 'skipped' | 'error', count?: number): void;
}

export const noTelemetry: Telemetry = { credentialIssued: () => undefined, credentialVerified: () => undefined };
