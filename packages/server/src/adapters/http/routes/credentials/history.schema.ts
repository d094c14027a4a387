import { Type, type Static } from 'typebox';
import { HISTORY_EVENT_TYPES } from '../../../../domain/credential-history/ports.js';
import type { CredentialHistory } from '../../../../domain/credential-history/read-history.js';
import { DateTime, Nullable, StringEnum } from '../../schemas/common.js';

export const CredentialHistoryView = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      type: StringEnum(HISTORY_EVENT_TYPES),
      at: DateTime,
      actor: Type.Object({ type: StringEnum(['user', 'api-key', 'recipient', 'system'] as const), name: Nullable(Type.String({ description: "A member's name or an API key's name" })) }),
      reason: Type.Optional(Type.String({ description: 'revoked, suspended, reinstated: the reason given; email.skipped: why' })),
      error: Type.Optional(Type.Object({ code: Type.String({ description: 'e.g. ECONNECTION, EAUTH, EENVELOPE' }), smtpStatus: Type.Optional(Type.Integer()), attempt: Type.Optional(Type.Integer()) })),
      rule: Type.Optional(Type.Object({
        ruleId: Type.String(), name: Type.String(), eventId: Type.String(), eventType: Type.String(),
        secondsFromEvent: Type.Integer({ description: 'From the event\'s occurredAt to the issue' }),
      }, { description: 'awarded-by-rule: the award rule and the event that produced the credential' })),
    }),
    { description: 'Oldest first (at most 1000)' },
  ),
  views: Type.Object({
    total: Type.Integer({ description: 'Public page views, all days' }),
    days: Type.Array(Type.Object({ day: Type.String({ description: 'YYYY-MM-DD (UTC)' }), views: Type.Integer() })),
  }),
});

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

export function toHistoryView(h: CredentialHistory): Static<typeof CredentialHistoryView> {
  return {
    items: h.events.map((e) => {
      const reason = str(e.details.reason);
      const code = str(e.details.code);
      const smtpStatus = int(e.details.smtpStatus);
      const attempt = int(e.details.attempt);
      return {
        id: e.id,
        type: e.type,
        at: e.createdAt,
        actor: { type: e.actor.type, name: e.actorName },
        ...(reason !== undefined ? { reason } : {}),
        ...(e.type === 'awarded-by-rule' ? { rule: { ruleId: str(e.details.ruleId) ?? '', name: str(e.details.rule) ?? '', eventId: str(e.details.eventId) ?? '', eventType: str(e.details.eventType) ?? '', secondsFromEvent: int(e.details.secondsFromEvent) ?? 0 } } : {}),
        ...(e.type === 'email.failed' ? { error: { code: code ?? 'send-failed', ...(smtpStatus !== undefined ? { smtpStatus } : {}), ...(attempt !== undefined ? { attempt } : {}) } } : {}),
      };
    }),
    views: { total: h.totalViews, days: h.views },
  };
}
