import { createRemoteJWKSet, customFetch, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type * as client from 'openid-client';
import { SsoRefusal, type LogoutTokenClaims } from '../../domain/sso/ports.js';
import type { FetchApi } from './guarded-fetch-api.js';

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** Asymmetric algorithms only: a logout token is the provider's word, signed with a key in its JWKS. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const MAX_AGE_SECONDS = 10 * 60;
const SKEW_SECONDS = 60;

/** Providers' key sets, one per jwks_uri (jose refetches on an unknown `kid`, with a cooldown); one cache per relying party. */
export type KeySetCache = Map<string, ReturnType<typeof createRemoteJWKSet>>;

function keySetOf(cache: KeySetCache, jwksUri: string, fetch: FetchApi) {
  let set = cache.get(jwksUri);
  if (!set) {
    set = createRemoteJWKSet(new URL(jwksUri), { [customFetch]: fetch as never, timeoutDuration: 10_000 });
    if (cache.size > 500) cache.clear();
    cache.set(jwksUri, set);
  }
  return set;
}

const refuse = (reason: string, message: string, cause?: unknown): never => {
  throw new SsoRefusal(reason, message, { cause });
};

/**
 * OpenID Connect Back-Channel Logout 1.0 §2.6, the receiver's checks on a logout token: a JWT signed by a key
 * in the provider's JWKS (fetched through the SSRF guard), `iss` the provider's issuer, `aud` Laurel's client
 * id, `iat` within the last ten minutes (60 s skew) and `exp` not passed, a `jti`, `events` holding the
 * back-channel logout event (an object), `sid` and/or `sub`, and no `nonce` (so an ID token cannot pass for
 * one). Replays (`jti`) are the caller's to refuse.
 */
export async function verifyLogoutToken(input: { config: client.Configuration; clientId: string; logoutToken: string; fetch: FetchApi; keySets: KeySetCache }): Promise<LogoutTokenClaims> {
  const metadata = input.config.serverMetadata();
  if (!metadata.jwks_uri) return refuse('logout-token-no-jwks', 'the provider publishes no JWKS');
  let typ: string | undefined;
  try {
    typ = decodeProtectedHeader(input.logoutToken).typ;
  } catch (error) {
    return refuse('logout-token-malformed', 'the logout token is not a JWT', error);
  }
  if (typ !== undefined && !/^(application\/)?(logout\+jwt|jwt)$/i.test(typ)) return refuse('logout-token-typ', 'the token is typed as something else than a logout token');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(input.logoutToken, keySetOf(input.keySets, metadata.jwks_uri, input.fetch), {
      issuer: metadata.issuer,
      audience: input.clientId,
      algorithms: ALGORITHMS,
      maxTokenAge: MAX_AGE_SECONDS,
      clockTolerance: SKEW_SECONDS,
      requiredClaims: ['iat', 'jti'],
    }));
  } catch (error) {
    // jose's code, or the SSRF guard's when the provider's keys could not be fetched (`address-not-allowed`…).
    const fetchCode = (error as { code?: unknown }).code;
    const code = error instanceof errors.JOSEError ? error.code : typeof fetchCode === 'string' && /^[a-z-]{1,40}$/.test(fetchCode) ? `fetch:${fetchCode}` : 'failed';
    return refuse(`logout-token:${code}`, 'the logout token was refused', error);
  }
  const events = payload.events;
  if (!events || typeof events !== 'object' || Array.isArray(events)) return refuse('logout-token-events', 'the logout token has no events claim');
  const event = (events as Record<string, unknown>)[BACKCHANNEL_EVENT];
  if (!event || typeof event !== 'object' || Array.isArray(event)) return refuse('logout-token-events', 'the logout token carries no back-channel logout event');
  if ('nonce' in payload) return refuse('logout-token-nonce', 'a logout token must not carry a nonce');
  const sid = typeof payload.sid === 'string' && payload.sid.length > 0 && payload.sid.length <= 512 ? payload.sid : null;
  const sub = typeof payload.sub === 'string' && payload.sub.length > 0 && payload.sub.length <= 512 ? payload.sub : null;
  if (!sid && !sub) return refuse('logout-token-no-subject', 'the logout token names neither a session nor a subject');
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 512) return refuse('logout-token-jti', 'the logout token has no usable jti');
  const keepUntil = Math.max((payload.iat ?? 0) + MAX_AGE_SECONDS + SKEW_SECONDS, (payload.exp ?? 0) + SKEW_SECONDS);
  return { jti: payload.jti, sid, sub, expiresAt: new Date(keepUntil * 1000).toISOString() };
}
