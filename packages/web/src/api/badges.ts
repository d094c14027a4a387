import { request } from './client';
import type {
  Achievement,
  AchievementPatch,
  AchievementQuery,
  Credential,
  CredentialQuery,
  ExportFormat,
  Issuer,
  IssuerKey,
  IssuerPatch,
  ListQuery,
  NewAchievement,
  NewCredential,
  NewIssuer,
  Page,
} from './types';

const id = (value: string) => encodeURIComponent(value);

export const listIssuers = (query: ListQuery = {}) => request<Page<Issuer>>('GET', '/issuers', { query: { ...query } });
export const createIssuer = (input: NewIssuer) => request<Issuer>('POST', '/issuers', { body: input });
export const getIssuer = (issuerId: string) => request<Issuer>('GET', `/issuers/${id(issuerId)}`);
export const updateIssuer = (issuerId: string, patch: IssuerPatch) => request<Issuer>('PATCH', `/issuers/${id(issuerId)}`, { body: patch });
export const listIssuerKeys = (issuerId: string) => request<{ items: IssuerKey[] }>('GET', `/issuers/${id(issuerId)}/keys`);
export const rotateIssuerKeys = (issuerId: string) => request<{ items: IssuerKey[] }>('POST', `/issuers/${id(issuerId)}/keys/rotate`);
export const retireIssuerKey = (issuerId: string, keyId: string, retiredAt?: string) =>
  request<IssuerKey>('POST', `/issuers/${id(issuerId)}/keys/${id(keyId)}/retire`, { body: retiredAt ? { retiredAt } : {} });

export const listAchievements = (query: AchievementQuery = {}) => request<Page<Achievement>>('GET', '/achievements', { query: { ...query } });
export const getAchievement = (achievementId: string) => request<Achievement>('GET', `/achievements/${id(achievementId)}`);
export const createAchievement = (input: NewAchievement) => request<Achievement>('POST', '/achievements', { body: input });
export const updateAchievement = (achievementId: string, patch: AchievementPatch) => request<Achievement>('PATCH', `/achievements/${id(achievementId)}`, { body: patch });

export const listCredentials = (query: CredentialQuery = {}) => request<Page<Credential>>('GET', '/credentials', { query: { ...query } });
/** `idempotencyKey` makes a retried or double-submitted award return the same credential. */
export const issueCredential = (input: NewCredential, idempotencyKey: string) =>
  request<Credential>('POST', '/credentials', { body: input, headers: { 'idempotency-key': idempotencyKey } });
export const revokeCredential = (credentialId: string, reason: string) =>
  request<Credential>('POST', `/credentials/${id(credentialId)}/revoke`, { body: { reason } });
export const suspendCredential = (credentialId: string, reason?: string) =>
  request<Credential>('POST', `/credentials/${id(credentialId)}/suspend`, { body: reason ? { reason } : {} });
export const reinstateCredential = (credentialId: string) => request<Credential>('POST', `/credentials/${id(credentialId)}/reinstate`);

/** Plain links (the session cookie authenticates GETs): the browser downloads them. */
export const exportUrl = (credentialId: string, format: ExportFormat) => `/api/v1/credentials/${id(credentialId)}/export?format=${format}`;
export const bakedImageUrl = (credentialId: string, format: 'png' | 'svg') => `/api/v1/credentials/${id(credentialId)}/image?format=${format}&version=3`;
/** The public HTML page, rendered by the server (never a console route). */
export const publicPageUrl = (credentialId: string) => `/credentials/${id(credentialId)}`;
/** Send the award e-mail again, with a new claim link (a background job). */
export const resendNotification = (credentialId: string) => request<{ jobId: string }>('POST', `/credentials/${id(credentialId)}/notify`);
