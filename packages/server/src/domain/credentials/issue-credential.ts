import type { Evidence } from '@laurel/core';
import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import { sha256Hex, stableJson } from '../shared/hash.js';
import { FieldChecks, isHttpUrl } from '../shared/validation.js';
import { addDuration, parseDuration } from '../achievements/validity.js';
import { DEFAULT_SETTINGS } from '../organisations/ports.js';
import { StatusIndexTaken, type Credential, type Visibility } from './ports.js';
import { pickStatusIndex } from '../status/status-lists.js';
import { toRecipient, type RecipientInput } from './recipient-input.js';

export interface EvidenceInput {
  url?: string | undefined;
  name?: string | undefined;
  narrative?: string | undefined;
  description?: string | undefined;
  genre?: string | undefined;
}

export interface IssueCredentialData {
  achievementId: string;
  recipient: RecipientInput;
  issuedOn?: string | undefined;
  expires?: string | undefined;
  narrative?: string | undefined;
  evidence?: EvidenceInput[] | undefined;
  visibility?: Visibility | undefined;
}

export interface IssueCredentialInput {
  actor: Actor;
  data: IssueCredentialData;
  /** Client-chosen key: a retry with the same key and body returns the first credential. */
  idempotencyKey?: string | undefined;
}

export interface IssueCredentialResult {
  credential: Credential;
  /** True when an earlier request with the same Idempotency-Key created it. */
  replayed: boolean;
}

const OPERATION = 'credentials.issue';

export type IssueDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'random' | 'credentialSigner'>;

export async function issueCredential(
  deps: IssueDeps,
  input: IssueCredentialInput,
): Promise<IssueCredentialResult> {
  const { principal } = input.actor;
  const { store, clock, ids } = deps;
  const requestHash = sha256Hex(stableJson(input.data));
  if (input.idempotencyKey) {
    const replay = await replayed(deps, principal.orgId, input.idempotencyKey, requestHash);
    if (replay) return { credential: replay, replayed: true };
  }
  const achievement = await store.achievements.findById(principal.orgId, input.data.achievementId);
  if (!achievement) throw notFound('achievement');
  requirePermission(principal, 'credentials:issue');
  if (achievement.archivedAt) throw new AppError('invalid-state', 'this achievement is archived and cannot be awarded');

  const d = input.data;
  const checks = new FieldChecks();
  const now = clock.now();
  const issuedOn = d.issuedOn ? new Date(d.issuedOn) : now;
  if (d.expires && Date.parse(d.expires) <= issuedOn.getTime()) checks.add('/expires', 'must be after issuedOn');
  (d.evidence ?? []).forEach((e, i) => {
    if (e.url !== undefined) checks.check(isHttpUrl(e.url), `/evidence/${i}/url`, 'must be an http(s) URL');
    checks.check(Boolean(e.url || e.narrative), `/evidence/${i}`, 'needs a url or a narrative');
  });
  checks.throwIfAny();
  const recipient = await toRecipient(d.recipient);
  const validity = achievement.validity ? parseDuration(achievement.validity) : undefined;
  const expiresAt = d.expires ? new Date(d.expires).toISOString() : validity ? addDuration(issuedOn, validity).toISOString() : null;
  const org = await store.organisations.findById(principal.orgId);
  const issuer = await store.issuers.findById(principal.orgId, achievement.issuerId);
  if (!issuer) throw notFound('issuer');
  const base: Omit<Credential, 'id' | 'statusIndex'> = {
    orgId: principal.orgId,
    issuerId: achievement.issuerId,
    achievementId: achievement.id,
    recipient,
    earnerUserId: null,
    issuedOn: issuedOn.toISOString(),
    expiresAt,
    narrative: d.narrative ?? null,
    evidence: (d.evidence ?? []).map(toEvidence),
    status: 'active',
    revocationReason: null,
    revokedAt: null,
    visibility: d.visibility ?? org?.settings.defaultVisibility ?? DEFAULT_SETTINGS.defaultVisibility,
    renewsCredentialId: null,
    createdBy: principal.userId ?? principal.apiKeyId ?? null,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };

  // A concurrent issue may take the same random status index between the pick and the insert: the
  // unique index refuses the second, which then picks again (the index is inside the signed documents).
  for (let attempt = 1; ; attempt++) {
    const slot = await pickStatusIndex(deps, principal.orgId, issuer.id);
    const credential: Credential = { ...base, id: ids.id(), statusIndex: slot.index };
    // Sign before the transaction so it stays short; the documents are immutable from here on.
    const documents = await deps.credentialSigner.sign({ issuer, achievement, credential });
    try {
      const outcome = await store.transaction(async (tx) => {
        if (input.idempotencyKey) {
          const claim = await tx.idempotency.claim({ orgId: principal.orgId, operation: OPERATION, key: input.idempotencyKey, requestHash, resourceId: credential.id, createdAt: credential.createdAt });
          if (!claim.created) return { claimedBy: claim.record };
        }
        await tx.credentials.insert(credential);
        await tx.credentialDocuments.insertMany(documents);
        await tx.statusLists.countAllocation(slot.listId);
        await tx.audit.record(auditEntry(ids.id(), now, input.actor, 'credential.issue', { type: 'credential', id: credential.id }, { achievementId: achievement.id }));
        await tx.jobs.enqueue({ name: 'credential.issued', orgId: principal.orgId, payload: { credentialId: credential.id } });
        return { claimedBy: undefined };
      });
      if (outcome.claimedBy) {
        // A concurrent request with the same key won the race: answer as it did.
        const replay = await replayed(deps, principal.orgId, input.idempotencyKey!, requestHash);
        if (replay) return { credential: replay, replayed: true };
      }
      return { credential, replayed: false };
    } catch (error) {
      if (!(error instanceof StatusIndexTaken) || attempt >= 5) throw error;
    }
  }
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

function toEvidence(e: EvidenceInput): Evidence {
  return { id: e.url, name: e.name, narrative: e.narrative, description: e.description, genre: e.genre };
}
