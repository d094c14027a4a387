import type { Deps } from '../deps.js';
import { AppError } from '../shared/errors.js';
import { SsoRefusal } from './ports.js';

const REFUSED = 'this logout request was refused';

/**
 * SAML Single Logout, started at the IdP: it posts a LogoutRequest naming the person (NameID). Only a request
 * signed by the connection's IdP certificate, meant for this connection and fresh is taken, and each request
 * id once (a replayed logout cannot end a later session). The person's Laurel sessions in the connection's
 * organisation end. Refusals are written to the organisation's audit log (`session.sign-out-failed`).
 */
export async function samlSingleLogout(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'sso'>, input: { connectionId: string; samlRequest: string; ip?: string | undefined; userAgent?: string | undefined }): Promise<{ endedSessions: number }> {
  const connection = await deps.store.sso.findConnectionById(input.connectionId);
  if (!connection || connection.protocol !== 'saml') throw new AppError('not-found', 'no SAML connection has this id');
  const now = deps.clock.now().toISOString();
  const log = (action: string, userId: string | null, details: Record<string, unknown>) =>
    deps.store.audit.record({ id: deps.ids.id(), orgId: connection.orgId, actorType: 'user', actorId: userId, action, targetType: 'sso-connection', targetId: connection.id, ip: input.ip ?? null, userAgent: input.userAgent?.slice(0, 300) ?? null, requestId: null, details: { method: 'saml', ...details }, createdAt: now });
  try {
    const request = await deps.sso.saml.validateLogoutRequest(connection, input.samlRequest);
    if (!(await deps.store.sso.useAssertionId(connection.id, `logout:${request.requestId}`, request.expiresAt, now))) throw new SsoRefusal('saml-logout-replay', 'this LogoutRequest was already used');
    const identity = await deps.store.sso.findIdentity(connection.id, request.nameId);
    const endedSessions = identity ? await deps.store.sessions.removeForUserInOrg(identity.userId, connection.orgId) : 0;
    await log('session.sign-out-sso', identity?.userId ?? null, { endedSessions });
    return { endedSessions };
  } catch (error) {
    if (!(error instanceof SsoRefusal)) throw error;
    await log('session.sign-out-failed', null, { reason: error.reason });
    throw new AppError('unauthenticated', REFUSED, { cause: error });
  }
}
