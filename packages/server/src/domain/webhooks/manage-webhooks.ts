import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import type { Page } from '../shared/ports.js';
import type { WebhookAttempt, WebhookEndpoint, WebhookEventType } from './ports.js';
import type { WebhookDeps } from './webhook-deps.js';
import { WEBHOOK_EVENTS } from './ports.js';
import { newWebhookSecret } from './signature.js';

export interface CreateWebhookInput {
  actor: Actor;
  url: string;
  events: string[];
  description?: string | undefined;
  /** Subscribed through the REST Hooks API (see rest-hooks.ts). */
  restHook?: boolean | undefined;
}

export interface UpdateWebhookInput {
  actor: Actor;
  id: string;
  url?: string | undefined;
  events?: string[] | undefined;
  description?: string | null | undefined;
  enabled?: boolean | undefined;
}

type Manage = Pick<WebhookDeps, 'store' | 'clock' | 'ids' | 'vault' | 'webhookTransport'>;

function checkEvents(events: string[]): WebhookEventType[] {
  const unknown = events.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (unknown.length > 0 || events.length === 0) {
    throw new AppError('validation', 'events must be a non-empty subset of the webhook events', {
      fields: [{ path: '/events', message: unknown.length ? `unknown event ${unknown.join(', ')}; one of ${WEBHOOK_EVENTS.join(', ')}` : 'must not be empty' }],
    });
  }
  return [...new Set(events)] as WebhookEventType[];
}

async function checkUrl(deps: Manage, url: string): Promise<string> {
  const reason = await deps.webhookTransport.refuse(url);
  if (reason) throw new AppError('validation', `this URL cannot receive webhooks: ${reason}`, { fields: [{ path: '/url', message: reason }] });
  return url;
}

async function load(deps: Manage, actor: Actor, id: string, permission: 'webhooks:read' | 'webhooks:write'): Promise<WebhookEndpoint> {
  const found = await deps.store.webhooks.findById(actor.principal.orgId, id);
  if (!found) throw notFound('webhook');
  requirePermission(actor.principal, permission);
  return found;
}

/** Register an endpoint; the secret is returned here and never again. */
export async function createWebhook(deps: Manage, input: CreateWebhookInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const { principal } = input.actor;
  requirePermission(principal, 'webhooks:write');
  const events = checkEvents(input.events);
  const url = await checkUrl(deps, input.url);
  const now = deps.clock.now().toISOString();
  const id = deps.ids.id();
  const secret = newWebhookSecret();
  const endpoint: WebhookEndpoint = {
    id, orgId: principal.orgId, url, description: input.description?.trim() || null, events, secretSealed: deps.vault.seal(secret, `webhook:${id}`),
    enabled: true, disabledReason: null, consecutiveFailures: 0, restHook: input.restHook ?? false, createdAt: now, updatedAt: now,
  };
  await deps.store.transaction(async (tx) => {
    await tx.webhooks.insert(endpoint);
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'webhook.create', { type: 'webhook', id }, { url, events, ...(input.restHook ? { restHook: true } : {}) }));
  });
  return { endpoint, secret };
}

export async function listWebhooks(deps: Pick<WebhookDeps, 'store'>, input: { actor: Actor }): Promise<WebhookEndpoint[]> {
  requirePermission(input.actor.principal, 'webhooks:read');
  return deps.store.webhooks.list(input.actor.principal.orgId);
}

export const getWebhook = (deps: Manage, input: { actor: Actor; id: string }) => load(deps, input.actor, input.id, 'webhooks:read');

/** Change the URL, events, description, or turn the endpoint on or off (turning it on clears the failure count). */
export async function updateWebhook(deps: Manage, input: UpdateWebhookInput): Promise<WebhookEndpoint> {
  const existing = await load(deps, input.actor, input.id, 'webhooks:write');
  const enabling = input.enabled === true && !existing.enabled;
  const updated: WebhookEndpoint = {
    ...existing,
    url: input.url !== undefined && input.url !== existing.url ? await checkUrl(deps, input.url) : existing.url,
    events: input.events !== undefined ? checkEvents(input.events) : existing.events,
    description: input.description !== undefined ? input.description?.trim() || null : existing.description,
    enabled: input.enabled ?? existing.enabled,
    disabledReason: input.enabled === undefined ? existing.disabledReason : null,
    consecutiveFailures: enabling ? 0 : existing.consecutiveFailures,
    updatedAt: deps.clock.now().toISOString(),
  };
  const changed = Object.fromEntries(
    (['url', 'events', 'description', 'enabled'] as const).filter((k) => input[k] !== undefined).map((k) => [k, updated[k]]),
  );
  await deps.store.transaction(async (tx) => {
    await tx.webhooks.update(updated);
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'webhook.update', { type: 'webhook', id: updated.id }, changed));
  });
  return updated;
}

/** Delete an endpoint with its messages and attempts; queued deliveries to it are dropped. */
export async function deleteWebhook(deps: Manage, input: { actor: Actor; id: string }): Promise<void> {
  const existing = await load(deps, input.actor, input.id, 'webhooks:write');
  await deps.store.transaction(async (tx) => {
    await tx.webhooks.delete(existing.orgId, existing.id);
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'webhook.delete', { type: 'webhook', id: existing.id }, { url: existing.url }));
  });
}

/** A new secret, returned once; the old one stops signing at once. */
export async function rotateWebhookSecret(deps: Manage, input: { actor: Actor; id: string }): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const existing = await load(deps, input.actor, input.id, 'webhooks:write');
  const secret = newWebhookSecret();
  const endpoint: WebhookEndpoint = { ...existing, secretSealed: deps.vault.seal(secret, `webhook:${existing.id}`), updatedAt: deps.clock.now().toISOString() };
  await deps.store.transaction(async (tx) => {
    await tx.webhooks.update(endpoint);
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'webhook.rotate-secret', { type: 'webhook', id: existing.id }));
  });
  return { endpoint, secret };
}

export async function listWebhookAttempts(deps: Manage, input: { actor: Actor; id: string; limit: number; cursor?: string | undefined }): Promise<Page<WebhookAttempt>> {
  const endpoint = await load(deps, input.actor, input.id, 'webhooks:read');
  return deps.store.webhooks.listAttempts(endpoint.orgId, endpoint.id, { limit: input.limit, cursor: input.cursor });
}
