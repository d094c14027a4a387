import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LAUREL_BIN, ROOT, freePort } from '../support/process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'laurel-hostile-'));
const env = { ...process.env, LAUREL_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info' };
let server: ChildProcess | undefined;

afterAll(() => {
  server?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * An inline artwork every number of which is small, which the cost limits let through, but which
 * a transform makes resvg spend a minute on (a 200-pixel morphology radius at 512 px).
 */
const SLOW_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><filter id="f"><feMorphology radius="1"/></filter><g transform="scale(40)"><rect width="2.5" height="2.5" filter="url(#f)"/></g></svg>';

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};
/** The image renderer processes the server `pid` started. */
function renderersOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d) && read(`/proc/${d}/stat`)?.replace(/^.*\) /s, '').split(' ')[1] === String(pid) && read(`/proc/${d}/cmdline`)?.includes('runner-entry'))
    .map(Number);
}
/** Gone, or a zombie waiting to be reaped. */
const ended = (pid: number): boolean => !/^\S+ \(.*\) [^Z]/s.test(read(`/proc/${pid}/stat`) ?? '');

describe.runIf(process.platform === 'linux')('the server under a hostile render (process)', () => {
  it('keeps answering while it draws, and on SIGTERM stops the render and exits at once', async () => {
    const setup = spawnSync(LAUREL_BIN, ['setup', '--org', 'Acme', '--email', 'owner@acme.example', '--password', 'a long enough password'], { env, cwd: ROOT, encoding: 'utf8' });
    expect(setup.status, setup.stderr).toBe(0);
    const apiKey = /lrl_[A-Za-z0-9_-]+/.exec(setup.stdout)![0];
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'packages/server/src/main.ts'], {
      cwd: ROOT,
      env: { ...env, PORT: String(port), HOST: '127.0.0.1', LAUREL_BASE_URL: base },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    server.stdout!.on('data', (d) => (logs += d));
    server.stderr!.on('data', (d) => (logs += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => server!.once('exit', (code, signal) => ok({ code, signal })));
    for (let i = 0; i < 200 && !(await fetch(`${base}/readyz`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 100));

    const auth = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
    const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
    const issuer = await (await post('/api/v1/issuers', { name: 'Acme', url: 'https://acme.example', email: 'b@acme.example' })).json();
    expect(issuer.id, JSON.stringify(issuer)).toBeTruthy();
    // Inline artwork is drawn once when it is written (the one image check), so the write is the hostile render.
    const image = `data:image/svg+xml;base64,${Buffer.from(SLOW_SVG).toString('base64')}`;
    const hostile = post('/api/v1/achievements', { issuerId: issuer.id, name: 'N', description: 'D', criteria: { narrative: 'C' }, kind: 'badge', image }).then(
      (r) => r.status,
      (e: unknown) => `no answer: ${String(e)}`,
    );
    // The render is under way in a renderer process of the server's…
    while (renderersOf(server.pid!).length === 0) await new Promise((r) => setTimeout(r, 20));
    const renderers = renderersOf(server.pid!);
    // …and the server answers meanwhile.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    server.kill('SIGTERM');
    const exit = await exited;
    expect(exit).toEqual({ code: 0, signal: null });
    // The hostile request was told the server is going away, not left to run to its deadline.
    expect(await hostile).toBe(503);
    for (let i = 0; i < 100 && !renderers.every(ended); i++) await new Promise((r) => setTimeout(r, 20));
    expect(renderers.filter((pid) => !ended(pid))).toEqual([]);
    expect(logs).toContain('shutting down');
  }, 40_000);
});
