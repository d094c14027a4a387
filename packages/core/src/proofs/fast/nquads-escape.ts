/**
 * N-Quads escaping exactly as rdf-canonize 5 (`lib/NQuads.js`) writes canonical output: the same
 * character classes, UCHAR `\uXXXX` in upper-case hex, and ECHAR for the usual control characters.
 */
const IRI_ESCAPE = /[\u0000-\u0020<>"{}|^`\\]/;
const IRI_ESCAPE_ALL = /[\u0000-\u0020<>"{}|^`\\]/g;
const LITERAL_ESCAPE = /[\u0000-\u001F\u007F"\\]/;
const LITERAL_ESCAPE_ALL = /[\u0000-\u001F\u007F"\\]/g;

const ECHAR: Record<string, string> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };

function uchar(match: string): string {
  return `\\u${match.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

export function escapeIri(value: string): string {
  return IRI_ESCAPE.test(value) ? value.replace(IRI_ESCAPE_ALL, uchar) : value;
}

export function escapeLiteral(value: string): string {
  return LITERAL_ESCAPE.test(value) ? value.replace(LITERAL_ESCAPE_ALL, (match) => ECHAR[match] ?? uchar(match)) : value;
}
