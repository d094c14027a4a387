import type { AuthorizationExtension } from './scopes.js';

/** How the authorization server is configured (LAUREL_OAUTH_* variables) and extended. */
export interface OAuthSettings {
  /** The `issuer` of the server metadata (RFC 8414) and the `iss` of authorization responses (RFC 9207): the base URL. */
  issuer: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** An authorization code lives this long; it is single-use anyway. */
  codeTtlSeconds: number;
  /** How long an earner has to sign in and decide on the consent page. */
  consentTtlSeconds: number;
  extensions: readonly AuthorizationExtension[];
}

export const DEFAULT_OAUTH_TTLS = { accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 30 * 24 * 3600, codeTtlSeconds: 120, consentTtlSeconds: 900 } as const;
