import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { aesGcmVault, loadOrCreateMasterKey } from '../adapters/keys/key-vault.js';
import { localKms } from '../adapters/keys/kms.js';
import { openStorage } from '../adapters/storage/db.js';
import { dataKeyStatus, rotateDataKey } from '../adapters/storage/rotate-data-key.js';
import { rotateIndexKey } from '../adapters/storage/rotate-index-key.js';
import { KEYS_USAGE } from './keys-usage.js';

/** `laurel keys …`: the personal-data keys (docs/privacy.md). */
export async function runKeysCommand(args: string[], config: Config): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'rotate-data' && sub !== 'rotate-index' && sub !== 'status') {
    console.error(`laurel keys needs rotate-data, rotate-index or status\n\n${KEYS_USAGE}`);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { batch: { type: 'string' }, 'settle-seconds': { type: 'string' } }, strict: true });
  const batch = values.batch === undefined ? undefined : Number(values.batch);
  const settle = values['settle-seconds'] === undefined ? undefined : Number(values['settle-seconds']);
  if ((batch !== undefined && !(Number.isInteger(batch) && batch > 0)) || (settle !== undefined && !(Number.isFinite(settle) && settle >= 0))) {
    console.error('--batch must be a positive integer and --settle-seconds a number of seconds');
    return 2;
  }
  const storage = openStorage({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile, prepareStatements: config.pgPreparedStatements });
  try {
    if (sub === 'status') {
      console.log(JSON.stringify(await dataKeyStatus(storage.db), null, 2));
      return 0;
    }
    // Never generate a master key here: a new one could not open the keys the servers wrote.
    const master = loadOrCreateMasterKey(config.masterKey, config.masterKeyFile, { mustExist: true });
    const rotate = sub === 'rotate-index' ? rotateIndexKey : rotateDataKey;
    const result = await rotate(storage.db, localKms(aesGcmVault(master.key)), {
      batch,
      settleMs: settle === undefined ? undefined : settle * 1000,
      log: (m) => console.error(m),
    });
    console.log(JSON.stringify(result, null, 2));
    return result.remaining === 0 ? 0 : 1;
  } finally {
    await storage.destroy();
  }
}
