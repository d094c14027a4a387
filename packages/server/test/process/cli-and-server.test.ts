import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LAUREL_BIN, ROOT, freePort } from '../support/process.js';
import { startSmtpServer, waitForMail } from '../support/smtp.js';

const LAUREL = LAUREL_BIN;
const dataDir = mkdtempSync(join(tmpdir(), 'laurel-cli-'));
const env = { ...process.env, LAUREL_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info' };
let server: ChildProcess | undefined;

afterAll(() => {
  server?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});


describe('the laurel CLI and the server process (embedded SQLite)', () => {
  let apiKey = '';

  it('`laurel setup` creates the first organisation and prints its id and an API key', () => {
    const run = spawnSync(LAUREL, ['setup', '--org', 'Acme', '--email', 'owner@acme.example', '--password', 'a long enough password'], { env, cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ organisationId: expect.any(String), apiKey: expect.stringMatching(/^lrl_/) });
    apiKey = out.apiKey;
    expect(readFileSync(join(dataDir, 'laurel.db')).subarray(0, 15).toString()).toBe('SQLite format 3');

    const again = spawnSync(LAUREL, ['setup', '--org', 'Other', '--email', 'x@example.org', '--password', 'a long enough password'], { env, cwd: ROOT, encoding: 'utf8' });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already set up');
  });

  it('`laurel migrate` is idempotent; unknown commands and missing options exit 2; bad config exits 1 naming the variable', () => {
    const migrate = spawnSync(LAUREL, ['migrate'], { env, cwd: ROOT, encoding: 'utf8' });
    expect(migrate.status).toBe(0);
    expect(migrate.stdout).toContain('up to date');
    expect(spawnSync(LAUREL, ['frobnicate'], { env, cwd: ROOT, encoding: 'utf8' }).status).toBe(2);
    expect(spawnSync(LAUREL, ['setup', '--org', 'x'], { env, cwd: ROOT, encoding: 'utf8' }).status).toBe(2);
    const bad = spawnSync(LAUREL, ['migrate'], { env: { ...env, LAUREL_BASE_URL: 'nope' }, cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('LAUREL_BASE_URL');
  });

  it('the server starts on the same data, serves the API with that key, and logs no secrets, e-mailed tokens or recipient PII', async () => {
    const port = await freePort();
    const smtp = await startSmtpServer();
    server = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'packages/server/src/main.ts'], {
      cwd: ROOT,
      env: { ...env, PORT: String(port), HOST: '127.0.0.1', LAUREL_BASE_URL: `http://127.0.0.1:${port}`, SMTP_URL: smtp.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    server.stdout!.on('data', (d) => (logs += d));
    server.stderr!.on('data', (d) => (logs += d));
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const auth = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
    const issuer = await (await fetch(`${base}/api/v1/issuers`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Acme', url: 'https://acme.example', email: 'b@acme.example' }) })).json();
    const ach = await (await fetch(`${base}/api/v1/achievements`, { method: 'POST', headers: auth, body: JSON.stringify({ issuerId: issuer.id, name: 'N', description: 'D', criteria: { narrative: 'C' }, kind: 'badge' }) })).json();
    const cred = await fetch(`${base}/api/v1/credentials`, { method: 'POST', headers: auth, body: JSON.stringify({ achievementId: ach.id, recipient: { email: 'secret.person@example.org', name: 'Secret Person' } }) });
    expect(cred.status).toBe(201);
    const id = (await cred.json()).id;
    await fetch(`${base}/api/v1/credentials?recipient=secret.person@example.org`, { headers: auth });
    const hosted = await fetch(`${base}/ob2/assertions/${id}`);
    expect(hosted.status).toBe(200);
    expect((await hosted.json()).id).toBe(`${base}/ob2/assertions/${id}`);
    expect(hosted.headers.get('x-request-id')).toBeTruthy();
    const docs = await fetch(`${base}/api/docs/json`);
    expect((await docs.json()).paths['/api/v1/credentials']).toBeDefined();

    // Every e-mailed token, used the way people use them: the link's page, the API it calls, with a query string too.
    const tokenIn = (text: string, kind: string) => new RegExp(`/${kind}/([A-Za-z0-9_-]{20,})`).exec(text)![1]!;
    const award = (await waitForMail(smtp.inbox, 'secret.person@example.org')).decoded;
    const json = { 'content-type': 'application/json' };
    await fetch(`${base}/api/v1/accounts`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'newcomer@example.org' }) });
    await fetch(`${base}/api/v1/invitations`, { method: 'POST', headers: auth, body: JSON.stringify({ email: 'colleague@example.org', role: 'viewer' }) });
    const tokens = {
      claim: tokenIn(award, 'claim'),
      unsubscribe: tokenIn(award, 'unsubscribe'),
      activate: tokenIn((await waitForMail(smtp.inbox, 'newcomer@example.org')).decoded, 'activate'),
      join: tokenIn((await waitForMail(smtp.inbox, 'colleague@example.org')).decoded, 'join'),
    };
    const html = { accept: 'text/html' };
    for (const [kind, token] of Object.entries(tokens)) {
      expect((await fetch(`${base}/${kind}/${token}?utm_source=mail`, { headers: html })).status).toBeLessThan(500);
    }
    expect((await fetch(`${base}/api/v1/claims/${tokens.claim}`)).status).toBe(200);
    expect((await fetch(`${base}/api/v1/join/${tokens.join}`)).status).toBe(200);
    expect((await fetch(`${base}/api/v1/claims/${tokens.claim}/account`, { method: 'POST', headers: json, body: JSON.stringify({ password: 'a long enough password' }) })).status).toBe(201);
    expect((await fetch(`${base}/api/v1/unsubscribe/${tokens.unsubscribe}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).status).toBe(204);
    expect((await fetch(`${base}/api/v1/accounts/activate`, { method: 'POST', headers: json, body: JSON.stringify({ token: tokens.activate, password: 'a long enough password' }) })).status).toBe(201);
    expect((await fetch(`${base}/api/v1/join/${tokens.join}`, { method: 'POST', headers: json, body: JSON.stringify({ password: 'a long enough password' }) })).status).toBe(200);
    expect((await fetch(`${base}/api/v1/join/${tokens.join}/nonsense?token=${tokens.join}`)).status).toBe(404);

    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
    await smtp.close();
    for (const token of Object.values(tokens)) expect(logs).not.toContain(token);
    expect(logs).toContain('/api/v1/claims/[redacted]');
    expect(logs).toContain('Laurel is serving on');
    expect(logs).toContain('"requestId"');
    expect(logs).not.toContain(apiKey);
    // The secret part (after `lrl_<prefix>_`; it may itself hold `_`): its first 16 characters.
    expect(logs).not.toContain(apiKey.split('_').slice(2).join('_').slice(0, 16));
    expect(logs).not.toContain('secret.person');
    expect(logs).not.toContain('Secret Person');
  });
});
