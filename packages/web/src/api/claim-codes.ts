import { request } from './client';
import type { BodyOf, ResponseOf, Schemas } from './types';

export type ClaimCode = Schemas['ClaimCode'];
export type ClaimCodeInput = BodyOf<'/api/v1/achievements/{id}/claim-codes', 'post'>;
export type CreatedClaimCode = ResponseOf<'/api/v1/achievements/{id}/claim-codes', 'post', 201>;

export const listClaimCodes = (achievementId: string) => request<{ items: ClaimCode[] }>('GET', '/claim-codes', { query: { achievementId } });
export const createClaimCode = (achievementId: string, input: ClaimCodeInput) =>
  request<CreatedClaimCode>('POST', `/achievements/${encodeURIComponent(achievementId)}/claim-codes`, { body: input });
export const withdrawClaimCode = (id: string) => request<ClaimCode>('POST', `/claim-codes/${encodeURIComponent(id)}/withdraw`);
