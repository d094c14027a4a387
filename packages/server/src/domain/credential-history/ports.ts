/** What can happen to a credential, as its history shows it. */
export const HISTORY_EVENT_TYPES = [
  'issued',
  /** The award e-mail was handed to the mail server. */
  'email.sent',
  /** Sending the award e-mail failed (the job retries until its attempts run out). */
  'email.failed',
  /** The award e-mail was not sent: the recipient opted out of the organisation's e-mails. */
  'email.skipped',
  'claimed',
  'revoked',
  'suspended',
  'reinstated',
  /** A member asked for the award e-mail to be sent again. */
  'resent',
  /** An award rule issued it on an event (details: rule, event id and type, seconds from the event). */
  'awarded-by-rule',
] as const;
export type HistoryEventType = (typeof HISTORY_EVENT_TYPES)[number];

/** Who did it: a member, an API key, the recipient (claiming), or Laurel itself (the mail job). */
export interface HistoryActor {
  type: 'user' | 'api-key' | 'recipient' | 'system';
  id: string | null;
}

export interface CredentialHistoryEvent {
  id: string;
  orgId: string;
  credentialId: string;
  type: HistoryEventType;
  actor: HistoryActor;
  /** Small facts: a reason, an attempt number, a short error. Never a token or a secret. */
  details: Record<string, string | number>;
  createdAt: string;
}

/** An event as the history lists it: with the name of the member or key that acted (this organisation's only). */
export interface HistoryEntry extends CredentialHistoryEvent {
  actorName: string | null;
}

/** Public page views of one day (UTC): a counter, nothing about the viewer. */
export interface DailyViews {
  day: string;
  views: number;
}

export interface CredentialEventRepo {
  /**
   * Files the event and its analytics rollup. `credential`, when the caller holds the event's credential row,
   * spares reading its issuer and achievement again (used only when its id and organisation are the event's).
   */
  record(event: CredentialHistoryEvent, credential?: { id: string; orgId: string; issuerId: string; achievementId: string }): Promise<void>;
  /** The credential's events within the organisation, oldest first, at most `limit`. */
  list(orgId: string, credentialId: string, limit: number): Promise<HistoryEntry[]>;
  /** One more view of the credential's public page on `day`. */
  countView(credentialId: string, day: string): Promise<void>;
  /** The credential's views per day, oldest first, within the organisation. */
  views(orgId: string, credentialId: string): Promise<DailyViews[]>;
}
