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

export async function getIssuerDidDocument(deps: Pick<Deps, 'store' | 'urls'>, input: { issuerId: string }): Promise<JsonObject> {
  const keys = await deps.store.issuerKeys.listForIssuer(input.issuerId);
  if (keys.length === 0) throw notFound('DID document');
  return issuerDidDocument(deps, input.issuerId, keys);
}

/** Resolves this server's own did:web issuers from the database (no network); undefined for others. */
export function localDidResolver(deps: Pick<Deps, 'store' | 'urls'>): (did: string) => Promise<JsonObject | undefined> {
  const prefix = deps.urls.didWeb('');
  return async (did) => {
    if (!did.startsWith(prefix)) return undefined;
    const issuerId = did.slice(prefix.length);
    if (!issuerId || issuerId.includes(':')) return undefined;
    const keys = await deps.store.issuerKeys.listForIssuer(issuerId);
    return keys.length === 0 ? undefined : issuerDidDocument(deps, issuerId, keys);
  };
}
