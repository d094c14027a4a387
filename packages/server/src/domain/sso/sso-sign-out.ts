import type { Deps } from '../deps.js';
import type { Session } from '../sessions/ports.js';
import { SsoRefusal } from './ports.js';
import { startSamlLogout, type SamlLogoutStarted } from './saml-sp-logout.js';
import { clientSecretOf } from './sso-sign-in.js';

/**
 * Signing out of Laurel, and of the organisation's identity provider too: the Laurel session ends first,
 * always. Then:
 * - a session opened through a SAML connection whose IdP has an SLO URL (and which signs): a signed
 *   LogoutRequest (SP-initiated Single Logout), with the state binding the IdP's answer to this browser;
 * - otherwise, when the person signs in to this organisation through an enabled OpenID Connect connection
 *   whose provider publishes an `end_session_endpoint`, the URL to send the browser to (RP-initiated logout:
 *   the provider asks the person, then comes back to the sign-in page).
 * A provider that cannot be reached only means no such URL: the Laurel session is already over.
 */
export async function signOutWithProvider(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'vault' | 'sso'>, session: Session): Promise<{ redirectUrl: string | null; samlLogout?: SamlLogoutStarted | undefined }> {
  const link = await deps.store.sso.findSessionLink(session.id);
  await deps.store.sessions.remove(session.id);
  if (link) await deps.store.sso.removeSessionLink(session.id);
  if (!session.orgId) return { redirectUrl: null };
  if (link && link.orgId === session.orgId) {
    try {
      const samlLogout = await startSamlLogout(deps, link);
      if (samlLogout) return { redirectUrl: samlLogout.redirectUrl, samlLogout };
    } catch (error) {
      if (!(error instanceof SsoRefusal)) throw error;
    }
  }
  for (const identity of await deps.store.sso.listIdentitiesOfUser(session.userId, session.orgId)) {
    const connection = await deps.store.sso.findConnection(session.orgId, identity.connectionId);
    if (!connection?.enabled || connection.protocol !== 'oidc' || !connection.oidc) continue;
    try {
      const redirectUrl = await deps.sso.oidc.endSessionUrl({ settings: connection.oidc, clientSecret: clientSecretOf(deps, connection), postLogoutRedirectUri: deps.sso.urls.afterSignOut() });
      return { redirectUrl };
    } catch (error) {
      if (error instanceof SsoRefusal) return { redirectUrl: null };
      throw error;
    }
  }
  return { redirectUrl: null };
}
