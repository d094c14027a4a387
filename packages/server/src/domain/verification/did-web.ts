import type { DidResolver, JsonObject } from '@laurel/core';
import type { RemoteDocuments } from './ports.js';

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::\d{1,5})?$/;
const SEGMENT = /^[A-Za-z0-9._~!$&'()*+,;=@%-]+$/;

/**
 * A path segment that stays one segment of the URL: no `.` / `..` (also percent-encoded, which URL
 * parsing would fold away, so that two DIDs would read one document), no encoded `/` or `\`.
 */
function safeSegment(segment: string): boolean {
  if (!SEGMENT.test(segment)) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return false;
  }
  return decoded !== '.' && decoded !== '..' && !/[/\\]/.test(decoded);
}

/**
 * Where a did:web DID document lives (did:web spec, "Read"): `did:web:host` ->
 * `https://host/.well-known/did.json`; `did:web:host:a:b` -> `https://host/a/b/did.json`. The host
 * part is percent-decoded (`example.com%3A8443` carries a port). Undefined for anything else.
 */
export function didWebUrl(did: string): string | undefined {
  if (!did.startsWith('did:web:') || /[?#/]/.test(did)) return undefined;
  const [rawHost, ...path] = did.slice('did:web:'.length).split(':');
  let host: string;
  try {
    host = decodeURIComponent(rawHost ?? '');
  } catch {
    return undefined;
  }
  if (!HOST.test(host)) return undefined;
  if (path.some((segment) => !safeSegment(segment))) return undefined;
  return path.length === 0 ? `https://${host}/.well-known/did.json` : `https://${host}/${path.join('/')}/did.json`;
}

/** A DID resolver for did:web over the verifier's remote port; other methods are not resolved (undefined). */
export function didWebResolver(remote: RemoteDocuments): DidResolver {
  return async (did: string): Promise<JsonObject | undefined> => {
    if (!did.startsWith('did:web:')) return undefined;
    const url = didWebUrl(did);
    if (!url) throw new Error(`${did} is not a valid did:web`);
    const fetched = await remote.getJson(url);
    if (!fetched.ok) throw new Error(`${did}: ${fetched.reason}`);
    const doc = fetched.json;
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error(`${url} is not a DID document`);
    if ((doc as JsonObject).id !== did) throw new Error(`the DID document at ${url} is for ${String((doc as JsonObject).id)}, not ${did}`);
    return doc as JsonObject;
  };
}
