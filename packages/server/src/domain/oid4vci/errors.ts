/**
 * The error codes of OAuth 2.0 (RFC 6749 §5.2, RFC 6750 §3.1) and OpenID4VCI 1.0 (§8.3.1.2) that the
 * wallet endpoints answer with: the protocol's own closed set, apart from Laurel's problem documents.
 */
export const OAUTH_ERROR_CODES = [
  'invalid_request',
  'invalid_grant',
  'unsupported_grant_type',
  'invalid_token',
  'invalid_credential_request',
  'unknown_credential_configuration',
  'unknown_credential_identifier',
  'invalid_proof',
  'invalid_nonce',
  'invalid_encryption_parameters',
  'credential_request_denied',
] as const;
export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number];

export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    /** When the code's usual HTTP status does not fit (404 for an unknown offer, 429 when rate limited). */
    readonly status?: number,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

export const isOAuthError = (e: unknown): e is OAuthError => e instanceof OAuthError;
