import { Type, type Static } from 'typebox';
import { RECIPIENT_SORTS, type RecipientSummary } from '../../../../domain/recipients/ports.js';
import { DateTime, Nullable, PageQuery, pageOf, StringEnum } from '../../schemas/common.js';
import { CredentialView } from '../credentials/credentials.schema.js';

export const RecipientView = Type.Object({
  key: Type.String({ description: 'Opaque and stable: use it in URLs instead of the address' }),
  type: Type.String(),
  identity: Type.String({ description: 'Plaintext identity (visible to the organisation only)' }),
  name: Nullable(Type.String()),
  credentials: Type.Integer(),
  latestIssuedOn: DateTime,
});

export const RecipientKeyParams = Type.Object({ key: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) });

export const ListRecipientsQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Name or identity; case and accents ignored ("Zoe" finds "Zoë" and the other way round)' })),
    sort: Type.Optional(StringEnum(RECIPIENT_SORTS, { default: 'name' })),
  },
  { additionalProperties: false },
);

export const RecipientCredentialsQuery = Type.Object(
  { ...PageQuery, sort: Type.Optional(StringEnum(['-issuedOn', 'issuedOn', '-createdAt', 'createdAt'] as const, { default: '-issuedOn' })) },
  { additionalProperties: false },
);

export const RecipientPage = pageOf(RecipientView);
export const RecipientCredentials = Type.Object({ recipient: RecipientView, items: Type.Array(CredentialView), nextCursor: Type.Optional(Type.String()) });

export const toRecipientView = (r: RecipientSummary): Static<typeof RecipientView> => ({ ...r });
