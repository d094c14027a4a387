import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DPOP_SIGNING_ALGS } from '../../domain/oauth/dpop.js';
import { isOAuthError, type OAuthError, type OAuthErrorCode } from '../../domain/oauth/oauth-error.js';
import { isAppError } from '../../domain/shared/errors.js';

/**
 * The one renderer of OAuth error responses, for every OAuth-family endpoint: the authorization server
 * (`/oauth/*`), the OpenID4VCI endpoints (`/oid4vci/*`) and their metadata. RFC 6749 §5.2's body
 * `{ error, error_description }`, `no-store`, and the statuses and challenges the specifications give.
 */

/** HTTP status of each code (RFC 6749 §5.2, RFC 6750 §3.1, OpenID4VCI 1.0 §8.3.1.2, RFC 9449 §7.1); an error may carry its own. */
const STATUS = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  unsupported_response_type: 400,
  unsupported_token_type: 400,
  invalid_scope: 400,
  access_denied: 400,
  invalid_redirect_uri: 400,
  invalid_client_metadata: 400,
  invalid_token: 401,
  insufficient_scope: 403,
  server_error: 500,
  invalid_credential_request: 400,
  unknown_credential_configuration: 400,
  unknown_credential_identifier: 400,
  invalid_proof: 400,
  invalid_nonce: 400,
  invalid_encryption_parameters: 400,
  credential_request_denied: 400,
  invalid_dpop_proof: 400,
  use_dpop_nonce: 400,
} as const satisfies Record<OAuthErrorCode, number>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The error code a malformed request gets on this endpoint (its own protocol's "bad request"). */
    oauthBadRequest?: OAuthErrorCode;
  }
}

/** The paths of the wallet protocol's endpoints (their errors are OAuth error responses, even before routing). */
const OAUTH_PATHS = /^\/(oid4vci(\/|$)|\.well-known\/(openid-credential-issuer|oauth-authorization-server)\/oid4vci(\/|$))/;
export const isOAuthPath = (url: string): boolean => OAUTH_PATHS.test(url);

/** No caching of anything these endpoints answer (RFC 6749 §5.1). */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}

const quoted = (text: string): string => text.replace(/["\\\r\n]/g, '');

/** The `WWW-Authenticate` challenge an error calls for, if any (RFC 6749 §5.2, RFC 6750 §3, RFC 9449 §7.1). */
function challengeOf(request: FastifyRequest, code: OAuthErrorCode, description: string, status: number): string | undefined {
  // RFC 6749 §5.2: a client that authenticated with the Authorization header is told which scheme to use.
  if (code === 'invalid_client') return request.headers.authorization ? 'Basic realm="laurel", charset="UTF-8"' : undefined;
  // RFC 9449 §7.1: at a resource, a DPoP proof problem is told in the DPoP scheme.
  if (code === 'invalid_dpop_proof' || code === 'use_dpop_nonce') return status === 401 ? `DPoP error="${code}", error_description="${quoted(description)}", algs="${DPOP_SIGNING_ALGS.join(' ')}"` : undefined;
  if (code === 'invalid_token') {
    const scheme = /^DPoP\s/i.test(request.headers.authorization ?? '') ? 'DPoP' : 'Bearer';
    return `${scheme} error="invalid_token", error_description="${quoted(description)}"`;
  }
  return undefined;
}

/** Sends an OAuth error response: the code's status (or the error's own), the body, `no-store`, the challenge. */
export function sendOAuthError(request: FastifyRequest, reply: FastifyReply, error: Pick<OAuthError, 'code' | 'message' | 'status'>): FastifyReply {
  const status = error.status ?? STATUS[error.code];
  const challenge = challengeOf(request, error.code, error.message, status);
  if (challenge) reply.header('www-authenticate', challenge);
  return noStore(reply).status(status).type('application/json').send({ error: error.code, error_description: error.message });
}

const oauthError = (code: OAuthErrorCode, message: string, status?: number) => ({ code, message, status });

/** What the router refuses before any route runs (an undecodable path, a path segment too long), on these paths. */
export function oauthFrameworkError(request: FastifyRequest, reply: FastifyReply, code: string | undefined): void {
  const tooLong = code === 'FST_ERR_MAX_PARAM_LENGTH';
  void sendOAuthError(request, reply, oauthError('invalid_request', tooLong ? 'a path segment is too long' : 'the URL path could not be decoded', tooLong ? 414 : 400));
}

/**
 * Every error of these endpoints in their protocols' shape, never a problem document nor a stack trace:
 * OAuthErrors as raised, malformed requests with the endpoint's own bad-request code, too many requests
 * as a 429 `invalid_request`, anything unexpected as a 500 `server_error` with no detail.
 */
export function oauthErrorHandling(app: FastifyInstance, options: { notFound: boolean }): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (isOAuthError(error)) {
      request.log.info({ code: error.code }, error.message.slice(0, 200));
      return sendOAuthError(request, reply, error);
    }
    const badRequest = request.routeOptions.config.oauthBadRequest ?? 'invalid_request';
    const status = error.statusCode ?? 500;
    if ((isAppError(error) && error.code === 'rate-limited') || status === 429) {
      reply.header('retry-after', String(reply.getHeader('retry-after') ?? 60));
      return sendOAuthError(request, reply, oauthError('invalid_request', 'too many requests; slow down', 429));
    }
    if (isAppError(error) && error.code !== 'server-busy') return sendOAuthError(request, reply, oauthError(badRequest, error.message));
    if (status === 413) return sendOAuthError(request, reply, oauthError(badRequest, 'the request body is too large', 413));
    if (status === 415) return sendOAuthError(request, reply, oauthError(badRequest, 'unsupported content type: send application/x-www-form-urlencoded (or JSON where the endpoint takes it)', 415));
    if (error.validation) return sendOAuthError(request, reply, oauthError(badRequest, `the request is not valid: ${error.message}`));
    if (status >= 400 && status < 500) return sendOAuthError(request, reply, oauthError(badRequest, 'the request could not be read'));
    request.log.error({ err: error }, 'oauth request failed');
    return sendOAuthError(request, reply, oauthError('server_error', 'something went wrong on our side'));
  });
  if (options.notFound) app.setNotFoundHandler((request, reply) => sendOAuthError(request, reply, oauthError('invalid_request', `no endpoint ${request.method} here`, 404)));
}
