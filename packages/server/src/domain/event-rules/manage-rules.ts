import { requirePermission, requireIssuer } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound, type FieldProblem } from '../shared/errors.js';
import { conditionProblems, requiredIds, requirementProblems, type Condition, type Requirement } from './conditions.js';
import { PART_AWARDED_EVENT } from './receive-event.js';
import type { AwardRule } from './ports.js';
import type { EventRulesDeps } from './event-rules-deps.js';

export const MAX_RULES_PER_ACHIEVEMENT = 20;
export const EVENT_TYPE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export interface RuleFields {
  name: string;
  eventType: string;
  conditions?: unknown;
  requires?: unknown;
  repeatable?: boolean | undefined;
  enabled?: boolean | undefined;
}

type Deps = Pick<EventRulesDeps, 'store' | 'clock' | 'ids'>;

/** The achievement of the organisation, for a caller who may change it. */
async function achievementFor(deps: Deps, actor: Actor, achievementId: string, permission: 'achievements:read' | 'achievements:write') {
  const achievement = await deps.store.achievements.findById(actor.principal.orgId, achievementId);
  if (!achievement) throw notFound('achievement');
  requirePermission(actor.principal, permission);
  if (permission === 'achievements:write') requireIssuer(actor.principal, achievement.issuerId);
  return achievement;
}

async function checked(deps: Deps, orgId: string, achievementId: string, f: RuleFields): Promise<{ conditions: Condition | null; requires: Requirement | null }> {
  const problems: FieldProblem[] = [];
  if (!f.name.trim()) problems.push({ path: '/name', message: 'must not be blank' });
  if (!EVENT_TYPE.test(f.eventType)) problems.push({ path: '/eventType', message: 'letters, digits and . _ : - (at most 100), e.g. course.completed' });
  const conditions = f.conditions ?? null;
  if (conditions !== null) problems.push(...conditionProblems(conditions));
  const requires = f.requires ?? null;
  if (requires !== null) {
    const found = requirementProblems(requires);
    problems.push(...found);
    if (found.length === 0) {
      const ids = requiredIds(requires as Requirement);
      for (const [i, id] of ids.entries()) {
        if (id === achievementId) problems.push({ path: `/requires/${i}`, message: 'a rule cannot require its own achievement' });
        else if (!(await deps.store.achievements.findById(orgId, id))) problems.push({ path: `/requires/${i}`, message: 'no such achievement in this organisation' });
      }
    }
  }
  if (f.eventType === PART_AWARDED_EVENT) {
    // Awarded when a part is awarded: only a pathway, and only once per recipient.
    if (requires === null) problems.push({ path: '/requires', message: `a ${PART_AWARDED_EVENT} rule is a pathway: it needs requires` });
    if (f.repeatable) problems.push({ path: '/repeatable', message: `a ${PART_AWARDED_EVENT} rule awards once per recipient` });
  }
  if (problems.length) throw new AppError('validation', 'the rule is not valid', { fields: problems });
  return { conditions: conditions as Condition | null, requires: requires as Requirement | null };
}

export async function listRules(deps: Deps, input: { actor: Actor; achievementId: string }): Promise<AwardRule[]> {
  await achievementFor(deps, input.actor, input.achievementId, 'achievements:read');
  return deps.store.awardRules.listForAchievement(input.actor.principal.orgId, input.achievementId);
}

export async function createRule(deps: Deps, input: { actor: Actor; achievementId: string; fields: RuleFields }): Promise<AwardRule> {
  const { orgId } = input.actor.principal;
  await achievementFor(deps, input.actor, input.achievementId, 'achievements:write');
  const { conditions, requires } = await checked(deps, orgId, input.achievementId, input.fields);
  const existing = await deps.store.awardRules.listForAchievement(orgId, input.achievementId);
  if (existing.length >= MAX_RULES_PER_ACHIEVEMENT) throw new AppError('invalid-state', `an achievement has at most ${MAX_RULES_PER_ACHIEVEMENT} rules`);
  const now = deps.clock.now();
  const rule: AwardRule = {
    id: deps.ids.id(), orgId, achievementId: input.achievementId, name: input.fields.name.trim(), eventType: input.fields.eventType,
    conditions, requires, repeatable: input.fields.repeatable ?? false, enabled: input.fields.enabled ?? true,
    createdAt: now.toISOString(), updatedAt: now.toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.awardRules.insert(rule);
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'award-rule.create', { type: 'award-rule', id: rule.id }, { achievementId: rule.achievementId, eventType: rule.eventType }));
  });
  return rule;
}

async function ruleFor(deps: Deps, actor: Actor, achievementId: string, id: string): Promise<AwardRule> {
  await achievementFor(deps, actor, achievementId, 'achievements:write');
  const rule = await deps.store.awardRules.findById(actor.principal.orgId, id);
  if (!rule || rule.achievementId !== achievementId) throw notFound('rule');
  return rule;
}

export async function updateRule(deps: Deps, input: { actor: Actor; achievementId: string; id: string; fields: RuleFields }): Promise<AwardRule> {
  const rule = await ruleFor(deps, input.actor, input.achievementId, input.id);
  const { conditions, requires } = await checked(deps, rule.orgId, rule.achievementId, input.fields);
  const now = deps.clock.now();
  const updated: AwardRule = {
    ...rule, name: input.fields.name.trim(), eventType: input.fields.eventType, conditions, requires,
    repeatable: input.fields.repeatable ?? rule.repeatable, enabled: input.fields.enabled ?? rule.enabled, updatedAt: now.toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.awardRules.update(updated);
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'award-rule.update', { type: 'award-rule', id: rule.id }, { achievementId: rule.achievementId }));
  });
  return updated;
}

/** Deleting a rule stops future awards; the credentials it gave, and their record, stay. */
export async function deleteRule(deps: Deps, input: { actor: Actor; achievementId: string; id: string }): Promise<void> {
  const rule = await ruleFor(deps, input.actor, input.achievementId, input.id);
  await deps.store.transaction(async (tx) => {
    await tx.awardRules.delete(rule.orgId, rule.id);
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'award-rule.delete', { type: 'award-rule', id: rule.id }, { achievementId: rule.achievementId }));
  });
}
