import { Type } from 'typebox';
import { PAGE_SIZES } from '../../../../domain/public-pages/ports.js';
import { Id, StringEnum } from '../../schemas/common.js';
import { Status } from '../credentials/credentials.schema.js';

/** The credentials list's filters: a bulk request's "everything matching". */
export const CredentialFilter = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(Status),
    achievementId: Type.Optional(Id),
    issuerId: Type.Optional(Id),
    claimed: Type.Optional(Type.Boolean()),
    issuedAfter: Type.Optional(Type.String({ format: 'date-time' })),
    issuedBefore: Type.Optional(Type.String({ format: 'date-time' })),
    recipientKey: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' })),
  },
  { additionalProperties: false },
);

/** Exactly one of `ids` (rows picked one by one) and `filter` (every credential matching it). */
const selection = {
  ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 1000, description: 'Credential ids; ids not in your organisation are reported, never acted on' })),
  filter: Type.Optional(CredentialFilter),
};

export const BulkRevokeBody = Type.Object({ ...selection, reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });
export const BulkSelectionBody = Type.Object(selection, { additionalProperties: false });
export const BulkCertificatesBody = Type.Object(
  { ...selection, size: Type.Optional(StringEnum(PAGE_SIZES)), lang: Type.Optional(Type.String({ maxLength: 35 })) },
  { additionalProperties: false },
);

export const BulkHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) });

export const BulkRevokeResult = Type.Object({
  results: Type.Array(Type.Object({ id: Type.String(), outcome: StringEnum(['revoked', 'already-revoked', 'not-found'] as const) })),
  revoked: Type.Integer(),
  alreadyRevoked: Type.Integer(),
  notFound: Type.Integer(),
});

export const BulkResendResult = Type.Object({
  results: Type.Array(Type.Object({ id: Type.String(), outcome: StringEnum(['queued', 'not-email', 'revoked', 'not-found'] as const) })),
  queued: Type.Integer(),
  skipped: Type.Integer(),
  notFound: Type.Integer(),
});
