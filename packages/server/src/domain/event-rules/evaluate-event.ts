import { permissionsOf, type Principal } from '../auth/permissions.js';
import { historyEvent, SYSTEM_ACTOR } from '../credential-history/history-event.js';
import { issueCredential } from '../credentials/issue-credential.js';
import { isAppError } from '../shared/errors.js';
import type { JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import type { EvaluateDeps } from './event-rules-deps.js';
import { inOrderChain } from './conditions.js';
import { heldOf, matched, matchRule, onceKeyOf, requiredOf } from './match-rule.js';
import type { AwardRuleWithIssuer, InboundEvent } from './ports.js';
import { EVALUATE_EVENT_JOB, PART_AWARDED_EVENT } from './receive-event.js';

/** Raised inside the issuing transaction when the unique constraints already hold this award: nothing is stored. */
class AlreadyAwarded extends Error {}

export interface EvaluationOutcome {
  awarded: Array<{ ruleId: string; credentialId: string }>;
  /** Rules that matched but did not award, and why (already awarded, achievement archived…). */
  skipped: Array<{ ruleId: string; reason: string }>;
}

/**
 * The `events.evaluate` job: each enabled rule of the event's type is checked against the event; a match
 * awards the rule's achievement to the event's subject through the issue path. Rules without pathway
 * requirements run first, so one event can award a course badge and then the pathway it completes.
 * Idempotent: a rerun finds the rule_awards rows (unique per rule, event and recipient) and awards nothing.
 */
export function evaluateEventJob(deps: EvaluateDeps): JobHandler {
  return {
    name: EVALUATE_EVENT_JOB,
    version: 1,
    async handle(payload) {
      const orgId = payloadString(payload, 'orgId');
      const event = await deps.store.inboundEvents.findById(orgId, payloadString(payload, 'inboundId'));
      if (!event || event.status === 'processed') return { skipped: 'gone or done' };
      const outcome = await evaluateEvent(deps, event);
      await deps.store.inboundEvents.markProcessed(orgId, event.id, outcome.awarded.length, deps.clock.now().toISOString());
      return outcome;
    },
  };
}

export async function evaluateEvent(deps: EvaluateDeps, event: InboundEvent): Promise<EvaluationOutcome> {
  const rules = (await deps.store.awardRules.forEventType(event.orgId, event.type))
    .filter((r) => r.enabled && (!event.issuerScope || r.issuerId === event.issuerScope))
    // A part awarded: only the pathways it is a part of.
    .filter((r) => event.type !== PART_AWARDED_EVENT || requiredOf(r).includes(String(event.data.achievementId)))
    .sort((a, b) => Number(a.requires !== null) - Number(b.requires !== null));
  const outcome: EvaluationOutcome = { awarded: [], skipped: [] };
  for (const rule of rules) {
    const required = requiredOf(rule);
    const { held, awardedOn } = heldOf(required.length ? await deps.store.ruleAwards.heldParts(event.orgId, event.subjectEmail, required) : []);
    if (!matched(matchRule(rule, event, held, awardedOn))) continue;
    const result = await award(deps, rule, event);
    if (result.credentialId) outcome.awarded.push({ ruleId: rule.id, credentialId: result.credentialId });
    else outcome.skipped.push({ ruleId: rule.id, reason: result.reason });
  }
  return outcome;
}

/**
 * A pathway award names its parts: one OB 3.0 evidence entry per required achievement the recipient holds,
 * linking the part's own credential (its newest active one), in the order the rule lists them; for an
 * `inOrder` pathway, the credentials that make the order (each part's earliest award after the one before).
 */
async function pathwayParts(deps: EvaluateDeps, rule: AwardRuleWithIssuer, event: InboundEvent) {
  const required = requiredOf(rule);
  if (required.length === 0) return [];
  const held = await deps.store.ruleAwards.heldParts(event.orgId, event.subjectEmail, required);
  const chain = rule.requires && 'inOrder' in rule.requires ? inOrderChain(rule.requires.inOrder, heldOf(held).awardedOn) : undefined;
  const cited = (achievementId: string) => {
    if (!chain) return held.find((h) => h.achievementId === achievementId);
    const link = chain.find((c) => c.achievementId === achievementId);
    return link && held.find((h) => h.achievementId === achievementId && Date.parse(h.issuedOn) === Date.parse(link.awardedOn));
  };
  return (
    await Promise.all(
      required.map(async (achievementId) => {
        const part = cited(achievementId);
        const achievement = part && (await deps.store.achievements.findById(event.orgId, achievementId));
        return part && achievement ? [{ url: deps.urls.ob3Credential(part.credentialId), name: achievement.name, genre: 'Pathway part' }] : [];
      }),
    )
  ).flat();
}

/** The rule's principal: it may issue its own achievement's credentials, nothing more. */
function rulePrincipal(rule: AwardRuleWithIssuer): Principal {
  return { kind: 'api-key', orgId: rule.orgId, role: 'issuer', permissions: permissionsOf('issuer', ['credentials:issue']), issuerId: rule.issuerId };
}

async function award(deps: EvaluateDeps, rule: AwardRuleWithIssuer, event: InboundEvent): Promise<{ credentialId?: string; reason: string }> {
  const onceKey = onceKeyOf(rule, event.subjectEmail, event.eventId);
  // The constraint decides; this read only spares signing a credential that would be thrown away.
  if (await deps.store.ruleAwards.exists(event.orgId, rule.id, event.eventId, onceKey)) return { reason: 'already awarded' };
  try {
    const evidence = await pathwayParts(deps, rule, event);
    const { credential } = await issueCredential(deps, {
      actor: { principal: rulePrincipal(rule), requestId: `event:${event.id}` },
      data: { achievementId: rule.achievementId, recipient: { email: event.subjectEmail, name: event.subjectName ?? undefined }, ...(evidence.length ? { evidence } : {}) },
      historyActor: SYSTEM_ACTOR,
      alsoInTransaction: async (tx, credential) => {
        const issuedAt = deps.clock.now();
        const latencyMs = Math.max(0, issuedAt.getTime() - Date.parse(event.occurredAt));
        const inserted = await tx.ruleAwards.insertIfNew({
          id: deps.ids.id(), orgId: event.orgId, ruleId: rule.id, eventId: event.eventId, recipientIdentity: event.subjectEmail, onceKey,
          credentialId: credential.id, occurredAt: event.occurredAt, issuedAt: issuedAt.toISOString(), latencyMs,
        });
        if (!inserted) throw new AlreadyAwarded();
        await tx.credentialEvents.record(historyEvent(deps.ids, issuedAt, SYSTEM_ACTOR, credential, 'awarded-by-rule', {
          ruleId: rule.id, rule: rule.name.slice(0, 200), eventId: event.eventId.slice(0, 200), eventType: event.type, secondsFromEvent: Math.round(latencyMs / 1000),
        }));
      },
    });
    return { credentialId: credential.id, reason: 'awarded' };
  } catch (error) {
    if (error instanceof AlreadyAwarded) return { reason: 'already awarded' };
    // The achievement archived, the issuer gone: the organisation's state, not a fault to retry.
    if (isAppError(error)) return { reason: `${error.code}: ${error.message}` };
    throw error;
  }
}
