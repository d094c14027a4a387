import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../domain/auth/permissions.js';
import { authenticateApiKey } from '../../domain/api-keys/authenticate-api-key.js';
import type { Deps } from '../../domain/deps.js';

type ErrorHandler = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => unknown;

/** The bearer API key `requireAuth` set aside, taken so that it is judged once. */
function takePendingApiKey(request: FastifyRequest): string | null {
  const secret = request.pendingApiKey;
  request.pendingApiKey = null;
  return secret;
}

/**
 * Route options for a route that judges its bearer API keys after parsing its body, so that the key and what the
 * body names can be read together (one round trip): `judge` reads both and throws `unauthenticated` (or another
 * refusal) for a key that is not valid, exactly as `authenticateApiKey` would.
 *
 * Strangers learn no more than before: a missing or ill-formed `Authorization` is still refused in `onRequest`
 * (`requireAuth`), and whatever goes wrong before the key is judged (a body that is not JSON, too large, of another
 * media type, text the database refuses) reaches this route's error handler, which judges the key first: a key that
 * is not valid gets its 401, never the body's error. Only then is the body validated against the route's schema.
 * Session cookies and OAuth access tokens are judged in `onRequest` as on every other route.
 */
export function apiKeyAfterBody(
  app: FastifyInstance,
  deps: Pick<Deps, 'store' | 'clock'>,
  judge: (request: FastifyRequest, secret: string) => Promise<Principal>,
) {
  const answer = app.errorHandler as ErrorHandler;
  return {
    config: { apiKeyAfterBody: true },
    preValidation: async (request: FastifyRequest): Promise<void> => {
      const secret = takePendingApiKey(request);
      if (secret !== null) request.principal = await judge(request, secret);
    },
    errorHandler: (error: FastifyError, request: FastifyRequest, reply: FastifyReply): unknown => {
      const secret = takePendingApiKey(request);
      if (secret === null) return answer(error, request, reply);
      void authenticateApiKey(deps, secret).then(
        (principal) => {
          request.principal = principal;
          answer(error, request, reply);
        },
        (refusal: FastifyError) => answer(refusal, request, reply),
      ).catch((e: unknown) => {
        if (!reply.sent) reply.send(e);
      });
      return undefined;
    },
  };
}
