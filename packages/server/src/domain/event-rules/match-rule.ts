import { evaluateCondition, requiredIds, requirementMet } from './conditions.js';
import type { AwardRule } from './ports.js';

export interface RuleMatch {
  eventType: boolean;
  conditions: boolean;
  /** Null when the rule requires no achievements. */
  requirement: boolean | null;
}

/** Whether a rule matches an event, check by check; `held`: the recipient's achievements among those it requires. */
export function matchRule(rule: Pick<AwardRule, 'eventType' | 'conditions' | 'requires'>, event: { type: string; data: Record<string, unknown> }, held: ReadonlySet<string>): RuleMatch {
  return {
    eventType: rule.eventType === event.type,
    conditions: rule.conditions ? evaluateCondition(rule.conditions, event.data) : true,
    requirement: rule.requires ? requirementMet(rule.requires, held) : null,
  };
}

export const matched = (m: RuleMatch): boolean => m.eventType && m.conditions && m.requirement !== false;

export const requiredOf = (rule: Pick<AwardRule, 'requires'>): string[] => (rule.requires ? requiredIds(rule.requires) : []);

/** What keeps a rule to one award: the recipient, or for a repeatable rule the event. */
export const onceKeyOf = (rule: Pick<AwardRule, 'repeatable'>, recipient: string, eventId: string): string => (rule.repeatable ? `event:${eventId}` : `recipient:${recipient}`);
