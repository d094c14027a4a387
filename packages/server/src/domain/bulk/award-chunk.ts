import type { JsonObject } from '@laurel/core';
import { requireIssuer, requirePermission } from '../auth/permissions.js';
import { wholeHours } from '../analytics/metrics.js';
import { historyActorOf, historyEvent } from '../credential-history/history-event.js';
import { resolveEvidence } from '../credentials/award-evidence.js';
import type { IssueCredentialData, IssueDeps } from '../credentials/issue-credential.js';
import { StatusIndexTaken, type Credential, type CredentialDocument } from '../credentials/ports.js';
import { AWARD_EMAILS_JOB } from '../notifications/award-emails-job.js';
import type { JobRequest } from '../shared/jobs.js';
import { toRecipient } from '../credentials/recipient-input.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, isAppError, notFound } from '../shared/errors.js';
import { sha256Hex, stableJson } from '../shared/hash.js';
import type { Telemetry } from '../shared/telemetry.js';
import { FieldChecks } from '../shared/validation.js';
import { statusAllocation, type StatusAllocation } from '../status/status-lists.js';
import { BulkRowRecorded, type BatchSigner, type BulkIssued, type BulkRow, type BulkRowResult, type SignBatchInput } from './ports.js';
import { awardedCredential } from '../credentials/new-credential.js';
import { StatusIndexReservations, drawCandidates, type HeldIndexes } from './status-index-reservation.js';

/** The Idempotency-Keys of bulk rows live with the issue path's (`bulk:<import>:<row>`), so a row is one award whichever path stored it. */
const OPERATION = 'credentials.issue';
/** A chunk raced another writer (a key, a status index or a result taken meanwhile): its transaction is redone this many times at most. */
const CHUNK_ATTEMPTS = 5;

export type ChunkDeps = IssueDeps & { telemetry?: Telemetry | undefined };

/** The import a chunk belongs to, and whom it acts as. */
export interface ChunkOf {
  importId: string;
  achievementId: string;
  actor: Actor;
}

/** Another worker claimed one of the chunk's keys between the look-up and the claim. */
class ChunkKeysRaced extends Error {
  constructor() {
    super('a key of this chunk was claimed meanwhile');
    this.name = 'ChunkKeysRaced';
  }
}

/** What the chunk's awards share: read once per chunk. */
interface Shared {
  context: Awaited<ReturnType<IssueDeps['store']['credentials']['issuingContext']>>;
  issuer: NonNullable<Shared['context']['issuer']>;
  achievement: NonNullable<Shared['context']['achievement']>;
  allocation: StatusAllocation;
  endorsements: JsonObject[];
}

export const bulkKey = (importId: string, row: number) => `bulk:${importId}:${row}`;

/** The issue path's request for a row (its hash is the Idempotency-Key's request hash, as the issue path computes it). */
export function rowData(achievementId: string, row: BulkRow): IssueCredentialData {
  return {
    achievementId,
    recipient: { email: row.email, ...(row.name ? { name: row.name } : {}) },
    ...(row.issuedOn ? { issuedOn: row.issuedOn } : {}),
    ...(row.narrative ? { narrative: row.narrative } : {}),
    ...(row.evidenceUrl ? { evidence: [{ url: row.evidenceUrl }] } : {}),
  };
}

/**
 * Award a chunk of rows in one transaction: the rows' Idempotency-Keys claimed with one statement, every
 * credential with its signed OB 3.0 document, status index, audit entry and history event, one job for all the chunk's award e-mails,
 * stored with multi-row statements, and every row's result recorded, then one commit. Either all of it is
 * stored or none: a worker killed mid-chunk leaves nothing half-written, and the chunk is redone (rows that
 * already have a result are skipped, rows whose key is claimed are answered from it). A row the issue path
 * refuses (an AppError) is recorded as failed; anything else throws (the job retries).
 */
export async function awardChunk(deps: ChunkDeps, of: ChunkOf, rows: readonly BulkRow[]): Promise<BulkRowResult[]> {
  for (let attempt = 1; ; attempt++) {
    const held: HeldIndexes = { issuerId: '', indexes: [] };
    try {
      return await attemptChunk(deps, of, rows, held);
    } catch (error) {
      const raced = error instanceof StatusIndexTaken || error instanceof BulkRowRecorded || error instanceof ChunkKeysRaced;
      if (!raced || attempt >= CHUNK_ATTEMPTS) throw error;
    } finally {
      reservations.release(held);
    }
  }
}

async function attemptChunk(deps: ChunkDeps, of: ChunkOf, rows: readonly BulkRow[], held: HeldIndexes): Promise<BulkRowResult[]> {
  const { store } = deps;
  const orgId = of.actor.principal.orgId;
  const [recorded, claimed] = await Promise.all([
    store.bulkAwards.recordedRows(of.importId, rows.map((r) => r.row)),
    store.bulkAwards.claimedKeys(orgId, OPERATION, rows.map((r) => bulkKey(of.importId, r.row))),
  ]);
  const todo = rows.filter((r) => !recorded.has(r.row));
  if (todo.length === 0) return [];
  const results: BulkRowResult[] = [];
  // Awarded before (an import from before chunks): answered from the key, as the issue path answers a retry;
  // a key another request took with a different body is refused as the issue path refuses it.
  for (const r of todo) {
    const earlier = claimed.get(bulkKey(of.importId, r.row));
    if (!earlier) continue;
    if (earlier.requestHash === sha256Hex(stableJson(rowData(of.achievementId, r)))) results.push({ row: r.row, email: r.email, status: 'issued', credentialId: earlier.resourceId });
    else results.push({ row: r.row, email: r.email, status: 'failed', error: 'this Idempotency-Key was already used with a different request body' });
  }
  const fresh = todo.filter((r) => !claimed.has(bulkKey(of.importId, r.row)));
  let issued: Array<{ row: BulkRow; issued: BulkIssued; requestHash: string }> = [];
  let shared: Shared | undefined;
  if (fresh.length > 0) {
    try {
      shared = await readShared(deps, of, fresh.length);
    } catch (error) {
      if (!isAppError(error)) throw error;
      for (const r of fresh) results.push({ row: r.row, email: r.email, status: 'failed', error: error.message });
    }
  }
  if (shared) issued = await issueRows(deps, of, shared, fresh, results, held);
  const at = deps.clock.now().toISOString();
  await store.transaction(async (tx) => {
    if (issued.length > 0) {
      const keys = issued.map((i) => ({ orgId, operation: OPERATION, key: bulkKey(of.importId, i.row.row), requestHash: i.requestHash, resourceId: i.issued.credential.id, createdAt: at }));
      if ((await tx.bulkAwards.claimKeys(keys)) !== keys.length) throw new ChunkKeysRaced();
      // One job for the chunk's awards (their webhook events, pathways and e-mails), not one each.
      const notify: JobRequest = { name: AWARD_EMAILS_JOB, orgId, payload: { orgId, credentialIds: issued.map((i) => i.issued.credential.id) } };
      await tx.bulkAwards.insertIssuedMany(issued.map((i) => i.issued), shared!.allocation.listId, [notify]);
    }
    await tx.bulkAwards.recordResults({ importId: of.importId, orgId, results, at });
  });
  for (const r of results) {
    const fromKey = r.status === 'issued' && !issued.some((i) => i.row.row === r.row);
    deps.telemetry?.credentialIssued('bulk', r.status === 'issued' ? (fromKey ? 'replayed' : 'issued') : 'refused');
  }
  return results.sort((a, b) => a.row - b.row);
}

/** The achievement, its issuer, the status allocation (room for the whole chunk) and the endorsements: once per chunk. */
async function readShared(deps: ChunkDeps, of: ChunkOf, count: number): Promise<Shared> {
  const { principal } = of.actor;
  const context = await deps.store.credentials.issuingContext(principal.orgId, of.achievementId);
  const { achievement, issuer } = context;
  if (!achievement) throw notFound('achievement');
  requirePermission(principal, 'credentials:issue');
  requireIssuer(principal, achievement.issuerId);
  if (achievement.archivedAt) throw new AppError('invalid-state', 'this achievement is archived and cannot be awarded');
  if (!issuer) throw notFound('issuer');
  // Counted as if the chunk were already stored, so the lists grow (or issuing stops) before they are too full for it.
  const current = context.allocation && { ...context.allocation, allocated: context.allocation.allocated + count };
  const allocation = await statusAllocation(deps, principal.orgId, issuer.id, current);
  const endorsements = (await deps.store.endorsements.listLiveForSubject(principal.orgId, 'achievement', achievement.id)).filter((e) => e.direction === 'issued').map((e) => JSON.parse(e.document) as JsonObject);
  return { context, issuer, achievement, allocation, endorsements };
}

/** Each row's credential (a refused row goes to `results` as failed), their status indexes, then every signature in one batch. */
async function issueRows(deps: ChunkDeps, of: ChunkOf, shared: Shared, rows: readonly BulkRow[], results: BulkRowResult[], held: HeldIndexes) {
  const now = deps.clock.now();
  const built: Array<{ row: BulkRow; base: Omit<Credential, 'id' | 'statusIndex'>; requestHash: string; hoursToIssue: number | undefined }> = [];
  for (const row of rows) {
    try {
      built.push(await credentialOf(deps, of, shared, row, now));
    } catch (error) {
      if (!isAppError(error)) throw error;
      results.push({ row: row.row, email: row.email, status: 'failed', error: error.message });
    }
  }
  const indexes = await freeIndexes(deps, shared.issuer.id, shared.allocation.size, built.length, held);
  const credentials = built.map((b, n): Credential => ({ ...b.base, id: deps.ids.id(), statusIndex: indexes[n]! }));
  const documents = await signAll(deps, { issuer: shared.issuer, achievement: shared.achievement, ...(shared.endorsements.length ? { endorsements: shared.endorsements } : {}), credentials });
  return built.map((b, n) => {
    const credential = credentials[n]!;
    results.push({ row: b.row.row, email: b.row.email, status: 'issued', credentialId: credential.id });
    const issued: BulkIssued = {
      credential,
      documents: documents[n]!,
      audit: auditEntry(deps.ids.id(), now, of.actor, 'credential.issue', { type: 'credential', id: credential.id }, { achievementId: shared.achievement.id }),
      event: historyEvent(deps.ids, now, historyActorOf(of.actor), credential, 'issued', b.hoursToIssue === undefined ? {} : { hoursToIssue: b.hoursToIssue }),
      statusListId: shared.allocation.listId,
    };
    return { row: b.row, issued, requestHash: b.requestHash };
  });
}

/** A row's credential before its id and index, checked as the issue path checks it. */
async function credentialOf(deps: ChunkDeps, of: ChunkOf, shared: Shared, row: BulkRow, now: Date) {
  const { principal } = of.actor;
  const d = rowData(of.achievementId, row);
  const checks = new FieldChecks();
  const issuedOn = d.issuedOn ? new Date(d.issuedOn) : now;
  const { evidence, fileIds } = await resolveEvidence(deps, principal.orgId, d.evidence ?? [], checks);
  checks.throwIfAny();
  if (fileIds.length > 0) throw new AppError('validation', 'a bulk row names evidence by URL only');
  const recipient = await toRecipient(d.recipient);
  const { achievement, context } = shared;
  const base = awardedCredential({ principal, achievement, defaultVisibility: context.organisation?.settings.defaultVisibility, data: d, recipient, evidence, issuedOn }, now);
  const hoursToIssue = d.issuedOn && issuedOn.getTime() <= now.getTime() ? wholeHours(issuedOn.toISOString(), now.toISOString()) : undefined;
  return { row, base, requestHash: sha256Hex(stableJson(d)), hoursToIssue };
}

/**
 * `count` distinct random status indexes not yet taken by the issuer, looked up together (one query a round):
 * unlike a single issue, a chunk always looks its draws up, as one clash would redo the whole chunk. This process's
 * other chunks' uncommitted draws are avoided (`reservations`); the unique index stays the final guard against
 * another process or a concurrent issue taking one meanwhile (the chunk is then redone).
 */
async function freeIndexes(deps: ChunkDeps, issuerId: string, size: number, count: number, held: HeldIndexes): Promise<number[]> {
  const chosen = new Set<number>();
  for (let round = 0; chosen.size < count; round++) {
    if (round >= FREE_INDEX_ROUNDS) throw new Error('could not find free status list indexes');
    // Drawn and held in one go (no await between): a chunk that draws while this one looks its draws up avoids them.
    // Read each round: the others' draws come and go.
    const candidates = drawCandidates(deps.random, size, count - chosen.size, chosen, reservations.avoidFor(issuerId, size, count - chosen.size));
    reservations.hold(held, issuerId, [...candidates]);
    const taken = await deps.store.bulkAwards.takenIndexes(issuerId, [...candidates]);
    reservations.drop(held, taken);
    for (const index of candidates) if (!taken.has(index)) chosen.add(index);
  }
  return [...chosen];
}

/** Look-up rounds of a chunk's draws at most. */
const FREE_INDEX_ROUNDS = 16;
/** This process's chunks' uncommitted status indexes (one per process: its job runner's parts share it). */
export const reservations = new StatusIndexReservations();

/** One message per signing worker when the signer takes batches (the pool), else each credential on its own. */
async function signAll(deps: ChunkDeps, input: SignBatchInput): Promise<CredentialDocument[][]> {
  if (input.credentials.length === 0) return [];
  const batch = deps.credentialSigner as Partial<BatchSigner> & IssueDeps['credentialSigner'];
  if (typeof batch.signBatch === 'function') return batch.signBatch(input);
  const { credentials, ...common } = input;
  return Promise.all(credentials.map((credential) => deps.credentialSigner.sign({ ...common, credential })));
}
