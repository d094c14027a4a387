import { request } from './client';
import type { BodyOf, Page, Webhook, WebhookAttempt, WebhookWithSecret } from './types';

const path = (id: string) => `/webhooks/${encodeURIComponent(id)}`;

export type WebhookInput = BodyOf<'/api/v1/webhooks', 'post'>;
export type WebhookChanges = BodyOf<'/api/v1/webhooks/{id}', 'patch'>;

export const listWebhooks = () => request<{ items: Webhook[] }>('GET', '/webhooks');
export const createWebhook = (input: WebhookInput) => request<WebhookWithSecret>('POST', '/webhooks', { body: input });
export const updateWebhook = (id: string, changes: WebhookChanges) => request<Webhook>('PATCH', path(id), { body: changes });
export const deleteWebhook = (id: string) => request<void>('DELETE', path(id));
export const rotateWebhookSecret = (id: string) => request<WebhookWithSecret>('POST', `${path(id)}/rotate-secret`);
export const listWebhookDeliveries = (id: string, cursor?: string) =>
  request<Page<WebhookAttempt>>('GET', `${path(id)}/deliveries`, { query: { limit: 20, cursor } });
export const sendWebhookTest = (id: string) => request<WebhookAttempt>('POST', `${path(id)}/test`);
export const redeliverWebhook = (id: string, deliveryId: string) => request<WebhookAttempt>('POST', `${path(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`);
