import type { KeyVault } from '../../domain/keys/ports.js';

/**
 * The key-management port of envelope encryption: it wraps and unwraps data keys and never sees the
 * data. The local implementation wraps under the master key (LAUREL_MASTER_KEY or its file); a cloud
 * KMS (AWS KMS, Google Cloud KMS, Azure Key Vault, HashiCorp Vault transit) implements the same two calls.
 * `context` is bound to the wrapped key (AES-GCM additional data): a wrapped key cannot be moved to
 * another row or purpose.
 */
export interface Kms {
  /** A short name for logs and the key table (`local` for the master key). */
  readonly name: string;
  wrap(key: Buffer, context: string): Promise<string>;
  unwrap(wrapped: string, context: string): Promise<Buffer>;
}

/** Data keys wrapped by the local master key, through the same AES-256-GCM vault that seals issuer keys. */
export function localKms(vault: KeyVault): Kms {
  return {
    name: 'local',
    wrap: async (key, context) => vault.seal(key.toString('base64'), `data-key\n${context}`),
    unwrap: async (wrapped, context) => Buffer.from(vault.open(wrapped, `data-key\n${context}`), 'base64'),
  };
}
