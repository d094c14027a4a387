import type { AwardResult, JsonObject } from '@laurel/core';
import type { Deps } from '../deps.js';
import { requireIssuer, requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import { sha256Hex, stableJson } from '../shared/hash.js';
import { FieldChecks } from '../shared/validation.js';
import { StatusIndexTaken, type Credential, type IssuedCredential, type Visibility } from './ports.js';
import { pickStatusIndex, statusAllocation } from '../status/status-lists.js';
import { toRecipient, type RecipientInput } from './recipient-input.js';
import { checkAwardResults } from './award-results.js';
import { historyActorOf, historyEvent } from '../credential-history/history-event.js';
import type { HistoryActor } from '../credential-history/ports.js';
import type { Repositories } from '../shared/store.js';
import { wholeHours } from '../analytics/metrics.js';

import { resolveEvidence, type EvidenceInput } from './award-evidence.js';
import { awardedCredential } from './new-credential.js';
import { prefetchedFor, type PrefetchedIssuingContext } from './authenticate-to-issue.js';
export type { EvidenceInput } from './award-evidence.js';

export interface IssueCredentialData {
  achievementId: string;
  recipient: RecipientInput;
  issuedOn?: string | undefined;
  expires?: string | undefined;
  narrative?: string | undefined;
  evidence?: EvidenceInput[] | undefined;
  visibility?: Visibility | undefined;
  /** OB 3.0 results, each naming one of the achievement's result descriptions by key. */
  results?: AwardResult[] | undefined;
  creditsEarned?: number | undefined;
  /** Set by renewal only (never from the API body): the credential this one replaces and its OB 3.0 document's digest. */
  renews?: { credentialId: string; digestSRI: string } | undefined;
}

export interface IssueCredentialInput {
  actor: Actor;
  data: IssueCredentialData;
  /** Client-chosen key: a retry with the same key and body returns the first credential. */
  idempotencyKey?: string | undefined;
  /** The history's actor of the `issued` event (default: the actor's member or key). */
  historyActor?: HistoryActor | undefined;
  /**
   * Runs in the transaction that stores the credential, after it (an award rule records itself here);
   * when it throws, nothing is stored. Not combined with an Idempotency-Key.
   */
  alsoInTransaction?: ((tx: Repositories, credential: Credential) => Promise<void>) | undefined;
  /** False: the recipient is not e-mailed about this award (a migration import without notification). Default true. */
  notify?: boolean | undefined;
  /** The issuing context read with the API key that authenticated the request (used only if it is for this organisation and achievement). */
  prefetched?: PrefetchedIssuingContext | undefined;
}

export interface IssueCredentialResult {
  credential: Credential;
  /** True when an earlier request with the same Idempotency-Key created it. */
  replayed: boolean;
}

const OPERATION = 'credentials.issue';

export type IssueDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'random' | 'credentialSigner' | 'urls'>;

export async function issueCredential(
  deps: IssueDeps,
  input: IssueCredentialInput,
): Promise<IssueCredentialResult> {
  const { principal } = input.actor;
  const { store, clock, ids } = deps;
  // Only a request with an Idempotency-Key is compared with an earlier one.
  const requestHash = input.idempotencyKey ? sha256Hex(stableJson(input.data)) : '';
  if (input.idempotencyKey) {
    const replay = await replayed(deps, principal.orgId, input.idempotencyKey, requestHash);
    if (replay) return { credential: replay, replayed: true };
  }
  // The achievement, its issuer, the organisation and the status allocation, in one read.
  const context = prefetchedFor(input.prefetched, principal.orgId, input.data.achievementId) ?? (await store.credentials.issuingContext(principal.orgId, input.data.achievementId));
  const { achievement, organisation: org } = context;
  if (!achievement) throw notFound('achievement');
  requirePermission(principal, 'credentials:issue');
  requireIssuer(principal, achievement.issuerId);
  if (achievement.archivedAt) throw new AppError('invalid-state', 'this achievement is archived and cannot be awarded');

  const d = input.data;
  const checks = new FieldChecks();
  const now = clock.now();
  const issuedOn = d.issuedOn ? new Date(d.issuedOn) : now;
  if (d.expires && Date.parse(d.expires) <= issuedOn.getTime()) checks.add('/expires', 'must be after issuedOn');
  const { evidence, fileIds } = await resolveEvidence(deps, principal.orgId, d.evidence ?? [], checks);
  checkAwardResults(achievement, d.results ?? [], d.creditsEarned, checks);
  checks.throwIfAny();
  const recipient = await toRecipient(d.recipient);
  const base = awardedCredential({ principal, achievement, defaultVisibility: org?.settings.defaultVisibility, data: d, recipient, evidence, issuedOn }, now);
  const { issuer } = context;
  if (!issuer) throw notFound('issuer');
  const allocation = await statusAllocation(deps, principal.orgId, issuer.id, context.allocation);
  // Those signed here only: an outside one may use contexts or shapes Laurel's signer would refuse.
  const endorsements = context.endorsed ? (await store.endorsements.listLiveForSubject(principal.orgId, 'achievement', achievement.id)).filter((e) => e.direction === 'issued').map((e) => JSON.parse(e.document) as JsonObject) : [];

  // A concurrent issue may take the same random status index between the pick and the insert: the
  // unique index refuses the second, which then picks again (the index is inside the signed documents).
  for (let attempt = 1; ; attempt++) {
    const statusIndex = await pickStatusIndex(deps, issuer.id, allocation, { retry: attempt > 1 });
    const credential: Credential = { ...base, id: ids.id(), statusIndex };
    // Sign before storing so the write stays short; the documents are immutable from here on.
    const documents = await deps.credentialSigner.sign({ issuer, achievement, credential, ...(d.renews ? { replaces: d.renews } : {}), ...(endorsements.length ? { endorsements } : {}) });
    const issued: IssuedCredential = {
      credential,
      documents,
      audit: auditEntry(ids.id(), now, input.actor, 'credential.issue', { type: 'credential', id: credential.id }, { achievementId: achievement.id }),
      job: { name: 'credential.issued', orgId: principal.orgId, payload: { credentialId: credential.id, ...(input.notify === false ? { notify: false } : {}) } },
      event: historyEvent(ids, now, input.historyActor ?? historyActorOf(input.actor), credential, 'issued', issuedDetails(d, issuedOn, now)),
      statusListId: allocation.listId,
    };
    try {
      // The credential, its documents, the audit entry, the job and the allocation count are one
      // atomic write; an Idempotency-Key is claimed in the same transaction.
      const also = alsoWith(principal.orgId, fileIds, input.alsoInTransaction);
      if (also && !input.idempotencyKey) {
        await store.transaction(async (tx) => {
          await tx.credentials.insertIssued(issued);
          await also(tx, credential);
        });
      } else if (!input.idempotencyKey) {
        await store.credentials.insertIssued(issued);
      } else if (!(await claimAndInsert(store, issued, input.idempotencyKey, requestHash, also))) {
        // A concurrent request with the same key won the race: answer as it did.
        const replay = await replayed(deps, principal.orgId, input.idempotencyKey, requestHash);
        if (replay) return { credential: replay, replayed: true };
      }
      return { credential, replayed: false };
    } catch (error) {
      if (!(error instanceof StatusIndexTaken) || attempt >= 5) throw error;
    }
  }
}

/** Claim the key and store the credential in one transaction; false when another request holds the key. */
async function claimAndInsert(store: IssueDeps['store'], issued: IssuedCredential, key: string, requestHash: string, also: IssueCredentialInput['alsoInTransaction']): Promise<boolean> {
  const { orgId, id, createdAt } = issued.credential;
  return store.transaction(async (tx) => {
    const claim = await tx.idempotency.claim({ orgId, operation: OPERATION, key, requestHash, resourceId: id, createdAt });
    if (claim.created) {
      await tx.credentials.insertIssued(issued);
      await also?.(tx, issued.credential);
    }
    return claim.created;
  });
}

async function replayed(
  deps: Pick<Deps, 'store'>,
  orgId: string,
  key: string,
  requestHash: string,
): Promise<Credential | undefined> {
  const record = await deps.store.idempotency.find(orgId, OPERATION, key);
  if (!record) return undefined;
  if (record.requestHash !== requestHash) {
    throw new AppError('idempotency-key-reused', 'this Idempotency-Key was already used with a different request body');
  }
  return deps.store.credentials.findById(orgId, record.resourceId);
}

/**
 * Facts of the `issued` event the analytics read: the hours from the achievement to its issue when the
 * issuer dated it (an `issuedOn` in the past: the day it was earned), and the credential a renewal replaces.
 */
function issuedDetails(d: IssueCredentialData, issuedOn: Date, now: Date): Record<string, string | number> {
  return {
    ...(d.issuedOn && issuedOn.getTime() <= now.getTime() ? { hoursToIssue: wholeHours(issuedOn.toISOString(), now.toISOString()) } : {}),
    ...(d.renews ? { renews: d.renews.credentialId } : {}),
  };
}

/** What else the credential's transaction does: the caller's work, and the evidence files it names taken as its own. */
function alsoWith(orgId: string, fileIds: string[], also: IssueCredentialInput['alsoInTransaction']): IssueCredentialInput['alsoInTransaction'] {
  if (fileIds.length === 0) return also;
  return async (tx, credential) => {
    // A concurrent award took one of the files between the check and here: nothing is stored.
    if ((await tx.evidenceFiles.attach(orgId, fileIds, credential.id)) !== fileIds.length) throw new AppError('conflict', 'an evidence file became the evidence of another award meanwhile');
    await also?.(tx, credential);
  };
}
