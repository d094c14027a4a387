import type { Deps } from '../deps.js';
import { sha256Hex } from '../shared/hash.js';
import { walletIssuer } from './issuer-metadata.js';
import { NONCE_TTL_SECONDS } from './secrets.js';

/**
 * The nonce endpoint (OpenID4VCI 1.0 §7): a fresh c_nonce for this Credential Issuer, single use,
 * NONCE_TTL_SECONDS long. Only its hash is kept, with the issuer it was made for.
 */
export async function issueNonce(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'random'>, input: { issuerId: string }): Promise<{ c_nonce: string }> {
  const issuer = await walletIssuer(deps, input.issuerId);
  const nonce = deps.ids.token(32);
  const now = deps.clock.now();
  await deps.store.walletOffers.insertNonce({ nonceHash: sha256Hex(nonce), issuerId: issuer.id, expiresAt: new Date(now.getTime() + NONCE_TTL_SECONDS * 1000).toISOString() });
  // Now and then, drop the expired ones (the endpoint is open to anyone; its rate limit bounds the rest).
  if (deps.random.int(64) === 0) await deps.store.walletOffers.purgeExpired(now.toISOString(), new Date(now.getTime() - 7 * 24 * 3600_000).toISOString());
  return { c_nonce: nonce };
}
