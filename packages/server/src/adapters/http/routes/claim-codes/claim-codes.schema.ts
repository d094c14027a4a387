import { Type } from 'typebox';
import { DateTime, Id, Nullable } from '../../schemas/common.js';

export const CreateClaimCodeBody = Type.Object(
  {
    expiresAt: DateTime,
    maxUses: Type.Integer({ minimum: 1, maximum: 100_000, description: 'How many awards the code may make in all' }),
    verifyEmail: Type.Optional(Type.Boolean({ description: 'Mail a confirmation link to the claimer before the award', default: false })),
    label: Type.Optional(Type.String({ maxLength: 200, description: 'e.g. the event' })),
  },
  { additionalProperties: false },
);
export const ClaimCodeView = Type.Object(
  {
    id: Type.String(), achievementId: Type.String(), label: Nullable(Type.String()), expiresAt: DateTime, maxUses: Type.Integer(), uses: Type.Integer(),
    verifyEmail: Type.Boolean(), withdrawnAt: Nullable(DateTime), createdAt: DateTime,
  },
  { $id: 'ClaimCode' },
);
export const ClaimCodeCreated = Type.Object({
  ...ClaimCodeView.properties,
  code: Type.String({ description: 'Shown once: only its hash is kept' }),
  url: Type.String({ description: 'The claim page to print or share' }),
  qrCode: Type.String({ description: 'PNG data URL of a QR code of the link' }),
});
export const ClaimCodesQuery = Type.Object({ achievementId: Type.Optional(Id) });
export const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) });
export const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) });
export const ClaimBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 320 }), name: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export const ClaimResult = Type.Object({
  status: Type.Union([Type.Literal('awarded'), Type.Literal('confirm-email')]),
  credentialId: Type.Optional(Type.String()),
  url: Type.Optional(Type.String({ description: 'The public credential page' })),
});
