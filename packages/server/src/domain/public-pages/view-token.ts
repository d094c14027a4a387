import type { Deps } from '../deps.js';

/** How long the "view it online" link of an award e-mail shows a private credential to whoever holds it. */
export const VIEW_TOKEN_TTL_DAYS = 365;
/** A sealed token is `v1.<iv>.<tag>.<ciphertext>` (base64url): about 120 characters; longer is not one. */
export const VIEW_TOKEN_MAX_LENGTH = 400;

const aad = (credentialId: string): string => `credential-view:${credentialId}`;

/**
 * A read-only view link for a private credential, sent to its recipient's mailbox: sealed (AES-GCM
 * under the master key) with the credential id as authenticated data, so it opens that one credential
 * and nothing else, until it expires. It cannot claim the credential (the claim link does that).
 */
export function createViewToken(deps: Pick<Deps, 'vault' | 'clock'>, credentialId: string): string {
  const expires = Math.floor(deps.clock.now().getTime() / 1000) + VIEW_TOKEN_TTL_DAYS * 86_400;
  return deps.vault.seal(JSON.stringify({ c: credentialId, e: expires }), aad(credentialId));
}

/** Does this token open this credential now? Anything malformed, forged, for another credential or expired does not. */
export function viewTokenOpens(deps: Pick<Deps, 'vault' | 'clock'>, credentialId: string, token: string | undefined): boolean {
  if (!token || token.length > VIEW_TOKEN_MAX_LENGTH) return false;
  try {
    const claims: unknown = JSON.parse(deps.vault.open(token, aad(credentialId)));
    if (typeof claims !== 'object' || claims === null) return false;
    const { c, e } = claims as { c?: unknown; e?: unknown };
    return c === credentialId && typeof e === 'number' && e * 1000 > deps.clock.now().getTime();
  } catch {
    return false;
  }
}
