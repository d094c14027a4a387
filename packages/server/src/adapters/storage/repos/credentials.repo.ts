import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { RECIPIENT_TYPES, type AwardResult, type Evidence, type RecipientType } from '@laurel/core';
import {
  StatusIndexTaken, type Credential, type CredentialDocument, type CredentialRepo, type IdempotencyRepo, type IssuedCredential, type StoredStatus, type Visibility,
} from '../../../domain/credentials/ports.js';
import type { Engine } from '../db.js';
import { compiledOnce } from '../compiled-once.js';
import { compiledPerShape } from '../compiled-rows.js';
import { afterThisTurn, groupCommit, type GroupWrites } from '../group-commit.js';
import type { AnalyticsDailyTable, AnalyticsDailyTotalsTable, AnalyticsMonthlyTable, AuditLogTable, CredentialDocumentsTable, CredentialEventsTable, CredentialsTable, Database, JobsTable } from '../schema.js';
import { auditRow } from './audit.repo.js';
import { readIssuingContext, readKeyAndIssuingContext } from './issuing-context.js';
import { jobRow } from './jobs.repo.js';
import { fromJson, toJson } from './json.js';
import { decodeCursor, encodeCursor, paginate, sortSpec } from './pagination.js';
import { credentialEventRow } from './credential-events.repo.js';
import { rollupRows, rollupWrites, upsertMonthly, upsertRollup, upsertTotals } from './analytics.repo.js';
import { rollupOfHistory } from '../../../domain/analytics/metrics.js';
import { foldForSearch } from '../../../domain/shared/search-text.js';
import { recipientKey } from '../../../domain/recipients/recipient-key.js';
import { withKeys, type Keyring, type PersonalDataKeys } from '../personal-data.js';
import { sealContext } from '../sealed-columns.js';

const IDENTITY = sealContext('credentials', 'recipient_identity');
const NAME = sealContext('credentials', 'recipient_name');
const isErased = (identity: string) => identity.startsWith('erased:');

const toCredential = (k: Keyring) => (r: Selectable<CredentialsTable>): Credential => ({
  id: r.id,
  orgId: r.org_id,
  issuerId: r.issuer_id,
  achievementId: r.achievement_id,
  recipient: { type: r.recipient_type as RecipientType, identity: k.open(r.recipient_identity, IDENTITY), hash: r.recipient_hash, salt: r.recipient_salt, name: k.openNullable(r.recipient_name, NAME) },
  earnerUserId: r.earner_user_id,
  issuedOn: r.issued_on,
  expiresAt: r.expires_at,
  narrative: r.narrative,
  evidence: fromJson<Evidence[]>(r.evidence, []),
  status: r.status as StoredStatus,
  revocationReason: r.revocation_reason,
  revokedAt: r.revoked_at,
  visibility: r.visibility as Visibility,
  statusIndex: r.status_index,
  renewsCredentialId: r.renews_credential_id,
  supersededBy: r.superseded_by ?? null,
  supersededAt: r.superseded_at ?? null,
  results: r.results ? fromJson<AwardResult[]>(r.results, []) : [],
  creditsEarned: r.credits_earned ?? null,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The row, its address and name sealed, with their blind indexes (never the plaintext). */
export const toRow = (k: Keyring, c: Credential): Selectable<CredentialsTable> => ({
  id: c.id,
  org_id: c.orgId,
  issuer_id: c.issuerId,
  achievement_id: c.achievementId,
  recipient_type: c.recipient.type,
  recipient_identity: isErased(c.recipient.identity) ? c.recipient.identity : k.seal(c.recipient.identity, IDENTITY, c.orgId),
  recipient_hash: c.recipient.hash,
  recipient_salt: c.recipient.salt,
  recipient_name: k.sealNullable(c.recipient.name, NAME, c.orgId),
  earner_user_id: c.earnerUserId,
  issued_on: c.issuedOn,
  expires_at: c.expiresAt,
  narrative: c.narrative,
  evidence: toJson(c.evidence),
  status: c.status,
  revocation_reason: c.revocationReason,
  revoked_at: c.revokedAt,
  visibility: c.visibility,
  status_index: c.statusIndex,
  renews_credential_id: c.renewsCredentialId,
  superseded_by: c.supersededBy,
  superseded_at: c.supersededAt,
  results: c.results.length === 0 ? null : toJson(c.results),
  credits_earned: c.creditsEarned,
  created_by: c.createdBy,
  created_at: c.createdAt,
  updated_at: c.updatedAt,
  recipient_index: isErased(c.recipient.identity) ? null : k.index(c.recipient.type, c.recipient.identity),
  recipient_tokens: isErased(c.recipient.identity) ? null : k.searchTokens(c.recipient.name, c.recipient.identity),
  recipient_key: isErased(c.recipient.identity) ? null : recipientKey(c.orgId, c.recipient.type, c.recipient.identity),
});

const SORTS = { createdAt: 'created_at', issuedOn: 'issued_on', recipientName: 'created_at' };
/** Names are sealed, so a name order is made after opening them: up to this many matching credentials (docs/privacy.md). */
export const NAME_SORT_BOUND = 10_000;

/** The unique (issuer_id, status_index) index refused a row: PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE. */
export function isStatusIndexConflict(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e.code === '23505') return e.constraint === 'credentials_issuer_status_index';
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' && /credentials\.status_index/.test(e.message ?? '');
}

/**
 * PostgreSQL: the status index a refused multi-row insert collided on, from the unique violation's detail
 * ("Key (issuer_id, status_index)=(…, 123) already exists."); undefined for anything else.
 */
export function collidedStatusIndex(error: unknown): number | undefined {
  if (!isStatusIndexConflict(error)) return undefined;
  const m = /\(issuer_id, status_index\)=\(.*, (\d+)\)/.exec((error as { detail?: string }).detail ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Turn the unique-index refusal of a status index into the error the issue loop retries on. */
async function refusingTakenIndex(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (isStatusIndexConflict(error)) throw new StatusIndexTaken();
    throw error;
  }
}

export const documentRow = (d: CredentialDocument): Insertable<CredentialDocumentsTable> => ({
  credential_id: d.credentialId, format: d.format, body: d.body, key_id: d.keyId, created_at: d.createdAt,
});

export interface CredentialRepoOptions {
  engine: Engine;
  /** Id and time of the job enqueued with an issued credential (as the job queue makes them). */
  newId: () => string;
  now: () => Date;
  personalData: PersonalDataKeys;
}

type IssuedRows = {
  credential: Insertable<CredentialsTable>[];
  documents: Insertable<CredentialDocumentsTable>[];
  audit: Insertable<AuditLogTable>[];
  job: Insertable<JobsTable>[];
  event: Insertable<CredentialEventsTable>[];
  rollup: Insertable<AnalyticsDailyTable>[];
  monthly: Insertable<AnalyticsMonthlyTable>[];
  totals: Insertable<AnalyticsDailyTotalsTable>[];
};

/** The analytics of an issue: issued (and time to issue, renewed), and expired on the day it will expire. */
export const issueRollup = (i: Pick<IssuedCredential, 'credential' | 'event'>): Insertable<AnalyticsDailyTable>[] =>
  rollupRows(i.credential, i.event.createdAt.slice(0, 10), [
    ...rollupOfHistory(i.event),
    ...(i.credential.expiresAt ? [{ metric: 'expired' as const, dim: '', day: i.credential.expiresAt.slice(0, 10) }] : []),
  ]);

/** The rows of issues written together (each sealed with its own call's keyring); their rollups merged by key. */
const issuedRows = (o: CredentialRepoOptions, issues: ReadonlyArray<{ k: Keyring; issued: IssuedCredential }>): IssuedRows => {
  const rollups = rollupWrites(issues.flatMap(({ issued }) => issueRollup(issued)));
  return {
    credential: issues.map(({ k, issued }) => toRow(k, issued.credential)),
    documents: issues.flatMap(({ issued }) => issued.documents.map(documentRow)),
    audit: issues.map(({ issued }) => auditRow(issued.audit)),
    job: issues.map(({ issued }) => jobRow(issued.job, o.newId(), o.now().toISOString())),
    event: issues.map(({ issued }) => credentialEventRow(issued.event)),
    rollup: rollups.daily,
    monthly: rollups.monthly,
    totals: rollups.totals,
  };
};

function oneStatement(db: Kysely<Database>, rows: IssuedRows, statusList: { id: string; count: number }) {
  return db
    .with('credential', (q) => q.insertInto('credentials').values(rows.credential))
    .with('documents', (q) => q.insertInto('credential_documents').values(rows.documents))
    .with('audit', (q) => q.insertInto('audit_log').values(rows.audit))
    .with('job', (q) => q.insertInto('jobs').values(rows.job))
    .with('event', (q) => q.insertInto('credential_events').values(rows.event))
    .with('rollup', () => upsertRollup(db, rows.rollup))
    .with('monthly', () => upsertMonthly(db, rows.monthly))
    .with('totals', () => upsertTotals(db, rows.totals))
    .updateTable('status_lists')
    .set((eb) => ({ allocated: eb('allocated', '+', statusList.count) }))
    .where('id', '=', statusList.id);
}

/**
 * PostgreSQL: the issued credential and its companions in one statement of data-modifying CTEs,
 * atomic on its own or inside the caller's transaction. Every issue of an issuer updates the same
 * status-list row (the allocation count); its lock is held for this one statement and its commit,
 * not across a round trip per row. The statement is built and compiled once per shape of its rows
 * (`compiledPerShape`); rows holding anything but plain values (or leaving a column undefined, which
 * Kysely would omit) are built as usual.
 */
const oneWrite = compiledPerShape((db, r: IssuedRows & { statusList: Array<{ id: string; count: number }> }) => oneStatement(db, r, r.statusList[0]!), 64);

type Issue = { k: Keyring; issued: IssuedCredential };
const writeIssues = (db: Kysely<Database>, o: CredentialRepoOptions, issues: readonly Issue[]) =>
  oneWrite(db, { ...issuedRows(o, issues), statusList: [{ id: issues[0]!.issued.statusListId, count: issues.length }] });

/** At most this many issues in one statement (~110 parameters each). */
const MAX_GROUP = 32;

/**
 * PostgreSQL outside a caller's transaction: the issues of one status list are written by one statement (multi-row
 * inserts, the allocation count grown by their number): one round trip and one commit instead of one each. Every
 * issue of a status list updates the same rows (the list's allocation count, the day's rollups), so their writes
 * cannot overlap anyway: a second statement would only wait on the first one's row locks until its commit, holding
 * a connection, and under load such waits queue up behind each other. So a status list has at most one statement
 * in flight in this process: the issues that arrive meanwhile wait for it and are then written together (at most
 * MAX_GROUP a statement); the first issue after a quiet spell waits only for the end of this turn of the event loop.
 * Each caller gets its own outcome when a statement fails (see `write`); a caller's promise settles when its rows
 * are committed.
 */
function groupedWrites(db: Kysely<Database>, o: CredentialRepoOptions): (issue: Issue) => Promise<void> {
  type Queued = Issue & { resolve: () => void; reject: (error: unknown) => void };
  /** By status list, while a statement of it is in flight or about to start: the issues waiting for the next one. */
  const lists = new Map<string, Queued[]>();
  // Settles its caller's promise whatever happens (even a throw while building the rows), and never rejects itself.
  const alone = (q: Queued) => Promise.resolve().then(() => writeIssues(db, o, [q])).then(() => q.resolve(), q.reject);
  /**
   * A group in one statement. A status index taken meanwhile (the first draw is not looked up while the list is
   * sparse, docs/performance.md) refuses the whole statement, and PostgreSQL names the index: its issue alone is
   * refused (its caller draws again) and the rest written again together. Any other failure: each issue alone,
   * one after the other (they would only queue on the same rows' locks).
   */
  const write = async (group: Queued[]) => {
    let rest = group;
    while (rest.length > 1) {
      try {
        await writeIssues(db, o, rest);
        for (const q of rest) q.resolve();
        return;
      } catch (error) {
        const index = collidedStatusIndex(error);
        // The later of two issues of the group drawing the same index is the one refused (rows go in in order).
        const clashed = index === undefined ? undefined : rest.findLast((q) => q.issued.credential.statusIndex === index);
        if (!clashed) break;
        clashed.reject(new StatusIndexTaken());
        rest = rest.filter((q) => q !== clashed);
      }
    }
    for (const q of rest) await alone(q);
  };
  const flush = async (listId: string) => {
    const queued = lists.get(listId)!;
    while (queued.length > 0) await write(queued.splice(0, MAX_GROUP));
    lists.delete(listId);
  };
  return (issue) =>
    new Promise<void>((resolve, reject) => {
      const listId = issue.issued.statusListId;
      const queued = lists.get(listId);
      if (queued) return void queued.push({ ...issue, resolve, reject });
      lists.set(listId, [{ ...issue, resolve, reject }]);
      afterThisTurn(() => void flush(listId));
    });
}

/** SQLite's statements of an issue, each compiled once per shape of its rows (see `compiledPerShape`). */
const steps = {
  credential: compiledPerShape((db, r: { rows: Insertable<CredentialsTable>[] }) => db.insertInto('credentials').values(r.rows), 64),
  documents: compiledPerShape((db, r: { rows: Insertable<CredentialDocumentsTable>[] }) => db.insertInto('credential_documents').values(r.rows), 64),
  audit: compiledPerShape((db, r: { rows: Insertable<AuditLogTable>[] }) => db.insertInto('audit_log').values(r.rows), 64),
  job: compiledPerShape((db, r: { rows: Insertable<JobsTable>[] }) => db.insertInto('jobs').values(r.rows), 64),
  event: compiledPerShape((db, r: { rows: Insertable<CredentialEventsTable>[] }) => db.insertInto('credential_events').values(r.rows), 64),
  rollup: compiledPerShape((db, r: { rows: Insertable<AnalyticsDailyTable>[] }) => upsertRollup(db, r.rows), 64),
  monthly: compiledPerShape((db, r: { rows: Insertable<AnalyticsMonthlyTable>[] }) => upsertMonthly(db, r.rows), 64),
  totals: compiledPerShape((db, r: { rows: Insertable<AnalyticsDailyTotalsTable>[] }) => upsertTotals(db, r.rows), 64),
  allocated: compiledOnce(['id', 'count'], (db, { id, count }) => db.updateTable('status_lists').set((eb) => ({ allocated: eb('allocated', '+', count as unknown as number) })).where('id', '=', id)),
};

/** SQLite: the rows of one or more issues, statement by statement (multi-row), in the caller's transaction. */
async function insertIssuedInSteps(db: Kysely<Database>, o: CredentialRepoOptions, issues: readonly Issue[]): Promise<void> {
  const rows = issuedRows(o, issues);
  await steps.credential(db, { rows: rows.credential });
  await steps.documents(db, { rows: rows.documents });
  await steps.audit(db, { rows: rows.audit });
  await steps.job(db, { rows: rows.job });
  await steps.event(db, { rows: rows.event });
  // A few rows of each per issue, merged by key (an expiry date adds one): far below writeRollups' chunks.
  if (rows.rollup.length > 0) await steps.rollup(db, { rows: rows.rollup });
  if (rows.monthly.length > 0) await steps.monthly(db, { rows: rows.monthly });
  if (rows.totals.length > 0) await steps.totals(db, { rows: rows.totals });
  const counts = new Map<string, number>();
  for (const { issued } of issues) counts.set(issued.statusListId, (counts.get(issued.statusListId) ?? 0) + 1);
  for (const [id, count] of counts) await steps.allocated(db, { id, count });
}

/** SQLite's group commit of issues: a group in multi-row statements (at most MAX_GROUP issues each), else one by one. */
const sqliteGroupWrites = (o: CredentialRepoOptions): GroupWrites<Issue> => ({
  one: (tx, issue) => insertIssuedInSteps(tx, o, [issue]),
  async all(tx, issues) {
    for (let at = 0; at < issues.length; at += MAX_GROUP) await insertIssuedInSteps(tx, o, issues.slice(at, at + MAX_GROUP));
  },
});

/** Issues written together, one writer per database handle: SQLite's group commit, PostgreSQL's grouped statement. */
const committers = new WeakMap<Kysely<Database>, (issue: Issue) => Promise<void>>();
const committerOf = (db: Kysely<Database>, o: CredentialRepoOptions) => {
  let committer = committers.get(db);
  if (!committer) committers.set(db, (committer = groupCommit(db, sqliteGroupWrites(o))));
  return committer;
};
const groupWriters = new WeakMap<Kysely<Database>, (issue: Issue) => Promise<void>>();
const groupWriterOf = (db: Kysely<Database>, o: CredentialRepoOptions) => {
  let writer = groupWriters.get(db);
  if (!writer) groupWriters.set(db, (writer = groupedWrites(db, o)));
  return writer;
};

export function credentialRepo(db: Kysely<Database>, o: CredentialRepoOptions): CredentialRepo {
  const keys = () => o.personalData.keyring(db);
  const read = <T>(fn: (k: Keyring) => T) => withKeys(o.personalData, db, fn);
  return {
    issuingContext: (orgId, achievementId) => readIssuingContext(db, orgId, achievementId),
    keyAndIssuingContext: (keyHash, achievementId) => readKeyAndIssuingContext(db, keyHash, achievementId),
    async insert(c) {
      const k = await keys();
      await refusingTakenIndex(db.insertInto('credentials').values(toRow(k, c)).execute());
    },
    async insertIssued(issued) {
      if (issued.documents.length === 0) throw new Error('an issued credential has signed documents');
      const k = await keys();
      // Outside a caller's transaction: with the issues arriving meanwhile (each still all or nothing).
      const write =
        db.isTransaction ? (o.engine === 'postgres' ? writeIssues(db, o, [{ k, issued }]) : insertIssuedInSteps(db, o, [{ k, issued }]))
        : o.engine === 'postgres' ? groupWriterOf(db, o)({ k, issued })
        : committerOf(db, o)({ k, issued });
      await refusingTakenIndex(write);
    },
    async findById(orgId, id) {
      const r = await db.selectFrom('credentials').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return r && read((k) => toCredential(k)(r));
    },
    async findPublic(id) {
      const r = await db.selectFrom('credentials').selectAll().where('id', '=', id).executeTakeFirst();
      return r && read((k) => toCredential(k)(r));
    },
    async findManyByIds(orgId, ids) {
      const found: Credential[] = [];
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await db.selectFrom('credentials').selectAll().where('org_id', '=', orgId).where('id', 'in', ids.slice(i, i + 500)).execute();
        found.push(...(await read((k) => rows.map(toCredential(k)))));
      }
      return found;
    },
    async list(orgId, q) {
      let qb = db.selectFrom('credentials').selectAll().where('org_id', '=', orgId);
      if (q.achievementId) qb = qb.where('achievement_id', '=', q.achievementId);
      if (q.issuerId) qb = qb.where('issuer_id', '=', q.issuerId);
      const k = await keys();
      // Exact address: its blind index (the type is not known here: any type's index of that identity).
      if (q.recipient) qb = qb.where('recipient_index', 'in', RECIPIENT_TYPES.flatMap((t) => k.indexes(t, q.recipient!)));
      if (q.issuedAfter) qb = qb.where('issued_on', '>=', new Date(q.issuedAfter).toISOString());
      if (q.issuedBefore) qb = qb.where('issued_on', '<', new Date(q.issuedBefore).toISOString());
      if (q.status === 'revoked' || q.status === 'suspended') qb = qb.where('status', '=', q.status);
      if (q.status === 'expired') qb = qb.where('status', '=', 'active').where('expires_at', '<=', q.now);
      if (q.status === 'active') qb = qb.where('status', '=', 'active').where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', q.now)]));
      // Every word's token, all under one index key (two sets while the index key rotates).
      if (q.q) {
        const sets = k.queryTokenSets(q.q);
        qb = qb.where((eb) => eb.or(sets.map((set) => eb.and(set.map((token) => eb('recipient_tokens', 'like', `% ${token} %`))))));
      }
      if (q.claimed !== undefined) qb = qb.where('earner_user_id', q.claimed ? 'is not' : 'is', null);
      if (q.recipientKey) qb = qb.where('recipient_key', '=', q.recipientKey);
      if (q.sort === 'recipientName' || q.sort === '-recipientName') {
        // Names are sealed: opened and ordered here, for up to NAME_SORT_BOUND matches (the cursor carries the last id, not the name).
        const rows = await qb.orderBy('id').limit(NAME_SORT_BOUND).execute();
        const all = await read((k) => rows.map(toCredential(k)));
        const name = (c: Credential) => foldForSearch(c.recipient.name ?? '');
        const sign = q.sort.startsWith('-') ? -1 : 1;
        all.sort((a, b) => sign * (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const start = q.cursor ? all.findIndex((c) => c.id === decodeCursor(q.cursor!)[1]) + 1 : 0;
        const items = all.slice(start, start + q.limit);
        const last = items[items.length - 1];
        return { items, nextCursor: all.length > start + q.limit && last ? encodeCursor(['', last.id]) : undefined };
      }
      const spec = sortSpec(q.sort, SORTS, ['recipientName']);
      const page = await paginate(qb, spec, 'id', q, (r) => (spec.column === 'issued_on' ? r.issued_on : r.created_at));
      return { items: await read((k) => page.items.map(toCredential(k))), nextCursor: page.nextCursor };
    },
    async listForEarner(userId, addresses) {
      const k = await keys();
      const rows = await db
        .selectFrom('credentials')
        .selectAll()
        .where((eb) => eb.or([eb('earner_user_id', '=', userId), ...addresses.flatMap((a) => k.indexes(a.type, a.value).map((i) => eb('recipient_index', '=', i)))]))
        .orderBy('issued_on', 'desc')
        .orderBy('id')
        .limit(1000)
        .execute();
      return read((k) => rows.map(toCredential(k)));
    },
    async holdersAmong(orgId, achievementId, emails) {
      const k = await keys();
      const found = new Set<string>();
      // A slice of addresses per query, their blind indexes computed slice by slice (a 100,000-row bulk preview
      // asks for 100,000: the event loop is given back at each query).
      for (let i = 0; i < emails.length; i += 250) {
        const byIndex = new Map(emails.slice(i, i + 250).flatMap((e) => k.indexes('email', e).map((x) => [x, e] as const)));
        const chunk = [...byIndex.keys()];
        const rows = await db.selectFrom('credentials').select('recipient_index').distinct().where('org_id', '=', orgId).where('achievement_id', '=', achievementId).where('recipient_type', '=', 'email').where('recipient_index', 'in', chunk).execute();
        for (const r of rows) found.add(byIndex.get(r.recipient_index!)!);
      }
      return [...found];
    },
    async listRevokedForIssuer(issuerId) {
      const rows = await db.selectFrom('credentials').selectAll().where('issuer_id', '=', issuerId).where('status', '=', 'revoked').orderBy('revoked_at').execute();
      return read((k) => rows.map(toCredential(k)));
    },
    async markSuperseded(orgId, id, by, at) {
      const result = await db
        .updateTable('credentials')
        .set({ superseded_by: by, superseded_at: at, updated_at: at })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .where('superseded_by', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async update(c) {
      // Superseding has its own conditional write (markSuperseded): an update never clears it.
      const { id, org_id, created_at, superseded_by, superseded_at, ...rest } = toRow(await keys(), c);
      void created_at, superseded_by, superseded_at;
      await db.updateTable('credentials').set(rest).where('org_id', '=', org_id).where('id', '=', id).execute();
    },
  };
}

export function idempotencyRepo(db: Kysely<Database>): IdempotencyRepo {
  const find: IdempotencyRepo['find'] = async (orgId, operation, key) => {
    const r = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('operation', '=', operation)
      .where('key', '=', key)
      .executeTakeFirst();
    return r && { orgId: r.org_id, operation: r.operation, key: r.key, requestHash: r.request_hash, resourceId: r.resource_id, createdAt: r.created_at };
  };
  return {
    find,
    async claim(rec) {
      const result = await db
        .insertInto('idempotency_keys')
        .values({ org_id: rec.orgId, operation: rec.operation, key: rec.key, request_hash: rec.requestHash, resource_id: rec.resourceId, created_at: rec.createdAt })
        .onConflict((oc) => oc.columns(['org_id', 'operation', 'key']).doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) return { record: rec, created: true };
      const existing = await find(rec.orgId, rec.operation, rec.key);
      return { record: existing ?? rec, created: false };
    },
  };
}
