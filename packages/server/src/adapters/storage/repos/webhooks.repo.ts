import type { Kysely, Selectable } from 'kysely';
import type { WebhookAttempt, WebhookEndpoint, WebhookEventType, WebhookMessage, WebhookMessageType, WebhookRepo } from '../../../domain/webhooks/ports.js';
import type { Database, WebhookAttemptsTable, WebhookEndpointsTable, WebhookMessagesTable } from '../schema.js';
import { fromJson, toJson } from './json.js';
import { paginate } from './pagination.js';

const toEndpoint = (r: Selectable<WebhookEndpointsTable>): WebhookEndpoint => ({
  id: r.id, orgId: r.org_id, url: r.url, description: r.description, events: fromJson<WebhookEventType[]>(r.events, []), secretSealed: r.secret_sealed,
  enabled: Number(r.enabled) === 1, disabledReason: r.disabled_reason, consecutiveFailures: Number(r.consecutive_failures), restHook: Number(r.rest_hook) === 1, createdAt: r.created_at, updatedAt: r.updated_at,
});

const endpointRow = (e: WebhookEndpoint): WebhookEndpointsTable => ({
  id: e.id, org_id: e.orgId, url: e.url, description: e.description, events: toJson(e.events), secret_sealed: e.secretSealed, enabled: e.enabled ? 1 : 0,
  disabled_reason: e.disabledReason, consecutive_failures: e.consecutiveFailures, rest_hook: e.restHook ? 1 : 0, created_at: e.createdAt, updated_at: e.updatedAt,
});

const toMessage = (r: Selectable<WebhookMessagesTable>): WebhookMessage => ({
  id: r.id, orgId: r.org_id, endpointId: r.endpoint_id, eventType: r.event_type as WebhookMessageType, payload: r.payload, status: r.status as WebhookMessage['status'],
  attempts: Number(r.attempts), nextRetryAt: r.next_retry_at, createdAt: r.created_at, updatedAt: r.updated_at,
});

const toAttempt = (r: Selectable<WebhookAttemptsTable>): WebhookAttempt => ({
  id: r.id, orgId: r.org_id, endpointId: r.endpoint_id, messageId: r.message_id, eventType: r.event_type as WebhookMessageType, attempt: Number(r.attempt),
  delivered: Number(r.delivered) === 1, statusCode: r.status_code === null ? null : Number(r.status_code), error: r.error, durationMs: Number(r.duration_ms),
  nextRetryAt: r.next_retry_at, createdAt: r.created_at,
});

/** Webhook endpoints, messages and attempts; every read an API caller can reach is scoped by organisation. */
export function webhookRepo(db: Kysely<Database>): WebhookRepo {
  return {
    async insert(endpoint) {
      await db.insertInto('webhook_endpoints').values(endpointRow(endpoint)).execute();
    },
    async update(endpoint) {
      const { id, org_id, created_at, ...rest } = endpointRow(endpoint);
      await db.updateTable('webhook_endpoints').set(rest).where('id', '=', id).where('org_id', '=', org_id).execute();
    },
    async delete(orgId, id) {
      await db.deleteFrom('webhook_attempts').where('endpoint_id', '=', id).where('org_id', '=', orgId).execute();
      await db.deleteFrom('webhook_messages').where('endpoint_id', '=', id).where('org_id', '=', orgId).execute();
      const r = await db.deleteFrom('webhook_endpoints').where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async findById(orgId, id) {
      const r = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
      return r && toEndpoint(r);
    },
    async list(orgId) {
      return (await db.selectFrom('webhook_endpoints').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute()).map(toEndpoint);
    },
    async subscribed(orgId, type) {
      const rows = await db.selectFrom('webhook_endpoints').selectAll().where('org_id', '=', orgId).where('enabled', '=', 1).execute();
      return rows.map(toEndpoint).filter((e) => e.events.includes(type));
    },
    async insertMessage(m) {
      const r = await db
        .insertInto('webhook_messages')
        .values({
          id: m.id, org_id: m.orgId, endpoint_id: m.endpointId, event_type: m.eventType, payload: m.payload, status: m.status, attempts: m.attempts,
          next_retry_at: m.nextRetryAt, created_at: m.createdAt, updated_at: m.updatedAt,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async findMessage(id) {
      const r = await db.selectFrom('webhook_messages').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toMessage(r);
    },
    async findAttempt(orgId, endpointId, id) {
      const r = await db.selectFrom('webhook_attempts').selectAll().where('id', '=', id).where('org_id', '=', orgId).where('endpoint_id', '=', endpointId).executeTakeFirst();
      return r && toAttempt(r);
    },
    async updateMessage(m) {
      await db.updateTable('webhook_messages').set({ status: m.status, attempts: m.attempts, next_retry_at: m.nextRetryAt, updated_at: m.updatedAt }).where('id', '=', m.id).execute();
    },
    async recordAttempt(a) {
      await db
        .insertInto('webhook_attempts')
        .values({
          id: a.id, org_id: a.orgId, endpoint_id: a.endpointId, message_id: a.messageId, event_type: a.eventType, attempt: a.attempt, delivered: a.delivered ? 1 : 0,
          status_code: a.statusCode, error: a.error, duration_ms: a.durationMs, next_retry_at: a.nextRetryAt, created_at: a.createdAt,
        })
        .execute();
    },
    async listAttempts(orgId, endpointId, query) {
      const qb = db.selectFrom('webhook_attempts').selectAll().where('org_id', '=', orgId).where('endpoint_id', '=', endpointId);
      const page = await paginate(qb, { column: 'created_at', desc: true }, 'id', query, (r) => r.created_at);
      return { items: page.items.map(toAttempt), nextCursor: page.nextCursor };
    },
  };
}
