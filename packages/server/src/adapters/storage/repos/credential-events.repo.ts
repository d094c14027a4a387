import { sql, type Insertable, type Kysely } from 'kysely';
import type { CredentialEventRepo, CredentialHistoryEvent, HistoryActor, HistoryEventType } from '../../../domain/credential-history/ports.js';
import type { CredentialEventsTable, Database } from '../schema.js';
import { fromJson, toJson } from './json.js';
import { rollupOfHistory } from '../../../domain/analytics/metrics.js';
import { incrementForCredential } from './analytics.repo.js';
import { withKeys, type PersonalDataKeys } from '../personal-data.js';
import { openUserEmail, openUserName } from './organisations.repo.js';

/** The credential_events row of an event (also written by the credential issue statement). */
export const credentialEventRow = (e: CredentialHistoryEvent): Insertable<CredentialEventsTable> => ({
  id: e.id, org_id: e.orgId, credential_id: e.credentialId, type: e.type, actor_type: e.actor.type, actor_id: e.actor.id, details: toJson(e.details), created_at: e.createdAt,
});

export function credentialEventRepo(db: Kysely<Database>, keys: PersonalDataKeys): CredentialEventRepo {
  return {
    async record(e, credential) {
      await db.insertInto('credential_events').values(credentialEventRow(e)).execute();
      // The analytics rollup, in the same transaction as the event when the caller has one.
      const known = credential && credential.id === e.credentialId && credential.orgId === e.orgId ? credential : undefined;
      await incrementForCredential(db, e.orgId, e.credentialId, e.createdAt.slice(0, 10), rollupOfHistory(e), known);
    },
    async list(orgId, credentialId, limit) {
      const rows = await db
        .selectFrom('credential_events as e')
        // Names of this organisation's keys only; a member's name as they call themselves.
        .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'e.actor_id').on('e.actor_type', '=', 'user'))
        .leftJoin('api_keys as k', (j) => j.onRef('k.id', '=', 'e.actor_id').onRef('k.org_id', '=', 'e.org_id').on('e.actor_type', '=', 'api-key'))
        .select(['e.id', 'e.org_id', 'e.credential_id', 'e.type', 'e.actor_type', 'e.actor_id', 'e.details', 'e.created_at', 'u.name as user_name', 'u.email as user_email', 'k.name as key_name'])
        .where('e.org_id', '=', orgId)
        .where('e.credential_id', '=', credentialId)
        .orderBy('e.created_at')
        .orderBy('e.id')
        .limit(limit)
        .execute();
      // A member's name and address are sealed at rest (opened here, for the rows that name a member).
      return withKeys(keys, db, (k) => rows.map((r) => ({
        id: r.id,
        orgId: r.org_id,
        credentialId: r.credential_id,
        type: r.type as HistoryEventType,
        actor: { type: r.actor_type as HistoryActor['type'], id: r.actor_id },
        details: fromJson<Record<string, string | number>>(r.details, {}),
        createdAt: r.created_at,
        actorName: r.actor_type === 'user' ? (openUserName(k, r.user_name ?? null) ?? (r.user_email ? openUserEmail(k, r.user_email) : null)) : r.actor_type === 'api-key' ? (r.key_name ?? null) : null,
      })));
    },
    async countView(credentialId, day) {
      await db
        .insertInto('credential_views')
        .values({ credential_id: credentialId, day, views: 1, visitors: 0, verifications: 0 })
        .onConflict((oc) => oc.columns(['credential_id', 'day']).doUpdateSet({ views: sql<number>`credential_views.views + 1` }))
        .execute();
    },
    async views(orgId, credentialId) {
      const rows = await db
        .selectFrom('credential_views as v')
        .innerJoin('credentials as c', 'c.id', 'v.credential_id')
        .select(['v.day', 'v.views'])
        .where('c.org_id', '=', orgId)
        .where('v.credential_id', '=', credentialId)
        .orderBy('v.day')
        .execute();
      return rows.map((r) => ({ day: r.day, views: Number(r.views) }));
    },
  };
}
