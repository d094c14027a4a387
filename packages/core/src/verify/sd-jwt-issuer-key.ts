import type { JWK } from 'jose';
import { checkReason, type CheckReason } from './codes.js';
import { isObject } from './json.js';
import type { ParsedJws } from './jws.js';
import type { VerifyOptions } from './options.js';
import { importPublicJwk } from './public-key-cache.js';
import { errorMessage, pass } from './report.js';
import { issuerJwsKey, type JwsKey } from './verify-vc-jwt.js';

/**
 * SD-JWT VC § Issuer-signed JWT verification key: for a DID `iss`, the `kid` (a DID URL, or relative
 * to `iss`) must be listed under assertionMethod in the issuer's DID document (as for every other
 * credential); without `kid`, the DID's only assertion method. For an https `iss`, the key comes
 * from the issuer's JWT VC Issuer Metadata at `https://host/.well-known/jwt-vc-issuer/path`,
 * whose `issuer` must be `iss`. A `jwk` or `x5c` in the header is never trusted on its own.
 */
export async function sdJwtIssuerKey(header: ParsedJws['header'], iss: unknown, signedAt: string | undefined, options: VerifyOptions): Promise<JwsKey | CheckReason> {
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  if (typeof iss !== 'string' || iss === '') {
    return checkReason('issuer-missing', 'the SD-JWT has no iss: Laurel binds a key to an issuer only through iss (x5c chains are not supported)');
  }
  if (iss.startsWith('did:')) return issuerJwsKey(header, iss, kid === undefined ? iss : kid.startsWith('#') ? iss + kid : kid, signedAt, options);
  if (/^https:\/\//i.test(iss)) return metadataKey(header, iss, kid, options);
  return checkReason('key-unresolved', `key could not be resolved: ${kid ?? iss} (iss is neither a DID nor an https URL)`, { key: kid ?? iss, detail: 'iss is neither a DID nor an https URL' });
}

/** `https://example.com/tenant/1` -> `https://example.com/.well-known/jwt-vc-issuer/tenant/1`. */
export function jwtVcIssuerMetadataUrl(iss: string): string {
  const url = new URL(iss);
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}/.well-known/jwt-vc-issuer${path}`;
}

async function fetchObject(url: string, options: VerifyOptions): Promise<Record<string, unknown>> {
  if (!options.fetchJson) throw new Error('no fetcher configured to read the issuer metadata');
  const got = await options.fetchJson(url);
  if (!isObject(got)) throw new Error(`${url} is not a JSON object`);
  return got;
}

async function metadataKey(header: ParsedJws['header'], iss: string, kid: string | undefined, options: VerifyOptions): Promise<JwsKey | CheckReason> {
  let url = jwtVcIssuerMetadataUrl(iss);
  try {
    const metadata = await fetchObject(url, options);
    if (metadata.issuer !== iss) throw new Error(`the metadata is for ${String(metadata.issuer)}`);
    let jwks = metadata.jwks;
    if (jwks === undefined && typeof metadata.jwks_uri === 'string') {
      if (!/^https:\/\//i.test(metadata.jwks_uri)) throw new Error('jwks_uri is not an https URL');
      url = metadata.jwks_uri;
      jwks = await fetchObject(url, options);
    }
    const keys = isObject(jwks) && Array.isArray(jwks.keys) ? jwks.keys.filter(isObject) : [];
    const jwk = kid === undefined ? (keys.length === 1 ? keys[0] : undefined) : keys.find((k) => k.kid === kid);
    if (!jwk) throw new Error(kid === undefined ? 'no kid, and the metadata does not hold exactly one key' : `no key ${kid} in the metadata`);
    const key = await importPublicJwk(jwk as JWK, header.alg, options.jwsVerifier);
    const name = kid ?? String(jwk.kid ?? 'the only key');
    return { key, check: pass('issuer-key', 'key-controlled-by-issuer', `key ${name} is published by the issuer ${iss} in its JWT VC Issuer Metadata`, { key: name, issuer: iss }) };
  } catch (error) {
    const detail = errorMessage(error);
    return checkReason('issuer-metadata-invalid', `the issuer metadata ${url} gives no key for this SD-JWT: ${detail}`, { url, detail });
  }
}
