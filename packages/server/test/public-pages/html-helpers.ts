import type { LightMyRequestResponse } from 'fastify';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#96;': '`' };
export const decodeEntities = (s: string): string => s.replace(/&(amp|lt|gt|quot|#39|#96);/g, (e) => ENTITIES[e]!);

/** The content of a <meta property|name="…"> tag, entities decoded. */
export function meta(body: string, key: string): string | undefined {
  const match = new RegExp(`<meta (?:property|name)="${key.replace(/[.:]/g, '\\$&')}" content="([^"]*)">`).exec(body);
  return match ? decodeEntities(match[1]!) : undefined;
}

/** The href of the element with this id. */
export function hrefOf(body: string, id: string): string | undefined {
  const tag = new RegExp(`<a [^>]*id="${id}"[^>]*>`).exec(body)?.[0] ?? new RegExp(`<a [^>]*href="[^"]*"[^>]*id="${id}"[^>]*>`).exec(body)?.[0];
  const href = tag && /href="([^"]*)"/.exec(tag)?.[1];
  return href === undefined ? undefined : decodeEntities(href);
}

/** Every <script type="application/ld+json"> block's text. */
export function jsonLdBlocks(body: string): string[] {
  return [...body.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
}

export const isHtml = (res: LightMyRequestResponse): boolean => String(res.headers['content-type']).startsWith('text/html');
