import type { Deps } from '../deps.js';
import { listBackpack } from '../earners/backpack.js';
import { authenticateEarnerToken, looksLikeAccessToken } from '../oauth/authenticate-access-token.js';
import { confirmTokenBinding, type DpopRequest, type PresentedAccessToken } from '../oauth/dpop.js';
import { sha256Hex } from '../shared/hash.js';
import { grantedConfigurations } from './authorization-extension.js';
import { parseConfigurationId } from './configurations.js';
import { isOAuthError, OAuthError } from '../oauth/oauth-error.js';
import { walletIssuer } from './issuer-metadata.js';
import type { WalletGrant } from './ports.js';

type AuthorizeWalletDeps = Pick<Deps, 'store' | 'clock' | 'urls'>;

/**
 * The access token in `Authorization: Bearer …` (or `DPoP …` with its proof, for a DPoP-bound token), for
 * this Credential Issuer: a token of the pre-authorized code flow (good for its offer's issuer only), or an
 * earner's token from Laurel's authorization server (authorization code flow) carrying `openid_credential`
 * details or configuration scopes.
 */
export async function authorizeWallet(deps: AuthorizeWalletDeps, input: { authorization: string | undefined; issuerId: string; dpop?: DpopRequest }): Promise<WalletGrant> {
  const match = /^(Bearer|DPoP) ([A-Za-z0-9._~+/=-]{16,512})$/.exec(input.authorization ?? '');
  if (!match) throw new OAuthError('invalid_token', 'send the access token from the token endpoint: Authorization: Bearer <token> (or DPoP <token> for a DPoP-bound token)');
  const presented: PresentedAccessToken = { value: match[2]!, scheme: match[1] as PresentedAccessToken['scheme'], dpop: input.dpop };
  const token = await deps.store.walletOffers.findAccessToken(sha256Hex(presented.value));
  if (!token && looksLikeAccessToken(presented.value)) return earnerGrant(deps, presented, input.issuerId);
  if (!token || Date.parse(token.expiresAt) <= deps.clock.now().getTime()) throw new OAuthError('invalid_token', 'the access token is unknown or expired');
  await confirmTokenBinding(deps, token.dpopJkt, presented);
  // A token is good at the Credential Issuer whose offer it came from, and nowhere else.
  if (token.issuerId !== input.issuerId) throw new OAuthError('invalid_token', 'the access token was not issued for this credential issuer');
  return { orgId: token.orgId, issuerId: token.issuerId, credentialIds: token.credentialIds, configurationIds: null, source: { kind: 'offer', offerId: token.offerId } };
}

async function earnerGrant(deps: AuthorizeWalletDeps, presented: PresentedAccessToken, issuerId: string): Promise<WalletGrant> {
  let grant;
  try {
    grant = await authenticateEarnerToken(deps, presented, null);
  } catch (e) {
    if (isOAuthError(e) && e.code !== 'invalid_dpop_proof') throw new OAuthError('invalid_token', e.message);
    throw e;
  }
  const here = deps.urls.walletIssuer(issuerId);
  const configurationIds = new Set([...grantedConfigurations(grant)].filter(([, location]) => location === null || location === here).map(([id]) => id));
  if (configurationIds.size === 0) throw new OAuthError('invalid_token', 'this access token does not allow credentials from this credential issuer');
  const issuer = await walletIssuer(deps, issuerId);
  const achievements = new Set([...configurationIds].map((id) => parseConfigurationId(id)?.achievementId));
  // The earner's own awards (their backpack), of this issuer and of the achievements they consented to.
  const credentialIds = (await listBackpack(deps, { userId: grant.userId }))
    .map((e) => e.credential)
    .filter((c) => c.issuerId === issuer.id && c.orgId === issuer.orgId && achievements.has(c.achievementId))
    .sort((a, b) => b.issuedOn.localeCompare(a.issuedOn))
    .map((c) => c.id);
  return { orgId: issuer.orgId, issuerId: issuer.id, credentialIds, configurationIds, source: { kind: 'oauth', clientId: grant.clientId, userId: grant.userId } };
}
