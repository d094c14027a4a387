import { createHash } from 'node:crypto';
import type { Deps } from '../deps.js';
import { effectiveStatus } from '../credentials/effective-status.js';
import type { Credential } from '../credentials/ports.js';
import { listBackpack } from '../earners/backpack.js';
import { AppError, notFound } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';

type ExchangeDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'urls' | 'walletOfferTtlSeconds'>;

/** What the claim page and the backpack show: the Learner Credential Wallet's deep link (and its QR code), and the exchange URL. */
export interface WalletExchangeView {
  /** VC-API exchange URL (POST `{}` for the presentation request, then the DIDAuth presentation). */
  exchangeUrl: string;
  /** `dccrequest://request?…`: opens the Learner Credential Wallet on a phone. */
  deepLink: string;
  /** The same request as a web link (LCW's universal link), for a QR code scanned by any camera. */
  webLink: string;
  challenge: string;
  credentialId: string;
  expiresAt: string;
}

/**
 * The challenge of an exchange, derived from its URL token (so it is never stored): the wallet signs it
 * into its DIDAuth presentation, so a presentation made for one exchange is useless for any other.
 */
export function exchangeChallengeOf(token: string): string {
  return createHash('sha256').update(`laurel-wallet-exchange-challenge:${token}`).digest('base64url');
}

/** The `domain` a DIDAuth presentation for Laurel names (when it names one): Laurel's base URL. */
export const exchangeDomainOf = (deps: Pick<Deps, 'urls'>): string => new URL(deps.urls.walletExchange('x')).origin;

async function insertExchange(deps: ExchangeDeps, credential: Credential, createdBy: string): Promise<WalletExchangeView> {
  const now = deps.clock.now();
  const status = effectiveStatus(credential, now);
  if (status === 'revoked' || status === 'suspended') throw new AppError('invalid-state', `the credential is ${status}: it cannot go into a wallet`);
  const token = deps.ids.token(32);
  const expiresAt = new Date(now.getTime() + deps.walletOfferTtlSeconds * 1000).toISOString();
  await deps.store.walletExchanges.insert({
    id: deps.ids.id(),
    orgId: credential.orgId,
    issuerId: credential.issuerId,
    credentialId: credential.id,
    tokenHash: sha256Hex(token),
    createdBy,
    createdAt: now.toISOString(),
    expiresAt,
    completedAt: null,
    holder: null,
  });
  await deps.store.walletExchanges.purgeExpired(new Date(now.getTime() - 7 * 24 * 3600_000).toISOString());
  const exchangeUrl = deps.urls.walletExchange(token);
  const challenge = exchangeChallengeOf(token);
  // The Learner Credential Wallet's request: `auth_type=bearer` makes it POST a DIDAuth presentation with this challenge to vc_request_url.
  const query = new URLSearchParams({ issuer: deps.urls.walletIssuer(credential.issuerId), auth_type: 'bearer', challenge, vc_request_url: exchangeUrl }).toString();
  return { exchangeUrl, deepLink: `dccrequest://request?${query}`, webLink: `https://lcw.app/request.html?${query}`, challenge, credentialId: credential.id, expiresAt };
}

/** From the claim page: the claim link proves the mailbox, as it does for an OpenID4VCI offer. The link stays usable. */
export async function exchangeFromClaim(deps: ExchangeDeps, input: { token: string }): Promise<WalletExchangeView> {
  const claim = await deps.store.claims.find(sha256Hex(input.token));
  if (!claim) throw new AppError('not-found', 'this claim link is not valid');
  if (claim.usedAt) throw new AppError('invalid-state', 'this claim link was already used: the credential is in the backpack, send it from there');
  if (Date.parse(claim.expiresAt) <= deps.clock.now().getTime()) throw new AppError('invalid-state', 'this claim link has expired; ask the issuer to send it again');
  const credential = await deps.store.credentials.findById(claim.orgId, claim.credentialId);
  if (!credential) throw notFound('credential');
  return insertExchange(deps, credential, `claim:${credential.id}`);
}

/** The earner sends a credential of their backpack to their Learner Credential Wallet. */
export async function exchangeFromBackpack(deps: ExchangeDeps, input: { userId: string; credentialId: string }): Promise<WalletExchangeView> {
  const entry = (await listBackpack(deps, { userId: input.userId })).find((e) => e.credential.id === input.credentialId);
  if (!entry) throw notFound('credential');
  return insertExchange(deps, entry.credential, `user:${input.userId}`);
}
