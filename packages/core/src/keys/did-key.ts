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

/** A did:key's DID document: its one key, in every verification relationship (Multikey form). */
function didKeyDocumentFor(did: string, publicKeyMultibase: string): JsonObject {
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

/** The DID document of an Ed25519 `did:key`, as did:key resolvers produce it (Multikey form). */
export function didKeyDocument(publicKeyMultibase: string): JsonObject {
  return didKeyDocumentFor(didKeyFromPublicKeyMultibase(publicKeyMultibase), publicKeyMultibase);
}

/**
 * ECDSA public keys as multibase Multikeys (base58btc, compressed point): P-256 (multicodec 0x1200)
 * starts with `zDn`, P-384 (0x1201) with `z82`. Shape only: the key itself is checked where it is used.
 */
const P256_MULTIBASE = /^zDn[1-9A-HJ-NP-Za-km-z]{44,46}$/;
const P384_MULTIBASE = /^z82[1-9A-HJ-NP-Za-km-z]{64,68}$/;

/** The curve of a Multikey's `publicKeyMultibase` (Ed25519, P-256, P-384), or undefined. */
export function multikeyCurve(publicKeyMultibase: string): 'Ed25519' | 'P-256' | 'P-384' | undefined {
  if (isEd25519PublicKeyMultibase(publicKeyMultibase)) return 'Ed25519';
  if (P256_MULTIBASE.test(publicKeyMultibase)) return 'P-256';
  if (P384_MULTIBASE.test(publicKeyMultibase)) return 'P-384';
  return undefined;
}

/**
 * The public key inside a did:key of any curve Laurel verifies (Ed25519, P-256, P-384):
 * `did:key:<key>` or `did:key:<key>#<key>`, or undefined if it is not one.
 */
export function multikeyFromDidKey(didUrl: string): string | undefined {
  const match = /^did:key:(z[1-9A-HJ-NP-Za-km-z]+)(?:#(.+))?$/.exec(didUrl);
  if (!match) return undefined;
  const [, key, fragment] = match;
  if (!key || !multikeyCurve(key)) return undefined;
  if (fragment !== undefined && fragment !== key) return undefined;
  return key;
}

/** The DID document of a did:key of any supported curve (Multikey form, as did:key resolvers give it). */
export function multikeyDidKeyDocument(publicKeyMultibase: string): JsonObject {
  if (isEd25519PublicKeyMultibase(publicKeyMultibase)) return didKeyDocument(publicKeyMultibase);
  if (!multikeyCurve(publicKeyMultibase)) throw new TypeError('publicKeyMultibase must be an Ed25519, P-256 or P-384 multikey');
  return didKeyDocumentFor(`did:key:${publicKeyMultibase}`, publicKeyMultibase);
}
