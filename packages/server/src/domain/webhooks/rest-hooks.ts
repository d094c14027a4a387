import { requirePermission } from '../auth/permissions.js';
import type { Deps } from '../deps.js';
import type { Actor } from '../shared/actor.js';
import { notFound } from '../shared/errors.js';
import { eventBody, type WebhookEventBody } from './events.js';
import { createWebhook, deleteWebhook, listWebhooks } from './manage-webhooks.js';
import type { WebhookEndpoint, WebhookEventType } from './ports.js';
import type { WebhookDeps } from './webhook-deps.js';

/**
 * REST Hooks (the subscription pattern of Zapier, Make and n8n): a subscription is a webhook endpoint
 * for one event type, marked `restHook`, delivered, signed and SSRF-guarded like any other; only the
 * subscriptions are listed and unsubscribed here, and a 410 Gone answer unsubscribes (deliver-webhook.ts).
 */
type Manage = Pick<WebhookDeps, 'store' | 'clock' | 'ids' | 'vault' | 'webhookTransport'>;

export interface RestHook {
  id: string;
  targetUrl: string;
  event: WebhookEventType;
  createdAt: string;
}

const toHook = (e: WebhookEndpoint): RestHook => ({ id: e.id, targetUrl: e.url, event: e.events[0] as WebhookEventType, createdAt: e.createdAt });

export async function subscribeHook(deps: Manage, input: { actor: Actor; targetUrl: string; event: string }): Promise<{ hook: RestHook; secret: string }> {
  const { endpoint, secret } = await createWebhook(deps, { actor: input.actor, url: input.targetUrl, events: [input.event], description: 'REST hook subscription', restHook: true });
  return { hook: toHook(endpoint), secret };
}

export async function listHooks(deps: Pick<WebhookDeps, 'store'>, input: { actor: Actor }): Promise<RestHook[]> {
  return (await listWebhooks(deps, input)).filter((e) => e.restHook).map(toHook);
}

/** Unsubscribe: only a REST hook subscription (an endpoint made in the console is not this API's to delete). */
export async function unsubscribeHook(deps: Manage, input: { actor: Actor; id: string }): Promise<void> {
  requirePermission(input.actor.principal, 'webhooks:write');
  const found = await deps.store.webhooks.findById(input.actor.principal.orgId, input.id);
  if (!found || !found.restHook) throw notFound('hook');
  await deleteWebhook(deps, input);
}

/** The credential's status in a sample: what the event leaves it in (engagement events leave it active). */
const SAMPLE_STATUS: Partial<Record<WebhookEventType, string>> = { 'credential.revoked': 'revoked', 'credential.suspended': 'suspended' };

/** What a subscriber receives for an event type, filled with example values (the tools map fields from it). */
export function sampleHookPayloads(deps: Pick<Deps, 'urls'>, input: { actor: Actor; event: WebhookEventType }): WebhookEventBody[] {
  requirePermission(input.actor.principal, 'webhooks:read');
  const status = SAMPLE_STATUS[input.event] ?? 'active';
  const credential = { id: 'cred_sample', orgId: input.actor.principal.orgId, achievementId: 'ach_sample', issuerId: 'iss_sample' };
  return [eventBody(deps.urls, { type: input.event, credential, status, occurredAt: new Date('2026-01-15T10:00:00Z'), eventId: 'evt_sample' })];
}
