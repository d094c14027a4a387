import { createHash } from 'node:crypto';
import { sha256Hex } from '../shared/hash.js';

/**
 * The pre-authorized code of an offer, derived from the token of its `credential_offer_uri` so that
 * neither is ever stored: the database keeps sha256 of each, and whoever holds the URI (the wallet)
 * learns the code by fetching the offer.
 */
export function preAuthorizedCodeOf(offerToken: string): string {
  return createHash('sha256').update(`laurel-oid4vci-pre-authorized-code:${offerToken}`).digest('base64url');
}

/** What is stored of a tx_code: salted with the offer id (a code alone is useless without the offer's pre-authorized code). */
export const txCodeHash = (offerId: string, txCode: string): string => sha256Hex(`${offerId}:${txCode}`);

/** Digits in a tx_code. */
export const TX_CODE_LENGTH = 6;
/** Token requests that may try a tx_code for one offer; the offer is dead after that. */
export const MAX_TX_CODE_ATTEMPTS = 5;
/** Lifetime of an access token (seconds): long enough to fetch every credential of an offer. */
export const ACCESS_TOKEN_TTL_SECONDS = 600;
/** Lifetime of a c_nonce (seconds). */
export const NONCE_TTL_SECONDS = 300;
/** How old a key proof's `iat` may be, and the clock difference tolerated. */
export const PROOF_MAX_AGE_SECONDS = 300;
export const CLOCK_SKEW_SECONDS = 60;

/** OpenID4VCI 1.0 §8.2 batch issuance: at most this many key proofs (so credentials) in one Credential Request. */
export const BATCH_SIZE = 10;
