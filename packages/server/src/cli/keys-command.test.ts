import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PASSWORD, TEST_MASTER_KEY, createTestApp, setupOrganisation, type TestContext } from '../../test/support/test-app.js';
import { loadConfig } from '../config.js';
import { KEYRING_REFRESH_MS } from '../adapters/storage/personal-data.js';
import { runKeysCommand } from './keys-command.js';

/** `laurel keys rotate-index` and `status` against the SQLite file a running app uses (the app keeps signing people in). */
describe('laurel keys rotate-index (sqlite, beside a running app)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'laurel-keys-cli-'));
  const config = loadConfig({ LAUREL_DATA_DIR: dir, LAUREL_MASTER_KEY: TEST_MASTER_KEY.toString('hex') }, dir);
  let ctx: TestContext;
  const OWNER = 'keys.owner@acme.example';
  const output: string[] = [];

  beforeAll(async () => {
    ctx = await createTestApp('sqlite', { sqliteFile: config.sqliteFile });
    await setupOrganisation(ctx.app, 'Acme University', OWNER);
    vi.spyOn(console, 'log').mockImplementation((m: unknown) => void output.push(String(m)));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    vi.useRealTimers();
    await ctx?.close();
  });

  const signIn = () => ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: OWNER.toUpperCase(), password: PASSWORD } });

  it('rotates the blind-index key and reports the keys; sign-in works before and after', async () => {
    expect((await signIn()).statusCode).toBe(200);
    expect(await runKeysCommand(['rotate-index', '--settle-seconds', '0', '--batch', '1'], config)).toBe(0);
    expect(JSON.parse(output.pop()!)).toMatchObject({ keyId: 'bi-2', retired: ['bi-1'], remaining: 0 });
    expect(await runKeysCommand(['status'], config)).toBe(0);
    const keys = JSON.parse(output.pop()!) as Array<{ id: string; purpose: string; state: string }>;
    expect(keys.filter((k) => k.purpose === 'blind-index').map((k) => [k.id, k.state])).toEqual([['bi-1', 'retired'], ['bi-2', 'active']]);
    expect(JSON.stringify(keys)).not.toContain('wrapped');
    // The running app re-reads the key table within its refresh: then it finds the owner under the new key.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + KEYRING_REFRESH_MS + 1000);
    expect((await signIn()).statusCode).toBe(200);
    vi.useRealTimers();
  });

  it('refuses a bad option or sub-command without touching the keys', async () => {
    expect(await runKeysCommand(['rotate-index', '--batch', '0'], config)).toBe(2);
    expect(await runKeysCommand(['rotate-index', '--settle-seconds', 'soon'], config)).toBe(2);
    expect(await runKeysCommand(['rotate-everything'], config)).toBe(2);
    expect(await runKeysCommand(['rotate-index', '--unknown'], config).catch(() => 2)).toBe(2);
  });
});
