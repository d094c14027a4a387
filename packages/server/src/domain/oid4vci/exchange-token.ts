import type { Deps } from '../deps.js';
import { sha256Hex } from '../shared/hash.js';
import { dpopBinding, type DpopRequest } from '../oauth/dpop.js';
import { OAuthError } from '../oauth/oauth-error.js';
import { PRE_AUTHORIZED_CODE_GRANT } from './issuer-metadata.js';
import { ACCESS_TOKEN_TTL_SECONDS, MAX_TX_CODE_ATTEMPTS, txCodeHash } from './secrets.js';

export interface TokenRequest {
  grant_type?: string | undefined;
  'pre-authorized_code'?: string | undefined;
  tx_code?: string | undefined;
}

export interface TokenResponse {
  access_token: string;
  /** `DPoP` when bound to the key of the request's DPoP proof (RFC 9449). */
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
}

const invalidGrant = (why: string) => new OAuthError('invalid_grant', why);

/**
 * The token endpoint of the pre-authorized code flow (OpenID4VCI 1.0 §6): the code is good once, before
 * the offer expires; an offer with a tx_code takes at most MAX_TX_CODE_ATTEMPTS tries (right or wrong,
 * counted before the comparison, so parallel guesses cannot exceed it), then never again.
 */
export async function exchangePreAuthorizedCode(deps: Pick<Deps, 'store' | 'clock' | 'ids'>, request: TokenRequest, dpop?: DpopRequest): Promise<TokenResponse> {
  if (request.grant_type !== PRE_AUTHORIZED_CODE_GRANT) {
    throw new OAuthError(request.grant_type ? 'unsupported_grant_type' : 'invalid_request', `grant_type must be ${PRE_AUTHORIZED_CODE_GRANT}`);
  }
  const code = request['pre-authorized_code'];
  if (!code) throw new OAuthError('invalid_request', 'pre-authorized_code is required');
  const now = deps.clock.now();
  const offer = await deps.store.walletOffers.findByCode(sha256Hex(code));
  if (!offer) throw invalidGrant('the pre-authorized code is not valid');
  if (offer.redeemedAt) throw invalidGrant('the pre-authorized code was already used');
  if (Date.parse(offer.expiresAt) <= now.getTime()) throw invalidGrant('the pre-authorized code has expired');
  if (offer.txCodeRequired) {
    if (!request.tx_code) throw new OAuthError('invalid_request', 'this offer needs the tx_code that was e-mailed');
    if (!(await deps.store.walletOffers.takeTxCodeAttempt(offer.id, MAX_TX_CODE_ATTEMPTS))) throw invalidGrant('too many wrong tx_code attempts: this offer is void, ask for a new one');
    if (offer.txCodeHash === null || txCodeHash(offer.id, request.tx_code) !== offer.txCodeHash) throw invalidGrant('the tx_code is wrong');
  }
  const dpopJkt = await dpopBinding(deps, dpop);
  const token = deps.ids.token(32);
  const at = now.toISOString();
  await deps.store.transaction(async (tx) => {
    if (!(await tx.walletOffers.redeem(offer.id, at))) throw invalidGrant('the pre-authorized code was already used');
    await tx.walletOffers.insertAccessToken({
      tokenHash: sha256Hex(token),
      offerId: offer.id,
      orgId: offer.orgId,
      issuerId: offer.issuerId,
      credentialIds: offer.credentialIds,
      createdAt: at,
      expiresAt: new Date(now.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000).toISOString(),
      dpopJkt,
    });
  });
  return { access_token: token, token_type: dpopJkt ? 'DPoP' : 'Bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS };
}
