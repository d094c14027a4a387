import { request } from './client';
import type { RenewalQueueItem, RenewalRequest } from './types';

const id = (value: string) => encodeURIComponent(value);

/** The organisation's renewal requests (oldest first). */
export const listRenewals = (status: RenewalRequest['status']) => request<{ items: RenewalQueueItem[] }>('GET', `/renewal-requests?status=${status}`);
export const approveRenewal = (requestId: string) => request<{ request: RenewalRequest; credentialId: string }>('POST', `/renewal-requests/${id(requestId)}/approve`);
export const refuseRenewal = (requestId: string, reason: string) => request<RenewalRequest>('POST', `/renewal-requests/${id(requestId)}/refuse`, { body: { reason } });
