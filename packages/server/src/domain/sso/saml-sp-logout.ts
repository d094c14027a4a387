import type { Deps } from '../deps.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { SsoRefusal, type SsoSessionLink } from './ports.js';
import { spSigningKeyOf } from './sso-sign-in.js';

/** How long Laurel waits for the IdP's LogoutResponse. */
export const SAML_LOGOUT_PENDING_SECONDS = 10 * 60;

export interface SamlLogoutStarted {
  redirectUrl: string;
  /** For a short-lived cookie binding the answer to this browser (also sent as RelayState). */
  state: string;
  expiresAt: string;
}

/**
 * SAML Single Logout started here: the session was opened by a SAML connection whose IdP has an SLO URL and
 * which signs its requests; a LogoutRequest naming the person (NameID, Format, SessionIndex from the sign-in)
 * is signed with the SP key (HTTP-Redirect binding) and its ID kept, bound to this browser by a fresh state.
 * Null when the connection cannot (disabled, no SLO URL, no SP key): the Laurel session ends all the same.
 */
export async function startSamlLogout(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'vault' | 'sso'>, link: SsoSessionLink): Promise<SamlLogoutStarted | null> {
  const connection = await deps.store.sso.findConnection(link.orgId, link.connectionId);
  if (!connection?.enabled || connection.protocol !== 'saml' || !connection.saml?.sloUrl) return null;
  const signingKey = spSigningKeyOf(deps, connection);
  if (!signingKey) return null;
  const now = deps.clock.now();
  const state = deps.ids.token(32);
  const expiresAt = new Date(now.getTime() + SAML_LOGOUT_PENDING_SECONDS * 1000).toISOString();
  const request = await deps.sso.saml.logoutRequest(connection, { nameId: link.subject, nameIdFormat: link.nameIdFormat, sessionIndex: link.sessionIndex }, state, signingKey);
  await deps.store.sso.insertLogoutPending({ id: sha256Hex(state), connectionId: connection.id, requestId: request.requestId, createdAt: now.toISOString(), expiresAt });
  return { redirectUrl: request.url, state, expiresAt };
}

/**
 * The IdP's LogoutResponse came back (HTTP-Redirect). It is taken only in the browser that sent the request
 * (its state cookie names the pending logout, single use; the RelayState must be the same), signed by the
 * IdP, answering that request, for this SLO URL, fresh, Success, and its ID not seen before. The Laurel session
 * already ended when the request was sent: this only records that the IdP ended its own. Refusals are logged
 * (`session.sign-out-failed`) and answered 401.
 */
export async function finishSamlLogout(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'sso'>, input: { connectionId: string; browserState: string | undefined; relayState: string | undefined; rawQuery: string; ip?: string | undefined; userAgent?: string | undefined }): Promise<void> {
  const connection = await deps.store.sso.findConnectionById(input.connectionId);
  if (!connection || connection.protocol !== 'saml') throw new AppError('not-found', 'no SAML connection has this id');
  const now = deps.clock.now().toISOString();
  const log = (action: string, details: Record<string, unknown>) =>
    deps.store.audit.record({ id: deps.ids.id(), orgId: connection.orgId, actorType: 'user', actorId: null, action, targetType: 'sso-connection', targetId: connection.id, ip: input.ip ?? null, userAgent: input.userAgent?.slice(0, 300) ?? null, requestId: null, details: { method: 'saml', ...details }, createdAt: now });
  try {
    if (!input.browserState || (input.relayState !== undefined && input.relayState !== input.browserState)) throw new SsoRefusal('saml-logout-no-request', 'no logout was started in this browser');
    const pending = await deps.store.sso.takeLogoutPending(sha256Hex(input.browserState));
    if (!pending || pending.connectionId !== connection.id || pending.expiresAt <= now) throw new SsoRefusal('saml-logout-no-request', 'no logout was started in this browser, or it has expired');
    const response = await deps.sso.saml.validateLogoutResponse(connection, input.rawQuery, pending.requestId);
    if (!(await deps.store.sso.useAssertionId(connection.id, `logout-response:${response.responseId}`, response.expiresAt, now))) throw new SsoRefusal('saml-logout-replay', 'this LogoutResponse was already used');
    await log('session.sign-out-sso-confirmed', { requestId: pending.requestId });
  } catch (error) {
    if (!(error instanceof SsoRefusal)) throw error;
    await log('session.sign-out-failed', { reason: error.reason });
    throw new AppError('unauthenticated', 'this logout response was refused', { cause: error });
  }
}
