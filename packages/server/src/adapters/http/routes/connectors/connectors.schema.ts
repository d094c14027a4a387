import { Type } from 'typebox';
import { WEBHOOK_EVENTS } from '../../../../domain/webhooks/ports.js';
import { DateTime, Id, Nullable, StringEnum } from '../../schemas/common.js';

const Event = StringEnum(WEBHOOK_EVENTS);

export const SubscribeHookBody = Type.Object(
  {
    targetUrl: Type.String({ minLength: 1, maxLength: 2048, description: 'Where to POST the events (the tool\'s catch hook); https, public address' }),
    event: Event,
  },
  { additionalProperties: false },
);
export const HookView = Type.Object({ id: Type.String(), targetUrl: Type.String(), event: Event, createdAt: DateTime }, { $id: 'RestHook' });
export const HookWithSecret = Type.Object({ ...HookView.properties, secret: Type.String({ description: 'whsec_…: signs each delivery (Standard Webhooks); shown once' }) });
export const SampleParams = Type.Object({ eventType: Event });
export const SamplePayload = Type.Object({
  type: Event,
  timestamp: DateTime,
  data: Type.Object({ id: Type.String(), achievementId: Type.String(), issuerId: Type.String(), status: Type.String(), url: Type.String(), ob3: Type.String() }),
});

export const AwardActionBody = Type.Object(
  {
    achievementId: Id,
    email: Type.String({ minLength: 3, maxLength: 320 }),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    idempotencyKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The tool\'s retry key: the same key and fields give the same award, once' })),
  },
  { additionalProperties: false },
);
export const AwardActionView = Type.Object(
  {
    id: Type.String(),
    achievementId: Type.String(),
    issuerId: Type.String(),
    recipientEmail: Type.String(),
    recipientName: Nullable(Type.String()),
    issuedOn: DateTime,
    expiresAt: Nullable(DateTime),
    status: Type.String(),
    url: Type.String({ description: 'The public credential page' }),
    replayed: Type.Boolean(),
  },
  { $id: 'AwardActionResult' },
);

export const ChoiceQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Case-insensitive part of the name' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 500, description: 'From the `Link: rel="next"` header of the previous page' })),
});
export const AchievementChoiceQuery = Type.Object({ ...ChoiceQuery.properties, issuerId: Type.Optional(Id) });
export const AchievementChoice = Type.Object({ id: Type.String(), name: Type.String(), issuerId: Type.String() });
export const IssuerChoice = Type.Object({ id: Type.String(), name: Type.String() });
