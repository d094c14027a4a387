import type { Kysely, Selectable } from 'kysely';
import {
  RenewalAlreadyPending, type ExpiryReminder, type ExpiryReminderRepo, type RenewalRequest, type RenewalRequestRepo, type RenewalStatus,
} from '../../../domain/renewals/ports.js';
import type { Database, ExpiryRemindersTable, RenewalRequestsTable } from '../schema.js';
import { fromJson } from './json.js';

const toReminder = (r: Selectable<ExpiryRemindersTable>): ExpiryReminder => ({
  id: r.id, orgId: r.org_id, credentialId: r.credential_id, offsetDays: Number(r.offset_days), expiresAt: r.expires_at, createdAt: r.created_at, sentAt: r.sent_at, outcome: r.outcome,
});

/** Expiry reminders; `insertOnce` leans on the unique (credential_id, offset_days) index. */
export function expiryReminderRepo(db: Kysely<Database>): ExpiryReminderRepo {
  return {
    async insertOnce(m) {
      const result = await db
        .insertInto('expiry_reminders')
        .values({ id: m.id, org_id: m.orgId, credential_id: m.credentialId, offset_days: m.offsetDays, expires_at: m.expiresAt, created_at: m.createdAt, sent_at: m.sentAt, outcome: m.outcome })
        .onConflict((oc) => oc.columns(['credential_id', 'offset_days']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    async find(id) {
      const r = await db.selectFrom('expiry_reminders').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toReminder(r);
    },
    async markSent(id, outcome, at) {
      await db.updateTable('expiry_reminders').set({ outcome, sent_at: at }).where('id', '=', id).execute();
    },
    async listExpiring(from, until, afterId, limit) {
      let q = db
        .selectFrom('credentials as c')
        .innerJoin('achievements as a', (j) => j.onRef('a.id', '=', 'c.achievement_id').onRef('a.org_id', '=', 'c.org_id'))
        .select(['c.id', 'c.org_id', 'c.expires_at', 'a.reminder_offsets'])
        .where('a.kind', '=', 'certification')
        .where('c.status', '=', 'active')
        .where('c.superseded_by', 'is', null)
        .where('c.expires_at', '>', from)
        .where('c.expires_at', '<=', until);
      if (afterId) q = q.where('c.id', '>', afterId);
      const rows = await q.orderBy('c.id').limit(limit).execute();
      return rows.map((r) => ({ id: r.id, orgId: r.org_id, expiresAt: r.expires_at!, reminderOffsets: r.reminder_offsets ? fromJson<number[]>(r.reminder_offsets, []) : null }));
    },
    async largestOffset() {
      const rows = await db.selectFrom('achievements').select('reminder_offsets').where('kind', '=', 'certification').where('reminder_offsets', 'is not', null).execute();
      const all = rows.flatMap((r) => fromJson<number[]>(r.reminder_offsets!, []));
      return all.length ? Math.max(...all) : null;
    },
    async listForCredentials(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('expiry_reminders').selectAll().where('credential_id', 'in', [...ids]).orderBy('created_at', 'desc').execute();
      return rows.map(toReminder);
    },
  };
}

const toRequest = (r: Selectable<RenewalRequestsTable>): RenewalRequest => ({
  id: r.id, orgId: r.org_id, credentialId: r.credential_id, achievementId: r.achievement_id, requestedBy: r.requested_by, evidenceUrl: r.evidence_url, note: r.note,
  status: r.status as RenewalStatus, reason: r.reason, newCredentialId: r.new_credential_id, decidedBy: r.decided_by, createdAt: r.created_at, decidedAt: r.decided_at,
});

/** The one-pending-per-credential partial unique index refused a row. */
function isPendingConflict(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e.code === '23505') return e.constraint === 'renewal_requests_one_pending';
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' && /renewal_requests\.credential_id/.test(e.message ?? '');
}

/** Renewal requests, always within one organisation. */
export function renewalRequestRepo(db: Kysely<Database>): RenewalRequestRepo {
  return {
    async insert(r) {
      try {
        await db.insertInto('renewal_requests').values({
          id: r.id, org_id: r.orgId, credential_id: r.credentialId, achievement_id: r.achievementId, requested_by: r.requestedBy, evidence_url: r.evidenceUrl, note: r.note,
          status: r.status, reason: r.reason, new_credential_id: r.newCredentialId, decided_by: r.decidedBy, created_at: r.createdAt, decided_at: r.decidedAt,
        }).execute();
      } catch (error) {
        if (isPendingConflict(error)) throw new RenewalAlreadyPending();
        throw error;
      }
    },
    async findById(orgId, id) {
      const r = await db.selectFrom('renewal_requests').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return r && toRequest(r);
    },
    async decide(orgId, id, d) {
      const result = await db
        .updateTable('renewal_requests')
        .set({ status: d.status, reason: d.reason, new_credential_id: d.newCredentialId, decided_by: d.decidedBy, decided_at: d.decidedAt })
        .where('org_id', '=', orgId).where('id', '=', id).where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async reopen(orgId, id) {
      await db.updateTable('renewal_requests').set({ status: 'pending', decided_by: null, decided_at: null }).where('org_id', '=', orgId).where('id', '=', id).execute();
    },
    async setNewCredential(orgId, id, credentialId) {
      await db.updateTable('renewal_requests').set({ new_credential_id: credentialId }).where('org_id', '=', orgId).where('id', '=', id).execute();
    },
    async list(orgId, query) {
      let q = db.selectFrom('renewal_requests as r').selectAll('r').where('r.org_id', '=', orgId);
      if (query.status) q = q.where('r.status', '=', query.status);
      if (query.issuerId) q = q.where('r.achievement_id', 'in', db.selectFrom('achievements').select('id').where('org_id', '=', orgId).where('issuer_id', '=', query.issuerId));
      return (await q.orderBy('r.created_at').orderBy('r.id').limit(query.limit).execute()).map(toRequest);
    },
    async listForCredentials(ids) {
      if (ids.length === 0) return [];
      return (await db.selectFrom('renewal_requests').selectAll().where('credential_id', 'in', [...ids]).orderBy('created_at', 'desc').execute()).map(toRequest);
    },
  };
}
