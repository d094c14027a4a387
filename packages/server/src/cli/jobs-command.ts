import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { aesGcmVault, loadOrCreateMasterKey } from '../adapters/keys/key-vault.js';
import { localKms } from '../adapters/keys/kms.js';
import { openStorage } from '../adapters/storage/db.js';
import { personalDataKeys } from '../adapters/storage/personal-data.js';
import { listJobFailures } from '../adapters/storage/repos/jobs.repo.js';
import { JOBS_USAGE } from './jobs-usage.js';

/** `laurel jobs failed`: what the job runner could not do, and why (docs/privacy.md: the errors are sealed at rest). */
export async function runJobsCommand(args: string[], config: Config): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'failed') {
    console.error(`laurel jobs needs failed\n\n${JOBS_USAGE}`);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { limit: { type: 'string' } }, strict: true });
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    console.error('--limit must be a whole number from 1 to 1000');
    return 2;
  }
  const storage = openStorage({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile, prepareStatements: config.pgPreparedStatements });
  try {
    // Never generate a master key here: a new one could not open what the servers sealed.
    const master = loadOrCreateMasterKey(config.masterKey, config.masterKeyFile, { mustExist: true });
    const keys = personalDataKeys(storage.db, localKms(aesGcmVault(master.key)));
    console.log(JSON.stringify(await listJobFailures(storage.db, keys, limit), null, 2));
    return 0;
  } finally {
    await storage.destroy();
  }
}
