import type { Deps } from '../deps.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { SsoRefusal } from './ports.js';
import { clientSecretOf } from './sso-sign-in.js';

/**
 * OpenID Connect Back-Channel Logout: the provider posts a logout token when the person's session there ends.
 * The token is verified (the provider's JWKS, issuer, audience, age, event, no nonce) and each `jti` is taken
 * once. With a `sid`, the Laurel sessions that sign-in opened with that provider session end; with only a
 * `sub`, every session opened through this connection for that subject. Only this connection's sessions
 * (one organisation). Refusals are logged (`session.sign-out-failed`) and answered 400, as the specification asks.
 */
export async function oidcBackchannelLogout(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'vault' | 'sso'>, input: { connectionId: string; logoutToken: string; ip?: string | undefined; userAgent?: string | undefined }): Promise<{ endedSessions: number }> {
  const connection = await deps.store.sso.findConnectionById(input.connectionId);
  if (!connection || connection.protocol !== 'oidc' || !connection.oidc) throw new AppError('not-found', 'no OpenID Connect connection has this id');
  const now = deps.clock.now().toISOString();
  const log = (action: string, userId: string | null, details: Record<string, unknown>) =>
    deps.store.audit.record({ id: deps.ids.id(), orgId: connection.orgId, actorType: 'user', actorId: userId, action, targetType: 'sso-connection', targetId: connection.id, ip: input.ip ?? null, userAgent: input.userAgent?.slice(0, 300) ?? null, requestId: null, details: { method: 'oidc', channel: 'back', ...details }, createdAt: now });
  try {
    if (!connection.enabled) throw new SsoRefusal('connection-disabled', 'the connection is disabled');
    if (!input.logoutToken || input.logoutToken.length > 16_384) throw new SsoRefusal('logout-token-malformed', 'no logout token');
    const claims = await deps.sso.oidc.verifyLogoutToken({ settings: connection.oidc, clientSecret: clientSecretOf(deps, connection), logoutToken: input.logoutToken });
    if (!(await deps.store.sso.useAssertionId(connection.id, `logout-token:${sha256Hex(claims.jti)}`, claims.expiresAt, now))) throw new SsoRefusal('logout-token-replay', 'this logout token was already used');
    const links = await deps.store.sso.findSessionLinks(connection.id, claims.sid ? { sid: claims.sid, subject: claims.sub ?? undefined } : { subject: claims.sub ?? undefined }, now);
    for (const link of links) {
      await deps.store.sessions.remove(link.sessionId);
      await deps.store.sso.removeSessionLink(link.sessionId);
    }
    const userId = claims.sub ? ((await deps.store.sso.findIdentity(connection.id, claims.sub))?.userId ?? null) : null;
    await log('session.sign-out-sso', userId, { endedSessions: links.length });
    return { endedSessions: links.length };
  } catch (error) {
    if (!(error instanceof SsoRefusal)) throw error;
    await log('session.sign-out-failed', null, { reason: error.reason });
    throw new AppError('validation', 'this logout token was refused', { cause: error });
  }
}
