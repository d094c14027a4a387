import { createEd25519Signer, importRsaPrivateKey } from '@laurel/core';
import type { IssuerKey, IssuerKeyRepo, IssuerSigningIdentity, KeyVault, SigningKeysProvider } from '../../domain/keys/ports.js';
import type { PublicUrls } from '../../domain/deps.js';

/**
 * Opens and imports an issuer's active keys once, then serves them from memory until rotation.
 * Decrypted key material lives only inside the imported signer objects.
 */
export function cachedSigningKeys(deps: { keys: Pick<IssuerKeyRepo, 'listForIssuer'>; vault: KeyVault; urls: PublicUrls }): SigningKeysProvider {
  const cache = new Map<string, Promise<IssuerSigningIdentity>>();

  async function load(issuerId: string): Promise<IssuerSigningIdentity> {
    const keys = await deps.keys.listForIssuer(issuerId);
    const active = (algorithm: IssuerKey['algorithm']) => {
      const key = keys.find((k) => k.algorithm === algorithm && k.status === 'active');
      if (!key) throw new Error(`issuer ${issuerId} has no active ${algorithm} key`);
      return key;
    };
    const ed = active('Ed25519');
    const rsa = active('RSA');
    const issuerDid = deps.urls.didWeb(issuerId);
    const signer = await createEd25519Signer(
      { publicKeyMultibase: ed.publicKey.publicKeyMultibase!, secretKeyMultibase: deps.vault.open(ed.sealedPrivateKey, ed.id) },
      `${issuerDid}#${ed.id}`,
    );
    const privateKey = await importRsaPrivateKey(JSON.parse(deps.vault.open(rsa.sealedPrivateKey, rsa.id)) as Parameters<typeof importRsaPrivateKey>[0]);
    return {
      issuerDid,
      ed25519KeyId: ed.id,
      rsaKeyId: rsa.id,
      keys: { dataIntegrity: signer, rsa: { privateKey, kid: `${issuerDid}#${rsa.id}`, creator: deps.urls.ob2CryptographicKey(rsa.id) } },
    };
  }

  return {
    forIssuer(issuerId) {
      let entry = cache.get(issuerId);
      if (!entry) {
        entry = load(issuerId);
        entry.catch(() => cache.delete(issuerId));
        cache.set(issuerId, entry);
      }
      return entry;
    },
    forget(issuerId) {
      cache.delete(issuerId);
    },
  };
}
