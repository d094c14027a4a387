import type { JWK } from 'jose';
import type { JsonObject } from '../contexts/bundled.js';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import { multikeyCurve } from '../keys/did-key.js';
import { ed25519PublicJwk } from '../keys/ed25519.js';
import { isObject } from './json.js';
import type { VerifyOptions } from './options.js';
import { importPublicJwk } from './public-key-cache.js';

export interface ResolvedKey {
  /** The key as the verifier primitive imported it. */
  key: unknown;
  /** Where the key came from: the `kid` dereferenced (its own document: it binds nothing to the issuer), or the header. */
  via: 'kid' | 'jwk-header';
}

/** The public JWK a verification method, a JWK or a JWK Set document holds for `kid`. */
export async function jwkFromDocument(doc: JsonObject, kid: string): Promise<JWK | undefined> {
  if (typeof doc.kty === 'string') return doc as JWK;
  if (isObject(doc.publicKeyJwk)) return doc.publicKeyJwk as JWK;
  // A Multikey of any curve Laurel reads (Ed25519, P-256, P-384): not only Ed25519.
  if (typeof doc.publicKeyMultibase === 'string') {
    const curve = multikeyCurve(doc.publicKeyMultibase);
    if (curve === 'Ed25519') return (await ed25519PublicJwk(doc.publicKeyMultibase)) as JWK;
    if (curve) return (await EcdsaMultikey.toJwk({ keyPair: await EcdsaMultikey.from({ type: 'Multikey', publicKeyMultibase: doc.publicKeyMultibase }) })) as JWK;
    return undefined;
  }
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
    return { key: await importPublicJwk(jwk, alg, options.jwsVerifier), via: 'kid' };
  }
  if (isObject(header.jwk)) {
    return { key: await importPublicJwk(header.jwk as JWK, alg, options.jwsVerifier), via: 'jwk-header' };
  }
  throw new Error('the header has neither kid nor jwk');
}
