import { Type, type Static } from 'typebox';
import type { Credential } from '../../../../domain/credentials/ports.js';
import { effectiveStatus } from '../../../../domain/credentials/effective-status.js';
import { recipientKey } from '../../../../domain/recipients/recipient-key.js';
import type { PublicLinks } from '../../../links/public-links.js';
import { DateTime, Id, Nullable, PageQuery, pageOf, StringEnum } from '../../schemas/common.js';
import { AwardResult } from '../../schemas/ob3-details.js';

const Evidence = Type.Object(
  {
    url: Type.Optional(Type.String({ format: 'uri', maxLength: 2048 })),
    fileId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'An evidence file of this organisation (POST /api/v1/evidence-files) that no award names yet: written as its stable URL with its digestSRI' })),
    name: Type.Optional(Type.String({ maxLength: 500 })),
    narrative: Type.Optional(Type.String({ maxLength: 20_000 })),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    genre: Type.Optional(Type.String({ maxLength: 100 })),
    audience: Type.Optional(Type.String({ maxLength: 500, description: 'OB 3.0 Evidence audience: who it is for (e.g. Employers)' })),
  },
  { additionalProperties: false },
);

const RecipientInput = Type.Object(
  {
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
    url: Type.Optional(Type.String({ format: 'uri', maxLength: 2048 })),
    telephone: Type.Optional(Type.String({ maxLength: 40 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false, minProperties: 1, description: 'Exactly one of email, url, telephone; plus an optional display name' },
);

const Visibility = StringEnum(['public', 'private'] as const);
export const Status = StringEnum(['active', 'revoked', 'suspended', 'expired'] as const);

export const IssueCredentialBody = Type.Object(
  {
    achievementId: Id,
    recipient: RecipientInput,
    issuedOn: Type.Optional(Type.String({ format: 'date-time' })),
    expires: Type.Optional(Type.String({ format: 'date-time', description: 'Defaults to issuedOn + the achievement validity (certifications)' })),
    narrative: Type.Optional(Type.String({ maxLength: 20_000 })),
    evidence: Type.Optional(Type.Array(Evidence, { maxItems: 50 })),
    visibility: Type.Optional(Visibility),
    results: Type.Optional(Type.Array(AwardResult, { maxItems: 20, description: 'OB 3.0 results (score, grade, pass/fail, rubric level) against the achievement\'s result descriptions' })),
    creditsEarned: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000, description: 'OB 3.0 creditsEarned (at most the achievement\'s creditsAvailable)' })),
  },
  { additionalProperties: false },
);

export const IssueCredentialHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
});

export const RevokeCredentialBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });

export const CredentialView = Type.Object(
  {
    id: Type.String(),
    achievementId: Type.String(),
    issuerId: Type.String(),
    recipient: Type.Object({
      type: Type.String(),
      identity: Type.String({ description: 'Plaintext identity (visible to the organisation only)' }),
      hashedIdentity: Type.String(),
      name: Nullable(Type.String()),
    }),
    issuedOn: DateTime,
    expires: Nullable(DateTime),
    narrative: Nullable(Type.String()),
    evidence: Type.Array(Type.Object({ url: Type.Optional(Type.String()), name: Type.Optional(Type.String()), narrative: Type.Optional(Type.String()), description: Type.Optional(Type.String()), genre: Type.Optional(Type.String()), audience: Type.Optional(Type.String()), digestSRI: Type.Optional(Type.String()) })),
    status: Status,
    revocationReason: Nullable(Type.String()),
    revokedAt: Nullable(DateTime),
    visibility: Visibility,
    ob2Url: Type.String({ description: 'Public OB 2.0 hosted assertion' }),
    claimed: Type.Boolean({ description: 'Claimed by the recipient into an earner account' }),
    recipientKey: Type.String({ description: 'The recipient directory key: GET /api/v1/recipients/{key}/credentials' }),
    renews: Type.Optional(Nullable(Type.String({ description: 'Certifications: the credential this one renews' }))),
    supersededBy: Type.Optional(Nullable(Type.String({ description: 'Certifications: the renewal that replaced this one (its page reads superseded; `status` keeps its own value)' }))),
    results: Type.Optional(Type.Array(AwardResult)),
    creditsEarned: Type.Optional(Nullable(Type.Number())),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'Credential' },
);

export const ListCredentialsQuery = Type.Object(
  {
    ...PageQuery,
    sort: Type.Optional(StringEnum(['createdAt', '-createdAt', 'issuedOn', '-issuedOn', 'recipientName', '-recipientName'] as const, { default: '-createdAt' })),
    achievementId: Type.Optional(Id),
    issuerId: Type.Optional(Id),
    status: Type.Optional(Status),
    recipient: Type.Optional(Type.String({ maxLength: 2048, description: 'Exact recipient email or URL' })),
    issuedAfter: Type.Optional(Type.String({ format: 'date-time' })),
    issuedBefore: Type.Optional(Type.String({ format: 'date-time' })),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Search recipient name or identity (case and accents ignored, both ways)' })),
    claimed: Type.Optional(Type.Boolean({ description: 'Claimed (true) or not yet claimed (false)' })),
  },
  { additionalProperties: false },
);

export const CredentialPage = pageOf(CredentialView);

export function toCredentialView(c: Credential, links: PublicLinks, now: Date): Static<typeof CredentialView> {
  return {
    id: c.id,
    achievementId: c.achievementId,
    issuerId: c.issuerId,
    recipient: { type: c.recipient.type, identity: c.recipient.identity, hashedIdentity: c.recipient.hash, name: c.recipient.name },
    issuedOn: c.issuedOn,
    expires: c.expiresAt,
    narrative: c.narrative,
    evidence: c.evidence.map(({ id, ...rest }) => JSON.parse(JSON.stringify({ url: id, ...rest })) as Record<string, string>),
    status: effectiveStatus(c, now),
    revocationReason: c.revocationReason,
    revokedAt: c.revokedAt,
    visibility: c.visibility,
    ob2Url: links.assertion(c.id),
    claimed: c.earnerUserId !== null,
    recipientKey: recipientKey(c.orgId, c.recipient.type, c.recipient.identity),
    renews: c.renewsCredentialId,
    supersededBy: c.supersededBy,
    results: c.results,
    creditsEarned: c.creditsEarned,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
