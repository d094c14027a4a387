import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyVault } from '../../domain/keys/ports.js';
import { parseMasterKey } from '../../master-key.js';

const VERSION = 'v1';

/**
 * Envelope for private keys at rest: AES-256-GCM under the master key, a fresh 96-bit IV per
 * secret, and the key row's id as additional authenticated data (a sealed key cannot be moved
 * to another row). Format: `v1.<iv>.<tag>.<ciphertext>` in base64url.
 */
export function aesGcmVault(masterKey: Buffer): KeyVault {
  if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
  return {
    seal(plaintext, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), ct].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    open(sealed, aad) {
      const [version, iv, tag, ct] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || !ct) throw new Error('not a sealed secret of this vault');
      const decipher = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * The master key from the configuration, else from `<dataDir>/master.key`, generated (mode 0600)
 * on first use. Losing that file makes every stored private key unusable: back it up.
 */
export function loadOrCreateMasterKey(configured: Buffer | undefined, file: string, options: { mustExist?: boolean } = {}): { key: Buffer; source: 'config' | 'file' | 'generated' } {
  if (configured) return { key: configured, source: 'config' };
  if (existsSync(file)) {
    const key = parseMasterKey(readFileSync(file, 'utf8'));
    if (!key) throw new Error(`${file} does not hold a 32-byte master key`);
    return { key, source: 'file' };
  }
  // A file named on purpose (LAUREL_MASTER_KEY_FILE, e.g. a mounted secret) is never made up: a cluster
  // whose instances each generated their own key could not read one another's issuer keys.
  if (options.mustExist) throw new Error(`the master key file ${file} does not exist (LAUREL_MASTER_KEY_FILE)`);
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { key, source: 'generated' };
}
