/**
 * Web pages given to the verifier: a credential's public page (Laurel's own, printed under a PDF
 * certificate's QR code, or another issuer's) advertises its credential with
 * `<link rel="alternate" type="application/ld+json" href="…">`. The reader follows that one link,
 * on the page's own origin only; it never reads an HTML page as an image.
 */

/** Media types of a web page. */
export const HTML_TYPES: ReadonlySet<string> = new Set(['text/html', 'application/xhtml+xml']);
/** How much of a page is searched for its link (the head comes first), and how many `<link>` tags. */
export const MAX_HTML_SCAN = 256 * 1024;
export const MAX_LINK_TAGS = 200;
/** Longest `href` taken. */
const MAX_HREF = 2048;
/** What a credential link may say it is: JSON(-LD) or a VC-JWT. */
const CREDENTIAL_TYPES = /^application\/(?:json|ld\+json|[\w.-]+\+json|vc\+jwt|vc\+ld\+json\+jwt)$/;

/** Does this look like an HTML document (a doctype, or an `<html>` / `<head>` element, after comments)? */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 1024)).replace(/^\uFEFF/, '').trimStart().replace(/^(?:<!--[\s\S]*?-->\s*)*/, '');
  return /^(?:<!doctype\s+html[\s>]|<html[\s>]|<head[\s>])/i.test(head);
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };
const decodeEntities = (s: string): string =>
  s.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|quot|apos|lt|gt));/gi, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return ENTITIES[name.toLowerCase()] ?? whole;
    const code = dec ? Number(dec) : parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of tag.matchAll(/([^\s=/>"']+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    const name = m[1]!.toLowerCase();
    if (!found.has(name)) found.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return found;
}

/**
 * The absolute URL of the credential a page links to (`rel` has `alternate`, `type` a JSON(-LD) or
 * VC-JWT media type), when it is an http(s) URL on the page's own origin; undefined otherwise.
 */
export function credentialLinkInHtml(bytes: Uint8Array, pageUrl: string): string | undefined {
  let origin: string;
  try {
    origin = new URL(pageUrl).origin;
  } catch {
    return undefined;
  }
  const text = new TextDecoder().decode(bytes.subarray(0, MAX_HTML_SCAN));
  let seen = 0;
  for (const m of text.matchAll(/<link\b([^>]{0,4096})>/gi)) {
    if (++seen > MAX_LINK_TAGS) return undefined;
    const attrs = attributes(m[1]!);
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    const type = (attrs.get('type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
    const href = attrs.get('href')?.trim();
    if (!rel.includes('alternate') || !CREDENTIAL_TYPES.test(type) || !href || href.length > MAX_HREF) continue;
    let url: URL;
    try {
      url = new URL(href, pageUrl);
    } catch {
      continue;
    }
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin === origin) return url.href;
  }
  return undefined;
}
