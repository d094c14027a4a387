import { downloadFile, request } from './client';
import type { Credential, CredentialStatus, Page } from './types';

const id = (value: string) => encodeURIComponent(value);

export const HISTORY_EVENT_TYPES = ['issued', 'email.sent', 'email.failed', 'email.skipped', 'claimed', 'revoked', 'suspended', 'reinstated', 'resent', 'awarded-by-rule'] as const;
export type HistoryEventType = (typeof HISTORY_EVENT_TYPES)[number];

export interface HistoryItem {
  id: string;
  type: HistoryEventType;
  at: string;
  actor: { type: 'user' | 'api-key' | 'recipient' | 'system'; name: string | null };
  reason?: string;
  error?: { code: string; smtpStatus?: number; attempt?: number };
  rule?: { ruleId: string; name: string; eventId: string; eventType: string; secondsFromEvent: number };
}

export interface CredentialHistory {
  items: HistoryItem[];
  views: { total: number; days: { day: string; views: number }[] };
}

/** The list's filters, as a bulk request names "everything matching". */
export interface CredentialFilter {
  q?: string;
  status?: CredentialStatus;
  achievementId?: string;
  claimed?: boolean;
  recipientKey?: string;
}

/** Rows picked one by one, or everything matching the filter. */
export type Selection = { ids: string[] } | { filter: CredentialFilter };

export interface BulkRevokeResult {
  results: { id: string; outcome: 'revoked' | 'already-revoked' | 'not-found' }[];
  revoked: number;
  alreadyRevoked: number;
  notFound: number;
}

export interface BulkResendResult {
  results: { id: string; outcome: 'queued' | 'not-email' | 'revoked' | 'not-found' }[];
  queued: number;
  skipped: number;
  notFound: number;
}

export interface Recipient {
  key: string;
  type: string;
  identity: string;
  name: string | null;
  credentials: number;
  latestIssuedOn: string;
}

export const RECIPIENT_SORTS = ['name', '-latestIssuedOn'] as const;
export type RecipientSort = (typeof RECIPIENT_SORTS)[number];

/** Most certificates one zip holds (the server refuses more with `selection-too-large`). */
export const CERTIFICATE_ZIP_LIMIT = 50;

export const getCredential = (credentialId: string) => request<Credential>('GET', `/credentials/${id(credentialId)}`);
export const getCredentialHistory = (credentialId: string) => request<CredentialHistory>('GET', `/credentials/${id(credentialId)}/history`);
/** The organisation's own PDF of the credential, whatever its visibility (a plain link: the cookie authenticates GETs). */
export const certificateUrl = (credentialId: string) => `/api/v1/credentials/${id(credentialId)}/certificate.pdf`;

export const bulkRevoke = (selection: Selection, reason: string) => request<BulkRevokeResult>('POST', '/credentials/bulk/revoke', { body: { ...selection, reason } });
/** `idempotencyKey`: a retried request returns the first answer and mails nobody twice. */
export const bulkResend = (selection: Selection, idempotencyKey: string) =>
  request<BulkResendResult>('POST', '/credentials/bulk/resend', { body: selection, headers: { 'idempotency-key': idempotencyKey } });
export const exportCsv = (selection: Selection) => downloadFile('/credentials/bulk/export', selection, 'credentials.csv');
export const certificatesZip = (selection: Selection, lang: string) => downloadFile('/credentials/bulk/certificates', { ...selection, lang }, 'certificates.zip');

export const listRecipients = (query: { q?: string; sort?: RecipientSort; cursor?: string }) => request<Page<Recipient>>('GET', '/recipients', { query: { ...query } });
export const recipientCredentials = (key: string, cursor?: string) =>
  request<Page<Credential> & { recipient: Recipient }>('GET', `/recipients/${id(key)}/credentials`, { query: { cursor } });
