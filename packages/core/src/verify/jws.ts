import type { ProtectedHeaderParameters } from 'jose';
import { fromBase64Url } from '../status/base64url.js';
import type { JsonObject } from '../contexts/bundled.js';
import { isObject } from './json.js';

export { ACCEPTED_JWS_ALGS } from './jws-verifier.js';

export function looksLikeCompactJws(input: unknown): input is string {
  return typeof input === 'string' && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(input.trim());
}

export interface ParsedJws {
  header: ProtectedHeaderParameters;
  payload: JsonObject;
}

const utf8 = new TextDecoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes (without verifying) the header and JSON payload of a compact JWS (three segments; the
 * header strict UTF-8 JSON, as jose's `decodeProtectedHeader` reads it); undefined when malformed,
 * or when either is not a JSON object.
 */
export function parseCompactJws(jws: string): ParsedJws | undefined {
  const text = jws.trim();
  const first = text.indexOf('.');
  const second = first < 0 ? -1 : text.indexOf('.', first + 1);
  if (second < 0 || text.indexOf('.', second + 1) >= 0) return undefined;
  try {
    const header: unknown = JSON.parse(strictUtf8.decode(fromBase64Url(text.slice(0, first))));
    const payload: unknown = JSON.parse(utf8.decode(fromBase64Url(text.slice(first + 1, second))));
    return isObject(header) && isObject(payload) ? { header: header as ProtectedHeaderParameters, payload } : undefined;
  } catch {
    return undefined;
  }
}
