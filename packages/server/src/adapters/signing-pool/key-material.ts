import type { IssuerKeyRepo, IssuerSigningIdentity, KeyVault } from '../../domain/keys/ports.js';
import { generationOf, type KeyGeneration } from './messages.js';

/**
 * Opens the plaintext of an issuer's active key generation (as named by the in-process key
 * cache) for the workers. The caller posts it and drops it; nothing here keeps it.
 */
export async function openKeyGeneration(
  deps: { keys: Pick<IssuerKeyRepo, 'listForIssuer'>; vault: KeyVault },
  issuerId: string,
  identity: Pick<IssuerSigningIdentity, 'issuerDid' | 'ed25519KeyId' | 'rsaKeyId'>,
): Promise<KeyGeneration> {
  const rows = await deps.keys.listForIssuer(issuerId);
  const row = (id: string) => {
    const key = rows.find((k) => k.id === id);
    if (!key) throw new Error(`issuer ${issuerId} has no key ${id}`);
    return key;
  };
  const ed = row(identity.ed25519KeyId);
  const rsa = row(identity.rsaKeyId);
  return {
    generation: generationOf(ed.id, rsa.id),
    issuerDid: identity.issuerDid,
    ed25519: { keyId: ed.id, publicKeyMultibase: ed.publicKey.publicKeyMultibase!, secretKeyMultibase: deps.vault.open(ed.sealedPrivateKey, ed.id) },
    rsa: { keyId: rsa.id, privateJwk: JSON.parse(deps.vault.open(rsa.sealedPrivateKey, rsa.id)) as Record<string, unknown> },
  };
}
