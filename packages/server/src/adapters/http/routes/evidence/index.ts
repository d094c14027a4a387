import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { EVIDENCE_MAX_BYTES, EVIDENCE_MEDIA_TYPES } from '../../../../domain/evidence/file-kinds.js';
import type { EvidenceFile } from '../../../../domain/evidence/ports.js';
import { downloadEvidenceFile, getEvidenceFile, readPublicEvidenceFile, type EvidenceFileContent } from '../../../../domain/evidence/read-evidence-file.js';
import { uploadEvidenceFile } from '../../../../domain/evidence/upload-evidence-file.js';
import { AppError } from '../../../../domain/shared/errors.js';
import { actorOf, viewerOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { DateTime, IdParams, Nullable, Problem, errorResponses } from '../../schemas/common.js';

const tags = ['evidence'];
const RAW_TYPES = [...EVIDENCE_MEDIA_TYPES, 'application/octet-stream'];
/** Opened directly, a file cannot run script, load anything or be framed: it is downloaded, as what its bytes are. */
const FILE_CSP = "default-src 'none'; sandbox";

const EvidenceFileView = Type.Object(
  {
    id: Type.String({ description: 'Name it in an award: evidence: [{fileId}]' }),
    url: Type.String({ description: 'Its stable URL, written as the credential’s evidence[].id' }),
    name: Type.String(),
    mediaType: Type.String({ description: 'From the file’s first bytes' }),
    bytes: Type.Integer(),
    digestSRI: Type.String({ description: 'sha384-<base64>: written as the credential’s evidence[].digestSRI' }),
    credentialId: Nullable(Type.String({ description: 'The award that names it; null until one does' })),
    createdAt: DateTime,
  },
  { $id: 'EvidenceFile' },
);

const view = (deps: HttpDeps, f: EvidenceFile) => ({
  id: f.id, url: deps.urls.evidenceFile(f.id), name: f.name, mediaType: f.mediaType, bytes: f.bytes, digestSRI: f.digestSRI, credentialId: f.credentialId, createdAt: f.createdAt,
});

const invalid = (message: string) => new AppError('validation', message, { fields: [{ path: '/file', message }] });
const tooLarge = () => Object.assign(new Error(`the file is larger than ${EVIDENCE_MAX_BYTES} bytes`), { statusCode: 413 });

/** The file and the name it was sent with: the one multipart `file` part, or a raw body named by `?name=`. */
async function uploaded(request: FastifyRequest, nameQuery: string | undefined): Promise<{ bytes: Uint8Array; name: string; declaredType?: string | undefined }> {
  if (request.isMultipart()) {
    let got: { bytes: Uint8Array; name: string; declaredType: string } | undefined;
    for await (const part of request.parts()) {
      if (part.type !== 'file' || part.fieldname !== 'file' || got) throw invalid('send one file, as the `file` field');
      const bytes = new Uint8Array(await part.toBuffer());
      if (part.file.truncated || bytes.byteLength > EVIDENCE_MAX_BYTES) throw tooLarge();
      got = { bytes, name: part.filename, declaredType: part.mimetype };
    }
    if (!got) throw invalid('send the file as the `file` field');
    return got;
  }
  if (!Buffer.isBuffer(request.body)) throw invalid(`send the file as multipart/form-data (field \`file\`) or as the body with Content-Type ${RAW_TYPES.join(', ')}`);
  return { bytes: new Uint8Array(request.body.buffer, request.body.byteOffset, request.body.byteLength), name: nameQuery ?? '', declaredType: request.headers['content-type'] };
}

/** Sends a file as an attachment: its own type, a cleaned name (ASCII fallback and RFC 8187 UTF-8), no sniffing, no script. */
function sendFile(reply: FastifyReply, { file, bytes }: EvidenceFileContent, cache: string) {
  const ascii = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .type(file.mediaType)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', FILE_CSP)
    .header('cross-origin-resource-policy', 'cross-origin')
    .header('cache-control', cache)
    .header('vary', 'Cookie')
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** The organisation's evidence files (authenticated /api/v1): upload, read, download. */
export const evidenceFileRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  await app.register(fastifyMultipart, { limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 0, parts: 1 } });
  app.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit: EVIDENCE_MAX_BYTES }, (_request, body, done) => done(null, body));

  app.post(
    '/evidence-files',
    {
      bodyLimit: EVIDENCE_MAX_BYTES,
      schema: {
        tags,
        summary: 'Upload a file as evidence for an award (PDF, PNG, JPEG, GIF or WebP; multipart `file` or the raw body)',
        description: `At most ${EVIDENCE_MAX_BYTES} bytes. The kind is read from the file's first bytes; a name whose extension, or a Content-Type, says otherwise is refused. The name is reduced to its last path segment. Stored sealed at rest; name it in an award with \`evidence: [{fileId}]\`.`,
        consumes: ['multipart/form-data', ...RAW_TYPES],
        querystring: Type.Object({ name: Type.Optional(Type.String({ maxLength: 1000, description: 'The file’s name, for a raw body' })) }),
        response: { 201: EvidenceFileView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const file = await uploadEvidenceFile(deps, { actor: actorOf(request), ...(await uploaded(request, request.query.name)) });
      return reply.status(201).header('location', `/api/v1/evidence-files/${file.id}`).send(view(deps, file));
    },
  );

  app.get('/evidence-files/:id', { schema: { tags, summary: 'One of the organisation’s evidence files', params: IdParams, response: { 200: EvidenceFileView, ...errorResponses } } }, async (request) =>
    view(deps, await getEvidenceFile(deps, { actor: actorOf(request), id: request.params.id })),
  );

  app.get(
    '/evidence-files/:id/content',
    { schema: { tags, summary: 'The bytes of one of the organisation’s evidence files', params: IdParams, produces: EVIDENCE_MEDIA_TYPES, response: { 200: Type.Unsafe({ type: 'string', format: 'binary' }), ...errorResponses } } },
    async (request, reply) => sendFile(reply, await downloadEvidenceFile(deps, { actor: actorOf(request), id: request.params.id }), 'private, no-store'),
  );
};

/** An evidence file at its stable URL (the credential's evidence[].id), read as its award is. */
export const evidencePublicRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get(
    '/evidence/:id',
    { schema: { tags: ['published'], summary: 'An award’s evidence file: a public credential’s for anyone, a private one’s for its earner', security: [], params: IdParams, produces: EVIDENCE_MEDIA_TYPES, response: { 200: Type.Unsafe({ type: 'string', format: 'binary' }), 404: Problem } } },
    async (request, reply) => {
      const viewer = await viewerOf(deps, request);
      const content = await readPublicEvidenceFile(deps, { id: request.params.id, viewerUserId: viewer.userId });
      return sendFile(reply, content, viewer.userId ? 'private, no-store' : 'public, max-age=60');
    },
  );
};
