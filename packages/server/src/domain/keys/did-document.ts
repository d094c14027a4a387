import { buildControllerDocument, type JsonObject } from '@laurel/core';
import type { Deps } from '../deps.js';
import { notFound } from '../shared/errors.js';
import type { IssuerKey } from './ports.js';

/**
 * The issuer's did:web document: every Ed25519 (Multikey) and RSA (JWK) key it ever had, so
 * credentials signed before a rotation still verify; retired keys carry `revoked`.
 */
export function issuerDidDocument(deps: Pick<Deps, 'urls'>, issuerId: string, keys: IssuerKey[]): JsonObject {
  const did = deps.urls.didWeb(issuerId);
  const revoked = (k: IssuerKey) => k.retiredAt ?? undefined;
  return buildControllerDocument({
    id: did,
    multikeys: keys.filter((k) => k.algorithm === 'Ed25519').map((k) => ({ id: `${did}#${k.id}`, publicKeyMultibase: k.publicKey.publicKeyMultibase!, revoked: revoked(k) })),
    jsonWebKeys: keys.filter((k) => k.algorithm === 'RSA').map((k) => ({ id: `${did}#${k.id}`, publicJwk: k.publicKey.publicJwk as never, revoked: revoked(k) })),
  });
}

/** The did:web document of a did:web issuer; did:key issuers have none (their DID is the key). */
export async function getIssuerDidDocument(deps: Pick<Deps, 'store' | 'urls'>, input: { issuerId: string }): Promise<JsonObject> {
  const doc = await localDidResolver(deps)(deps.urls.didWeb(input.issuerId));
  if (!doc) throw notFound('DID document');
  return doc;
}

/** Resolves this server's own did:web issuers from the database (no network); undefined for others. */
export function localDidResolver(deps: Pick<Deps, 'store' | 'urls'>): (did: string) => Promise<JsonObject | undefined> {
  const prefix = deps.urls.didWeb('');
  return async (did) => {
    if (!did.startsWith(prefix)) return undefined;
    const issuerId = did.slice(prefix.length);
    if (!issuerId || issuerId.includes(':')) return undefined;
    const [issuer, keys] = await Promise.all([deps.store.issuers.findPublic(issuerId), deps.store.issuerKeys.listForIssuer(issuerId)]);
    return issuer?.identity !== 'did:web' || keys.length === 0 ? undefined : issuerDidDocument(deps, issuerId, keys);
  };
}
