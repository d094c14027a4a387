import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { isAppError } from '../domain/shared/errors.js';
import { VERIFY_USAGE } from './verify-usage.js';
import { KEYS_USAGE } from './keys-usage.js';
import { JOBS_USAGE } from './jobs-usage.js';

// Each command loads only what it needs: `laurel verify` never loads the server, the
// database drivers or the certificate renderer, so it starts quickly.

const USAGE = `Usage: laurel <command> [options]

Commands:
  setup --org NAME --email EMAIL --password PASSWORD [--name NAME]
        Create the first organisation and its owner; prints JSON with the
        organisation id and an all-scopes API key.
  migrate
        Apply pending database migrations.
${VERIFY_USAGE}
${KEYS_USAGE}
${JOBS_USAGE}
  help  Show this help.

Environment: the same variables as the server (DATABASE_URL, LAUREL_DATA_DIR, LAUREL_BASE_URL, ...).`;

export async function runCli(argv: string[], env: Record<string, string | undefined>, cwd: string): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig(env, cwd);
  switch (command) {
    case 'setup': {
      const { values } = parseArgs({
        args: rest,
        options: { org: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
        strict: true,
      });
      if (!values.org || !values.email || !values.password) {
        console.error('laurel setup needs --org, --email and --password');
        return 2;
      }
      const [{ composeServices }, { setupFirstOwner }] = await Promise.all([import('../compose.js'), import('../domain/organisations/setup-first-owner.js')]);
      const services = await composeServices(config);
      try {
        const result = await setupFirstOwner(services.deps, { organisationName: values.org, email: values.email, password: values.password, name: values.name });
        console.log(JSON.stringify({ organisationId: result.organisation.id, userId: result.user.id, email: result.user.email, apiKey: result.apiKeySecret }, null, 2));
        return 0;
      } finally {
        await services.close();
      }
    }
    case 'verify':
      return (await import('./verify-command.js')).runVerifyCommand(rest, config);
    case 'keys':
      return (await import('./keys-command.js')).runKeysCommand(rest, config);
    case 'jobs':
      return (await import('./jobs-command.js')).runJobsCommand(rest, config);
    case 'migrate': {
      const [{ migrateStorage, openStorage }, { aesGcmVault, loadOrCreateMasterKey }, { localKms }] = await Promise.all([
        import('../adapters/storage/db.js'),
        import('../adapters/keys/key-vault.js'),
        import('../adapters/keys/kms.js'),
      ]);
      const storage = openStorage({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile, prepareStatements: config.pgPreparedStatements });
      try {
        // Migration 0030 seals stored personal data: it needs the master key (made here on a first install).
        const master = loadOrCreateMasterKey(config.masterKey, config.masterKeyFile, { mustExist: config.masterKeyFileGiven });
        const applied = await migrateStorage(storage, localKms(aesGcmVault(master.key)));
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
        return 0;
      } finally {
        await storage.destroy();
      }
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

runCli(process.argv.slice(2), process.env, process.cwd()).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else if (isAppError(error)) console.error(`laurel: ${error.message}${error.fields ? ` (${error.fields.map((f) => `${f.path} ${f.message}`).join('; ')})` : ''}`);
    else console.error('laurel:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
