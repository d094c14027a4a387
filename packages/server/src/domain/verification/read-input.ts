import { checkReason, sniffImageFormat, unbake, type CheckReason, type JsonObject } from '@laurel/core';
import { errorMessage, isObject, looksLikeCompactJws, looksLikeSdJwt } from './json.js';
import { credentialLinkInHtml, HTML_TYPES, looksLikeHtml } from './html-input.js';
import { credentialInPdf, looksLikePdf } from './pdf-input.js';
import type { InputKind, PdfReader, RemoteDocuments, VerifyAnyReport, VerifySource } from './ports.js';

/** At most this many links are followed (a URL to an image carrying a hosted assertion URL is two). */
const MAX_HOPS = 3;
const JSON_TYPES = /^application\/(?:json|ld\+json|[\w.-]+\+json)$/;

/** What reading the input gave: a document to verify, or why nothing could be read. */
export type Readout =
  | { kind: 'document'; doc: JsonObject | string; fetchedFrom?: string | undefined }
  /** `remote`: the failure is in something fetched (a report), not in the user's own input (a 400). */
  | ({ kind: 'unreadable'; remote: boolean } & CheckReason)
  /** A link answered 410 Gone: how OB 2.0 hosted assertions are revoked. */
  | { kind: 'gone'; url: string };

interface Context {
  remote: RemoteDocuments;
  pdf: PdfReader | undefined;
  input: { kind?: InputKind; image?: 'png' | 'svg'; attachment?: string; url?: string };
  hops: number;
  /** A web page's credential link was followed: a second page is not (one hop from a page). */
  pageFollowed?: boolean;
}

const unreadable = (why: CheckReason, remote: boolean): Readout => ({ kind: 'unreadable', remote, ...why });

function recognised(ctx: Context, kind: InputKind): void {
  ctx.input.kind ??= kind;
}

async function fromUrl(url: string, ctx: Context): Promise<Readout> {
  if (ctx.hops >= MAX_HOPS) return unreadable(checkReason('source-too-many-links', `more than ${MAX_HOPS} links to follow`, { max: String(MAX_HOPS) }), true);
  ctx.hops++;
  recognised(ctx, 'url');
  ctx.input.url ??= url;
  const got = await ctx.remote.getResource(url);
  if (!got.ok) return got.status === 410 ? { kind: 'gone', url } : unreadable(checkReason('source-unavailable', got.reason, { url, detail: got.reason }), true);
  const type = got.contentType?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (JSON_TYPES.test(type)) {
    const text = new TextDecoder().decode(got.body);
    try {
      return fromValue(JSON.parse(text), ctx, true, got.url);
    } catch {
      return unreadable(checkReason('source-not-json', `${got.url} did not return valid JSON`, { url: got.url }), true);
    }
  }
  if (type === 'application/pdf') return fromPdf(got.body, ctx, true);
  if (HTML_TYPES.has(type) || looksLikeHtml(got.body)) return fromPage(got.body, got.url, ctx);
  return fromBytes(got.body, ctx, true, got.url);
}

/** A fetched web page: follow its link to its credential, once, on its own origin. */
async function fromPage(bytes: Uint8Array, pageUrl: string, ctx: Context): Promise<Readout> {
  if (ctx.pageFollowed) return unreadable(checkReason('source-html-no-credential', `${pageUrl} is a web page reached from another page: only one link from a page to its credential is followed`), true);
  const link = credentialLinkInHtml(bytes, pageUrl);
  if (!link) return unreadable(checkReason('source-html-no-credential', `${pageUrl} is a web page with no link to its credential (<link rel="alternate" type="application/ld+json" href="…"> on the same origin)`), true);
  ctx.pageFollowed = true;
  return fromUrl(link, ctx);
}

/** An HTML document given as a file or text: its link is what to verify. */
const htmlGiven = (remote: boolean): Readout =>
  unreadable(checkReason('source-html-no-credential', 'this is an HTML web page, not a badge: give its link (URL) instead, or the badge image, PDF certificate or JSON'), remote);

async function fromText(raw: string, ctx: Context, remote: boolean, fetchedFrom?: string): Promise<Readout> {
  const text = raw.replace(/^\uFEFF/, '').trim();
  if (text === '') return unreadable(checkReason('source-empty', 'the input is empty'), remote);
  if (looksLikeHtml(new TextEncoder().encode(text.slice(0, 1024)))) return htmlGiven(remote);
  // A compact JWS / JWT (VC-JWT, vc+jwt, OB 2.0 signed), or an SD-JWT VC (`~`-separated disclosures).
  if (looksLikeCompactJws(text) || looksLikeSdJwt(text)) {
    recognised(ctx, 'jws');
    return { kind: 'document', doc: text };
  }
  if (text.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const detail = errorMessage(error);
      return unreadable(checkReason('source-json-invalid', `the JSON could not be parsed: ${detail}`, { detail }), remote);
    }
    return fromValue(value, ctx, remote, fetchedFrom);
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(text)) return fromUrl(text, ctx);
  return unreadable(checkReason('source-unrecognised', 'expected a baked PNG or SVG, a PDF certificate, JSON, a compact JWS / JWT, an SD-JWT, or a URL'), remote);
}

async function fromValue(value: unknown, ctx: Context, remote: boolean, fetchedFrom?: string): Promise<Readout> {
  if (typeof value === 'string') return fromText(value, ctx, remote, fetchedFrom);
  if (!isObject(value)) return unreadable(checkReason('source-not-object', 'expected a JSON object (a credential or an assertion)'), remote);
  recognised(ctx, 'json');
  return { kind: 'document', doc: value, fetchedFrom };
}

async function fromPdf(bytes: Uint8Array, ctx: Context, remote: boolean): Promise<Readout> {
  recognised(ctx, 'pdf');
  if (!looksLikePdf(bytes)) return unreadable(checkReason('source-pdf-unreadable', 'the PDF could not be read: no %PDF- header', { detail: 'no %PDF- header' }), remote);
  if (!ctx.pdf) return unreadable(checkReason('source-pdf-unreadable', 'the PDF could not be read: PDF reading is not available here', { detail: 'PDF reading is not available here' }), remote);
  const found = await credentialInPdf(ctx.pdf, bytes);
  if (!found.ok) return unreadable(found.why, remote);
  ctx.input.attachment ??= found.attachment;
  return fromText(found.text, ctx, remote);
}

async function fromBytes(bytes: Uint8Array, ctx: Context, remote: boolean, fetchedFrom?: string): Promise<Readout> {
  if (looksLikePdf(bytes)) return fromPdf(bytes, ctx, remote);
  if (looksLikeHtml(bytes)) return htmlGiven(remote);
  const format = sniffImageFormat(bytes);
  if (format) {
    recognised(ctx, 'image');
    ctx.input.image ??= format;
    let found;
    try {
      found = unbake(bytes);
    } catch (error) {
      const detail = errorMessage(error);
      return unreadable(checkReason('image-unreadable', `the ${format.toUpperCase()} image could not be read: ${detail}`, { image: format, detail }), remote);
    }
    if (!found) return unreadable(checkReason('image-no-badge', `the ${format.toUpperCase()} image carries no Open Badges data`, { image: format }), remote);
    return fromText(found.text, ctx, remote);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return unreadable(checkReason('source-not-text', 'not a PNG or SVG image, a PDF, nor text'), remote);
  }
  return fromText(text, ctx, remote, fetchedFrom);
}

/** Recognises the input and follows its links until a document (object or compact JWS) is in hand. */
export async function readSource(deps: { remote: RemoteDocuments; pdf?: PdfReader | undefined }, source: VerifySource): Promise<{ readout: Readout; input: VerifyAnyReport['input'] }> {
  const ctx: Context = { remote: deps.remote, pdf: deps.pdf, input: {}, hops: 0 };
  let readout: Readout;
  switch (source.kind) {
    case 'bytes':
      readout = await fromBytes(source.bytes, ctx, false);
      break;
    case 'text':
      readout = await fromText(source.text, ctx, false);
      break;
    case 'json':
      readout = await fromValue(source.value, ctx, false);
      break;
    case 'url':
      readout = await fromUrl(source.url.trim(), ctx);
      break;
  }
  const { kind, image, attachment, url } = ctx.input;
  const input = { kind: kind ?? (source.kind === 'url' ? 'url' : 'json'), ...(image ? { image } : {}), ...(attachment ? { attachment } : {}), ...(url ? { url } : {}) };
  return { readout, input };
}
