import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, openStorage } from './db.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('the SQLite database is readable by its owner only', () => {
  it('creates the data directory 0700 and the database, -wal and -shm files 0600, whatever the umask', async () => {
    const previous = process.umask(0o022);
    try {
      const dir = join(mkdtempSync(join(tmpdir(), 'laurel-perm-')), 'data', 'nested');
      const file = join(dir, 'laurel.db');
      const storage = openStorage({ sqliteFile: file });
      await migrateToLatest(storage.db);
      expect(mode(join(dir, '..'))).toBe(0o700);
      expect(mode(dir)).toBe(0o700);
      for (const path of [file, `${file}-wal`, `${file}-shm`]) expect(mode(path), path).toBe(0o600);
      await storage.destroy();
    } finally {
      process.umask(previous);
    }
  });

  it('narrows a database file (and its -wal) created world-readable before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'laurel-perm-'));
    const file = join(dir, 'old.db');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    writeFileSync(`${file}-wal`, '');
    chmodSync(`${file}-wal`, 0o666);
    const storage = openStorage({ sqliteFile: file });
    await migrateToLatest(storage.db);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    await storage.destroy();
  });
});
