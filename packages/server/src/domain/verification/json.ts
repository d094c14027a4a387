import type { JsonObject } from '@laurel/core';

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
export const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

export function typesOf(doc: JsonObject): string[] {
  return asArray(doc.type).filter((t): t is string => typeof t === 'string');
}

/** An OB 2.0 assertion (not an OB 3.0 credential or a VC-JWT payload). */
export function isOb2Assertion(doc: JsonObject): boolean {
  if ('credentialSubject' in doc || 'vc' in doc) return false;
  return typesOf(doc).includes('Assertion') || ('recipient' in doc && 'badge' in doc);
}

export { isHttpUrl } from '@laurel/core';

/** JSON equality regardless of key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    return keys.length === Object.keys(b).filter((k) => b[k] !== undefined).length && keys.every((k) => sameJson(a[k], b[k]));
  }
  return a === b;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export { looksLikeSdJwt } from '@laurel/core';

/** A compact JWS (three base64url parts), such as a VC-JWT or an OB 2.0 signed assertion. */
export function looksLikeCompactJws(text: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(text);
}
