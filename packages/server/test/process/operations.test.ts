import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LAUREL_BIN, ROOT, freePort, runProcess } from '../support/process.js';
import { builtServerMain } from '../support/built-server.js';
import { startSmtpServer, waitForMail } from '../support/smtp.js';

const dataDir = mkdtempSync(join(tmpdir(), 'laurel-ops-'));
const env = { ...process.env, LAUREL_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info', LAUREL_SIGNING_WORKERS: '0', OTEL_EXPORTER_OTLP_ENDPOINT: '', REDIS_URL: '' };
const TOKEN = 'ops-test-token-0123456789';
const children: ChildProcess[] = [];

interface Running {
  child: ChildProcess;
  base: string;
  logs(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `npm start`'s entry point with these settings; resolves once /health answers. `from: 'sources'` runs it as it
 * ships (tsx); `'mirror'`, the run's transpiled mirror of the same sources (server-mirror.ts), which starts on
 * less CPU, for the cases about the server's behaviour rather than how it is launched.
 */
async function startLaurel(extra: Record<string, string>, from: 'sources' | 'mirror'): Promise<Running> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const entry = from === 'sources' ? ['--conditions=source', '--import', 'tsx', 'packages/server/src/main.ts'] : [await builtServerMain()];
  const child = spawn(process.execPath, entry, {
    cwd: ROOT,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', LAUREL_BASE_URL: base, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let logs = '';
  child.stdout!.on('data', (d) => (logs += d));
  child.stderr!.on('data', (d) => (logs += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
  // Ours answers once it says it listens: a free port can be handed to another file's server meanwhile. Up to 90 s,
  // as e2e/support/server.ts allows: a start took over 30 s on a loaded 2-core machine.
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && !(logs.includes(`listening at ${base}`) && (await fetch(`${base}/health`).then((r) => r.ok, () => false)))) {
    if (child.exitCode !== null) throw new Error(`laurel exited: ${logs}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!logs.includes(`listening at ${base}`)) throw new Error(`laurel did not start: ${logs}`);
  return { child, base, logs: () => logs, exited };
}

const metricValue = async (base: string, series: string): Promise<number> => {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : NaN;
};

let apiKey = '';
beforeAll(() => {
  const setup = spawnSync(LAUREL_BIN, ['setup', '--org', 'Acme', '--email', 'owner@acme.example', '--password', 'a long enough password'], { env, cwd: ROOT, encoding: 'utf8' });
  expect(setup.status, setup.stderr).toBe(0);
  apiKey = JSON.parse(setup.stdout).apiKey;
});
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const auth = () => ({ authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' });
const post = (base: string, path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: auth(), body: JSON.stringify(body) });

describe('the server process in operation', () => {
  it('on SIGTERM stops taking requests, finishes the one in flight, and exits 0', async () => {
    // A remote badge that takes 1.5 s to answer keeps a verification in flight.
    let arrived!: () => void;
    const requested = new Promise<void>((ok) => (arrived = ok));
    const slow: Server = createServer((_req, res) => {
      arrived();
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hello: 'not a badge' })), 1500);
    });
    await new Promise<void>((ok) => slow.listen(0, '127.0.0.1', ok));
    const slowPort = (slow.address() as { port: number }).port;
    const laurel = await startLaurel({ LAUREL_FETCH_ALLOW_HOSTS: `127.0.0.1:${slowPort}` }, 'mirror');
    try {
      const inFlight = post(laurel.base, '/api/v1/verify', { url: `http://127.0.0.1:${slowPort}/badge.json` }).then(
        async (r) => ({ status: r.status, body: await r.json() }),
        (e: unknown) => ({ status: 0, body: String(e) }),
      );
      await requested;
      const signalledAt = Date.now();
      laurel.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      // No new work is taken meanwhile: a new connection is refused (or told 503 on a kept-alive one).
      const late = await fetch(`${laurel.base}/health`).then((r) => r.status, () => 'refused');
      expect(late === 'refused' || late === 503, `late request got ${late}`).toBe(true);

      const answer = await inFlight;
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body).toMatchObject({ valid: false });
      expect(await laurel.exited).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(1000);
      expect(laurel.logs()).toContain('"msg":"stopped"');
    } finally {
      slow.close();
    }
  }, 60_000);

  // These three share nothing (the role split has the SQLite data to itself meanwhile; the read-only case has its
  // own PostgreSQL database and SMTP server; the refusals stop before opening any): they run side by side.
  it.concurrent('LAUREL_ROLE splits the web role from the worker role on one database: only the worker sends the award e-mail', async () => {
    const smtp = await startSmtpServer();
    const web = await startLaurel({ LAUREL_ROLE: 'web', SMTP_URL: smtp.url, METRICS_TOKEN: TOKEN }, 'mirror');
    let worker: Running | undefined;
    try {
      const issuer = await (await post(web.base, '/api/v1/issuers', { name: 'Acme', url: 'https://acme.example', email: 'b@acme.example' })).json();
      const achievement = await (await post(web.base, '/api/v1/achievements', { issuerId: issuer.id, name: 'N', description: 'D', criteria: { narrative: 'C' }, kind: 'badge' })).json();
      const issued = await post(web.base, '/api/v1/credentials', { achievementId: achievement.id, recipient: { email: 'ada@example.org', name: 'Ada' } });
      expect(issued.status).toBe(201);
      const credentialId = (await issued.json()).id;
      // The web role queues the e-mail and leaves it for a worker.
      await new Promise((r) => setTimeout(r, 1500));
      expect(smtp.inbox).toHaveLength(0);
      expect(await metricValue(web.base, 'laurel_jobs{name="credential.issued",status="queued"}')).toBe(1);
      expect(web.logs()).toContain('"role":"web","database"');

      worker = await startLaurel({ LAUREL_ROLE: 'worker', SMTP_URL: smtp.url, METRICS_TOKEN: TOKEN }, 'mirror');
      // The worker answers probes and metrics, nothing of the API or the public pages.
      expect((await fetch(`${worker.base}/ready`)).status).toBe(200);
      expect((await fetch(`${worker.base}/api/v1/issuers`, { headers: auth() })).status).toBe(404);
      expect((await fetch(`${worker.base}/credentials/${credentialId}`)).status).toBe(404);
      expect((await fetch(`${worker.base}/metrics`)).status).toBe(401);
      const mail = await waitForMail(smtp.inbox, 'ada@example.org');
      expect(mail.decoded).toContain(`/credentials/${credentialId}`);
      for (let i = 0; i < 50 && (await metricValue(web.base, 'laurel_jobs{name="credential.issued",status="queued"}')) !== 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await metricValue(web.base, 'laurel_jobs{name="credential.issued",status="queued"}')).toBe(0);
      expect(await metricValue(worker.base, 'laurel_job_runs_total{name="credential.issued",outcome="done"}')).toBe(1);

      worker.child.kill('SIGTERM');
      web.child.kill('SIGTERM');
      expect(await worker.exited).toEqual({ code: 0, signal: null });
      expect(await web.exited).toEqual({ code: 0, signal: null });
      expect(smtp.inbox).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  }, 90_000);

  it.concurrent('a worker role that is told not to run jobs refuses to start, naming the setting', async () => {
    const run = await runProcess(process.execPath, ['--conditions=source', '--import', 'tsx', 'packages/server/src/main.ts'], { env: { ...env, LAUREL_ROLE: 'worker', LAUREL_JOBS: 'false' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('LAUREL_ROLE=worker');
    const bad = await runProcess(process.execPath, ['--conditions=source', '--import', 'tsx', 'packages/server/src/main.ts'], { env: { ...env, LAUREL_ROLE: 'everything' } });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('LAUREL_ROLE must be one of all, web, worker');
  }, 60_000);

  it.concurrent('needs no writable data directory with PostgreSQL, SMTP and a given master key (a read-only root filesystem)', async () => {
    const admin = new pg.Client({ connectionString: inject('pgUrl') });
    await admin.connect();
    const name = `laurel_ro_${randomBytes(5).toString('hex')}`;
    await admin.query(`create database ${name}`);
    const url = new URL(inject('pgUrl'));
    url.pathname = `/${name}`;
    const smtp = await startSmtpServer();
    try {
      // Nothing can be created under /proc: any write to the data directory would stop the server.
      const unwritable = '/proc/laurel-nowhere';
      const settings = { LAUREL_DATA_DIR: unwritable, DATABASE_URL: url.toString(), LAUREL_MASTER_KEY: randomBytes(32).toString('base64'), SMTP_URL: smtp.url };
      const setup = await runProcess(LAUREL_BIN, ['setup', '--org', 'Acme', '--email', 'owner@acme.example', '--password', 'a long enough password'], { env: { ...env, ...settings } });
      expect(setup.status, setup.stderr).toBe(0);
      const key = JSON.parse(setup.stdout).apiKey as string;
      const laurel = await startLaurel(settings, 'sources');
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      const send = async (path: string, body: unknown) => (await fetch(`${laurel.base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).json();
      const issuer = await send('/api/v1/issuers', { name: 'Acme', url: 'https://acme.example', email: 'b@acme.example' });
      const achievement = await send('/api/v1/achievements', { issuerId: issuer.id, name: 'N', description: 'D', criteria: { narrative: 'C' }, kind: 'badge' });
      const credential = await send('/api/v1/credentials', { achievementId: achievement.id, recipient: { email: 'ro@example.org', name: 'Ro' } });
      expect(credential.id).toBeTruthy();
      await waitForMail(smtp.inbox, 'ro@example.org');
      expect((await fetch(`${laurel.base}/ready`)).status).toBe(200);
      laurel.child.kill('SIGTERM');
      expect(await laurel.exited).toEqual({ code: 0, signal: null });
    } finally {
      await smtp.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }, 90_000);

  it('exports traces over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set: spans named by route, with no token or query string', async () => {
    const batches: { path: string; contentType: string; body: Record<string, unknown> }[] = [];
    const collector: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        batches.push({ path: req.url ?? '', contentType: String(req.headers['content-type']), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((ok) => collector.listen(0, '127.0.0.1', ok));
    const endpoint = `http://127.0.0.1:${(collector.address() as { port: number }).port}`;
    const laurel = await startLaurel({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '200' }, 'sources');
    try {
      const token = `tok${'Z'.repeat(40)}`;
      expect((await fetch(`${laurel.base}/api/v1/claims/${token}?view=secret-query-value`)).status).toBeGreaterThanOrEqual(400);
      expect((await fetch(`${laurel.base}/api/v1/issuers`, { headers: auth() })).status).toBe(200);
      laurel.child.kill('SIGTERM');
      expect(await laurel.exited).toEqual({ code: 0, signal: null });

      expect(batches.length).toBeGreaterThan(0);
      expect(batches.every((b) => b.path === '/v1/traces' && b.contentType.startsWith('application/json'))).toBe(true);
      type Attr = { key: string; value: Record<string, unknown> };
      type OtlpSpan = { name: string; kind: number; attributes: Attr[] };
      const resourceSpans = batches.flatMap((b) => b.body.resourceSpans as { resource: { attributes: Attr[] }; scopeSpans: { spans: OtlpSpan[] }[] }[]);
      expect(resourceSpans[0]!.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'laurel' } });
      const spans = resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
      const attr = (span: OtlpSpan, key: string) => span.attributes.find((a) => a.key === key)?.value.stringValue;
      const routes = spans.map((s) => attr(s, 'http.route')).filter(Boolean);
      expect(routes).toContain('/api/v1/claims/:token');
      expect(routes).toContain('/api/v1/issuers');
      const everything = JSON.stringify(batches);
      for (const secret of [token, 'secret-query-value', apiKey]) expect(everything).not.toContain(secret);
    } finally {
      collector.close();
    }
  }, 60_000);
});
