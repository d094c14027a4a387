import { aesGcmVault } from '../../src/adapters/keys/key-vault.js';
import { localKms } from '../../src/adapters/keys/kms.js';
import { UnknownDataKey, readKeys } from '../../src/adapters/storage/personal-data.js';
import { SEALED_COLUMNS, sealContext, ssoSubjectIndex } from '../../src/adapters/storage/sealed-columns.js';
import { TEST_MASTER_KEY } from './pg-template.js';
import type { TestContext } from './test-app.js';

/**
 * Every sealed value of every sealed column, opened with the keys in the key table (what someone holding the
 * database and the master key reads), as text. A value whose key is gone (a deleted organisation's) cannot be
 * opened: it is counted in `unopenable`, never guessed at.
 */
export async function openedSealedValues(ctx: TestContext): Promise<{ text: string; unopenable: number }> {
  const ring = await readKeys(ctx.storage.db, localKms(aesGcmVault(TEST_MASTER_KEY)));
  if (!ring) throw new Error('no personal-data keys');
  const parts: string[] = [];
  let unopenable = 0;
  for (const t of SEALED_COLUMNS) {
    const rows: Record<string, string | null>[] = await ctx.storage.db.selectFrom(t.table as never).select(t.columns as never).execute();
    for (const row of rows) {
      for (const c of t.columns) {
        const value = row[c] ?? null;
        if (value === null) continue;
        try {
          parts.push(`${t.table}.${c}: ${ring.open(value, sealContext(t.table, c))}`);
        } catch (error) {
          if (!(error instanceof UnknownDataKey)) throw error;
          unopenable++;
        }
      }
    }
  }
  return { text: parts.join('\n'), unopenable };
}

/** The blind index an identity provider's subject is stored under (sso_identities / sso_sessions `subject_index`): what a test queries by. */
export async function ssoSubjectIndexOf(ctx: TestContext, subject: string): Promise<string> {
  const ring = await readKeys(ctx.storage.db, localKms(aesGcmVault(TEST_MASTER_KEY)));
  if (!ring) throw new Error('no personal-data keys');
  return ssoSubjectIndex(ring, subject);
}
