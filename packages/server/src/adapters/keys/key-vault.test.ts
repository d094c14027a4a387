import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMasterKey } from '../../master-key.js';
import { aesGcmVault, loadOrCreateMasterKey } from './key-vault.js';

describe('key vault', () => {
  const vault = aesGcmVault(Buffer.alloc(32, 7));

  it('round-trips, hides the plaintext, and binds the sealed secret to its row', () => {
    const sealed = vault.seal('{"d":"secret-private-part"}', 'key-1');
    expect(sealed).not.toContain('secret');
    expect(vault.open(sealed, 'key-1')).toBe('{"d":"secret-private-part"}');
    expect(() => vault.open(sealed, 'key-2')).toThrow();
    const [v, iv, tag, ct] = sealed.split('.');
    const flipped = Buffer.from(ct!, 'base64url');
    flipped[0]! ^= 1;
    expect(() => vault.open([v, iv, tag, flipped.toString('base64url')].join('.'), 'key-1')).toThrow();
    expect(() => aesGcmVault(Buffer.alloc(32, 8)).open(sealed, 'key-1')).toThrow();
    expect(vault.seal('x', 'a')).not.toBe(vault.seal('x', 'a'));
  });

  it('generates a master key file readable only by its owner, then reuses it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'laurel-mk-')), 'master.key');
    const first = loadOrCreateMasterKey(undefined, file);
    expect(first.source).toBe('generated');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadOrCreateMasterKey(undefined, file);
    expect(again.source).toBe('file');
    expect(again.key.equals(first.key)).toBe(true);
    expect(parseMasterKey('00'.repeat(32))?.length).toBe(32);
    expect(parseMasterKey('short')).toBeUndefined();
  });

  it('never generates a key file that was named on purpose (a mounted secret that is missing)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'laurel-mk-'));
    const file = join(dir, 'master.key');
    expect(() => loadOrCreateMasterKey(undefined, file, { mustExist: true })).toThrow(/does not exist/);
    expect(existsSync(file)).toBe(false);
    writeFileSync(file, `${Buffer.alloc(32, 7).toString('base64')}\n`);
    expect(loadOrCreateMasterKey(undefined, file, { mustExist: true })).toMatchObject({ source: 'file', key: Buffer.alloc(32, 7) });
  });
});
