import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../../domain/shared/errors.js';
import type { VerifySource } from '../../../../domain/verification/ports.js';
import { verifyAny, type VerifyAnyInput } from '../../../../domain/verification/verify-any.js';
import { createVerifierDeps } from '../../../verification/remote-documents.js';
import type { HttpDeps } from '../../http-deps.js';
import { countVerify } from '../../count-outcomes.js';
import { rateLimitOptions } from '../../rate-limit.js';
import { selfAwareRemote } from '../../self-remote.js';
import { Problem } from '../../schemas/common.js';
import { DEFAULT_VERIFY_RATE_LIMIT, verifyRateLimit, type VerifyHttpDeps } from '../../../verification/verify-limits.js';
import { supersededNotice } from '../../../../domain/renewals/superseded-notice.js';
import { verifiedCredential } from '../../../../domain/analytics/verified-credential.js';
import { recordEngagement } from '../../engagement.js';
import { toVerifyReportView, VerifyJsonBody, VerifyQuery, VerifyReportView } from './verify.schema.js';

const TEXT_TYPES = ['text/plain', 'application/jwt', 'application/vc+jwt'];
const BINARY_TYPES = ['image/png', 'image/svg+xml', 'application/pdf'];
const ENVELOPE_KEYS = new Set(['url', 'credential', 'recipient']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const invalid = (message: string) => new AppError('validation', message);

function recipientOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > 500) throw invalid('recipient must be an email address, URL or DID (at most 500 characters)');
  return value;
}

/** JSON bodies: `{url}` / `{credential}` envelopes (with an optional recipient), else the badge itself. */
function fromJson(body: unknown): VerifyAnyInput {
  if (typeof body === 'string') return { source: { kind: 'text', text: body } };
  if (!isObject(body)) throw invalid('send a credential, an assertion, {url} or {credential}');
  const keys = Object.keys(body);
  if (!keys.some((k) => k === 'url' || k === 'credential') || !keys.every((k) => ENVELOPE_KEYS.has(k))) return { source: { kind: 'json', value: body } };
  const recipient = recipientOf(body.recipient);
  if ('url' in body && 'credential' in body) throw invalid('give either url or credential, not both');
  if ('url' in body) {
    if (typeof body.url !== 'string' || body.url.length > 4096) throw invalid('url must be a URL (at most 4096 characters)');
    return { source: { kind: 'url', url: body.url }, recipient };
  }
  const credential = body.credential;
  const source: VerifySource = typeof credential === 'string' ? { kind: 'text', text: credential } : { kind: 'json', value: credential };
  return { source, recipient };
}

async function fromMultipart(request: FastifyRequest): Promise<VerifyAnyInput> {
  let source: VerifySource | undefined;
  let recipient: string | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || source) throw invalid('send one badge, as the `file` field');
      source = { kind: 'bytes', bytes: new Uint8Array(await part.toBuffer()) };
      continue;
    }
    const value = typeof part.value === 'string' ? part.value : '';
    if (part.fieldname === 'recipient') recipient = value.trim() === '' ? undefined : recipientOf(value);
    else if ((part.fieldname === 'url' || part.fieldname === 'text') && value.trim() !== '') {
      if (source) throw invalid('send one badge: a file, a url or a text');
      source = part.fieldname === 'url' ? { kind: 'url', url: value } : { kind: 'text', text: value };
    } else if (part.fieldname !== 'url' && part.fieldname !== 'text') throw invalid(`unknown field ${part.fieldname}: send file, url or text, and recipient`);
  }
  if (!source) throw invalid('send the badge as the `file` field (or a `url` or `text` field)');
  return { source, recipient };
}

async function inputOf(request: FastifyRequest, queryRecipient: string | undefined): Promise<VerifyAnyInput> {
  const type = request.headers['content-type']?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  let input: VerifyAnyInput;
  if (request.isMultipart()) input = await fromMultipart(request);
  else if (Buffer.isBuffer(request.body)) input = { source: { kind: 'bytes', bytes: new Uint8Array(request.body) } };
  else if (TEXT_TYPES.includes(type) && typeof request.body === 'string') input = { source: { kind: 'text', text: request.body } };
  else if (request.body === undefined || request.body === null) throw invalid('send a badge: an image, a PDF, JSON, a JWS as text/plain, or {url}');
  else input = fromJson(request.body);
  return input.recipient === undefined && queryRecipient !== undefined ? { ...input, recipient: queryRecipient } : input;
}

function defaults(deps: HttpDeps): VerifyHttpDeps {
  return {
    verifier: createVerifierDeps({ allowHosts: [], isolation: deps.untrusted.pdf }, deps.clock),
    rateLimit: DEFAULT_VERIFY_RATE_LIMIT,
    maxUploadBytes: deps.http.bodyLimitBytes,
  };
}

/** Public universal verification: any badge, from anyone. No authentication; rate-limited per IP. */
export const verifyRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const configured = deps.verify ?? defaults(deps);
  const settings = { ...configured, verifier: { ...configured.verifier, remote: selfAwareRemote(app, deps.links.base, configured.verifier.remote) } };
  const bodyLimit = settings.maxUploadBytes;
  await app.register(fastifyRateLimit, rateLimitOptions(deps));
  await app.register(fastifyMultipart, { limits: { fileSize: bodyLimit, files: 1, fields: 4, parts: 5, fieldSize: bodyLimit } });
  app.addContentTypeParser(TEXT_TYPES, { parseAs: 'string', bodyLimit }, (_req, body, done) => done(null, body));
  app.addContentTypeParser(BINARY_TYPES, { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));

  app.post(
    '/verify',
    {
      bodyLimit,
      config: { rateLimit: verifyRateLimit(settings) },
      schema: {
        tags: ['verify'],
        summary: 'Verify any badge: a baked PNG or SVG or a PDF certificate embedding its credential (multipart `file` or raw body), OB 2.0 / OB 3.0 JSON, a compact JWS / VC-JWT (text/plain), or {url}',
        description:
          'Public and rate-limited. Answers 200 with the report whenever the input could be read (its `valid` tells the verdict), 400 when it could not, 413 when too large.',
        security: [],
        querystring: VerifyQuery,
        body: { content: { 'application/json': { schema: VerifyJsonBody }, 'text/plain': { schema: { type: 'string' } } } },
        response: { 200: VerifyReportView, 400: Problem, 413: Problem, 415: Problem, 429: Problem },
      },
    },
    async (request) => {
      const report = await countVerify(deps, 'api', async () => verifyAny(settings.verifier, await inputOf(request, request.query.recipient)));
      recordEngagement(deps, request, { credential: () => verifiedCredential(deps, report), metric: 'verified', dim: request.query.channel ?? 'api', browser: false });
      return toVerifyReportView(report, await supersededNotice(deps, report));
    },
  );
};
