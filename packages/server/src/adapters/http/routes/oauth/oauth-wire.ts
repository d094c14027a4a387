import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ClientCredentials } from '../../../../domain/oauth/authenticate-client.js';
import { isOAuthError, OAuthError } from '../../../../domain/oauth/oauth-error.js';

/** How the OAuth endpoints read requests: form bodies, client authentication (their errors: ../../oauth-errors.ts). */

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
