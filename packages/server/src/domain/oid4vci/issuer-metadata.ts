import type { Deps } from '../deps.js';
import type { Issuer } from '../issuers/ports.js';
import { configurationsOf } from './configurations.js';
import { DPOP_SIGNING_ALGS } from '../oauth/dpop.js';
import { BATCH_SIZE } from './secrets.js';
import { OAuthError } from '../oauth/oauth-error.js';

/** Grant type of the pre-authorized code flow (OpenID4VCI 1.0 §4.1.1). */
export const PRE_AUTHORIZED_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

type MetadataDeps = Pick<Deps, 'store' | 'urls' | 'oauth'>;

/** The issuer behind a Credential Issuer Identifier, whichever organisation it belongs to (metadata is public). */
export async function walletIssuer(deps: Pick<Deps, 'store'>, issuerId: string): Promise<Issuer> {
  const issuer = await deps.store.issuers.findPublic(issuerId);
  if (!issuer) throw new OAuthError('invalid_request', 'no such credential issuer', 404);
  return issuer;
}

const isHttpUrl = (value: string | null): value is string => value !== null && /^https?:\/\//.test(value);

/**
 * Credential Issuer Metadata (OpenID4VCI 1.0 §12.2): each Laurel issuer is a Credential Issuer of its
 * own (`<base>/oid4vci/issuers/<id>`), shown with its name and logo, offering every achievement it
 * awards in both formats. Two authorization servers: `<base>/oid4vci` takes pre-authorized codes (offers
 * name it in their grant), Laurel's own authorization server (`<base>`) runs the authorization code flow
 * where the earner signs in and consents (`openid_credential` details, or each configuration's scope).
 */
export async function credentialIssuerMetadata(deps: MetadataDeps, input: { issuerId: string }): Promise<Record<string, unknown>> {
  const issuer = await walletIssuer(deps, input.issuerId);
  const id = deps.urls.walletIssuer(issuer.id);
  const configurations: Record<string, Record<string, unknown>> = {};
  for (let cursor: string | undefined, first = true; first || cursor; first = false) {
    const page = await deps.store.achievements.list(issuer.orgId, { limit: 100, cursor, sort: 'createdAt', issuerId: issuer.id, includeArchived: true });
    for (const achievement of page.items) Object.assign(configurations, configurationsOf(issuer, achievement, deps.urls.badgeImage(achievement.id)));
    cursor = page.nextCursor ?? undefined;
  }
  return {
    credential_issuer: id,
    authorization_servers: [deps.urls.walletAuthorizationServer(), deps.oauth.issuer],
    credential_endpoint: `${id}/credential`,
    nonce_endpoint: `${id}/nonce`,
    // OpenID4VCI 1.0 §12.2.4: one Credential Request may carry several key proofs, one credential per key.
    batch_credential_issuance: { batch_size: BATCH_SIZE },
    display: [{ name: issuer.name, ...(isHttpUrl(issuer.image) ? { logo: { uri: issuer.image, alt_text: issuer.name } } : {}) }],
    credential_configurations_supported: configurations,
  };
}

/** RFC 8414 metadata of the authorization server that takes pre-authorized codes (no client authentication). */
export function authorizationServerMetadata(deps: Pick<Deps, 'urls'>): Record<string, unknown> {
  const issuer = deps.urls.walletAuthorizationServer();
  return {
    issuer,
    token_endpoint: `${issuer}/token`,
    grant_types_supported: [PRE_AUTHORIZED_CODE_GRANT],
    token_endpoint_auth_methods_supported: ['none'],
    response_types_supported: [],
    'pre-authorized_grant_anonymous_access_supported': true,
    dpop_signing_alg_values_supported: [...DPOP_SIGNING_ALGS],
  };
}
