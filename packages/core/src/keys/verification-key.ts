import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { JsonObject } from '../contexts/bundled.js';
import { MULTIKEY_V1_CONTEXT } from '../contexts/urls.js';
import { Lru } from '../lru.js';
import { multikeyCurve } from './did-key.js';

export type KeyCurve = 'Ed25519' | 'P-256' | 'P-384';

/** A verification method's public key, whatever form its controller document gave it in. */
export type VerificationKey = { ok: true; curve: KeyCurve; publicKeyMultibase: string } | { ok: false; detail: string };

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys already decoded (the same issuer key verifies many credentials): the check is pure. */
const decoded = new Lru<string, VerificationKey>(1024);

/** Multikey and Ed25519VerificationKey2020 (`publicKeyMultibase`, multicodec-prefixed). */
async function fromMultibase(value: string): Promise<VerificationKey> {
  const known = decoded.get(value);
  if (known) return known;
  const key = await decodeMultibase(value);
  decoded.set(value, key);
  return key;
}

async function decodeMultibase(value: string): Promise<VerificationKey> {
  const curve = multikeyCurve(value);
  if (!curve) return { ok: false, detail: 'publicKeyMultibase is not an Ed25519, P-256 or P-384 multikey' };
  // Decode it once here, so that a malformed point is refused before any signature work.
  if (curve === 'Ed25519') await Ed25519Multikey.from({ type: 'Multikey', publicKeyMultibase: value });
  else await EcdsaMultikey.from({ type: 'Multikey', publicKeyMultibase: value });
  return { ok: true, curve, publicKeyMultibase: value };
}

async function fromJwk(jwk: JsonObject): Promise<VerificationKey> {
  if ('d' in jwk) return { ok: false, detail: 'publicKeyJwk holds a private key' };
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    const pair = await Ed25519Multikey.fromJwk({ jwk });
    return { ok: true, curve: 'Ed25519', publicKeyMultibase: pair.publicKeyMultibase };
  }
  if (jwk.kty === 'EC' && (jwk.crv === 'P-256' || jwk.crv === 'P-384')) {
    const pair = await EcdsaMultikey.fromJwk({ jwk });
    return { ok: true, curve: jwk.crv, publicKeyMultibase: pair.publicKeyMultibase };
  }
  return { ok: false, detail: `publicKeyJwk ${String(jwk.kty)}/${String(jwk.crv)} is not Ed25519, P-256 or P-384` };
}

async function read(method: JsonObject): Promise<VerificationKey> {
  const type = method.type;
  if (isObject(method.publicKeyJwk)) {
    if (type !== undefined && type !== 'JsonWebKey' && type !== 'JsonWebKey2020') return { ok: false, detail: `a ${String(type)} cannot carry publicKeyJwk` };
    return fromJwk(method.publicKeyJwk);
  }
  if (typeof method.publicKeyMultibase === 'string') {
    if (type !== undefined && type !== 'Multikey' && type !== 'Ed25519VerificationKey2020') return { ok: false, detail: `a ${String(type)} cannot carry publicKeyMultibase` };
    const key = await fromMultibase(method.publicKeyMultibase);
    if (key.ok && type === 'Ed25519VerificationKey2020' && key.curve !== 'Ed25519') return { ok: false, detail: 'an Ed25519VerificationKey2020 must hold an Ed25519 key' };
    return key;
  }
  if (typeof method.publicKeyBase58 === 'string') {
    if (type !== 'Ed25519VerificationKey2018') return { ok: false, detail: `publicKeyBase58 is read only for Ed25519VerificationKey2018, not ${String(type)}` };
    // Read in the key type's own context: a DID document's @context says nothing about the key's form.
    const pair = await Ed25519Multikey.from({ type: 'Ed25519VerificationKey2018', publicKeyBase58: method.publicKeyBase58 });
    return { ok: true, curve: 'Ed25519', publicKeyMultibase: pair.publicKeyMultibase };
  }
  return { ok: false, detail: 'the verification method has no publicKeyMultibase, publicKeyJwk or publicKeyBase58' };
}

/**
 * The public key of a verification method as its controller document describes it: Multikey
 * (Ed25519, P-256, P-384), Ed25519VerificationKey2020 / 2018, JsonWebKey / JsonWebKey2020 (OKP
 * Ed25519, EC P-256 / P-384). Never throws.
 */
export async function verificationKeyOf(method: JsonObject): Promise<VerificationKey> {
  try {
    return await read(method);
  } catch (error) {
    return { ok: false, detail: `unreadable public key: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The same key as a Multikey verification method (id and controller kept), the form the suites read. */
export function asMultikeyMethod(method: JsonObject, key: { publicKeyMultibase: string }): JsonObject {
  return { '@context': MULTIKEY_V1_CONTEXT, id: method.id, type: 'Multikey', controller: method.controller, publicKeyMultibase: key.publicKeyMultibase };
}
