import type { JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import type { EvaluateDeps } from './event-rules-deps.js';
import { evaluateEvent } from './evaluate-event.js';
import type { InboundEvent } from './ports.js';
import { PART_AWARDED_EVENT } from './receive-event.js';
import { jobCredential } from '../credentials/job-credential.js';
import type { Credential } from '../credentials/ports.js';

/**
 * Pathways awarded by the award of a part: the `credential.issued` job every issue enqueues (same transaction
 * as the credential) also evaluates the organisation's `laurel.part-awarded` rules that list the credential's
 * achievement, as an event Laurel raises itself. The rule_awards constraints (one per rule and recipient) make
 * the award happen once however many parts, retries or workers race; a pathway credential's own job evaluates
 * the pathways it is part of (stacks). Runs before the wrapped handler (the award e-mail).
 */
export function withPathwayAwards(inner: JobHandler, deps: EvaluateDeps): JobHandler {
  return {
    name: inner.name,
    version: inner.version,
    async handle(payload, context) {
      // The job's credential, read once for the wrapped handlers too (its own organisation's row).
      const credential = await jobCredential(deps.store, context, payloadString(payload, 'credentialId'));
      if (credential) await pathwayAwardsOf(deps, credential);
      return inner.handle(payload, context);
    },
  };
}

/** The pathways the award of this part completes (idempotent: one award per rule and recipient). */
export async function pathwayAwardsOf(deps: EvaluateDeps, credential: Credential): Promise<void> {
  if (credential.status !== 'active' || credential.recipient.type !== 'email') return;
  const event: InboundEvent = {
    id: credential.id, orgId: credential.orgId, eventId: `credential:${credential.id}`, type: PART_AWARDED_EVENT,
    // When the part was awarded here (its issuedOn may be dated back): the latency a rule award records.
    occurredAt: credential.createdAt, subjectEmail: credential.recipient.identity, subjectName: credential.recipient.name,
    data: { achievementId: credential.achievementId, credentialId: credential.id },
    receivedVia: 'laurel', issuerScope: null, status: 'pending', awards: 0, receivedAt: credential.createdAt, processedAt: null,
  };
  await evaluateEvent(deps, event);
}
