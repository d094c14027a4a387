import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultSigningWorkers, loadConfig } from './config.js';

describe('config', () => {
  it('works with no configuration at all', () => {
    const c = loadConfig({}, '/srv/laurel');
    expect(c).toMatchObject({ port: 3000, dataDir: '/srv/laurel/data', baseUrl: 'http://localhost:3000', databaseUrl: undefined, sqliteFile: '/srv/laurel/data/laurel.db', secureCookies: false });
  });

  it('reads every documented variable', () => {
    const c = loadConfig({ PORT: '8080', LAUREL_DATA_DIR: '/var/lib/laurel', LAUREL_BASE_URL: 'https://badges.example.org/', DATABASE_URL: 'postgres://u:p@db/laurel', LOG_LEVEL: 'warn' }, '/');
    expect(c).toMatchObject({ port: 8080, dataDir: '/var/lib/laurel', baseUrl: 'https://badges.example.org', databaseUrl: 'postgres://u:p@db/laurel', logLevel: 'warn', secureCookies: true });
  });

  it('reads the outbound fetch allow-list and the verify rate limit', () => {
    expect(loadConfig({}, '/')).toMatchObject({ fetchAllowHosts: [], verifyRateLimit: 30 });
    const c = loadConfig({ LAUREL_FETCH_ALLOW_HOSTS: ' 127.0.0.1:8080, badges.internal ,[::1]:9000', LAUREL_VERIFY_RATE_LIMIT: '5' }, '/');
    expect(c).toMatchObject({ fetchAllowHosts: ['127.0.0.1:8080', 'badges.internal', '[::1]:9000'], verifyRateLimit: 5 });
    for (const env of [{ LAUREL_FETCH_ALLOW_HOSTS: 'http://x.example' }, { LAUREL_FETCH_ALLOW_HOSTS: 'a b' }, { LAUREL_VERIFY_RATE_LIMIT: '0' }]) {
      expect(() => loadConfig(env, '/'), JSON.stringify(env)).toThrow(/LAUREL_FETCH_ALLOW_HOSTS|LAUREL_VERIFY_RATE_LIMIT/);
    }
  });

  it('names every bad value in one clear error', () => {
    try {
      loadConfig({ PORT: 'eighty', LAUREL_BASE_URL: 'not a url', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', LAUREL_MASTER_KEY: 'short' }, '/');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'LAUREL_BASE_URL', 'DATABASE_URL', 'LOG_LEVEL', 'LAUREL_MASTER_KEY']) expect(problems).toContain(name);
    }
  });
  it('reads LAUREL_SIGNING_WORKERS (default: one per CPU; 0 signs in process)', () => {
    expect(defaultSigningWorkers(2)).toBe(2);
    expect(defaultSigningWorkers(1)).toBe(1);
    expect(loadConfig({}, '/').signingWorkers).toBeGreaterThanOrEqual(1);
    expect(loadConfig({ LAUREL_SIGNING_WORKERS: '0' }, '/').signingWorkers).toBe(0);
    expect(loadConfig({ LAUREL_SIGNING_WORKERS: '3' }, '/').signingWorkers).toBe(3);
    expect(() => loadConfig({ LAUREL_SIGNING_WORKERS: 'many' }, '/')).toThrow(/LAUREL_SIGNING_WORKERS/);
  });

  it('every variable it reads is in the README configuration table, and the table names nothing else', () => {
    const source = readFileSync(new URL('./config.ts', import.meta.url), 'utf8');
    const read = new Set([...source.matchAll(/env\.([A-Z][A-Z0-9_]+)|(?:int|bool)\('([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1] ?? m[2]!));
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const documented = new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]!).filter((name) => !name.startsWith('TEST_')));
    expect([...read].sort()).toEqual([...documented].sort());
  });

  it('turns PostgreSQL prepared statements off on request', () => {
    expect(loadConfig({}, '/').pgPreparedStatements).toBe(true);
    expect(loadConfig({ LAUREL_PG_PREPARED_STATEMENTS: 'false' }, '/').pgPreparedStatements).toBe(false);
  });
  it('reads the role, migrations, metrics and tracing settings, and refuses bad ones by name', () => {
    const base = loadConfig({}, '/srv');
    expect(base).toMatchObject({ role: 'all', runJobs: true, migrateOnStart: true, metricsToken: undefined, metricsPort: undefined, otlpEndpoint: undefined, masterKeyFileGiven: false });
    expect(base.outboxDir).toBe('/srv/data/outbox');
    expect(loadConfig({ LAUREL_ROLE: 'web' }, '/').runJobs).toBe(false);
    expect(loadConfig({ LAUREL_ROLE: 'worker' }, '/')).toMatchObject({ role: 'worker', runJobs: true });
    expect(loadConfig({ LAUREL_JOBS: 'false' }, '/')).toMatchObject({ role: 'all', runJobs: false });
    const set = loadConfig({ LAUREL_MIGRATE: 'false', METRICS_TOKEN: 'a'.repeat(24), METRICS_PORT: '9464', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', LAUREL_MASTER_KEY_FILE: 'secrets/mk', LAUREL_OUTBOX_DIR: '/var/mail/laurel' }, '/srv');
    expect(set).toMatchObject({ migrateOnStart: false, metricsToken: 'a'.repeat(24), metricsPort: 9464, otlpEndpoint: 'http://collector:4318', masterKeyFile: '/srv/secrets/mk', masterKeyFileGiven: true, outboxDir: '/var/mail/laurel' });
    expect(() => loadConfig({ LAUREL_ROLE: 'admin' }, '/')).toThrow(/LAUREL_ROLE must be one of all, web, worker/);
    expect(() => loadConfig({ LAUREL_ROLE: 'worker', LAUREL_JOBS: 'false' }, '/')).toThrow(/LAUREL_JOBS cannot be false/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' }, '/')).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ METRICS_TOKEN: 'has a space in the middle!' }, '/')).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ METRICS_PORT: '3000' }, '/')).toThrow(/METRICS_PORT must differ from PORT/);
    expect(() => loadConfig({ METRICS_PORT: 'ninety' }, '/')).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, '/')).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
