import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { COPY_SCRIPT, EMBED_CSS, PAGE_CSS } from './styles.js';

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * No script but the hashed copy helper, no styles but the hashed stylesheet, images from here (and
 * https artwork), beacons to this site only; the page cannot be framed, posts no form, and has no <base>.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "img-src 'self' data: https:",
  `style-src ${sha256(PAGE_CSS)}`,
  `script-src ${sha256(COPY_SCRIPT)}`,
  // The copy buttons' share beacon (analytics) goes to this site only.
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The embed widget: no script at all, and any site may frame it (that is its purpose). */
export const EMBED_CSP = ["default-src 'none'", "img-src 'self' data: https:", `style-src ${sha256(EMBED_CSS)}`, "base-uri 'none'", "form-action 'none'", 'frame-ancestors *'].join('; ');

export function sendHtml(reply: FastifyReply, body: string, options: { status?: number; csp: string; locale: string; maxAge: number; frameable?: boolean; private?: boolean }): FastifyReply {
  reply
    .status(options.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', options.csp)
    .header('content-language', options.locale)
    .header('vary', 'Accept-Language')
    .header('referrer-policy', 'strict-origin-when-cross-origin')
    .header('cache-control', (options.status && options.status >= 400) || options.private ? 'private, no-store' : `public, max-age=${options.maxAge}`);
  if (!options.frameable) reply.header('x-frame-options', 'DENY');
  return reply.send(body);
}

/** A page kept by the public cache: the same headers as `sendHtml`, its ETag known already. */
export function sendCachedHtml(reply: FastifyReply, answer: { body: string; etag: string }, options: { csp: string; locale: string; maxAge: number; frameable?: boolean }): FastifyReply {
  reply.header('etag', answer.etag);
  return sendHtml(reply, answer.body, options);
}
