import { DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT } from '../contexts/urls.js';
import type { JsonObject } from '../contexts/bundled.js';

/** Ed25519 public keys as multibase (base58btc, multicodec 0xed01) always start with `z6Mk`. */
const ED25519_MULTIBASE = /^z6Mk[1-9A-HJ-NP-Za-km-z]{43,45}$/;

export function isEd25519PublicKeyMultibase(value: string): boolean {
  return ED25519_MULTIBASE.test(value);
}

/** `did:key` of an Ed25519 public key (multibase `z6Mk…`). */
export function didKeyFromPublicKeyMultibase(publicKeyMultibase: string): string {
  if (!isEd25519PublicKeyMultibase(publicKeyMultibase)) {
    throw new TypeError('publicKeyMultibase must be an Ed25519 multikey (z6Mk…)');
  }
  return `did:key:${publicKeyMultibase}`;
}

/** The verification method id of a did:key: `did:key:z6Mk…#z6Mk…`. */
export function didKeyVerificationMethodId(publicKeyMultibase: string): string {
  return `${didKeyFromPublicKeyMultibase(publicKeyMultibase)}#${publicKeyMultibase}`;
}

/** The public key inside `did:key:z6Mk…` or `did:key:z6Mk…#z6Mk…`, or undefined if it is not one. */
export function publicKeyFromDidKey(didUrl: string): string | undefined {
  const match = /^did:key:(z6Mk[1-9A-HJ-NP-Za-km-z]+)(?:#(.+))?$/.exec(didUrl);
  if (!match) return undefined;
  const [, key, fragment] = match;
  if (!key || !isEd25519PublicKeyMultibase(key)) return undefined;
  if (fragment !== undefined && fragment !== key) return undefined;
  return key;
}

/** A Multikey verification method document (with its own `@context`, as a loader returns it). */
export function multikeyVerificationMethod(input: { id: string; controller: string; publicKeyMultibase: string }): JsonObject {
  return {
    '@context': MULTIKEY_V1_CONTEXT,
    id: input.id,
    type: 'Multikey',
    controller: input.controller,
    publicKeyMultibase: input.publicKeyMultibase,
  };
}

/** The DID document of an Ed25519 `did:key`, as did:key resolvers produce it (Multikey form). */
export function didKeyDocument(publicKeyMultibase: string): JsonObject {
  const did = didKeyFromPublicKeyMultibase(publicKeyMultibase);
  const vmId = `${did}#${publicKeyMultibase}`;
  return {
    '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
    id: did,
    verificationMethod: [{ id: vmId, type: 'Multikey', controller: did, publicKeyMultibase }],
    authentication: [vmId],
    assertionMethod: [vmId],
    capabilityDelegation: [vmId],
    capabilityInvocation: [vmId],
  };
}
