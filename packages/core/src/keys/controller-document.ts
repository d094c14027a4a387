import type { JWK } from 'jose';
import type { JsonObject } from '../contexts/bundled.js';
import { DID_V1_CONTEXT, JWS_2020_CONTEXT, MULTIKEY_V1_CONTEXT } from '../contexts/urls.js';
import { publicJwkOf } from './rsa.js';

export interface PublishedMultikey {
  /** Full verification method id, e.g. `did:web:badges.example.org:issuers:abc#key-1`. */
  id: string;
  publicKeyMultibase: string;
  /** ISO 8601 instant the key was retired: it still verifies what it signed before. */
  revoked?: string | undefined;
}

export interface PublishedJwk {
  id: string;
  publicJwk: JWK;
  revoked?: string | undefined;
}

/**
 * A controller document (did:web `did.json`, or an https issuer key document) listing the
 * issuer's keys under `verificationMethod` and `assertionMethod`. Retired keys stay listed with
 * `revoked`, so credentials they signed before that instant still verify.
 */
export function buildControllerDocument(input: {
  id: string;
  multikeys?: PublishedMultikey[];
  jsonWebKeys?: PublishedJwk[];
}): JsonObject {
  const multikeys = (input.multikeys ?? []).map((k) => ({
    id: k.id,
    type: 'Multikey',
    controller: input.id,
    publicKeyMultibase: k.publicKeyMultibase,
    ...(k.revoked ? { revoked: k.revoked } : {}),
  }));
  const jwks = (input.jsonWebKeys ?? []).map((k) => ({
    id: k.id,
    type: 'JsonWebKey2020',
    controller: input.id,
    publicKeyJwk: publicJwkOf(k.publicJwk),
    ...(k.revoked ? { revoked: k.revoked } : {}),
  }));
  const methods = [...multikeys, ...jwks];
  const context = [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT, ...(jwks.length > 0 ? [JWS_2020_CONTEXT] : [])];
  return {
    '@context': context,
    id: input.id,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}
