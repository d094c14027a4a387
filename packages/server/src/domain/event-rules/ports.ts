import type { Condition, Requirement } from './conditions.js';

/** An event as an outside system sends it: who it is about, what happened, and facts about it. */
export interface EventInput {
  id: string;
  type: string;
  occurredAt: string;
  subject: { email: string; name?: string | undefined };
  data: Record<string, unknown>;
}

/** An accepted event, stored before it was answered. */
export interface InboundEvent {
  id: string;
  orgId: string;
  eventId: string;
  type: string;
  occurredAt: string;
  subjectEmail: string;
  subjectName: string | null;
  data: Record<string, unknown>;
  /** `api-key`, `oauth-client` or `source:<id>` (a Standard Webhooks signature). */
  receivedVia: string;
  /** An issuer-bound credential's issuer: only rules of that issuer's achievements apply. */
  issuerScope: string | null;
  status: 'pending' | 'processed';
  awards: number;
  receivedAt: string;
  processedAt: string | null;
}

/** A rule of one achievement: which events award it, on which conditions, how often. */
export interface AwardRule {
  id: string;
  orgId: string;
  achievementId: string;
  name: string;
  eventType: string;
  conditions: Condition | null;
  requires: Requirement | null;
  /** False (the default): the rule awards its achievement at most once per recipient. */
  repeatable: boolean;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A rule's rule, with the issuer of its achievement (issuer-bound events). */
export interface AwardRuleWithIssuer extends AwardRule {
  issuerId: string;
}

/** A per-organisation inbound secret; the secret itself is sealed and shown once. */
export interface EventSource {
  id: string;
  orgId: string;
  name: string;
  secretSealed: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Which rule and event produced a credential, and how long after the event it was issued. */
export interface RuleAward {
  id: string;
  orgId: string;
  ruleId: string;
  eventId: string;
  recipientIdentity: string;
  /** The recipient for a rule that awards once, `event:<id>` for a repeatable one (unique per rule). */
  onceKey: string;
  credentialId: string;
  occurredAt: string;
  issuedAt: string;
  latencyMs: number;
}

export interface EventSourceRepo {
  insert(source: EventSource): Promise<void>;
  list(orgId: string): Promise<EventSource[]>;
  /** Not scoped: a signed event names its source; the signature proves the organisation. */
  findById(id: string): Promise<EventSource | undefined>;
  delete(orgId: string, id: string): Promise<boolean>;
  touch(id: string, at: string): Promise<void>;
}

export interface InboundEventRepo {
  /** False when the organisation already has an event with this event id (nothing is written). */
  insertIfNew(event: InboundEvent): Promise<boolean>;
  findById(orgId: string, id: string): Promise<InboundEvent | undefined>;
  findByEventId(orgId: string, eventId: string): Promise<InboundEvent | undefined>;
  markProcessed(orgId: string, id: string, awards: number, at: string): Promise<void>;
  list(orgId: string, limit: number): Promise<InboundEvent[]>;
}

export interface AwardRuleRepo {
  insert(rule: AwardRule): Promise<void>;
  update(rule: AwardRule): Promise<void>;
  delete(orgId: string, id: string): Promise<boolean>;
  findById(orgId: string, id: string): Promise<AwardRule | undefined>;
  listForAchievement(orgId: string, achievementId: string): Promise<AwardRule[]>;
  /** Enabled rules of the organisation for an event type, with their achievement's issuer. */
  forEventType(orgId: string, eventType: string): Promise<AwardRuleWithIssuer[]>;
  /** Enabled rules of the organisation that require holding other achievements (pathways). */
  listPathways(orgId: string): Promise<AwardRule[]>;
}

export interface RuleAwardRepo {
  /** False when the unique constraints already hold this award (nothing written). */
  insertIfNew(award: RuleAward): Promise<boolean>;
  exists(orgId: string, ruleId: string, eventId: string, onceKey: string): Promise<boolean>;
  /** Achievement ids (of `candidates`) the recipient holds as active credentials in the organisation. */
  heldAchievements(orgId: string, recipientIdentity: string, candidates: string[]): Promise<string[]>;
  /** The recipient's active credentials (newest first) of those achievements, with their award dates: the parts a pathway award names. */
  heldParts(orgId: string, recipientIdentity: string, candidates: string[]): Promise<Array<{ achievementId: string; credentialId: string; issuedOn: string }>>;
  listForEvent(orgId: string, eventId: string): Promise<RuleAward[]>;
}
