import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ClientCredentials } from '../../../../domain/oauth/authenticate-client.js';
import { isOAuthError, OAuthError, type OAuthErrorCode } from '../../../../domain/oauth/oauth-error.js';
import { isAppError } from '../../../../domain/shared/errors.js';

/** How the OAuth endpoints read and answer: form bodies, client authentication, RFC 6749 §5.2 error bodies. */

const FORM = 'application/x-www-form-urlencoded';

/** Form bodies arrive as URLSearchParams; `singleParams` then refuses repeated parameters. */
export function acceptForms(app: FastifyInstance, bodyLimit: number): void {
  app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit }, (_request, body, done) => done(null, new URLSearchParams(body as string)));
}

/** RFC 6749 §3.1, §3.2: "Request and response parameters MUST NOT be included more than once." */
export function singleParams(source: unknown): Record<string, string> {
  const entries: [string, unknown][] = source instanceof URLSearchParams ? [...source.entries()] : typeof source === 'object' && source !== null ? Object.entries(source) : [];
  const params: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (Array.isArray(value) || Object.hasOwn(params, key)) throw new OAuthError('invalid_request', `${key} is given more than once`);
    if (typeof value !== 'string') throw new OAuthError('invalid_request', `${key} must be text`);
    if (value === '') continue; // RFC 6749 §3.1: parameters sent without a value are treated as omitted
    params[key] = value;
  }
  return params;
}

export function formParams(request: FastifyRequest): Record<string, string> {
  if (!(request.body instanceof URLSearchParams)) throw new OAuthError('invalid_request', `send the parameters as ${FORM}`);
  return singleParams(request.body);
}

const decodeFormPart = (part: string): string => decodeURIComponent(part.replace(/\+/g, ' '));

/**
 * Client credentials (RFC 6749 §2.3.1): HTTP Basic (each part form-urlencoded), or client_id and
 * client_secret in the body. Using both is refused.
 */
export function clientCredentialsOf(request: FastifyRequest, params: Record<string, string>): ClientCredentials | undefined {
  const header = request.headers.authorization;
  const inBody = params.client_secret !== undefined;
  if (header) {
    if (inBody) throw new OAuthError('invalid_request', 'authenticate the client one way only');
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    if (!match) throw new OAuthError('invalid_client', 'use HTTP Basic client authentication');
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new OAuthError('invalid_client', 'malformed HTTP Basic credentials');
    try {
      const clientId = decodeFormPart(decoded.slice(0, colon));
      if (params.client_id !== undefined && params.client_id !== clientId) throw new OAuthError('invalid_request', 'client_id does not match the authenticated client');
      return { clientId, clientSecret: decodeFormPart(decoded.slice(colon + 1)), method: 'client_secret_basic' };
    } catch (e) {
      if (isOAuthError(e)) throw e;
      throw new OAuthError('invalid_client', 'malformed HTTP Basic credentials');
    }
  }
  if (inBody && params.client_id) return { clientId: params.client_id, clientSecret: params.client_secret!, method: 'client_secret_post' };
  // `none` (RFC 7591 §2): a public client sends its client_id only; whether that is enough is the domain's call.
  if (params.client_id) return { clientId: params.client_id, clientSecret: '', method: 'none' };
  return undefined;
}

const STATUS: Partial<Record<OAuthErrorCode, number>> = { invalid_client: 401, invalid_token: 401, insufficient_scope: 403, server_error: 500 };

export function sendOAuthError(request: FastifyRequest, reply: FastifyReply, error: OAuthError): FastifyReply {
  const status = STATUS[error.code] ?? 400;
  // RFC 6749 §5.2: a client that authenticated with the Authorization header is told which scheme to use.
  if (error.code === 'invalid_client' && request.headers.authorization) reply.header('www-authenticate', 'Basic realm="laurel", charset="UTF-8"');
  return reply.status(status).header('cache-control', 'no-store').header('pragma', 'no-cache').type('application/json').send({ error: error.code, error_description: error.message });
}

/** Every error of the OAuth endpoints as an RFC 6749 error body; never a stack trace. */
export function oauthErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isOAuthError(error)) return sendOAuthError(request, reply, error);
    if (isAppError(error) && error.code === 'rate-limited') return sendOAuthError(request, reply, new OAuthError('invalid_request', error.message));
    const status = error.statusCode ?? 500;
    if (status >= 500 && !isAppError(error)) {
      request.log.error({ err: error }, 'oauth request failed');
      return sendOAuthError(request, reply, new OAuthError('server_error', 'something went wrong on our side'));
    }
    if (status === 429) return reply.status(429).header('retry-after', String(reply.getHeader('retry-after') ?? 60)).type('application/json').send({ error: 'invalid_request', error_description: 'too many requests; slow down' });
    const description = status === 413 ? 'the request body is too large' : status === 415 ? `send ${FORM} (or JSON for registration)` : error.message;
    return sendOAuthError(request, reply, new OAuthError('invalid_request', description));
  });
}
