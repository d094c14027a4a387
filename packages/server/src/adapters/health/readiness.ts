import { pendingMigrations, ping, type Storage } from '../storage/db.js';

export type CheckState = 'ok' | 'unreachable' | 'pending' | 'not configured';

export interface Readiness {
  ready: boolean;
  /** One state per dependency; no host names, addresses or error text (the answer is public). */
  checks: { database: CheckState; migrations: CheckState; redis: CheckState };
  /** What failed, for the server's log only. */
  errors: { check: string; error: unknown }[];
}

export interface ReadinessOptions {
  storage: Storage;
  /** The Redis client, when one is configured. */
  redis?: { ping(): Promise<unknown> } | undefined;
  /** Each check gives up after this long (a hung database must not hang the probe). */
  timeoutMs?: number;
}

const within = <T>(ms: number, work: Promise<T>): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });

/**
 * Ready = the database answers, every migration this code knows is applied (a pod started before
 * the migrations job finished stays out of the load balancer), and Redis answers when configured.
 * Migrations are read until they are seen complete once; they are never un-applied.
 */
export function readinessProbe(o: ReadinessOptions): () => Promise<Readiness> {
  const ms = o.timeoutMs ?? 2000;
  let migrated = false;
  return async () => {
    const errors: Readiness['errors'] = [];
    const attempt = async (check: string, run: () => Promise<CheckState>): Promise<CheckState> => {
      try {
        return await within(ms, run());
      } catch (error) {
        errors.push({ check, error });
        return 'unreachable';
      }
    };
    const database = await attempt('database', async () => (await ping(o.storage.db), 'ok'));
    const migrations: CheckState =
      migrated ? 'ok' : database !== 'ok' ? 'unreachable' : await attempt('migrations', async () => ((await pendingMigrations(o.storage)).length === 0 ? 'ok' : 'pending'));
    if (migrations === 'ok') migrated = true;
    const redis: CheckState = o.redis ? await attempt('redis', async () => (await o.redis!.ping(), 'ok')) : 'not configured';
    return { ready: database === 'ok' && migrations === 'ok' && (redis === 'ok' || redis === 'not configured'), checks: { database, migrations, redis }, errors };
  };
}
