import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Responses a shared cache may keep or must revalidate: these get an ETag and answer 304 to it. */
const CACHEABLE = /(?:^|,)\s*(?:public|no-cache)\b/i;

/** A strong validator of the exact bytes (a page in French and one in English differ, as they should). */
export function strongEtag(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** RFC 9110 §13.1.2: If-None-Match compares weakly, `*` matches anything. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

function notModified(reply: FastifyReply): null {
  reply.code(304);
  for (const header of ['content-type', 'content-length', 'content-disposition', 'content-encoding']) reply.removeHeader(header);
  return null;
}

/**
 * CDN-ready public answers: every 200 to a GET or HEAD whose Cache-Control lets a shared cache keep or
 * revalidate it (`public`, `no-cache`) gets an ETag of its bytes unless the route set its own, and
 * `If-None-Match` with that tag answers 304 with no body. Personal answers (`private`, `no-store`) and
 * streamed files (which @fastify/static validates itself) are left alone.
 */
export function conditionalGet(app: FastifyInstance): void {
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
    if (!CACHEABLE.test(String(reply.getHeader('cache-control') ?? ''))) return payload;
    let etag = reply.getHeader('etag') as string | undefined;
    if (!etag) {
      if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
      etag = strongEtag(payload);
      reply.header('etag', etag);
    }
    return noneMatch(request.headers['if-none-match'], etag) ? notModified(reply) : payload;
  });
}
