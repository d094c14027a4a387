import { constants, inflateSync } from 'node:zlib';
import { objectStreamProblem } from './object-streams.js';

/** Bounds on the work done for one untrusted PDF. */
export interface PdfLimits {
  /** Indirect objects (counted before parsing, and again after). */
  maxObjects: number;
  /** All Flate streams together, inflated. */
  maxInflatedBytes: number;
  /** One embedded file, decoded. */
  maxFileBytes: number;
  /** Levels of /Kids under the /EmbeddedFiles name tree's root. */
  maxTreeDepth: number;
  /** Embedded files listed. */
  maxFiles: number;
}

export const PDF_LIMITS: PdfLimits = {
  maxObjects: 10_000,
  maxInflatedBytes: 8 * 1024 * 1024,
  maxFileBytes: 1024 * 1024,
  maxTreeDepth: 4,
  maxFiles: 100,
};

/**
 * Filters pdf-lib decodes besides Flate, refused: the guard cannot bound what they expand to (LZW
 * and run-length expand; ASCII encodings can hide a Flate bomb from the inflating pre-scan). Flate is
 * inflated here first, within the ceiling; other names (image codecs, /Standard of an /Encrypt
 * dictionary) pdf-lib never decodes.
 */
const REFUSED_FILTERS = new Set(['LZWDecode', 'ASCII85Decode', 'ASCIIHexDecode', 'RunLengthDecode']);
/** Names that steer how a stream is decoded, which must not hide behind #xx escapes. */
const STEERING_NAMES = new Set(['Filter', 'DecodeParms', 'Type', 'ObjStm', 'XRef', 'N', 'First', 'Length', 'Size', 'Index', 'W', 'FlateDecode', ...REFUSED_FILTERS]);
const NAME_CHARS = String.raw`[^\s\/\[\]<>(){}%]`;
const ESCAPED_NAME = new RegExp(String.raw`\/(${NAME_CHARS}*#[0-9A-Fa-f]{2}${NAME_CHARS}*)`, 'g');
const FILTER_VALUE = new RegExp(String.raw`\/Filter\s*(\[[^\]]*\]|\/${NAME_CHARS}+|\S)`, 'g');

function filterProblem(value: string): string | undefined {
  const names = value.startsWith('/') ? [value.slice(1)] : value.startsWith('[') ? [...value.matchAll(new RegExp(String.raw`\/(${NAME_CHARS}+)`, 'g'))].map((m) => m[1]!) : undefined;
  if (!names || (value.startsWith('[') && value.slice(1, -1).replace(new RegExp(String.raw`\/${NAME_CHARS}+`, 'g'), '').trim() !== '')) return 'a /Filter that is not a name or an array of names';
  const refused = names.find((n) => REFUSED_FILTERS.has(n));
  if (refused) return `the /${refused} filter`;
  const flate = names.indexOf('FlateDecode');
  if (flate > 0 || names.lastIndexOf('FlateDecode') !== flate) return 'a /FlateDecode filter that is not the first and only one';
  return undefined;
}

const looksLikeZlib = (data: Uint8Array): boolean => data.length > 2 && (data[0]! & 0x0f) === 8 && ((data[0]! << 8) | data[1]!) % 31 === 0;

const OBJ_OR_STREAM = /\b\d+\s+\d+\s+obj\b|(?<!end)stream(?:\r\n|\n|\r)/g;
const OBJSTM = /\/Type\s*\/ObjStm\b/;

/** The object stream's /N and /First, when its dictionary (comments taken out) says it is one. */
function objectStreamKeys(dict: string): { n: number; first: number } | string | undefined {
  const text = dict.replace(/%[^\r\n]*/g, ' ');
  if (!OBJSTM.test(text)) return undefined;
  const n = [...text.matchAll(/\/N\s+(\d{1,12})\b/g)];
  const first = [...text.matchAll(/\/First\s+(\d{1,12})\b/g)];
  if (n.length !== 1 || first.length !== 1 || /\/(?:N|First)\b/g.exec(text.replace(/\/(?:N|First)\s+\d{1,12}\b/g, '')) !== null) return 'an object stream whose /N or /First is not one plain number';
  return { n: Number(n[0]![1]), first: Number(first[0]![1]) };
}

/**
 * pdf-lib reads a cross-reference stream's /Size or /Index entry count whatever the data holds (past
 * its end it reads zeros), each entry /W bytes wide: a 200-byte file could ask for 10^9 entries.
 */
function xrefStreamProblem(dict: string, limits: PdfLimits): string | undefined {
  const text = dict.replace(/%[^\r\n]*/g, ' ');
  if (!/\/Type\s*\/XRef\b/.test(text)) return undefined;
  if (/\/(?:W|Size)\s+\d+\s+\d+\s+R\b/.test(text)) return 'a cross-reference stream whose /W or /Size is an indirect reference';
  const number = (s: string): number => Number(s.length > 12 ? Infinity : s);
  const size = [...text.matchAll(/\/Size\s+(\d+)/g)].map((m) => number(m[1]!));
  const index = /\/Index\s*\[([^\]]*)\]/.exec(text)?.[1]?.trim().split(/\s+/).map(number) ?? [];
  const counts = index.filter((_, i) => i % 2 === 1);
  if ([...size, counts.reduce((a, b) => a + b, 0)].some((c) => !(c <= limits.maxObjects + 1))) return `a cross-reference stream of more than ${limits.maxObjects} entries`;
  const widths = /\/W\s*\[([^\]]*)\]/.exec(text)?.[1]?.trim().split(/\s+/).map(number) ?? [];
  if (widths.some((w) => !(w <= 8))) return 'a cross-reference stream with fields wider than 8 bytes';
  return undefined;
}

/** Inflates each Flate stream within the ceiling, and checks every object stream's layout (see object-streams.ts). */
function streamsProblem(bytes: Uint8Array, text: string, limits: PdfLimits): string | undefined {
  let budget = limits.maxInflatedBytes;
  let streams = 0;
  let dictStart = 0;
  for (const m of text.matchAll(OBJ_OR_STREAM)) {
    if (!m[0].startsWith('stream')) {
      dictStart = m.index + m[0].length;
      continue;
    }
    if (++streams > limits.maxObjects) return `more than ${limits.maxObjects} streams`;
    const start = m.index + m[0].length;
    const data = bytes.subarray(start);
    const dict = text.slice(Math.max(dictStart, m.index - 64 * 1024), m.index);
    const objStm = objectStreamKeys(dict);
    if (typeof objStm === 'string') return objStm;
    const xref = xrefStreamProblem(dict, limits);
    if (xref) return xref;
    let decoded: Uint8Array | undefined;
    if (looksLikeZlib(data)) {
      try {
        decoded = inflateSync(data, { maxOutputLength: budget + 1, finishFlush: constants.Z_SYNC_FLUSH });
        budget -= decoded.length;
      } catch (error) {
        if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return `streams that inflate to more than ${limits.maxInflatedBytes} bytes`;
        // Not a deflate stream after all: pdf-lib cannot inflate it either.
      }
      if (budget < 0) return `streams that inflate to more than ${limits.maxInflatedBytes} bytes`;
    } else if (objStm) {
      const end = text.indexOf('endstream', start);
      decoded = bytes.subarray(start, end < 0 ? bytes.length : end);
    }
    const problem = objStm && decoded ? objectStreamProblem(decoded, objStm.n, objStm.first) : undefined;
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Looks at a PDF's raw bytes before pdf-lib parses it (pdf-lib inflates object and cross-reference
 * streams while loading, with no ceiling): refuses too many objects, streams that inflate past the
 * ceiling, the filters pdf-lib would expand without bound, and decoding names written with #xx escapes.
 * Returns why it refused, or undefined. Linear in the input, with a bounded amount of inflating.
 */
export function prescanPdf(bytes: Uint8Array, limits: PdfLimits = PDF_LIMITS): string | undefined {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  for (const m of text.matchAll(ESCAPED_NAME)) {
    const decoded = m[1]!.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (STEERING_NAMES.has(decoded)) return `the name /${decoded} written with #xx escapes`;
  }
  for (const m of text.matchAll(FILTER_VALUE)) {
    const problem = filterProblem(m[1]!);
    if (problem) return problem;
  }
  const indirect = /\/(Type|N|First|Index)\s+\d+\s+\d+\s+R\b/.exec(text);
  if (indirect) return `a /${indirect[1]} that is an indirect reference`;
  let objects = 0;
  for (const _ of text.matchAll(/\b\d+\s+\d+\s+obj\b/g)) objects++;
  for (const m of text.matchAll(/\/N\s+(\d{1,12})/g)) objects += Number(m[1]);
  if (objects > limits.maxObjects) return `more than ${limits.maxObjects} objects`;
  return streamsProblem(bytes, text, limits);
}
