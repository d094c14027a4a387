import fastifyRateLimit from '@fastify/rate-limit';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { importOwnCredential, listImportedCredentials, type ImportedCredentialSummary } from '../../../../domain/earners/import-credential.js';
import { AppError } from '../../../../domain/shared/errors.js';
import type { VerifySource } from '../../../../domain/verification/ports.js';
import { createVerifierDeps } from '../../../verification/remote-documents.js';
import { requireUser, userIdOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { rateLimitOptions } from '../../rate-limit.js';
import { selfAwareRemote } from '../../self-remote.js';
import { DateTime, Nullable, StringEnum, errorResponses } from '../../schemas/common.js';

const tags = ['earners'];

const ImportedView = Type.Object(
  {
    id: Type.String(),
    kind: StringEnum(['ob2', 'ob3'] as const),
    name: Nullable(Type.String()),
    issuer: Type.String({ description: 'the issuer id the verification bound the credential to' }),
    issuerName: Nullable(Type.String()),
    issuedAt: DateTime,
    createdAt: DateTime,
  },
  { $id: 'ImportedCredential' },
);
const ImportBody = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 'where the badge is published (hosted assertion, credential, baked image)' })),
    credential: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Object({}, { additionalProperties: true })], { description: 'the JSON document, or a compact JWS / VC-JWT' })),
    file: Type.Optional(Type.String({ minLength: 1, description: 'a file, base64: baked PNG or SVG, PDF certificate, JSON' })),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1 },
);

const view = (s: ImportedCredentialSummary) => ({ ...s });

function sourceOf(body: { url?: string | undefined; credential?: string | object | undefined; file?: string | undefined }): VerifySource {
  if (body.url !== undefined) return { kind: 'url', url: body.url };
  if (body.file !== undefined) {
    // One search for a non-base64 character (a whole-string `^[…]+$` match on megabytes can exhaust the regexp stack).
    if (body.file.length === 0 || /[^A-Za-z0-9+/=\s]/.test(body.file)) throw new AppError('validation', 'file must be base64', { fields: [{ path: '/file', message: 'not base64' }] });
    return { kind: 'bytes', bytes: new Uint8Array(Buffer.from(body.file, 'base64')) };
  }
  const credential = body.credential;
  if (typeof credential !== 'string') return { kind: 'json', value: credential };
  const text = credential.trim();
  if (!text.startsWith('{')) return { kind: 'text', text };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch {
    throw new AppError('validation', 'the credential is not valid JSON', { fields: [{ path: '/credential', message: 'not JSON' }] });
  }
}

/**
 * The earner imports a badge they hold (OB 2.0 or OB 3.0; file, URL or text) into their backpack,
 * verified on the way in. Rate-limited: a verification may fetch from other servers.
 */
export const earnerImportRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const fallback = createVerifierDeps({ allowHosts: [], isolation: deps.untrusted.pdf }, deps.clock);
  // The configured verifier (LAUREL_FETCH_ALLOW_HOSTS), read when asked; Laurel's own badges are read in-process.
  const verifier = () => {
    const configured = deps.verify?.verifier ?? fallback;
    return { ...configured, remote: selfAwareRemote(app, deps.links.base, configured.remote) };
  };
  await app.register(fastifyRateLimit, rateLimitOptions(deps));
  app.addHook('onRequest', requireUser(deps));

  app.get('/me/imported-credentials', { schema: { tags, summary: 'Badges you imported into your backpack (and those your connected apps pushed)', response: { 200: Type.Object({ items: Type.Array(ImportedView) }), ...errorResponses } } }, async (request) => ({
    items: (await listImportedCredentials(deps, { userId: userIdOf(request) })).map(view),
  }));

  app.post(
    '/me/imported-credentials',
    {
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Import a badge you hold (OB 2.0 or OB 3.0): `{url}`, `{credential}` (JSON or compact JWS) or `{file}` (base64: baked PNG/SVG, PDF, JSON); verified first',
        description: 'A badge that does not verify, or was awarded to an address that is not one of your verified addresses, is refused (400 / 403) and nothing is kept. The same badge again replaces the stored copy.',
        body: ImportBody,
        response: { 200: ImportedView, 201: ImportedView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { created, summary } = await importOwnCredential({ ...deps, verifier: verifier() }, { userId: userIdOf(request), source: sourceOf(request.body) });
      return reply.status(created ? 201 : 200).send(view(summary));
    },
  );
};
