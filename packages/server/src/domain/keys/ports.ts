import type { JsonObject, SigningKeys } from '@laurel/core';
import type { Issuer } from '../issuers/ports.js';

/** The parts of an issuer its signing identity depends on. */
export type IssuerRef = Pick<Issuer, 'id' | 'identity'>;

export type KeyAlgorithm = 'Ed25519' | 'RSA';
/** `active` signs new credentials; `previous` stays published so older credentials verify; `retired` is published with its end date. */
export type KeyStatus = 'active' | 'previous' | 'retired';

export interface IssuerKey {
  id: string;
  orgId: string;
  issuerId: string;
  algorithm: KeyAlgorithm;
  /** Ed25519: `{ publicKeyMultibase }`; RSA: `{ publicJwk }`. Public material only. */
  publicKey: { publicKeyMultibase?: string; publicJwk?: JsonObject };
  /** The private key, sealed by the KeyVault (AES-256-GCM); never leaves the server. */
  sealedPrivateKey: string;
  status: KeyStatus;
  createdAt: string;
  retiredAt: string | null;
}

export interface IssuerKeyRepo {
  insert(key: IssuerKey): Promise<void>;
  /** All keys of an issuer, newest first (public lookup: keys are published). */
  listForIssuer(issuerId: string): Promise<IssuerKey[]>;
  findPublic(id: string): Promise<IssuerKey | undefined>;
  setStatus(orgId: string, id: string, status: KeyStatus, retiredAt: string | null): Promise<void>;
}

/** Seals private keys at rest. `aad` binds a sealed secret to its row. */
export interface KeyVault {
  seal(plaintext: string, aad: string): string;
  open(sealed: string, aad: string): string;
}

/** Imported, ready-to-sign keys of an issuer, and the identifiers they sign as. */
export interface IssuerSigningIdentity {
  /** The OB 3.0 issuer id: the issuer's did:web, or the did:key of this generation's Ed25519 key. */
  issuerDid: string;
  keys: SigningKeys;
  ed25519KeyId: string;
  rsaKeyId: string;
  /** The key the VC-JWT is signed with (RSA under did:web, Ed25519 under did:key). */
  vcJwtKeyId: string;
  /**
   * did:key issuers: the key generation whose status lists this identity's credentials use (a
   * status list must be issued by the credential's issuer, and a did:key changes with rotation).
   */
  statusListKey?: string | undefined;
}

export interface SigningKeysProvider {
  /** Keys of the issuer's active generation (or of the generation of one Ed25519 key), imported once and cached. */
  forIssuer(issuer: IssuerRef, options?: { ed25519KeyId?: string | undefined }): Promise<IssuerSigningIdentity>;
  /** Drop every cached generation of an issuer (after rotation). */
  forget(issuerId: string): void;
}
