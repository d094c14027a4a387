import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, freePort } from '../support/process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'laurel-crash-'));
let server: ChildProcess | undefined;

afterAll(() => {
  server?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});


async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LAUREL_DATA_DIR: dataDir, DATABASE_URL: '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', LAUREL_JOB_LOCK_SECONDS: '2', LAUREL_SIGNING_WORKERS: '0' },
    stdio: 'ignore',
  });
  // Up to a minute: a start took over 30 s on a loaded 2-core machine (e2e/support/server.ts).
  for (let i = 0; i < 600; i++) {
    if (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

describe('a bulk award survives the server being killed mid-job', () => {
  it('loses and duplicates nothing across a SIGKILL and restart', { timeout: 180_000 }, async () => {
    const setup = spawnSync(join(ROOT, 'node_modules/.bin/laurel'), ['setup', '--org', 'Acme', '--email', 'o@acme.example', '--password', 'a long enough password'], {
      cwd: ROOT, env: { ...process.env, LAUREL_DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8',
    });
    expect(setup.status, setup.stderr).toBe(0);
    const key = JSON.parse(setup.stdout).apiKey as string;
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/api/v1`;
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return res.json() as Promise<Record<string, any>>;
    };

    server = await startServer(port);
    const issuer = await call('POST', '/issuers', { name: 'Acme', url: 'https://acme.example', email: 'b@acme.example' });
    const ach = await call('POST', '/achievements', { issuerId: issuer.id, name: 'Crash course', description: 'd', criteria: { narrative: 'c' }, kind: 'certificate' });
    // Enough rows that the kill, once progress shows, lands mid-job (rows run 8 at a time; progress is saved each second).
    const rows = 600;
    const csv = ['email,name', ...Array.from({ length: rows }, (_, i) => `p${i}@example.org,Person ${i}`)].join('\n');
    const started = await call('POST', `/achievements/${ach.id}/bulk`, { csv });
    const id = started.import.id as string;

    let progress = 0;
    for (let i = 0; i < 600 && progress < 15; i++) {
      progress = (await call('GET', `/bulk-imports/${id}`)).processed as number;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(progress).toBeGreaterThanOrEqual(15);
    server.kill('SIGKILL');
    await new Promise((r) => server!.once('exit', r));

    server = await startServer(port);
    let state: Record<string, any> = {};
    for (let i = 0; i < 600; i++) {
      state = await call('GET', `/bulk-imports/${id}`);
      if (state.status === 'done') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toMatchObject({ status: 'done', total: rows, processed: rows, failed: 0 });
    const recipients: string[] = [];
    for (let cursor = ''; ; ) {
      const page = await call('GET', `/credentials?achievementId=${ach.id}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      recipients.push(...(page.items as { recipient: { identity: string } }[]).map((c) => c.recipient.identity));
      if (!page.nextCursor) break;
      cursor = page.nextCursor as string;
    }
    expect(recipients).toHaveLength(rows);
    expect(new Set(recipients).size).toBe(rows);
    expect(progress).toBeLessThan(rows); // the kill really happened mid-import
  });
});
