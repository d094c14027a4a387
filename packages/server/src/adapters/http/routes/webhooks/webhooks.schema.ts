import { Type } from 'typebox';
import { WEBHOOK_EVENTS, WEBHOOK_MESSAGE_TYPES } from '../../../../domain/webhooks/ports.js';
import { DateTime, Nullable, PageQuery, StringEnum, pageOf } from '../../schemas/common.js';

const Event = StringEnum(WEBHOOK_EVENTS);
const Url = Type.String({ minLength: 1, maxLength: 2048, description: 'https (http only for hosts on LAUREL_FETCH_ALLOW_HOSTS); must resolve to a public address unless allow-listed' });
const Events = Type.Array(Event, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true });

/** The response allow-list: never the secret. */
export const WebhookView = Type.Object(
  {
    id: Type.String(),
    url: Type.String(),
    description: Nullable(Type.String()),
    events: Type.Array(Event),
    enabled: Type.Boolean(),
    disabledReason: Nullable(Type.String({ description: 'Set when Laurel turned the endpoint off after repeated failed deliveries' })),
    consecutiveFailures: Type.Integer({ description: 'Deliveries in a row that used up every attempt' }),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'Webhook' },
);
export const WebhookWithSecret = Type.Object({ ...WebhookView.properties, secret: Type.String({ description: 'whsec_…: shown once; store it now' }) });

export const CreateWebhookBody = Type.Object(
  { url: Url, events: Events, description: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export const UpdateWebhookBody = Type.Object(
  { url: Type.Optional(Url), events: Type.Optional(Events), description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))), enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

export const WebhookAttemptView = Type.Object(
  {
    id: Type.String(),
    messageId: Type.String({ description: 'The webhook-id header (the same on every attempt of one event)' }),
    event: StringEnum(WEBHOOK_MESSAGE_TYPES, { description: 'The event, or `ping` for a test event' }),
    attempt: Type.Integer(),
    delivered: Type.Boolean(),
    statusCode: Nullable(Type.Integer()),
    error: Nullable(Type.String()),
    durationMs: Type.Integer(),
    nextRetryAt: Nullable(DateTime),
    createdAt: DateTime,
  },
  { $id: 'WebhookAttempt' },
);
export const AttemptsPage = pageOf(WebhookAttemptView);
export const AttemptsQuery = Type.Object(PageQuery);
export const DeliveryParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }), deliveryId: Type.String({ minLength: 1, maxLength: 200 }) });
