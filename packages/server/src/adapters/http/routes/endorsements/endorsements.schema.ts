import { Type } from 'typebox';
import { DateTime, Id, Nullable, StringEnum } from '../../schemas/common.js';

export const SubjectType = StringEnum(['achievement', 'issuer'] as const);

export const IssueEndorsementBody = Type.Object(
  {
    endorserIssuerId: Id,
    subject: Type.Object(
      {
        type: SubjectType,
        id: Type.String({ minLength: 1, maxLength: 2000, description: "The endorsed achievement's OB 3.0 URL, or the issuer's OB 2.0 profile URL or did:web" }),
      },
      { additionalProperties: false },
    ),
    comment: Type.String({ minLength: 1, maxLength: 5000, description: 'The endorsement comment (Markdown allowed)' }),
  },
  { additionalProperties: false },
);

export const InboundEndorsementBody = Type.Object(
  {
    credential: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'The signed EndorsementCredential (JSON-LD with a Data Integrity proof)' })),
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Where it is published (fetched with the guarded verifier)' })),
  },
  { additionalProperties: false },
);

export const EndorsementView = Type.Object(
  {
    id: Type.String(),
    direction: StringEnum(['issued', 'received'] as const),
    mine: Type.Boolean({ description: 'This organisation owns it (and can revoke it); false: another organisation here endorsed it' }),
    credentialId: Type.String(),
    endorserIssuerId: Nullable(Type.String()),
    endorserId: Type.String(),
    endorserName: Type.String(),
    subject: Type.Object({ type: SubjectType, id: Type.String(), url: Type.String() }),
    comment: Type.String(),
    revokedAt: Nullable(DateTime),
    hiddenAt: Nullable(DateTime),
    createdAt: DateTime,
    credential: Type.Unknown({ description: 'The signed EndorsementCredential' }),
  },
  { $id: 'Endorsement' },
);
