import type { Deps } from '../deps.js';
import { requireIssuer, requirePermission, requireUnrestricted } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import { sha256HexInPieces } from '../shared/hash.js';
import type { DateOrder } from './bulk-dates.js';
import type { AsyncCsvParser, BulkImport, BulkImportProgress, BulkIssue, ResultsPage } from './ports.js';
import { messages, readBulkCsv, type ParsedRow } from './parse-bulk-csv.js';
import { pauseForLoop } from '../shared/pause-for-loop.js';

export const BULK_JOB = 'bulk.award';
/** Results a progress read returns when it names no page, and at most (a 100,000-row import is read a page at a time). */
export const RESULTS_PAGE_DEFAULT = 1000;
export const RESULTS_PAGE_MAX = 10_000;
/** Results of each import in the list of recent imports (50 of them: the rest is read from each import). */
export const LIST_RESULTS_PAGE = 100;

export interface BulkPreview {
  total: number;
  valid: number;
  invalid: number;
  /** File-level warnings (columns not read). */
  warnings: BulkIssue[];
  rows: ParsedRow[];
}

/** Addresses looked up (holders, opt-outs) between two pauses of the event loop. */
const EMAILS_PER_LOOKUP = 2000;

/** Rows a preview lists: every row of a file up to this size, else only the rows with an error or a warning, at most this many. */
export const PREVIEW_ROWS_LISTED = 10_000;

/**
 * The rows a preview shows: all of them (as before 100,000-row files), or for a larger file those with an
 * error or a warning (errors first, by row), at most `PREVIEW_ROWS_LISTED`; `omitted` says how many are not listed.
 */
export function listedRows(p: BulkPreview): { rows: ParsedRow[]; listed: 'all' | 'issues'; omitted: number } {
  if (p.rows.length <= PREVIEW_ROWS_LISTED) return { rows: p.rows, listed: 'all', omitted: 0 };
  const errors = p.rows.filter((r) => r.errors.length > 0);
  const warned = p.rows.filter((r) => r.errors.length === 0 && r.warnings.length > 0);
  const rows = [...errors, ...warned].slice(0, PREVIEW_ROWS_LISTED).sort((a, b) => a.row.row - b.row.row);
  return { rows, listed: 'issues', omitted: p.rows.length - rows.length };
}

/** Validate a CSV for an achievement and show what would happen; nothing is written. */
export async function previewBulkImport(deps: Pick<Deps, 'store'> & { readCsv: AsyncCsvParser }, input: { actor: Actor; achievementId: string; csv: string; dateOrder?: DateOrder | undefined }): Promise<BulkPreview> {
  const achievement = await deps.store.achievements.findById(input.actor.principal.orgId, input.achievementId);
  if (!achievement) throw notFound('achievement');
  requirePermission(input.actor.principal, 'credentials:issue');
  requireIssuer(input.actor.principal, achievement.issuerId);
  if (achievement.archivedAt) throw new AppError('invalid-state', 'this achievement is archived and cannot be awarded');
  const { rows, warnings } = await readBulkCsv(deps.readCsv, input.csv, { dateOrder: input.dateOrder });
  // Say who already holds it and who will get no e-mail (both are still awarded).
  const orgId = input.actor.principal.orgId;
  const emails = [...new Set(rows.filter((r) => r.errors.length === 0).map((r) => r.row.email))];
  const holds = new Set<string>();
  const unsubscribed = new Set<string>();
  // A slice of addresses at a time, the event loop given back between slices (an engine whose queries never
  // wait, SQLite, would otherwise hold it for the whole of a 100,000-row file).
  for (let i = 0; i < emails.length; i += EMAILS_PER_LOOKUP) {
    const slice = emails.slice(i, i + EMAILS_PER_LOOKUP);
    const [holders, optedOut] = await Promise.all([deps.store.credentials.holdersAmong(orgId, input.achievementId, slice), deps.store.optOuts.among(orgId, slice)]);
    for (const e of holders) holds.add(e);
    for (const e of optedOut) unsubscribed.add(e);
    await pauseForLoop();
  }
  for (const r of rows) {
    if (r.errors.length > 0 || (!holds.has(r.row.email) && !unsubscribed.has(r.row.email))) continue;
    if (holds.has(r.row.email)) r.issues.push({ code: 'already-holds', severity: 'warning', column: null });
    if (unsubscribed.has(r.row.email)) r.issues.push({ code: 'unsubscribed', severity: 'warning', column: null });
    Object.assign(r, messages(r.issues));
  }
  const invalid = rows.filter((r) => r.errors.length > 0).length;
  return { total: rows.length, valid: rows.length - invalid, invalid, warnings, rows };
}

/**
 * Start awarding the valid rows in the background (durable job). Invalid rows are reported, never
 * issued. The import and its job are written in one transaction; the same Idempotency-Key and CSV
 * return the same import.
 */
export async function startBulkImport(
  deps: Pick<Deps, 'store' | 'clock' | 'ids'> & { readCsv: AsyncCsvParser },
  input: { actor: Actor; achievementId: string; csv: string; dateOrder?: DateOrder | undefined; idempotencyKey?: string | undefined },
): Promise<{ bulkImport: BulkImportProgress; preview: BulkPreview }> {
  const preview = await previewBulkImport(deps, input);
  const { principal } = input.actor;
  // Hashed a piece at a time (a 15 MB CSV would hold the event loop): the same digest as in one go.
  const requestHash = await sha256HexInPieces(`${input.achievementId}\n${input.dateOrder ? `${input.dateOrder}\n` : ''}${input.csv}`);
  if (input.idempotencyKey) {
    const earlier = await deps.store.idempotency.find(principal.orgId, BULK_JOB, input.idempotencyKey);
    if (earlier) {
      if (earlier.requestHash !== requestHash) throw new AppError('idempotency-key-reused', 'this Idempotency-Key was already used with a different CSV');
      const existing = await deps.store.bulkImports.findById(principal.orgId, earlier.resourceId, { afterRow: 0, limit: RESULTS_PAGE_DEFAULT });
      if (existing) return { bulkImport: existing, preview };
    }
  }
  if (preview.valid === 0) throw new AppError('validation', 'no row of this CSV is valid; nothing to award', { fields: [{ path: '/csv', message: 'every row has errors' }] });
  const now = deps.clock.now().toISOString();
  const bulkImport: BulkImport = {
    id: deps.ids.id(),
    orgId: principal.orgId,
    achievementId: input.achievementId,
    status: 'queued',
    rows: preview.rows.filter((r) => r.errors.length === 0).map((r) => r.row),
    total: preview.total,
    processed: preview.invalid,
    failed: preview.invalid,
    results: preview.rows.filter((r) => r.errors.length > 0).map((r) => ({ row: r.row.row, email: r.row.email, status: 'invalid' as const, error: r.errors.join('; ') })),
    createdBy: principal.userId ?? null,
    createdAt: now,
    updatedAt: now,
  };
  // Sealed before the transaction, a piece at a time (a 100,000-row import's rows are ~10 MB of JSON).
  const prepared = await deps.store.bulkImports.prepare(bulkImport);
  await deps.store.transaction(async (tx) => {
    if (input.idempotencyKey) {
      await tx.idempotency.claim({ orgId: principal.orgId, operation: BULK_JOB, key: input.idempotencyKey, requestHash, resourceId: bulkImport.id, createdAt: now });
    }
    await tx.bulkImports.insert(prepared);
    await tx.jobs.enqueue({ name: BULK_JOB, orgId: principal.orgId, payload: { importId: bulkImport.id, role: principal.role }, maxAttempts: 10 });
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'bulk.start', { type: 'bulk-import', id: bulkImport.id }, { rows: preview.valid }));
  });
  const { rows: _rows, ...progress } = bulkImport;
  return { bulkImport: { ...progress, results: progress.results.slice(0, RESULTS_PAGE_DEFAULT) }, preview };
}

/** The import's progress (counts kept in SQL) and a page of its results by row (`RESULTS_PAGE_DEFAULT` from the first when none is named). */
export async function getBulkImport(deps: Pick<Deps, 'store'>, input: { actor: Actor; id: string; page?: ResultsPage | undefined }): Promise<BulkImportProgress> {
  const found = await deps.store.bulkImports.findById(input.actor.principal.orgId, input.id, input.page ?? { afterRow: 0, limit: RESULTS_PAGE_DEFAULT });
  if (!found) throw notFound('bulk import');
  requirePermission(input.actor.principal, 'credentials:read');
  requireUnrestricted(input.actor.principal);
  return found;
}

export async function listBulkImports(deps: Pick<Deps, 'store'>, input: { actor: Actor }): Promise<BulkImportProgress[]> {
  requirePermission(input.actor.principal, 'credentials:read');
  requireUnrestricted(input.actor.principal);
  return deps.store.bulkImports.list(input.actor.principal.orgId, 50, { afterRow: 0, limit: LIST_RESULTS_PAGE });
}
