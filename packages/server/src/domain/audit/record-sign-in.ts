import type { Deps } from '../deps.js';
import type { AuditEntry } from '../shared/audit.js';

export type SignInMethod = 'password' | 'sign-in-link' | 'passkey' | 'totp' | 'recovery-code' | 'oidc' | 'saml';

export interface SignInEvent {
  /** The organisations whose log shows it: the one signed in to, or every organisation of the account a failure concerns. */
  orgIds: readonly string[];
  userId: string | null;
  method: SignInMethod;
  outcome: 'success' | 'failure' | 'second-factor-pending';
  /** Why a failure failed (a short code, never a secret or the password). */
  reason?: string | undefined;
  /** The SSO connection, when there is one. */
  connectionId?: string | undefined;
  /** The public OpenID Provider an earner signed in with (LAUREL_EARNER_OIDC_PROVIDERS), when there is one. */
  provider?: string | undefined;
  mfa?: boolean | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

/**
 * Writes a sign-in (success or failure, any method) into the hash-chained audit log of the organisations
 * concerned, as `session.sign-in` / `session.sign-in-failed`, so the audit screen shows who signed in,
 * how, when and from where. A sign-in that concerns no organisation (an earner) is not in any log.
 */
export async function recordSignIn(deps: Pick<Deps, 'store' | 'clock' | 'ids'>, e: SignInEvent): Promise<void> {
  const at = deps.clock.now().toISOString();
  const details: Record<string, unknown> = { method: e.method, outcome: e.outcome };
  if (e.reason) details.reason = e.reason;
  if (e.connectionId) details.connectionId = e.connectionId;
  if (e.provider) details.provider = e.provider;
  if (e.mfa !== undefined) details.mfa = e.mfa;
  for (const orgId of new Set(e.orgIds)) {
    const entry: AuditEntry = {
      id: deps.ids.id(),
      orgId,
      actorType: 'user',
      actorId: e.userId,
      action: e.outcome === 'failure' ? 'session.sign-in-failed' : 'session.sign-in',
      targetType: e.connectionId ? 'sso-connection' : 'user',
      targetId: e.connectionId ?? e.userId ?? '',
      ip: e.ip ?? null,
      userAgent: e.userAgent?.slice(0, 300) ?? null,
      requestId: null,
      details,
      createdAt: at,
    };
    await deps.store.audit.record(entry);
  }
}
