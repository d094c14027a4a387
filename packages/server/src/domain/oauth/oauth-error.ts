/**
 * The one error type of every OAuth-family endpoint Laurel serves — the authorization server (`/oauth/*`),
 * the OpenID4VCI token, nonce and credential endpoints, and DPoP — with the closed set of codes those
 * specifications define: RFC 6749 §4.1.2.1 and §5.2, RFC 7591 §3.2.2, RFC 7009 §2.2.1, RFC 6750 §3.1,
 * OpenID4VCI 1.0 §8.3.1.2 and RFC 9449 §7.1, §8. These endpoints answer `{ error, error_description }`,
 * not problem documents, because that is what every OAuth and wallet client library reads.
 */
export const OAUTH_ERROR_CODES = [
  // RFC 6749, RFC 7591, RFC 7009, RFC 6750
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'unsupported_response_type',
  'unsupported_token_type',
  'invalid_scope',
  'access_denied',
  'invalid_redirect_uri',
  'invalid_client_metadata',
  'invalid_token',
  'insufficient_scope',
  'server_error',
  // OpenID4VCI 1.0 §8.3.1.2 (credential endpoint) and §7.2 (nonce)
  'invalid_credential_request',
  'unknown_credential_configuration',
  'unknown_credential_identifier',
  'invalid_proof',
  'invalid_nonce',
  'invalid_encryption_parameters',
  'credential_request_denied',
  // RFC 9449 (DPoP) §5, §7.1, §8
  'invalid_dpop_proof',
  'use_dpop_nonce',
] as const;
export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number];

export class OAuthError extends Error {
  readonly code: OAuthErrorCode;
  /** When the code's usual HTTP status does not fit (404 for an unknown offer, 415 for a JSON token request). */
  readonly status: number | undefined;

  constructor(code: OAuthErrorCode, description: string, status?: number) {
    super(description);
    this.name = 'OAuthError';
    this.code = code;
    this.status = status;
  }

  /** `error_description`: the message. */
  get description(): string {
    return this.message;
  }
}

export const isOAuthError = (e: unknown): e is OAuthError => e instanceof OAuthError;
