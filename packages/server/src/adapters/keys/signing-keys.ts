import { createEd25519Signer, importEd25519PrivateKey, type SigningKeys } from '@laurel/core';
import { issuerDidWith, verificationMethodOf, type IssuerRef } from '../../domain/keys/issuer-identity.js';
import type { IssuerKeyRepo, IssuerSigningIdentity, KeyVault, SigningKeysProvider } from '../../domain/keys/ports.js';
import type { PublicUrls } from '../../domain/deps.js';
import { nodeEd25519Importer } from './node-ed25519-signer.js';
import { importRsaKeyObject, keyObjectOf, nodeJwsSigner } from './node-jws-signer.js';

/**
 * Opens and imports an issuer's keys once per generation, then serves them from memory until
 * rotation (or `maxAgeMs`). Decrypted key material lives only inside the imported key objects.
 */
export function cachedSigningKeys(deps: {
  keys: Pick<IssuerKeyRepo, 'listForIssuer'>;
  vault: KeyVault;
  urls: PublicUrls;
  /**
   * How long a generation is used before the key rows are read again: another instance of a
   * cluster may have rotated the keys (this one's own rotations drop the cache at once).
   */
  maxAgeMs?: number | undefined;
  nowMs?: (() => number) | undefined;
}): SigningKeysProvider {
  const maxAgeMs = deps.maxAgeMs ?? 60_000;
  const nowMs = deps.nowMs ?? Date.now;
  const cache = new Map<string, { identity: Promise<IssuerSigningIdentity>; loadedAt: number }>();

  async function load(issuer: IssuerRef, ed25519KeyId: string | undefined): Promise<IssuerSigningIdentity> {
    const keys = await deps.keys.listForIssuer(issuer.id);
    const ed = keys.find((k) => k.algorithm === 'Ed25519' && (ed25519KeyId ? k.id === ed25519KeyId : k.status === 'active'));
    if (!ed) throw new Error(`issuer ${issuer.id} has no ${ed25519KeyId ? `Ed25519 key ${ed25519KeyId}` : 'active Ed25519 key'}`);
    // The RSA key made with that Ed25519 key (a generation is created at one instant), else the active one.
    const rsa = keys.find((k) => k.algorithm === 'RSA' && k.createdAt === ed.createdAt) ?? keys.find((k) => k.algorithm === 'RSA' && k.status === 'active');
    if (!rsa) throw new Error(`issuer ${issuer.id} has no RSA key`);
    const issuerDid = issuerDidWith(deps.urls, issuer, ed);
    const edMaterial = { publicKeyMultibase: ed.publicKey.publicKeyMultibase!, secretKeyMultibase: deps.vault.open(ed.sealedPrivateKey, ed.id) };
    // JWS keys as node:crypto KeyObjects, signed synchronously by nodeJwsSigner (core's default would be WebCrypto).
    const rsaKey = importRsaKeyObject(JSON.parse(deps.vault.open(rsa.sealedPrivateKey, rsa.id)) as Record<string, unknown>);
    const rsaKid = issuer.identity === 'did:web' ? verificationMethodOf(deps.urls, issuer, rsa) : deps.urls.ob2CryptographicKey(rsa.id);
    const signingKeys: SigningKeys = {
      // node:crypto signs Data Integrity proofs (same signatures as core's WebCrypto default, less CPU).
      dataIntegrity: await createEd25519Signer(edMaterial, verificationMethodOf(deps.urls, issuer, ed), { importKey: nodeEd25519Importer }),
      rsa: { privateKey: rsaKey, kid: rsaKid, creator: deps.urls.ob2CryptographicKey(rsa.id) },
      // A did:key issuer cannot own an RSA key, so its VC-JWTs are EdDSA under the did:key.
      ...(issuer.identity === 'did:key'
        ? { vcJwt: { alg: 'EdDSA' as const, privateKey: keyObjectOf(await importEd25519PrivateKey(edMaterial)), kid: verificationMethodOf(deps.urls, issuer, ed) } }
        : {}),
      jwsSigner: nodeJwsSigner,
    };
    return {
      issuerDid,
      ed25519KeyId: ed.id,
      rsaKeyId: rsa.id,
      vcJwtKeyId: issuer.identity === 'did:key' ? ed.id : rsa.id,
      statusListKey: issuer.identity === 'did:key' ? ed.id : undefined,
      keys: signingKeys,
    };
  }

  return {
    forIssuer(issuer, options) {
      const cacheKey = options?.ed25519KeyId ? `${issuer.id}#${options.ed25519KeyId}` : issuer.id;
      let entry = cache.get(cacheKey);
      if (!entry || nowMs() - entry.loadedAt > maxAgeMs) {
        const identity = load(issuer, options?.ed25519KeyId);
        const fresh = { identity, loadedAt: nowMs() };
        identity.catch(() => cache.get(cacheKey) === fresh && cache.delete(cacheKey));
        cache.set(cacheKey, (entry = fresh));
      }
      return entry.identity;
    },
    forget(issuerId) {
      for (const key of cache.keys()) if (key === issuerId || key.startsWith(`${issuerId}#`)) cache.delete(key);
    },
  };
}
