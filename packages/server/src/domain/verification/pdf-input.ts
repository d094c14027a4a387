import { checkReason, type CheckReason } from '@laurel/core';
import { isObject, looksLikeCompactJws } from './json.js';
import type { EmbeddedFile, PdfReader } from './ports.js';

const PDF_MAGIC = '%PDF-';
/** PDF readers accept the header anywhere in the first 1024 bytes. */
const HEADER_WINDOW = 1024;

/** `%PDF-` near the start. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, HEADER_WINDOW));
  return head.includes(PDF_MAGIC);
}

const JSON_TYPE = /^application\/(?:ld\+json|json|[\w.-]+\+json)$/;
const JWT_TYPE = /^application\/(?:jwt|vc\+jwt|jose)$|^text\/plain$/;

/** Embedded file names are the PDF author's: shown at most this long. */
const MAX_NAME_CHARS = 200;
const shown = (name: string): string => (name.length > MAX_NAME_CHARS ? `${name.slice(0, MAX_NAME_CHARS)}…` : name);

/** How likely an embedded file holds the credential: Laurel's own `credential.json` first; undefined when not at all. */
function rank(file: EmbeddedFile): number | undefined {
  const name = file.name.toLowerCase();
  const type = file.mimeType?.toLowerCase() ?? '';
  if (name === 'credential.json') return 0;
  if (JSON_TYPE.test(type) || /\.(?:json|jsonld)$/.test(name)) return 1;
  if (JWT_TYPE.test(type) || /\.(?:jwt|jws)$/.test(name)) return 2;
  return undefined;
}

/** The file's text when it holds something verifiable: a JSON(-LD) document or a compact JWS / VC-JWT. */
function credentialText(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '').trim();
  } catch {
    return undefined;
  }
  if (looksLikeCompactJws(text)) return text;
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) && ('@context' in value || 'type' in value) ? text : undefined;
  } catch {
    return undefined;
  }
}

export type PdfCredential = { ok: true; attachment: string; text: string } | { ok: false; why: CheckReason };

/** Reads the PDF's embedded files and picks the one holding the Open Badges credential. */
export async function credentialInPdf(reader: PdfReader, bytes: Uint8Array): Promise<PdfCredential> {
  const read = await reader.embeddedFiles(bytes);
  if (!read.ok) {
    const { detail } = read;
    if (read.refusal === 'encrypted') return { ok: false, why: checkReason('source-pdf-encrypted', 'the PDF is encrypted: its embedded files cannot be read') };
    if (read.refusal === 'too-complex') return { ok: false, why: checkReason('source-pdf-too-complex', `the PDF was not read: ${detail}`, { detail }) };
    return { ok: false, why: checkReason('source-pdf-unreadable', `the PDF could not be read: ${detail}`, { detail }) };
  }
  const candidates = read.files
    .map((file) => ({ file, rank: rank(file) }))
    .filter((c): c is { file: EmbeddedFile; rank: number } => c.rank !== undefined)
    .sort((a, b) => a.rank - b.rank);
  for (const { file } of candidates) {
    if (!file.bytes) {
      const [name, max] = [shown(file.name), String(reader.maxFileBytes)];
      return { ok: false, why: checkReason('source-pdf-file-too-large', `the embedded file ${name} is larger than ${max} bytes`, { name, max }) };
    }
    const text = credentialText(file.bytes);
    if (text !== undefined) return { ok: true, attachment: shown(file.name), text };
  }
  return { ok: false, why: checkReason('source-pdf-no-credential', 'the PDF embeds no Open Badges credential (no credential.json, JSON or .jwt file holding one)') };
}
