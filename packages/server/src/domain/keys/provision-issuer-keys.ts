import { generateEd25519KeyPair, generateRsaKeyPair, type JsonObject } from '@laurel/core';
import type { Deps } from '../deps.js';
import type { IssuerKey } from './ports.js';

/**
 * A new key generation for an issuer: an Ed25519 Multikey (Data Integrity) and an RSA-2048 key
 * (RS256 for VC-JWT and OB 2.0 JWS). Private parts are sealed before they leave this function.
 */
export async function generateIssuerKeys(
  deps: Pick<Deps, 'ids' | 'clock' | 'vault'>,
  input: { orgId: string; issuerId: string },
): Promise<IssuerKey[]> {
  const [ed, rsa] = await Promise.all([generateEd25519KeyPair(), generateRsaKeyPair()]);
  const now = deps.clock.now().toISOString();
  const edId = deps.ids.id();
  const rsaId = deps.ids.id();
  return [
    {
      id: edId,
      orgId: input.orgId,
      issuerId: input.issuerId,
      algorithm: 'Ed25519',
      publicKey: { publicKeyMultibase: ed.publicKeyMultibase },
      sealedPrivateKey: deps.vault.seal(ed.secretKeyMultibase, edId),
      status: 'active',
      createdAt: now,
      retiredAt: null,
    },
    {
      id: rsaId,
      orgId: input.orgId,
      issuerId: input.issuerId,
      algorithm: 'RSA',
      publicKey: { publicJwk: rsa.publicJwk as JsonObject },
      sealedPrivateKey: deps.vault.seal(JSON.stringify(rsa.privateJwk), rsaId),
      status: 'active',
      createdAt: now,
      retiredAt: null,
    },
  ];
}
