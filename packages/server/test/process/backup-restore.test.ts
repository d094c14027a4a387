import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { LAUREL_BIN, ROOT, freePort, runProcess } from '../support/process.js';
import { builtServerMain } from '../support/built-server.js';

const BACKUP = join(ROOT, 'deploy/backup.sh');
const RESTORE = join(ROOT, 'deploy/restore.sh');
const work = mkdtempSync(join(tmpdir(), 'laurel-backup-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

type Env = Record<string, string | undefined>;
const run = (cmd: string, args: string[], env: Env) => runProcess(cmd, args, { env });

/**
 * The server at `port` (the same address before and after the restore: LAUREL_BASE_URL is in every credential), from
 * the run's transpiled mirror of the sources (server-mirror.ts); the `laurel` commands run from sources, as shipped.
 */
async function serve(env: Env, port: number): Promise<{ base: string; stop(): Promise<void> }> {
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [await builtServerMain()], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', LAUREL_BASE_URL: base, LOG_LEVEL: 'info' } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let logs = '';
  child.stdout!.on('data', (d) => (logs += d));
  child.stderr!.on('data', (d) => (logs += d));
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  // Ours answers once it says it listens: a free port can be handed to another file's server meanwhile. Up to 90 s,
  // as e2e/support/server.ts allows: a start took over 30 s on a loaded 2-core machine.
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && !(logs.includes(`listening at ${base}`) && (await fetch(`${base}/ready`).then((r) => r.ok, () => false)))) {
    if (child.exitCode !== null) throw new Error(`laurel exited: ${logs}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!logs.includes(`listening at ${base}`)) throw new Error(`laurel did not start: ${logs}`);
  return {
    base,
    stop: async () => {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    },
  };
}

/** An issuer, an achievement and one credential; returns the signed OB 3.0 credential and the key. */
async function issueOne(env: Env, base: string, apiKey: string): Promise<{ credential: Record<string, unknown>; id: string }> {
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown) => (await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).json();
  const issuer = await post('/api/v1/issuers', { name: 'Acme', url: 'https://acme.example', email: 'b@acme.example' });
  const achievement = await post('/api/v1/achievements', { issuerId: issuer.id, name: 'Backups 101', description: 'D', criteria: { narrative: 'C' }, kind: 'certificate' });
  const issued = await post('/api/v1/credentials', { achievementId: achievement.id, recipient: { email: 'ada@example.org', name: 'Ada' } });
  const credential = await (await fetch(`${base}/ob3/credentials/${issued.id}`)).json();
  void env;
  return { credential, id: issued.id };
}

const verify = async (base: string, credential: unknown) => (await fetch(`${base}/api/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ credential }) })).json();

// Each case has its own data directory, backups directory, port and database: they run side by side.
describe.concurrent('deploy/backup.sh and deploy/restore.sh', () => {
  it('SQLite: backs up a running server, survives a wiped data directory, and the restored server still verifies and signs', async () => {
    const dataDir = join(work, 'sqlite-data');
    const backups = join(work, 'sqlite-backups');
    const env: Env = { ...process.env, LAUREL_DATA_DIR: dataDir, DATABASE_URL: '', LAUREL_MASTER_KEY: '', LAUREL_MASTER_KEY_FILE: '', LAUREL_SIGNING_WORKERS: '0', LOG_LEVEL: 'warn' };
    const setup = await run(LAUREL_BIN, ['setup', '--org', 'Acme', '--email', 'owner@acme.example', '--password', 'a long enough password'], env);
    expect(setup.status, setup.stderr).toBe(0);
    const apiKey = JSON.parse(setup.stdout).apiKey as string;

    const port = await freePort();
    const first = await serve(env, port);
    const { credential, id } = await issueOne(env, first.base, apiKey);
    expect((await verify(first.base, credential)).valid).toBe(true);
    // Online: the server keeps running (and writing) while the copy is taken.
    const made = await run('bash', [BACKUP, '--master-key', backups], env);
    expect(made.status, made.stderr).toBe(0);
    const backup = made.stdout.trim();
    expect(readdirSync(backup).sort()).toEqual(['ENGINE', 'MANIFEST', 'laurel.db', 'master.key']);
    expect(statSync(backup).mode & 0o777).toBe(0o700);
    expect(statSync(join(backup, 'master.key')).mode & 0o777).toBe(0o600);
    await first.stop();

    // The machine is lost.
    rmSync(dataDir, { recursive: true, force: true });

    // A damaged or altered backup is refused before anything is written.
    const tampered = join(work, 'tampered');
    await run('cp', ['-r', backup, tampered], env);
    const bytes = readFileSync(join(tampered, 'laurel.db'));
    bytes[bytes.length - 100]! ^= 0xff;
    writeFileSync(join(tampered, 'laurel.db'), bytes);
    const refused = await run('bash', [RESTORE, tampered], env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('does not match its MANIFEST');
    expect(existsSync(join(dataDir, 'laurel.db'))).toBe(false);

    const restored = await run('bash', [RESTORE, backup], env);
    expect(restored.status, restored.stderr).toBe(0);
    expect(statSync(join(dataDir, 'laurel.db')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, 'master.key'), 'utf8')).toBe(readFileSync(join(backup, 'master.key'), 'utf8'));
    // Never over a database that is there, unless asked.
    const again = await run('bash', [RESTORE, backup], env);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('use --force');

    const second = await serve(env, port);
    try {
      const report = await verify(second.base, credential);
      expect(report.valid, JSON.stringify(report.checks)).toBe(true);
      expect(report.checks.find((c: { name: string }) => c.name === 'status')).toMatchObject({ ok: true });
      // The restored master key opens the issuer's keys: revoking signs the status list again, and a new award signs.
      const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
      expect((await fetch(`${second.base}/api/v1/credentials/${id}/revoke`, { method: 'POST', headers, body: JSON.stringify({ reason: 'test' }) })).status).toBe(200);
      expect((await verify(second.base, credential)).valid).toBe(false);
      const more = await issueOne(env, second.base, apiKey);
      expect((await verify(second.base, more.credential)).valid).toBe(true);
    } finally {
      await second.stop();
    }
  }, 240_000);

  it("SQLite without the sqlite3 tool (the container image): Node's SQLite binding copies and checks", async () => {
    const dataDir = join(work, 'nosqlite-data');
    const env: Env = { ...process.env, LAUREL_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' };
    expect((await run(LAUREL_BIN, ['migrate'], env)).status).toBe(0);
    // A PATH with everything the scripts use but sqlite3.
    const bin = join(work, 'bin-without-sqlite3');
    await run('mkdir', ['-p', bin], env);
    for (const tool of ['bash', 'node', 'dirname', 'date', 'mkdir', 'sha256sum', 'cp', 'cat', 'rm', 'chmod', 'mv', 'cmp']) {
      const found = (await run('bash', ['-c', `command -v ${tool}`], env)).stdout.trim();
      await run('ln', ['-s', found, join(bin, tool)], env);
    }
    const bare: Env = { ...env, PATH: bin };
    expect((await run('bash', ['-c', 'command -v sqlite3'], bare)).status).not.toBe(0);
    const made = await run(join(bin, 'bash'), [BACKUP, join(work, 'nosqlite-backups')], bare);
    expect(made.status, made.stderr).toBe(0);
    const backup = made.stdout.trim();
    expect(readFileSync(join(backup, 'laurel.db')).subarray(0, 15).toString()).toBe('SQLite format 3');
    rmSync(dataDir, { recursive: true, force: true });
    const restored = await run(join(bin, 'bash'), [RESTORE, backup], bare);
    expect(restored.status, restored.stderr).toBe(0);
    expect((await run(LAUREL_BIN, ['migrate'], env)).stdout).toContain('up to date');
  }, 120_000);

  it('PostgreSQL: pg_dump, a dropped database, pg_restore, and the credential still verifies', async () => {
    const admin = new pg.Client({ connectionString: inject('pgUrl') });
    await admin.connect();
    const name = `laurel_backup_${randomBytes(5).toString('hex')}`;
    await admin.query(`create database ${name}`);
    const url = new URL(inject('pgUrl'));
    url.pathname = `/${name}`;
    const dataDir = join(work, 'pg-data');
    const env: Env = { ...process.env, LAUREL_DATA_DIR: dataDir, DATABASE_URL: url.toString(), LAUREL_MASTER_KEY: randomBytes(32).toString('base64'), LAUREL_SIGNING_WORKERS: '0', LOG_LEVEL: 'warn' };
    try {
      const setup = await run(LAUREL_BIN, ['setup', '--org', 'Acme', '--email', 'owner@acme.example', '--password', 'a long enough password'], env);
      expect(setup.status, setup.stderr).toBe(0);
      const apiKey = JSON.parse(setup.stdout).apiKey as string;
      const port = await freePort();
      const first = await serve(env, port);
      const { credential } = await issueOne(env, first.base, apiKey);
      const made = await run('bash', [BACKUP, '--master-key', join(work, 'pg-backups')], env);
      expect(made.status, made.stderr).toBe(0);
      const backup = made.stdout.trim();
      expect(readdirSync(backup).sort()).toEqual(['ENGINE', 'MANIFEST', 'laurel.pgdump', 'master.key']);
      expect(readFileSync(join(backup, 'master.key'), 'utf8').trim()).toBe(env.LAUREL_MASTER_KEY);
      await first.stop();

      await admin.query(`drop database ${name} with (force)`);
      await admin.query(`create database ${name}`);
      const restored = await run('bash', [RESTORE, backup], env);
      expect(restored.status, restored.stderr).toBe(0);
      // Into a database that holds Laurel already: refused unless --force.
      expect((await run('bash', [RESTORE, backup], env)).status).toBe(1);
      expect((await run('bash', [RESTORE, '--force', backup], env)).status).toBe(0);

      const second = await serve(env, port);
      try {
        const report = await verify(second.base, credential);
        expect(report.valid, JSON.stringify(report.checks)).toBe(true);
        const listed = await (await fetch(`${second.base}/api/v1/credentials`, { headers: { authorization: `Bearer ${apiKey}` } })).json();
        expect(listed.items).toHaveLength(1);
      } finally {
        await second.stop();
      }
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }, 240_000);
});
