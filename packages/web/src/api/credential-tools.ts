import { downloadFile, request } from './client';
import type { BodyOf, Credential, Item, Page, QueryOf, ResponseOf } from './types';

const id = (value: string) => encodeURIComponent(value);

export type CredentialHistory = ResponseOf<'/api/v1/credentials/{id}/history', 'get'>;
export type HistoryItem = Item<CredentialHistory['items']>;
export type HistoryEventType = HistoryItem['type'];
export const HISTORY_EVENT_TYPES = ['issued', 'email.sent', 'email.failed', 'email.skipped', 'claimed', 'revoked', 'suspended', 'reinstated', 'resent', 'awarded-by-rule'] as const satisfies readonly HistoryEventType[];

/** The list's filters, as a bulk request names "everything matching". */
export type CredentialFilter = NonNullable<BodyOf<'/api/v1/credentials/bulk/revoke', 'post'>['filter']>;

/** Rows picked one by one, or everything matching the filter. */
export type Selection = { ids: string[] } | { filter: CredentialFilter };

export type BulkRevokeResult = ResponseOf<'/api/v1/credentials/bulk/revoke', 'post'>;
export type BulkResendResult = ResponseOf<'/api/v1/credentials/bulk/resend', 'post', 202>;
export type Recipient = Item<ResponseOf<'/api/v1/recipients', 'get'>['items']>;

export type RecipientSort = NonNullable<QueryOf<'/api/v1/recipients', 'get'>['sort']>;
export const RECIPIENT_SORTS = ['name', '-latestIssuedOn'] as const satisfies readonly RecipientSort[];

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
