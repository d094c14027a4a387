/**
 * Evidence file kinds accepted, told apart by their first bytes (magic numbers) — never by the declared
 * type or the name's extension, which must agree with what the bytes are.
 */
export const EVIDENCE_KINDS = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'] },
  png: { mediaType: 'image/png', extensions: ['png'] },
  jpeg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  gif: { mediaType: 'image/gif', extensions: ['gif'] },
  webp: { mediaType: 'image/webp', extensions: ['webp'] },
} as const;
export type EvidenceKind = keyof typeof EVIDENCE_KINDS;
export const EVIDENCE_MEDIA_TYPES: string[] = Object.values(EVIDENCE_KINDS).map((k) => k.mediaType);

/** The largest evidence file: 5 MiB. */
export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const startsWith = (bytes: Uint8Array, prefix: number[], at = 0): boolean => bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

export function sniffEvidenceKind(bytes: Uint8Array): EvidenceKind | null {
  if (startsWith(bytes, ascii('%PDF-'))) return 'pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  return null;
}

/**
 * A file name fit to store and to send back in Content-Disposition: the last path segment only (no `../`,
 * no folders, either slash), without control or bidirectional-override characters, without leading dots,
 * at most 200 characters; `evidence` when nothing is left.
 */
export function safeFileName(raw: string): string {
  const last = raw.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = last.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"]/g, '').trim().replace(/^\.+/, '').trim();
  return [...clean].slice(0, 200).join('') || 'evidence';
}

/** The name's extension, lower case, or undefined. */
export function extensionOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : undefined;
}
