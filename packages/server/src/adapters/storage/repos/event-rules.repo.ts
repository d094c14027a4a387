import type { Kysely, Selectable } from 'kysely';
import type { AwardRuleRepo, EventSourceRepo, InboundEventRepo, RuleAwardRepo, AwardRule, InboundEvent } from '../../../domain/event-rules/ports.js';
import type { AwardRulesTable, Database, InboundEventsTable } from '../schema.js';
import { fromJson, toJson } from './json.js';
import { withKeys, type Keyring, type PersonalDataKeys } from '../personal-data.js';
import { accountEmailIndex, sealContext } from '../sealed-columns.js';

const SUBJECT_EMAIL = sealContext('inbound_events', 'subject_email');
const SUBJECT_NAME = sealContext('inbound_events', 'subject_name');
const AWARDED = sealContext('rule_awards', 'recipient_identity');

const inserted = (r: { numInsertedOrUpdatedRows?: bigint | undefined }) => Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;

export function eventSourceRepo(db: Kysely<Database>): EventSourceRepo {
  const toSource = (r: Selectable<Database['event_sources']>) => ({ id: r.id, orgId: r.org_id, name: r.name, secretSealed: r.secret_sealed, createdAt: r.created_at, lastUsedAt: r.last_used_at });
  return {
    async insert(s) {
      await db.insertInto('event_sources').values({ id: s.id, org_id: s.orgId, name: s.name, secret_sealed: s.secretSealed, created_at: s.createdAt, last_used_at: s.lastUsedAt }).execute();
    },
    async list(orgId) {
      return (await db.selectFrom('event_sources').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute()).map(toSource);
    },
    async findById(id) {
      const r = await db.selectFrom('event_sources').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toSource(r) : undefined;
    },
    async delete(orgId, id) {
      const r = await db.deleteFrom('event_sources').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async touch(id, at) {
      await db.updateTable('event_sources').set({ last_used_at: at }).where('id', '=', id).execute();
    },
  };
}

const toEvent = (k: Keyring) => (r: Selectable<InboundEventsTable>): InboundEvent => ({
  id: r.id, orgId: r.org_id, eventId: r.event_id, type: r.type, occurredAt: r.occurred_at, subjectEmail: k.open(r.subject_email, SUBJECT_EMAIL), subjectName: k.openNullable(r.subject_name, SUBJECT_NAME),
  data: fromJson<Record<string, unknown>>(r.data, {}), receivedVia: r.received_via, issuerScope: r.issuer_scope,
  status: r.status as InboundEvent['status'], awards: Number(r.awards), receivedAt: r.received_at, processedAt: r.processed_at,
});

/** The event's subject (address, name) is sealed at rest; events are found by id, never by subject. */
export function inboundEventRepo(db: Kysely<Database>, keys: PersonalDataKeys): InboundEventRepo {
  const read = <T>(fn: (k: Keyring) => T) => withKeys(keys, db, fn);
  const one = (r: Selectable<InboundEventsTable> | undefined) => (r ? read((k) => toEvent(k)(r)) : undefined);
  return {
    async insertIfNew(e) {
      const k = await keys.keyring(db);
      const r = await db
        .insertInto('inbound_events')
        .values({
          id: e.id, org_id: e.orgId, event_id: e.eventId, type: e.type, occurred_at: e.occurredAt, subject_email: k.seal(e.subjectEmail, SUBJECT_EMAIL, e.orgId), subject_name: k.sealNullable(e.subjectName, SUBJECT_NAME, e.orgId),
          data: toJson(e.data), received_via: e.receivedVia, issuer_scope: e.issuerScope, status: e.status, awards: e.awards, received_at: e.receivedAt, processed_at: e.processedAt,
        })
        .onConflict((oc) => oc.columns(['org_id', 'event_id']).doNothing())
        .executeTakeFirst();
      return inserted(r);
    },
    async findById(orgId, id) {
      return one(await db.selectFrom('inbound_events').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst());
    },
    async findByEventId(orgId, eventId) {
      return one(await db.selectFrom('inbound_events').selectAll().where('org_id', '=', orgId).where('event_id', '=', eventId).executeTakeFirst());
    },
    async markProcessed(orgId, id, awards, at) {
      await db.updateTable('inbound_events').set({ status: 'processed', awards, processed_at: at }).where('org_id', '=', orgId).where('id', '=', id).execute();
    },
    async list(orgId, limit) {
      const rows = await db.selectFrom('inbound_events').selectAll().where('org_id', '=', orgId).orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return read((k) => rows.map(toEvent(k)));
    },
  };
}

const toRule = (r: Selectable<AwardRulesTable>): AwardRule => ({
  id: r.id, orgId: r.org_id, achievementId: r.achievement_id, name: r.name, eventType: r.event_type,
  conditions: fromJson(r.conditions, null), requires: fromJson(r.requires, null), repeatable: Boolean(r.repeatable), enabled: Boolean(r.enabled),
  createdAt: r.created_at, updatedAt: r.updated_at,
});

export function awardRuleRepo(db: Kysely<Database>): AwardRuleRepo {
  const row = (r: AwardRule) => ({
    id: r.id, org_id: r.orgId, achievement_id: r.achievementId, name: r.name, event_type: r.eventType,
    conditions: r.conditions ? toJson(r.conditions) : null, requires: r.requires ? toJson(r.requires) : null,
    repeatable: r.repeatable ? 1 : 0, enabled: r.enabled ? 1 : 0, created_at: r.createdAt, updated_at: r.updatedAt,
  });
  return {
    async insert(r) {
      await db.insertInto('award_rules').values(row(r)).execute();
    },
    async update(r) {
      const { id, org_id, ...rest } = row(r);
      await db.updateTable('award_rules').set(rest).where('org_id', '=', org_id).where('id', '=', id).execute();
    },
    async delete(orgId, id) {
      const r = await db.deleteFrom('award_rules').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async findById(orgId, id) {
      const r = await db.selectFrom('award_rules').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return r ? toRule(r) : undefined;
    },
    async listForAchievement(orgId, achievementId) {
      return (await db.selectFrom('award_rules').selectAll().where('org_id', '=', orgId).where('achievement_id', '=', achievementId).orderBy('created_at').orderBy('id').execute()).map(toRule);
    },
    async forEventType(orgId, eventType) {
      const rows = await db
        .selectFrom('award_rules as r')
        .innerJoin('achievements as a', (j) => j.onRef('a.id', '=', 'r.achievement_id').onRef('a.org_id', '=', 'r.org_id'))
        .selectAll('r')
        .select('a.issuer_id')
        .where('r.org_id', '=', orgId)
        .where('r.event_type', '=', eventType)
        .where('r.enabled', '=', 1)
        .orderBy('r.created_at')
        .orderBy('r.id')
        .execute();
      return rows.map((r) => ({ ...toRule(r), issuerId: r.issuer_id }));
    },
    async listPathways(orgId) {
      const rows = await db
        .selectFrom('award_rules')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('enabled', '=', 1)
        .where('requires', 'is not', null)
        .orderBy('created_at')
        .orderBy('id')
        .limit(200)
        .execute();
      return rows.map(toRule);
    },
  };
}

export function ruleAwardRepo(db: Kysely<Database>, keys: PersonalDataKeys): RuleAwardRepo {
  return {
    async insertIfNew(a) {
      // Either unique index (rule + event + recipient's blind index, rule + once_key) makes this a no-op.
      const k = await keys.keyring(db);
      const r = await db
        .insertInto('rule_awards')
        .values({
          id: a.id, org_id: a.orgId, rule_id: a.ruleId, event_id: a.eventId, recipient_identity: k.seal(a.recipientIdentity, AWARDED, a.orgId), recipient_index: accountEmailIndex(k, a.recipientIdentity), once_key: a.onceKey,
          credential_id: a.credentialId, occurred_at: a.occurredAt, issued_at: a.issuedAt, latency_ms: a.latencyMs,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return inserted(r);
    },
    async exists(orgId, ruleId, eventId, onceKey) {
      const r = await db
        .selectFrom('rule_awards')
        .select('id')
        .where('org_id', '=', orgId)
        .where('rule_id', '=', ruleId)
        .where((eb) => eb.or([eb('once_key', '=', onceKey), eb('event_id', '=', eventId)]))
        .executeTakeFirst();
      return r !== undefined;
    },
    async heldAchievements(orgId, recipientIdentity, candidates) {
      if (candidates.length === 0) return [];
      const rows = await db
        .selectFrom('credentials')
        .select('achievement_id')
        .distinct()
        .where('org_id', '=', orgId)
        .where('recipient_type', '=', 'email')
        // Addresses are sealed at rest: the blind index finds them.
        .where('recipient_index', 'in', (await keys.keyring(db)).indexes('email', recipientIdentity))
        .where('status', '=', 'active')
        .where('achievement_id', 'in', candidates)
        .execute();
      return rows.map((r) => r.achievement_id);
    },
    async heldParts(orgId, recipientIdentity, candidates) {
      if (candidates.length === 0) return [];
      const rows = await db
        .selectFrom('credentials')
        .select(['achievement_id', 'id', 'issued_on'])
        .where('org_id', '=', orgId)
        .where('recipient_type', '=', 'email')
        .where('recipient_index', 'in', (await keys.keyring(db)).indexes('email', recipientIdentity))
        .where('status', '=', 'active')
        .where('achievement_id', 'in', candidates)
        .orderBy('issued_on', 'desc')
        .orderBy('id')
        .limit(500)
        .execute();
      return rows.map((r) => ({ achievementId: r.achievement_id, credentialId: r.id, issuedOn: r.issued_on }));
    },
    async listForEvent(orgId, eventId) {
      const rows = await db.selectFrom('rule_awards').selectAll().where('org_id', '=', orgId).where('event_id', '=', eventId).orderBy('issued_at').execute();
      return withKeys(keys, db, (k) => rows.map((r) => ({
        id: r.id, orgId: r.org_id, ruleId: r.rule_id, eventId: r.event_id, recipientIdentity: k.open(r.recipient_identity, AWARDED), onceKey: r.once_key,
        credentialId: r.credential_id, occurredAt: r.occurred_at, issuedAt: r.issued_at, latencyMs: Number(r.latency_ms),
      })));
    },
  };
}
