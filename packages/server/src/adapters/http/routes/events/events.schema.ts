import { Type } from 'typebox';
import { DateTime, Nullable } from '../../schemas/common.js';

const Printable = (max: number, description: string) => Type.String({ minLength: 1, maxLength: max, pattern: '^[^\\x00-\\x1f\\x7f]+$', description });

/** An event from an outside system (an LMS, a CRM, an event platform). */
export const EventBody = Type.Object(
  {
    id: Printable(200, 'The sender\'s id of the event: the same id again is accepted and changes nothing'),
    type: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$', description: 'e.g. course.completed' }),
    occurredAt: DateTime,
    subject: Type.Object(
      { email: Type.String({ minLength: 3, maxLength: 320 }), name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
      { additionalProperties: false },
    ),
    data: Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { description: 'Facts the rules test (at most 16 KiB of JSON, 8 levels deep)' }),
  },
  { additionalProperties: false },
);

export const EventsQuery = Type.Object(
  { source: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The event source whose secret signed the request (Standard Webhooks); leave out with an API credential' })) },
  { additionalProperties: false },
);

export const EventAccepted = Type.Object({
  id: Type.String({ description: 'Laurel\'s id of the stored event' }),
  eventId: Type.String(),
  duplicate: Type.Boolean({ description: 'This organisation already had an event with this id: nothing new happens' }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('processed')]),
});

export const EventView = Type.Object(
  {
    id: Type.String(),
    eventId: Type.String(),
    type: Type.String(),
    occurredAt: DateTime,
    receivedAt: DateTime,
    receivedVia: Type.String({ description: 'api-key, oauth-client or source:<id>' }),
    status: Type.Union([Type.Literal('pending'), Type.Literal('processed')]),
    awards: Type.Integer(),
    processedAt: Nullable(DateTime),
    awarded: Type.Array(Type.Object({ ruleId: Type.String(), credentialId: Type.String(), issuedAt: DateTime, latencyMs: Type.Integer() })),
  },
  { $id: 'InboundEvent' },
);

export const SourceView = Type.Object(
  { id: Type.String(), name: Type.String(), createdAt: DateTime, lastUsedAt: Nullable(DateTime) },
  { $id: 'EventSource' },
);
export const SourceWithSecret = Type.Object({ ...SourceView.properties, secret: Type.String({ description: 'whsec_…: shown once; store it in the sending system now' }) });
export const CreateSourceBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
