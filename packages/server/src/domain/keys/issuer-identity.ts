import { didKeyFromPublicKeyMultibase, didKeyVerificationMethodId } from '@laurel/core';
import type { Deps } from '../deps.js';
import type { IssuerKey, IssuerRef } from './ports.js';

export type { IssuerRef };

/**
 * The DID an issuer signs as with a given Ed25519 key: its did:web (the same for every key
 * generation), or that key's did:key.
 */
export function issuerDidWith(urls: Deps['urls'], issuer: IssuerRef, ed25519: Pick<IssuerKey, 'publicKey'>): string {
  return issuer.identity === 'did:key' ? didKeyFromPublicKeyMultibase(ed25519.publicKey.publicKeyMultibase!) : urls.didWeb(issuer.id);
}

/**
 * Where a verifier finds a key: a did:web verification method, a did:key URL (Ed25519 keys of
 * did:key issuers), or the OB 2.0 CryptographicKey (RSA keys of did:key issuers, used for OB 2.0 only).
 */
export function verificationMethodOf(urls: Deps['urls'], issuer: IssuerRef, key: IssuerKey): string {
  if (issuer.identity === 'did:web') return `${urls.didWeb(issuer.id)}#${key.id}`;
  return key.algorithm === 'Ed25519' ? didKeyVerificationMethodId(key.publicKey.publicKeyMultibase!) : urls.ob2CryptographicKey(key.id);
}

/** The DID of credentials the issuer signs now. */
export async function currentIssuerDid(deps: Pick<Deps, 'store' | 'urls'>, issuer: IssuerRef): Promise<string> {
  if (issuer.identity === 'did:web') return deps.urls.didWeb(issuer.id);
  const keys = await deps.store.issuerKeys.listForIssuer(issuer.id);
  const active = keys.find((k) => k.algorithm === 'Ed25519' && k.status === 'active');
  if (!active) throw new Error(`issuer ${issuer.id} has no active Ed25519 key`);
  return issuerDidWith(deps.urls, issuer, active);
}
