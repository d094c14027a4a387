import { Type, type Static } from 'typebox';
import type { RenewalRequest } from '../../../../domain/renewals/ports.js';
import type { RenewalQueueItem } from '../../../../domain/renewals/list-renewal-requests.js';
import type { PublicUrls } from '../../../../domain/deps.js';
import { DateTime, HttpUrl, Nullable, StringEnum } from '../../schemas/common.js';

export const RenewalStatus = StringEnum(['pending', 'approved', 'refused'] as const);

export const RenewalRequestView = Type.Object(
  {
    id: Type.String(),
    credentialId: Type.String(),
    achievementId: Type.String(),
    evidenceUrl: Nullable(Type.String()),
    note: Nullable(Type.String()),
    status: RenewalStatus,
    reason: Nullable(Type.String({ description: 'Why it was refused' })),
    newCredentialId: Nullable(Type.String({ description: 'The renewed credential, once approved' })),
    createdAt: DateTime,
    decidedAt: Nullable(DateTime),
  },
  { $id: 'RenewalRequest' },
);

export const RenewalQueueItemView = Type.Object(
  {
    ...RenewalRequestView.properties,
    achievementName: Type.String(),
    recipient: Type.Object({ type: Type.String(), identity: Type.String(), name: Nullable(Type.String()) }),
    expires: Nullable(DateTime),
    credentialPage: Type.String(),
  },
  { $id: 'RenewalQueueItem' },
);

export const RequestRenewalBody = Type.Object(
  {
    evidenceUrl: Type.Optional(HttpUrl),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const RefuseRenewalBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });

export const ListRenewalsQuery = Type.Object(
  { status: Type.Optional(RenewalStatus), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  { additionalProperties: false },
);

export function toRenewalView(r: RenewalRequest): Static<typeof RenewalRequestView> {
  return {
    id: r.id, credentialId: r.credentialId, achievementId: r.achievementId, evidenceUrl: r.evidenceUrl, note: r.note, status: r.status, reason: r.reason,
    newCredentialId: r.newCredentialId, createdAt: r.createdAt, decidedAt: r.decidedAt,
  };
}

export function toQueueItemView(i: RenewalQueueItem, urls: Pick<PublicUrls, 'publicCredentialPage'>): Static<typeof RenewalQueueItemView> {
  return {
    ...toRenewalView(i.request),
    achievementName: i.achievement.name,
    recipient: { type: i.credential.recipient.type, identity: i.credential.recipient.identity, name: i.credential.recipient.name },
    expires: i.credential.expiresAt,
    credentialPage: urls.publicCredentialPage(i.credential.id),
  };
}
