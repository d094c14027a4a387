import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isOAuthError, type OAuthErrorCode } from '../../../../domain/oid4vci/errors.js';
import { isAppError } from '../../../../domain/shared/errors.js';

/** HTTP status of each OAuth / OpenID4VCI error code (RFC 6749 §5.2, RFC 6750 §3.1, OpenID4VCI 1.0 §8.3.1.2). */
const STATUS = {
  invalid_request: 400,
  invalid_grant: 400,
  unsupported_grant_type: 400,
  invalid_token: 401,
  invalid_credential_request: 400,
  unknown_credential_configuration: 400,
  unknown_credential_identifier: 400,
  invalid_proof: 400,
  invalid_nonce: 400,
  invalid_encryption_parameters: 400,
  credential_request_denied: 400,
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

/** What the router refuses before any route runs (an undecodable path, a path segment too long), on these paths. */
export function oauthFrameworkError(reply: FastifyReply, code: string | undefined): void {
  void send(reply, 'invalid_request', code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path segment is too long' : 'the URL path could not be decoded', code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400);
}

/** No caching of anything these endpoints answer (RFC 6749 §5.1). */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}

function send(reply: FastifyReply, code: OAuthErrorCode, description: string, status?: number): FastifyReply {
  const httpStatus = status ?? STATUS[code];
  if (code === 'invalid_token') reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${description.replace(/["\\]/g, '')}"`);
  return noStore(reply).status(httpStatus).type('application/json').send({ error: code, error_description: description });
}

/**
 * The wallet endpoints answer in their protocols' error shape, `{ error, error_description }`, never with
 * a problem document: OAuthErrors as raised, malformed requests with the endpoint's own bad-request code,
 * anything unexpected as a 500 `server_error` with no detail.
 */
export function oauthErrorHandling(app: FastifyInstance, options: { notFound: boolean }): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (isOAuthError(error)) {
      request.log.info({ code: error.code }, error.description.slice(0, 200));
      return send(reply, error.code, error.description, error.status);
    }
    const badRequest = request.routeOptions.config.oauthBadRequest ?? 'invalid_request';
    if (isAppError(error) && error.code === 'rate-limited') return send(reply, 'invalid_request', 'too many requests; slow down', 429);
    if (isAppError(error) && error.code !== 'server-busy') return send(reply, badRequest, error.message);
    const status = error.statusCode ?? 500;
    if (status === 429) return send(reply, 'invalid_request', 'too many requests; slow down', 429);
    if (status === 413) return send(reply, badRequest, 'the request body is too large', 413);
    if (error.validation) return send(reply, badRequest, `the request is not valid: ${error.message}`);
    if (status >= 400 && status < 500) return send(reply, badRequest, status === 415 ? 'unsupported content type' : 'the request could not be read', status === 415 ? 415 : 400);
    request.log.error({ err: error }, 'wallet request failed');
    return noStore(reply).status(500).type('application/json').send({ error: 'server_error', error_description: 'something went wrong on our side' });
  });
  if (options.notFound) app.setNotFoundHandler((request, reply) => send(reply, 'invalid_request', `no endpoint ${request.method} here`, 404));
}
