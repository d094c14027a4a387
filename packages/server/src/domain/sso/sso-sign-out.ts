import type { Deps } from '../deps.js';
import type { Session } from '../sessions/ports.js';
import { SsoRefusal } from './ports.js';
import { clientSecretOf } from './sso-sign-in.js';

/**
 * Signing out of Laurel, and of the organisation's OpenID Provider too (RP-initiated logout): the Laurel
 * session ends first, always; then, when the person signs in to this organisation through an enabled OpenID
 * Connect connection whose provider publishes an `end_session_endpoint`, the URL to send the browser to
 * (the provider asks the person, then comes back to the sign-in page). A provider that cannot be reached
 * only means no such URL: the Laurel session is already over.
 */
export async function signOutWithProvider(deps: Pick<Deps, 'store' | 'vault' | 'sso'>, session: Session): Promise<{ redirectUrl: string | null }> {
  await deps.store.sessions.remove(session.id);
  if (!session.orgId) return { redirectUrl: null };
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
