import { request } from './client';

export interface AwardRule {
  id: string;
  achievementId: string;
  name: string;
  eventType: string;
  conditions: unknown;
  requires: unknown;
  repeatable: boolean;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What a rule is made or changed with: all of it but what the server assigns. */
export type AwardRuleInput = Omit<AwardRule, 'id' | 'achievementId' | 'createdAt' | 'updatedAt'>;

export interface SampleEvent {
  id: string;
  type: string;
  occurredAt: string;
  subject: { email: string; name?: string };
  data: Record<string, unknown>;
}

export interface RuleTestResult {
  wouldAward: boolean;
  eventType: boolean;
  conditions: boolean;
  requirement: boolean | null;
  alreadyAwarded: boolean;
}

export interface EventSource {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const rules = (achievementId: string) => `/achievements/${encodeURIComponent(achievementId)}/rules`;

export const listRules = (achievementId: string) => request<{ items: AwardRule[] }>('GET', rules(achievementId));
export const createRule = (achievementId: string, input: AwardRuleInput) => request<AwardRule>('POST', rules(achievementId), { body: input });
export const updateRule = (achievementId: string, id: string, input: AwardRuleInput) => request<AwardRule>('PUT', `${rules(achievementId)}/${encodeURIComponent(id)}`, { body: input });
export const deleteRule = (achievementId: string, id: string) => request<void>('DELETE', `${rules(achievementId)}/${encodeURIComponent(id)}`);
export const testRule = (achievementId: string, body: { ruleId?: string; rule: Pick<AwardRuleInput, 'eventType' | 'conditions' | 'requires' | 'repeatable'>; event: SampleEvent }) =>
  request<RuleTestResult>('POST', `${rules(achievementId)}/test`, { body });

export const listEventSources = () => request<{ items: EventSource[] }>('GET', '/event-sources');
export const createEventSource = (name: string) => request<EventSource & { secret: string }>('POST', '/event-sources', { body: { name } });
export const deleteEventSource = (id: string) => request<void>('DELETE', `/event-sources/${encodeURIComponent(id)}`);
