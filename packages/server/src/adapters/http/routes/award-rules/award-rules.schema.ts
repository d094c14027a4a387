import { Type } from 'typebox';
import { DateTime, Id, Nullable } from '../../schemas/common.js';
import { EventBody } from '../events/events.schema.js';

const Conditions = Type.Unknown({ description: 'A condition tree on the event\'s data: {all: [...]}, {any: [...]}, {not: {...}} or {path, op, value} with op one of == != > >= < <= in contains exists (docs/integrations.md)' });
const Requires = Type.Unknown({ description: 'Pathways: {all: [ids]}, {any: [ids]}, {atLeast: n, of: [ids]} or {inOrder: [ids]} (each awarded no earlier than the one before) of achievements the recipient must hold; with eventType laurel.part-awarded the rule awards when a part is awarded' });
const EventType = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$' });

export const RuleView = Type.Object(
  {
    id: Type.String(),
    achievementId: Type.String(),
    name: Type.String(),
    eventType: Type.String(),
    conditions: Conditions,
    requires: Requires,
    repeatable: Type.Boolean({ description: 'False: at most one award per recipient by this rule; true: one per event' }),
    enabled: Type.Boolean(),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'AwardRule' },
);

export const RuleBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    eventType: EventType,
    conditions: Type.Optional(Nullable(Conditions)),
    requires: Type.Optional(Nullable(Requires)),
    repeatable: Type.Optional(Type.Boolean()),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const RuleParams = Type.Object({ id: Id, ruleId: Id });

export const TestRuleBody = Type.Object(
  {
    ruleId: Type.Optional(Id),
    rule: Type.Object(
      { eventType: EventType, conditions: Type.Optional(Nullable(Conditions)), requires: Type.Optional(Nullable(Requires)), repeatable: Type.Optional(Type.Boolean()) },
      { additionalProperties: true },
    ),
    event: EventBody,
  },
  { additionalProperties: false },
);

export const TestRuleResult = Type.Object({
  wouldAward: Type.Boolean(),
  eventType: Type.Boolean({ description: 'The event is of the rule\'s type' }),
  conditions: Type.Boolean({ description: 'The conditions on data hold' }),
  requirement: Nullable(Type.Boolean({ description: 'The recipient holds the required achievements (null: none required)' })),
  alreadyAwarded: Type.Boolean(),
});
