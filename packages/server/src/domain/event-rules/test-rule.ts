import { normaliseIdentity } from '@laurel/core';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { AppError, notFound } from '../shared/errors.js';
import { conditionProblems, requirementProblems, type Condition, type Requirement } from './conditions.js';
import type { EventRulesDeps } from './event-rules-deps.js';
import { heldOf, matched, matchRule, onceKeyOf, requiredOf, type RuleMatch } from './match-rule.js';
import type { EventInput } from './ports.js';

export interface RuleTestResult extends RuleMatch {
  /** Would this event award the achievement now (nothing is awarded by a test)? */
  wouldAward: boolean;
  /** The rule already awarded it for this event or to this recipient (saved rules only). */
  alreadyAwarded: boolean;
}

/** Evaluates a rule (as edited, saved or not) against a sample event, without storing or awarding anything. */
export async function testRule(
  deps: Pick<EventRulesDeps, 'store'>,
  input: { actor: Actor; achievementId: string; ruleId?: string | undefined; rule: { eventType: string; conditions?: unknown; requires?: unknown; repeatable?: boolean | undefined }; event: EventInput },
): Promise<RuleTestResult> {
  const { orgId } = input.actor.principal;
  if (!(await deps.store.achievements.findById(orgId, input.achievementId))) throw notFound('achievement');
  requirePermission(input.actor.principal, 'achievements:read');
  const problems = [...(input.rule.conditions != null ? conditionProblems(input.rule.conditions, '/rule/conditions') : []), ...(input.rule.requires != null ? requirementProblems(input.rule.requires, '/rule/requires') : [])];
  if (problems.length) throw new AppError('validation', 'the rule is not valid', { fields: problems });
  const rule = { eventType: input.rule.eventType, conditions: (input.rule.conditions ?? null) as Condition | null, requires: (input.rule.requires ?? null) as Requirement | null, repeatable: input.rule.repeatable ?? false };
  const recipient = normaliseIdentity('email', input.event.subject.email);
  const required = requiredOf(rule);
  const { held, awardedOn } = heldOf(required.length ? await deps.store.ruleAwards.heldParts(orgId, recipient, required) : []);
  const match = matchRule(rule, input.event, held, awardedOn);
  const saved = input.ruleId ? await deps.store.awardRules.findById(orgId, input.ruleId) : undefined;
  const alreadyAwarded = saved ? await deps.store.ruleAwards.exists(orgId, saved.id, input.event.id, onceKeyOf(rule, recipient, input.event.id)) : false;
  return { ...match, alreadyAwarded, wouldAward: matched(match) && !alreadyAwarded };
}
