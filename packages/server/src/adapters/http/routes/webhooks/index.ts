import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  createWebhook, deleteWebhook, getWebhook, listWebhookAttempts, listWebhooks, rotateWebhookSecret, updateWebhook,
} from '../../../../domain/webhooks/manage-webhooks.js';
import { redeliverWebhook, sendTestEvent } from '../../../../domain/webhooks/manual-delivery.js';
import type { WebhookAttempt, WebhookEndpoint } from '../../../../domain/webhooks/ports.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { IdParams, errorResponses } from '../../schemas/common.js';
import { AttemptsPage, AttemptsQuery, CreateWebhookBody, DeliveryParams, UpdateWebhookBody, WebhookAttemptView, WebhookView, WebhookWithSecret } from './webhooks.schema.js';

const tags = ['webhooks'];

const toView = (e: WebhookEndpoint) => ({
  id: e.id, url: e.url, description: e.description, events: e.events, enabled: e.enabled, disabledReason: e.disabledReason,
  consecutiveFailures: e.consecutiveFailures, createdAt: e.createdAt, updatedAt: e.updatedAt,
});
const toAttempt = (a: WebhookAttempt) => ({
  id: a.id, messageId: a.messageId, event: a.eventType, attempt: a.attempt, delivered: a.delivered, statusCode: a.statusCode, error: a.error,
  durationMs: a.durationMs, nextRetryAt: a.nextRetryAt, createdAt: a.createdAt,
});

export const webhookRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.post('/webhooks', { schema: { tags, summary: 'Register a webhook endpoint (the secret is shown once)', body: CreateWebhookBody, response: { 201: WebhookWithSecret, ...errorResponses } } }, async (request, reply) => {
    const { endpoint, secret } = await createWebhook(deps, { actor: actorOf(request), ...request.body });
    return reply.status(201).send({ ...toView(endpoint), secret });
  });
  app.get('/webhooks', { schema: { tags, summary: 'List webhook endpoints (never their secrets)', response: { 200: Type.Object({ items: Type.Array(WebhookView) }), ...errorResponses } } }, async (request) => {
    return { items: (await listWebhooks(deps, { actor: actorOf(request) })).map(toView) };
  });
  app.get('/webhooks/:id', { schema: { tags, summary: 'A webhook endpoint', params: IdParams, response: { 200: WebhookView, ...errorResponses } } }, async (request) => {
    return toView(await getWebhook(deps, { actor: actorOf(request), id: request.params.id }));
  });
  app.patch('/webhooks/:id', { schema: { tags, summary: 'Change the URL, events, description, or turn on/off', params: IdParams, body: UpdateWebhookBody, response: { 200: WebhookView, ...errorResponses } } }, async (request) => {
    return toView(await updateWebhook(deps, { actor: actorOf(request), id: request.params.id, ...request.body }));
  });
  app.delete('/webhooks/:id', { schema: { tags, summary: 'Delete a webhook endpoint and its delivery log', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await deleteWebhook(deps, { actor: actorOf(request), id: request.params.id });
    return reply.status(204).send(null);
  });
  app.post('/webhooks/:id/rotate-secret', { schema: { tags, summary: 'Replace the signing secret (the new one is shown once)', params: IdParams, response: { 200: WebhookWithSecret, ...errorResponses } } }, async (request) => {
    const { endpoint, secret } = await rotateWebhookSecret(deps, { actor: actorOf(request), id: request.params.id });
    return { ...toView(endpoint), secret };
  });
  app.get('/webhooks/:id/deliveries', { schema: { tags, summary: 'Recent delivery attempts, newest first', params: IdParams, querystring: AttemptsQuery, response: { 200: AttemptsPage, ...errorResponses } } }, async (request) => {
    const page = await listWebhookAttempts(deps, { actor: actorOf(request), id: request.params.id, limit: request.query.limit ?? 50, cursor: request.query.cursor });
    return { items: page.items.map(toAttempt), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  });
  app.post('/webhooks/:id/test', { schema: { tags, summary: 'Send a signed `ping` event now (even to an endpoint turned off); the answer is the attempt', params: IdParams, response: { 200: WebhookAttemptView, ...errorResponses } } }, async (request) => {
    return toAttempt(await sendTestEvent(deps, { actor: actorOf(request), id: request.params.id }));
  });
  app.post('/webhooks/:id/deliveries/:deliveryId/redeliver', { schema: { tags, summary: 'Send the message of a past delivery again now (same webhook-id, fresh signature); the answer is the new attempt', params: DeliveryParams, response: { 200: WebhookAttemptView, ...errorResponses } } }, async (request) => {
    return toAttempt(await redeliverWebhook(deps, { actor: actorOf(request), id: request.params.id, deliveryId: request.params.deliveryId }));
  });
};
