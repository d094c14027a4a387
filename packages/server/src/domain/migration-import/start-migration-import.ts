import type { Deps } from '../deps.js';
import { requireIssuer, requirePermission, requireUnrestricted } from '../auth/permissions.js';
import type { CsvParser } from '../bulk/ports.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import { sha256Hex, stableJson } from '../shared/hash.js';
import { parseBadgrExport } from './parse-badgr-export.js';
import { parseImportCsv, type CsvColumns } from './parse-import-csv.js';
import { parseOb2Inputs } from './parse-ob2-inputs.js';
import type { ImportItem, ImportSource, MigrationImport } from './ports.js';

export const MIGRATION_IMPORT_JOB = 'migration.import';

export interface StartMigrationImportInput {
  actor: Actor;
  issuerId: string;
  source: ImportSource;
  /** E-mail each earner once about their re-issued credential. Off by default. */
  notify?: boolean | undefined;
  /** source `badgr`: the export `{ badgeclasses, assertions }`. */
  export?: unknown;
  /** source `ob2`: [{url} | {assertion} | {image}] with an optional `email` each. */
  assertions?: unknown;
  /** source `csv`: the file's text and which header holds each field. */
  csv?: string | undefined;
  columns?: Partial<CsvColumns> | undefined;
  idempotencyKey?: string | undefined;
}

function itemsOf(parseCsv: CsvParser, input: StartMigrationImportInput): ImportItem[] {
  const parsed =
    input.source === 'badgr'
      ? parseBadgrExport(input.export)
      : input.source === 'ob2'
        ? parseOb2Inputs(input.assertions)
        : typeof input.csv === 'string'
          ? parseImportCsv(parseCsv, input.csv, input.columns)
          : { items: [], error: 'send the CSV as `csv`' };
  if (parsed.error) throw new AppError('validation', parsed.error, { fields: [{ path: `/${input.source === 'badgr' ? 'export' : input.source === 'ob2' ? 'assertions' : 'csv'}`, message: parsed.error }] });
  return parsed.items;
}

/**
 * Start importing an organisation's history under one of its issuers. The file is read now (a
 * malformed one is refused whole, a malformed row is reported); awarding runs as the durable
 * `migration.import` job. The same Idempotency-Key and body return the same import; whatever the key,
 * an original award already imported is skipped by the job.
 */
export async function startMigrationImport(deps: Pick<Deps, 'store' | 'clock' | 'ids'> & { parseCsv: CsvParser }, input: StartMigrationImportInput): Promise<MigrationImport> {
  const { principal } = input.actor;
  const issuer = await deps.store.issuers.findById(principal.orgId, input.issuerId);
  if (!issuer) throw notFound('issuer');
  requirePermission(principal, 'credentials:issue');
  requirePermission(principal, 'achievements:write');
  requireIssuer(principal, issuer.id);
  const items = itemsOf(deps.parseCsv, input);
  const requestHash = sha256Hex(stableJson({ issuerId: input.issuerId, source: input.source, notify: input.notify === true, export: input.export ?? null, assertions: input.assertions ?? null, csv: input.csv ?? null, columns: input.columns ?? null }));
  if (input.idempotencyKey) {
    const earlier = await deps.store.idempotency.find(principal.orgId, MIGRATION_IMPORT_JOB, input.idempotencyKey);
    if (earlier) {
      if (earlier.requestHash !== requestHash) throw new AppError('idempotency-key-reused', 'this Idempotency-Key was already used with a different import');
      const existing = await deps.store.migrationImports.findById(principal.orgId, earlier.resourceId);
      if (existing) return existing;
    }
  }
  const now = deps.clock.now().toISOString();
  const invalid = items.filter((i) => i.kind === 'invalid');
  const migration: MigrationImport = {
    id: deps.ids.id(),
    orgId: principal.orgId,
    issuerId: issuer.id,
    source: input.source,
    notify: input.notify === true,
    status: 'queued',
    items: items.filter((i) => i.kind !== 'invalid'),
    total: items.length,
    imported: 0,
    skipped: 0,
    failed: invalid.length,
    results: invalid.map((i) => ({ index: i.index, originalId: i.originalId, status: 'failed' as const, reason: i.reason })),
    createdBy: principal.userId ?? null, // the job acts as this member (an API key's import runs with its role alone)
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.transaction(async (tx) => {
    if (input.idempotencyKey) await tx.idempotency.claim({ orgId: principal.orgId, operation: MIGRATION_IMPORT_JOB, key: input.idempotencyKey, requestHash, resourceId: migration.id, createdAt: now });
    await tx.migrationImports.insert(migration);
    await tx.jobs.enqueue({ name: MIGRATION_IMPORT_JOB, orgId: principal.orgId, payload: { importId: migration.id, role: principal.role }, maxAttempts: 10 });
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'migration-import.start', { type: 'migration-import', id: migration.id }, { source: input.source, items: items.length }));
  });
  return migration;
}

export async function getMigrationImport(deps: Pick<Deps, 'store'>, input: { actor: Actor; id: string }): Promise<MigrationImport> {
  const found = await deps.store.migrationImports.findById(input.actor.principal.orgId, input.id);
  if (!found) throw notFound('import');
  requirePermission(input.actor.principal, 'credentials:read');
  requireUnrestricted(input.actor.principal);
  return found;
}

export async function listMigrationImports(deps: Pick<Deps, 'store'>, input: { actor: Actor }): Promise<MigrationImport[]> {
  requirePermission(input.actor.principal, 'credentials:read');
  requireUnrestricted(input.actor.principal);
  return deps.store.migrationImports.list(input.actor.principal.orgId, 50);
}
