/**
 * The PostgreSQL half of the suite clones a migrated template database per test context
 * (`CREATE DATABASE … TEMPLATE`, a fraction of a second) instead of running every migration into a
 * fresh schema of the shared database (seconds each, and Kysely's migrator introspecting every schema
 * of the shared database raced other files dropping theirs). The global setup makes the template once
 * per run; nothing connects to it afterwards, as PostgreSQL requires of a template.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { aesGcmVault } from '../../src/adapters/keys/key-vault.js';
import { localKms } from '../../src/adapters/keys/kms.js';
import { ensureSchema, migrateToLatest, openStorage } from '../../src/adapters/storage/db.js';

/** The schema every test database holds Laurel's tables in. */
export const TEST_SCHEMA = 'laurel';
/** The master key of every test database (the migrations seal with it). */
export const TEST_MASTER_KEY = Buffer.alloc(32, 42);

/** `url` with another database name. */
export function databaseUrl(url: string, database: string): string {
  const out = new URL(url);
  out.pathname = `/${database}`;
  return out.toString();
}

/** One statement on the server's maintenance connection (CREATE/DROP DATABASE cannot run in a pool's transaction). */
export async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates and migrates the template; returns its name and how to drop it. */
export async function createTemplate(url: string): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `laurel_tpl_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `create database ${name}`);
  const storage = openStorage({ databaseUrl: databaseUrl(url, name), pgSchema: TEST_SCHEMA, poolSize: 1 });
  try {
    await ensureSchema(storage, TEST_SCHEMA);
    await migrateToLatest(storage.db, { schema: TEST_SCHEMA, kms: localKms(aesGcmVault(TEST_MASTER_KEY)) });
  } finally {
    await storage.destroy();
  }
  return { name, drop: () => dropDatabase(url, name) };
}

/** A new database cloned from the template; its name. */
export async function cloneTemplate(url: string, template: string): Promise<string> {
  const name = `laurel_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `create database ${name} template ${template}`);
  return name;
}

/**
 * Drops a test database once its connections are gone. A pool that was just ended may still be closing
 * its sockets: forcing them off then (WITH (FORCE)) makes a closing client emit an unhandled 57P01 error,
 * so wait for them a while (PostgreSQL answers 55006 while any remain) and force only what never leaves.
 */
export async function dropDatabase(url: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await adminQuery(url, `drop database if exists ${name}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await adminQuery(url, `drop database if exists ${name} with (force)`);
}
