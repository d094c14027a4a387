import { buildEndorsementCredential, type JsonObject } from '@laurel/core';
import { requireIssuer, requirePermission } from '../auth/permissions.js';
import type { Deps } from '../deps.js';
import { toCoreIssuer } from '../public/to-core-model.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import { FieldChecks } from '../shared/validation.js';
import type { Endorsement, EndorsementSubjectType } from './ports.js';
import { resolveSubject } from './subject.js';

export const MAX_ENDORSEMENT_COMMENT = 5000;

export interface IssueEndorsementInput {
  actor: Actor;
  endorserIssuerId: string;
  subject: { type: EndorsementSubjectType; id: string };
  comment: string;
}

type IssueEndorsementDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'urls' | 'signingKeys' | 'documentLoader' | 'proofs'>;

/**
 * One of the organisation's issuers endorses a public achievement or issuer (of any organisation
 * here, its own other issuers included): an OB 3.0 EndorsementCredential signed with the endorser's
 * key (eddsa-rdfc-2022), published at its id, shown on the endorsed issuer's page.
 */
export async function issueEndorsement(deps: IssueEndorsementDeps, input: IssueEndorsementInput): Promise<Endorsement> {
  const { principal } = input.actor;
  requirePermission(principal, 'issuers:write');
  const endorser = await deps.store.issuers.findById(principal.orgId, input.endorserIssuerId);
  if (!endorser) throw notFound('issuer');
  requireIssuer(principal, endorser.id);
  const comment = input.comment.trim();
  const checks = new FieldChecks();
  checks.check(comment.length > 0 && comment.length <= MAX_ENDORSEMENT_COMMENT, '/comment', `must be 1 to ${MAX_ENDORSEMENT_COMMENT} characters`);
  checks.throwIfAny();
  const subject = await resolveSubject(deps, { type: input.subject.type, url: input.subject.id });
  if (subject.type === 'issuer' && subject.id === endorser.id) throw new AppError('validation', 'an issuer cannot endorse itself', { fields: [{ path: '/subject/id', message: 'is the endorser' }] });

  const now = deps.clock.now();
  const id = deps.ids.id();
  const identity = await deps.signingKeys.forIssuer(endorser);
  const unsigned = buildEndorsementCredential({
    id: deps.urls.ob3Endorsement(id),
    endorser: toCoreIssuer(endorser),
    endorserId: identity.issuerDid,
    subjectId: subject.url,
    subjectName: subject.name,
    comment,
    validFrom: now.toISOString(),
  });
  const signed = await deps.proofs.sign('eddsa-rdfc-2022', unsigned, { keys: identity.keys, documentLoader: deps.documentLoader, now: () => deps.clock.now() });
  if (signed.kind !== 'embedded') throw new Error('eddsa-rdfc-2022 gives an embedded proof');
  const endorsement: Endorsement = {
    id, orgId: principal.orgId, direction: 'issued', credentialId: String((signed.document as JsonObject).id), endorserIssuerId: endorser.id, endorserId: identity.issuerDid,
    endorserName: endorser.name, subjectType: subject.type, subjectId: subject.id, subjectOrgId: subject.orgId, subjectUrl: subject.url, comment,
    document: JSON.stringify(signed.document), revokedAt: null, hiddenAt: null, createdBy: principal.userId ?? principal.apiKeyId ?? null, createdAt: now.toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.endorsements.insert(endorsement);
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'endorsement.issue', { type: 'endorsement', id }, { subjectType: subject.type, subjectId: subject.id }));
  });
  return endorsement;
}
