import { fileURLToPath } from 'node:url';
import { argon2Hasher } from './adapters/passwords/argon2.js';
import { randomIds, systemClock } from './adapters/clock/system.js';
import { publicLinks } from './adapters/http/links.js';
import type { HttpDeps } from './adapters/http/http-deps.js';
import { migrateToLatest, openStorage, ping, type Storage } from './adapters/storage/db.js';
import { createStore } from './adapters/storage/store.js';
import type { Config } from './config.js';

export interface Services {
  storage: Storage;
  deps: HttpDeps;
  close(): Promise<void>;
}

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Composition root shared by the server and the CLI: config -> storage -> deps. */
export async function composeServices(config: Config): Promise<Services> {
  const storage = openStorage({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  await migrateToLatest(storage.db);
  const store = createStore(storage.db, { engine: storage.engine, newId: randomIds.id, now: () => systemClock.now() });
  const deps: HttpDeps = {
    store,
    clock: systemClock,
    ids: randomIds,
    passwords: argon2Hasher(),
    sessionTtlSeconds: config.sessionTtlSeconds,
    links: publicLinks(config.baseUrl),
    http: {
      bodyLimitBytes: config.bodyLimitBytes,
      secureCookies: config.secureCookies,
      trustProxy: config.trustProxy,
      logLevel: config.logLevel,
      webDist: config.webDist ?? DEFAULT_WEB_DIST,
    },
    ready: () => ping(storage.db),
  };
  return { storage, deps, close: () => storage.destroy() };
}
