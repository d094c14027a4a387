import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError } from '../../domain/shared/errors.js';
import { clientGone } from './client-gone.js';
import { problem, type ProblemDocument } from './problems.js';
import { redactPath } from './redact-path.js';
import { isOAuthPath, oauthFrameworkError } from './oauth-errors.js';

interface AjvError {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

function fieldPath(e: AjvError): string {
  const extra = (e.params.missingProperty ?? e.params.additionalProperty) as string | undefined;
  return extra ? `${e.instancePath}/${extra}` : e.instancePath || '/';
}

function fieldMessage(e: AjvError): string {
  if (e.params.additionalProperty) return 'is not a known field';
  if (e.params.missingProperty) return 'is required';
  return e.message ?? 'is not valid';
}

export function toProblem(error: FastifyError | Error, request: FastifyRequest): ProblemDocument {
  const extra = { instance: redactPath(request.url), requestId: request.id };
  if (isAppError(error)) {
    return problem(error.code, error.message, { ...extra, ...(error.fields ? { errors: error.fields } : {}) });
  }
  const fe = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (fe.validation) {
    const where = fe.validationContext ?? 'body';
    const errors = fe.validation.map((e) => ({ in: where, path: fieldPath(e), message: fieldMessage(e) }));
    return problem('validation', `the ${where} is not valid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, { ...extra, errors });
  }
  const status = fe.statusCode ?? 500;
  if (status === 413) return problem('payload-too-large', 'the request body is larger than this server accepts', extra);
  if (status === 415) return problem('unsupported-media-type', 'send JSON (Content-Type: application/json)', extra);
  if (status === 400 && (fe instanceof SyntaxError || fe.code?.startsWith('FST_ERR_CTP'))) {
    return problem('invalid-json', fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'the JSON body is empty' : 'the body could not be parsed as JSON', extra);
  }
  if (status === 429) return problem('rate-limited', 'too many requests; slow down', extra);
  if (status >= 400 && status < 500) return problem('validation', fe.message, extra);
  return problem('internal', 'something went wrong on our side; the request id identifies it in our logs', extra);
}

/**
 * Errors the router raises before any route runs (a path that cannot be decoded, a path segment
 * longer than the router accepts): Fastify's `frameworkErrors` option. They get problem documents too.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (isOAuthPath(request.url)) return oauthFrameworkError(request, reply, error.code);
  const extra = { requestId: request.id };
  const body =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? problem('uri-too-long', 'a path segment is longer than this server accepts', extra)
      : error.code === 'FST_ERR_BAD_URL'
        ? problem('bad-url', 'the URL path could not be decoded', extra)
        : toProblem(error, request);
  void reply.status(body.status).type('application/problem+json').send(body);
}

export function registerErrorHandling(app: FastifyInstance, options: { webDist?: string | undefined } = {}): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (clientGone(reply)) {
      // Its work was withdrawn (or failed) after it left: no one to answer, nothing of ours went wrong.
      request.log.info({ err: { type: error.name, message: error.message.slice(0, 200) } }, 'the client went away before its answer');
      return reply.status(499).send();
    }
    const body = toProblem(error, request);
    if (body.code === 'server-busy') {
      request.log.warn({ code: body.code }, body.detail);
      return reply.status(body.status).header('retry-after', '5').type('application/problem+json').send(body);
    }
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code }, body.detail.slice(0, 200));
    if (isAppError(error) && error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
    return reply.status(body.status).type('application/problem+json').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes of the web app: any other GET that wants HTML gets the app shell.
    const path = request.url.split('?')[0]!;
    const wantsHtml = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    if (options.webDist && wantsHtml && !/^\/(api|ob2|ob3)\//.test(path)) return reply.sendFile('index.html');
    const body = problem('route-not-found', `no route ${request.method} ${redactPath(request.url)}`, { requestId: request.id });
    return reply.status(404).type('application/problem+json').send(body);
  });
}
