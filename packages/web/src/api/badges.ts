import { request } from './client';
import type {
  Achievement,
  AchievementQuery,
  Credential,
  CredentialQuery,
  Issuer,
  ListQuery,
  NewAchievement,
  NewCredential,
  NewIssuer,
  Page,
} from './types';

const id = (value: string) => encodeURIComponent(value);

export const listIssuers = (query: ListQuery = {}) => request<Page<Issuer>>('GET', '/issuers', { query: { ...query } });
export const createIssuer = (input: NewIssuer) => request<Issuer>('POST', '/issuers', { body: input });

export const listAchievements = (query: AchievementQuery = {}) => request<Page<Achievement>>('GET', '/achievements', { query: { ...query } });
export const getAchievement = (achievementId: string) => request<Achievement>('GET', `/achievements/${id(achievementId)}`);
export const createAchievement = (input: NewAchievement) => request<Achievement>('POST', '/achievements', { body: input });

export const listCredentials = (query: CredentialQuery = {}) => request<Page<Credential>>('GET', '/credentials', { query: { ...query } });
/** `idempotencyKey` makes a retried or double-submitted award return the same credential. */
export const issueCredential = (input: NewCredential, idempotencyKey: string) =>
  request<Credential>('POST', '/credentials', { body: input, headers: { 'idempotency-key': idempotencyKey } });
export const revokeCredential = (credentialId: string, reason: string) =>
  request<Credential>('POST', `/credentials/${id(credentialId)}/revoke`, { body: { reason } });
