import { sql, type Kysely, type Selectable } from 'kysely';
import type { AchievementDetails, AchievementKind, Alignment } from '@laurel/core';
import type { Achievement, AchievementRepo } from '../../../domain/achievements/ports.js';
import type { AchievementsTable, Database } from '../schema.js';
import { fromJson, toJson } from './json.js';
import { likePattern, paginate, sortSpec } from './pagination.js';

export const toAchievement = (r: Selectable<AchievementsTable>): Achievement => ({
  id: r.id,
  orgId: r.org_id,
  issuerId: r.issuer_id,
  kind: r.kind as AchievementKind,
  name: r.name,
  description: r.description,
  criteria: { narrative: r.criteria_narrative ?? undefined, url: r.criteria_url ?? undefined },
  image: r.image,
  tags: fromJson<string[]>(r.tags, []),
  alignments: fromJson<Alignment[]>(r.alignments, []),
  validity: r.validity,
  renewable: Boolean(r.renewable),
  gracePeriod: r.grace_period ?? null,
  reminderOffsets: r.reminder_offsets ? fromJson<number[]>(r.reminder_offsets, []) : null,
  renewalMode: r.renewal_mode === 'automatic' ? 'automatic' : 'manual',
  details: r.details ? fromJson<AchievementDetails>(r.details, {}) : {},
  archivedAt: r.archived_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toRow = (a: Achievement): Selectable<AchievementsTable> => ({
  id: a.id,
  org_id: a.orgId,
  issuer_id: a.issuerId,
  kind: a.kind,
  name: a.name,
  description: a.description,
  criteria_narrative: a.criteria.narrative ?? null,
  criteria_url: a.criteria.url ?? null,
  image: a.image,
  tags: toJson(a.tags),
  alignments: toJson(a.alignments),
  validity: a.validity,
  renewable: a.renewable ? 1 : 0,
  grace_period: a.gracePeriod,
  reminder_offsets: a.reminderOffsets ? toJson(a.reminderOffsets) : null,
  renewal_mode: a.renewalMode,
  details: Object.keys(a.details).length === 0 ? null : toJson(a.details),
  archived_at: a.archivedAt,
  created_at: a.createdAt,
  updated_at: a.updatedAt,
});

const SORTS = { createdAt: 'created_at', name: 'name' };

export function achievementRepo(db: Kysely<Database>): AchievementRepo {
  return {
    async insert(a) {
      await db.insertInto('achievements').values(toRow(a)).execute();
    },
    async findById(orgId, id) {
      const r = await db.selectFrom('achievements').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return r && toAchievement(r);
    },
    async findPublic(id) {
      const r = await db.selectFrom('achievements').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toAchievement(r);
    },
    async findManyPublic(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('achievements').selectAll().where('id', 'in', ids).execute();
      return rows.map(toAchievement);
    },
    async list(orgId, query) {
      let qb = db.selectFrom('achievements').selectAll().where('org_id', '=', orgId);
      if (!query.includeArchived) qb = qb.where('archived_at', 'is', null);
      if (query.issuerId) qb = qb.where('issuer_id', '=', query.issuerId);
      if (query.kind) qb = qb.where('kind', '=', query.kind);
      // Tags are a JSON array of strings stored as text: match the quoted element.
      if (query.tag) qb = qb.where(sql<boolean>`tags like ${`%${JSON.stringify(query.tag).replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`);
      if (query.q) qb = qb.where(sql<boolean>`(lower(name) like ${likePattern(query.q)} escape '\\' or lower(description) like ${likePattern(query.q)} escape '\\')`);
      const spec = sortSpec(query.sort, SORTS);
      const page = await paginate(qb, spec, 'id', query, (r) => (spec.column === 'name' ? r.name : r.created_at));
      return { items: page.items.map(toAchievement), nextCursor: page.nextCursor };
    },
    async update(a) {
      const { id, org_id, created_at, ...rest } = toRow(a);
      await db.updateTable('achievements').set(rest).where('org_id', '=', org_id).where('id', '=', id).execute();
      void created_at;
    },
  };
}
