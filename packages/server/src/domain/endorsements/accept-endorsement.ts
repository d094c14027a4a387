import { requirePermission } from '../auth/permissions.js';
import type { Deps } from '../deps.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError } from '../shared/errors.js';
import { isObject } from '../verification/json.js';
import type { VerifyAnyDeps } from '../verification/ports.js';
import { verifyAny } from '../verification/verify-any.js';
import { MAX_ENDORSEMENT_COMMENT } from './issue-endorsement.js';
import type { Endorsement } from './ports.js';
import { resolveSubject } from './subject.js';

export interface AcceptEndorsementInput {
  actor: Actor;
  /** The signed EndorsementCredential, or a URL it is published at (fetched by the guarded verifier). */
  credential?: unknown;
  url?: string | undefined;
}

type AcceptDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'urls'> & { verifier: VerifyAnyDeps };

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : isObject(v) ? Object.values(v).find((x): x is string => typeof x === 'string') : undefined);

/**
 * An outside party's EndorsementCredential, accepted by the endorsed organisation: verified on the
 * way in by the universal verifier (proof, issuer binding, status, dates), its subject one of this
 * organisation's achievements or issuers (else not found), then shown on its pages. Accepting the
 * same credential again returns the first row.
 */
export async function acceptEndorsement(deps: AcceptDeps, input: AcceptEndorsementInput): Promise<{ endorsement: Endorsement; created: boolean }> {
  const { principal } = input.actor;
  requirePermission(principal, 'issuers:write');
  if ((input.credential === undefined) === (input.url === undefined)) throw new AppError('validation', 'send the EndorsementCredential as `credential` or its `url`, one of them');
  const source = input.url !== undefined ? { kind: 'url' as const, url: input.url } : { kind: 'json' as const, value: input.credential };
  const report = await verifyAny(deps.verifier, { source });
  const doc = report.credential;
  const types = isObject(doc) ? [doc.type].flat() : [];
  if (!isObject(doc) || !types.includes('EndorsementCredential')) throw new AppError('validation', 'this is not an OB 3.0 EndorsementCredential');
  if (!report.valid) {
    const failed = report.checks.filter((c) => !c.ok);
    throw new AppError('endorsement-not-verified', `the endorsement does not verify: ${failed.map((c) => `${c.name}: ${c.reason}`).join('; ')}`);
  }
  const subject = isObject(doc.credentialSubject) ? doc.credentialSubject : undefined;
  const subjectUrl = typeof subject?.id === 'string' ? subject.id : '';
  const resolved = await resolveSubject(deps, { url: subjectUrl, orgId: principal.orgId });
  const credentialId = typeof doc.id === 'string' ? doc.id : '';
  if (!credentialId) throw new AppError('validation', 'the endorsement has no id');
  const existing = await deps.store.endorsements.findByCredentialId(principal.orgId, credentialId);
  if (existing) return { endorsement: existing, created: false };
  const issuer = doc.issuer;
  const endorserId = typeof issuer === 'string' ? issuer : isObject(issuer) && typeof issuer.id === 'string' ? issuer.id : '';
  const endorserName = (isObject(issuer) ? text(issuer.name) : undefined) ?? endorserId;
  const now = deps.clock.now();
  const endorsement: Endorsement = {
    id: deps.ids.id(), orgId: principal.orgId, direction: 'received', credentialId, endorserIssuerId: null, endorserId, endorserName: endorserName.slice(0, 300),
    subjectType: resolved.type, subjectId: resolved.id, subjectOrgId: principal.orgId, subjectUrl: resolved.url,
    comment: (text(subject?.endorsementComment) ?? '').slice(0, MAX_ENDORSEMENT_COMMENT), document: JSON.stringify(doc), revokedAt: null, hiddenAt: null,
    createdBy: principal.userId ?? principal.apiKeyId ?? null, createdAt: now.toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.endorsements.insert(endorsement);
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'endorsement.accept', { type: 'endorsement', id: endorsement.id }, { endorserId, subjectType: resolved.type, subjectId: resolved.id }));
  });
  return { endorsement, created: true };
}
