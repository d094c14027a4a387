import { evaluateCondition, requiredIds, requirementMet } from './conditions.js';
import type { AwardRule } from './ports.js';

export interface RuleMatch {
  eventType: boolean;
  conditions: boolean;
  /** Null when the rule requires no achievements. */
  requirement: boolean | null;
}

/**
 * Whether a rule matches an event, check by check; `held`: the recipient's achievements among those it requires,
 * `awardedOn`: their award dates (an `inOrder` requirement compares them).
 */
export function matchRule(
  rule: Pick<AwardRule, 'eventType' | 'conditions' | 'requires'>,
  event: { type: string; data: Record<string, unknown> },
  held: ReadonlySet<string>,
  awardedOn?: ReadonlyMap<string, readonly string[]>,
): RuleMatch {
  return {
    eventType: rule.eventType === event.type,
    conditions: rule.conditions ? evaluateCondition(rule.conditions, event.data) : true,
    requirement: rule.requires ? requirementMet(rule.requires, held, awardedOn) : null,
  };
}

/** The held achievements and their award dates, from the recipient's active part credentials. */
export function heldOf(parts: ReadonlyArray<{ achievementId: string; issuedOn: string }>): { held: Set<string>; awardedOn: Map<string, string[]> } {
  const awardedOn = new Map<string, string[]>();
  for (const p of parts) awardedOn.set(p.achievementId, [...(awardedOn.get(p.achievementId) ?? []), p.issuedOn]);
  return { held: new Set(awardedOn.keys()), awardedOn };
}

export const matched = (m: RuleMatch): boolean => m.eventType && m.conditions && m.requirement !== false;

export const requiredOf = (rule: Pick<AwardRule, 'requires'>): string[] => (rule.requires ? requiredIds(rule.requires) : []);

/** What keeps a rule to one award: the recipient, or for a repeatable rule the event. */
export const onceKeyOf = (rule: Pick<AwardRule, 'repeatable'>, recipient: string, eventId: string): string => (rule.repeatable ? `event:${eventId}` : `recipient:${recipient}`);
