import { decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
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

/** Decodes (without verifying) the header and JSON payload of a compact JWS; undefined when malformed. */
export function parseCompactJws(jws: string): ParsedJws | undefined {
  try {
    const header = decodeProtectedHeader(jws);
    const payload: unknown = JSON.parse(new TextDecoder().decode(fromBase64Url(jws.trim().split('.')[1] ?? '')));
    return isObject(payload) ? { header, payload } : undefined;
  } catch {
    return undefined;
  }
}
