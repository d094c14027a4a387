import type { Deps } from '../deps.js';
import { sha256Hex } from '../shared/hash.js';
import { configurationId, WALLET_FORMATS, type WalletFormat } from './configurations.js';
import { OAuthError } from '../oauth/oauth-error.js';
import { PRE_AUTHORIZED_CODE_GRANT } from './issuer-metadata.js';
import { preAuthorizedCodeOf, TX_CODE_LENGTH } from './secrets.js';

const gone = () => new OAuthError('invalid_request', 'this credential offer is unknown, used or expired; ask for a new one', 404);

/**
 * The Credential Offer behind a `credential_offer_uri` (OpenID4VCI 1.0 §4.1.3): the issuer, a
 * configuration per achievement and format, and the pre-authorized code (with a tx_code prompt when
 * one was mailed), or the authorization code grant with the offer as `issuer_state`. Answers while the offer can still be redeemed.
 */
export async function resolveOffer(deps: Pick<Deps, 'store' | 'clock' | 'urls' | 'oauth'>, input: { token: string }): Promise<Record<string, unknown>> {
  const offer = await deps.store.walletOffers.findByToken(sha256Hex(input.token));
  if (!offer || offer.redeemedAt || Date.parse(offer.expiresAt) <= deps.clock.now().getTime()) throw gone();
  const achievementIds = new Set<string>();
  for (const id of offer.credentialIds) {
    const credential = await deps.store.credentials.findById(offer.orgId, id);
    if (credential) achievementIds.add(credential.achievementId);
  }
  if (achievementIds.size === 0) throw gone();
  const formats = Object.keys(WALLET_FORMATS) as WalletFormat[];
  // The issuer's metadata lists two authorization servers: the grant names the one that takes the code.
  const grant: Record<string, unknown> = { 'pre-authorized_code': preAuthorizedCodeOf(input.token), authorization_server: deps.urls.walletAuthorizationServer() };
  if (offer.txCodeRequired) grant.tx_code = { input_mode: 'numeric', length: TX_CODE_LENGTH, description: 'The code we e-mailed you' };
  return {
    credential_issuer: deps.urls.walletIssuer(offer.issuerId),
    credential_configuration_ids: [...achievementIds].flatMap((a) => formats.map((f) => configurationId(a, f))),
    grants: {
      [PRE_AUTHORIZED_CODE_GRANT]: grant,
      // Or the earner signs in from the wallet (authorization code flow): issuer_state names this offer's configurations.
      authorization_code: { issuer_state: offer.id, authorization_server: deps.oauth.issuer },
    },
  };
}
