import { calculateJwkThumbprint, exportJWK, exportSPKI, generateKeyPair, importJWK, type JWK } from 'jose';
import { KeyError } from './errors.js';

/** An RSA-2048 key pair as JWKs (RS256). `privateJwk` is what the host encrypts at rest. */
export interface RsaKeyMaterial {
  type: 'RSA';
  publicJwk: JWK;
  privateJwk: JWK;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

export async function generateRsaKeyPair(modulusLength = 2048): Promise<RsaKeyMaterial> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength, extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), alg: 'RS256' };
  return { type: 'RSA', publicJwk: publicJwkOf(privateJwk), privateJwk };
}

/** The public part of a JWK: never contains `d` or any other private member. */
export function publicJwkOf(jwk: JWK): JWK {
  const out: Record<string, unknown> = { ...jwk };
  for (const member of PRIVATE_MEMBERS) delete out[member];
  delete out.key_ops;
  return out as JWK;
}

/** SPKI PEM of an RSA public JWK (the OB 2.0 CryptographicKey `publicKeyPem`). */
export async function publicJwkToPem(publicJwk: JWK): Promise<string> {
  const key = await importRsaPublicKey(publicJwk);
  return exportSPKI(key);
}

/** RFC 7638 thumbprint, handy as a stable key id. */
export async function jwkThumbprint(jwk: JWK): Promise<string> {
  return calculateJwkThumbprint(publicJwkOf(jwk), 'sha256');
}

function assertRsa(jwk: JWK, wantPrivate: boolean): void {
  if (jwk.kty !== 'RSA') throw new KeyError('unsupported-key', `Expected an RSA JWK, got kty ${String(jwk.kty)}`);
  if (wantPrivate && !jwk.d) throw new KeyError('invalid-key', 'The RSA JWK has no private part');
}

/** Imports a stored private JWK once for RS256 signing (reuse the CryptoKey). */
export async function importRsaPrivateKey(privateJwk: JWK): Promise<CryptoKey> {
  assertRsa(privateJwk, true);
  try {
    return (await importJWK({ ...privateJwk, alg: 'RS256' }, 'RS256')) as CryptoKey;
  } catch (cause) {
    throw new KeyError('invalid-key', 'RSA private key could not be imported', { cause });
  }
}

export async function importRsaPublicKey(publicJwk: JWK): Promise<CryptoKey> {
  assertRsa(publicJwk, false);
  try {
    return (await importJWK({ ...publicJwkOf(publicJwk), alg: 'RS256' }, 'RS256')) as CryptoKey;
  } catch (cause) {
    throw new KeyError('invalid-key', 'RSA public key could not be imported', { cause });
  }
}
