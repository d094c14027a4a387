import { importJWK, type JWK, type KeyObject } from 'jose';
import type { JsonObject } from '../contexts/bundled.js';
import { ed25519PublicJwk } from '../keys/ed25519.js';
import { publicJwkOf } from '../keys/rsa.js';
import { idOf, isObject } from './json.js';
import type { VerifyOptions } from './options.js';

export interface ResolvedKey {
  key: CryptoKey | KeyObject | Uint8Array;
  /** The document the key came from (verification method, JWK document), for controller/retirement checks. */
  source: JsonObject;
  /** Where the key came from: a DID URL `kid` (its controller is meaningful), another `kid` URL, or the header. */
  via: 'did' | 'url' | 'jwk-header';
}

async function jwkFromDocument(doc: JsonObject, kid: string): Promise<JWK | undefined> {
  if (typeof doc.kty === 'string') return doc as JWK;
  if (isObject(doc.publicKeyJwk)) return doc.publicKeyJwk as JWK;
  if (typeof doc.publicKeyMultibase === 'string') return (await ed25519PublicJwk(doc.publicKeyMultibase)) as JWK;
  if (Array.isArray(doc.keys)) {
    const keys = doc.keys.filter(isObject);
    const match = keys.find((k) => k.kid === kid) ?? (keys.length === 1 ? keys[0] : undefined);
    return match as JWK | undefined;
  }
  return undefined;
}

async function loadKid(kid: string, options: VerifyOptions): Promise<JsonObject> {
  if (kid.startsWith('did:')) return (await options.documentLoader(kid)).document;
  if (!options.fetchJson) throw new Error('no fetcher configured to dereference the kid');
  const doc = await options.fetchJson(kid);
  if (!isObject(doc)) throw new Error('the kid did not dereference to a JSON object');
  return doc;
}

/**
 * The public key for a JWS header: `kid` dereferenced (DID URL through the document loader, other
 * URLs through fetchJson) or the embedded `jwk`. Private members are stripped before import.
 * Throws when no key can be found.
 */
export async function resolveJwsKey(header: { alg?: string | undefined; kid?: string | undefined; jwk?: unknown }, options: VerifyOptions): Promise<ResolvedKey> {
  const alg = header.alg ?? 'RS256';
  if (typeof header.kid === 'string') {
    const source = await loadKid(header.kid, options);
    const jwk = await jwkFromDocument(source, header.kid);
    if (!jwk) throw new Error(`${header.kid} holds no public key`);
    return { key: await importJWK(publicJwkOf(jwk), alg), source: { ...source, id: idOf(source) ?? header.kid }, via: header.kid.startsWith('did:') ? 'did' : 'url' };
  }
  if (isObject(header.jwk)) {
    const jwk = publicJwkOf(header.jwk as JWK);
    return { key: await importJWK(jwk, alg), source: jwk as JsonObject, via: 'jwk-header' };
  }
  throw new Error('the header has neither kid nor jwk');
}

/** The https origin a did:web or http(s) identifier lives on. */
export function originOf(id: string): string | undefined {
  if (id.startsWith('did:web:')) {
    const host = decodeURIComponent(id.slice('did:web:'.length).split(/[:#?]/)[0] ?? '');
    return host ? `https://${host}` : undefined;
  }
  try {
    const url = new URL(id);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
