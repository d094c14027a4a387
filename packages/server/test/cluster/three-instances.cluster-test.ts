/**
 * The proven cluster (issue 18), run by `npm run test:cluster` (not by `npm test`): three Laurel server
 * processes on one PostgreSQL schema and one Redis, behind a round-robin load balancer, e-mailing a real
 * SMTP sink. A 10,000-row bulk award is started through the balancer as the console starts it (session
 * cookie and CSRF header); the instance running it is killed with SIGKILL, the one that takes it over
 * is stopped with SIGTERM, and the award ends with exactly 10,000 credentials, each with its own status
 * index, each e-mailed once, and no job left queued, running or failed. Sessions and rate limits hold
 * across instances. CLUSTER_AWARDS sets the size (default 10,000; smaller for a quick look).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { JOB_CONCURRENCY } from '../../src/compose.js';
import { BULK_CHUNK_ROWS } from '../../src/domain/bulk/run-bulk-import.js';
import { AWARD_EMAILS_JOB } from '../../src/domain/notifications/award-emails-job.js';
import { countingSmtpSink, roundRobin, send, startInstance, type CountingSink, type Instance, type LoadBalancer } from '../support/cluster.js';
import { freePort } from '../support/process.js';

const AWARDS = Number(process.env.CLUSTER_AWARDS ?? 10_000);
const VERIFY_LIMIT = 5;
const redisUrl = inject('redisUrl');
const schema = `laurel_cluster_${randomBytes(5).toString('hex')}`;
const dirs: string[] = [];
const instances: Array<Instance | undefined> = [];
let balancer: LoadBalancer;
let sink: CountingSink;
let db: pg.Pool;
let ports: number[];
let env: Record<string, string>;
const log = (message: string) => console.log(`[cluster ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** The test PostgreSQL with every connection in this run's own schema (libpq `options`, as an operator may set it). */
function databaseUrl(): string {
  const url = new URL(inject('pgUrl'));
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

async function start(i: number): Promise<Instance> {
  const dataDir = mkdtempSync(join(tmpdir(), `laurel-cluster-${i}-`));
  dirs.push(dataDir);
  const instance = await startInstance(ports[i]!, { ...env, LAUREL_DATA_DIR: dataDir });
  instances[i] = instance;
  return instance;
}

const one = async <T extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T> => (await db.query(text, values)).rows[0] as T;
const until = async (what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 500): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${instances.map((x, i) => `--- instance ${i}\n${x?.output().slice(-1500) ?? ''}`).join('\n')}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
};
/**
 * An instance whose job runner holds a bulk job now: the import's own job or one of its parts (an import over
 * 1,000 rows is split into part jobs every instance takes; worker ids are `host:pid:…`).
 */
async function holderOfBulkJob(): Promise<number | undefined> {
  const jobs = (await db.query<{ locked_by: string | null }>(`select locked_by from jobs where name like 'bulk.award%' and status = 'running' order by updated_at`)).rows;
  for (const job of jobs) {
    const pid = Number(job.locked_by?.split(':')[1]);
    const i = instances.findIndex((x) => x?.child.pid === pid && x.child.exitCode === null && x.child.signalCode === null);
    if (i >= 0) return i;
  }
  return undefined;
}

describe.skipIf(!redisUrl)('three instances on PostgreSQL and Redis behind a load balancer', () => {
  beforeAll(async () => {
    db = new pg.Pool({ connectionString: databaseUrl(), max: 2 });
    await db.query(`create schema ${schema}`);
    sink = await countingSmtpSink();
    ports = [await freePort(), await freePort(), await freePort()];
    balancer = await roundRobin(ports);
    env = {
      DATABASE_URL: databaseUrl(),
      REDIS_URL: redisUrl,
      // Pooled SMTP connections (nodemailer's `pool`), as a mail relay would be used at this volume.
      SMTP_URL: `${sink.url}/?pool=true`,
      LAUREL_MAIL_FROM: 'Laurel <awards@cluster.test>',
      // Every instance must hold the same master key (it seals issuer keys and personal data).
      LAUREL_MASTER_KEY: randomBytes(32).toString('hex'),
      LAUREL_BASE_URL: balancer.url,
      LAUREL_TRUST_PROXY: 'true',
      LAUREL_VERIFY_RATE_LIMIT: String(VERIFY_LIMIT),
      // A dead instance's jobs are taken over after this (a live one's heartbeat keeps its long jobs).
      LAUREL_JOB_LOCK_SECONDS: '20',
      LAUREL_EXPIRY_SWEEP_MINUTES: '0',
      LOG_LEVEL: 'warn',
    };
    // The first migrates the fresh schema; the others start on it side by side.
    await start(0);
    await Promise.all([start(1), start(2)]);
  }, 300_000);

  afterAll(async () => {
    for (const x of instances) x?.child.kill('SIGKILL');
    await Promise.all(instances.map((x) => x?.exited));
    await balancer?.close();
    await sink?.close();
    await db?.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await db?.end();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it(`awards ${AWARDS.toLocaleString('en')} through a SIGKILL and a SIGTERM: none lost or doubled, each e-mailed once, no job stuck; sessions and rate limits shared`, { timeout: 1_500_000 }, async () => {
    const api = `${balancer.url}/api/v1`;
    // First run, through the balancer: the owner's session cookie and CSRF token, as the console gets them.
    const setup = await send(`${api}/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ organisationName: 'Cluster University', email: 'owner@cluster.test', password: 'a long enough password' }) });
    expect(setup.status, setup.body).toBe(201);
    const cookie = String(setup.headers['set-cookie']).split(';')[0]!;
    const csrf = setup.json().session.csrfToken as string;

    // The session made on one instance is honoured by each of the others (asked directly, not through the balancer).
    for (const port of ports) {
      const session = await send(`http://127.0.0.1:${port}/api/v1/session`, { headers: { cookie } });
      expect(session.status, `port ${port}: ${session.body}`).toBe(200);
      expect(session.json().user.email).toBe('owner@cluster.test');
    }

    const console_ = (path: string, body: unknown) => send(`${api}${path}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const issuer = await console_('/issuers', { name: 'Cluster Badges', url: 'https://cluster.test', email: 'badges@cluster.test' });
    expect(issuer.status, issuer.body).toBe(201);
    const achievement = await console_('/achievements', { issuerId: issuer.json().id, name: 'Graduated', description: 'Finished the course', criteria: { narrative: 'Pass every module' }, kind: 'certificate' });
    expect(achievement.status, achievement.body).toBe(201);
    const achievementId = achievement.json().id as string;

    // A rate limit counted across instances: the public verifier allows VERIFY_LIMIT requests a minute per
    // client. This client (its own loopback address, named by the balancer) reaches every instance in turn,
    // each seeing fewer than the limit itself, and is refused after VERIFY_LIMIT in all.
    const client = `127.${1 + (randomBytes(1)[0]! % 250)}.${randomBytes(1)[0]! % 250}.${1 + (randomBytes(1)[0]! % 250)}`;
    const firstServed = balancer.served.length;
    const verdicts: number[] = [];
    for (let n = 0; n <= VERIFY_LIMIT; n++) {
      verdicts.push((await send(`${api}/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'not a url' }), localAddress: client })).status);
    }
    expect(verdicts.slice(0, VERIFY_LIMIT)).not.toContain(429);
    expect(verdicts[VERIFY_LIMIT]).toBe(429);
    expect(new Set(balancer.served.slice(firstServed)).size).toBe(3);

    // The bulk award, started through the balancer with the session (the console's call).
    const csv = ['name,email', ...Array.from({ length: AWARDS }, (_, i) => `Learner ${i},learner-${i}@cluster.test`)].join('\n');
    const began = Date.now();
    const bulk = await console_(`/achievements/${achievementId}/bulk`, { csv });
    expect(bulk.status, bulk.body.slice(0, 500)).toBe(202);
    const importId = bulk.json().import.id as string;
    const processed = async () => Number((await one<{ processed: number }>('select processed from bulk_imports where id = $1', [importId])).processed);

    // SIGKILL the instance running it, some way in.
    let victim: number | undefined;
    await until('the bulk award to be under way', async () => (await processed()) >= AWARDS * 0.15 && (victim = await holderOfBulkJob()) !== undefined, 600_000);
    const killedAt = await processed();
    instances[victim!]!.child.kill('SIGKILL');
    expect((await instances[victim!]!.exited).signal).toBe('SIGKILL');
    log(`SIGKILL instance ${victim} at ${killedAt} of ${AWARDS} (saved progress) after ${((Date.now() - began) / 1000).toFixed(0)} s`);

    // Another takes the job over once its lock lapses; stop that one with SIGTERM: it finishes the rows in
    // flight, saves, gives the job back and exits 0; the last instance carries on at once.
    let second: number | undefined;
    await until('another instance to take the bulk award over', async () => (second = await holderOfBulkJob()) !== undefined && (await processed()) > killedAt, 600_000);
    await until('more progress', async () => (await processed()) >= Math.min(AWARDS, killedAt + AWARDS * 0.1), 600_000);
    const termAt = await processed();
    instances[second!]!.child.kill('SIGTERM');
    expect(await instances[second!]!.exited).toEqual({ code: 0, signal: null });
    const givenBack = await one<{ n: string }>(`select count(*) as n from jobs where name like 'bulk.award%' and locked_by like $1`, [`%:${instances[second!]!.child.pid}:%`]);
    expect(Number(givenBack.n)).toBe(0);
    log(`SIGTERM instance ${second} at ${termAt}: exited 0, its bulk jobs given back`);
    // Nothing it held is left locked: its e-mail jobs ran to the end, its bulk job went back to the queue.
    const held = await one<{ n: string }>(`select count(*) as n from jobs where status = 'running' and locked_by like $1`, [`%:${instances[second!]!.child.pid}:%`]);
    expect(Number(held.n)).toBe(0);

    // The killed instance is replaced (same port, so the balancer sends it work again).
    await start(victim!);
    log('instance replaced');

    await until('the bulk award to finish', async () => (await one<{ status: string }>('select status from bulk_imports where id = $1', [importId])).status === 'done', 1_200_000, 1000);
    const bulkSeconds = (Date.now() - began) / 1000;
    log(`bulk done: ${AWARDS} in ${bulkSeconds.toFixed(0)} s (${(AWARDS / bulkSeconds).toFixed(0)} awards/s); e-mails so far ${sink.total()}`);
    const learners = () => [...sink.deliveries].filter(([to]) => to.startsWith('learner-'));
    await until('every award e-mail and every job', async () => learners().length >= AWARDS && Number((await one<{ n: string }>(`select count(*) as n from jobs where status in ('queued', 'running')`)).n) === 0, 1_200_000, 1000);
    const mailSeconds = (Date.now() - began) / 1000;
    log(`e-mails done: ${learners().length} learners, ${sink.total()} deliveries in all, ${mailSeconds.toFixed(0)} s after the start`);

    // Exactly AWARDS awards, none doubled, each with its own status index.
    // Results come a page at a time (at most 10,000 a page): one page holds them all here.
    const report = await send(`${api}/bulk-imports/${importId}?limit=${AWARDS}`, { headers: { cookie } });
    expect(report.json()).toMatchObject({ status: 'done', total: AWARDS, processed: AWARDS, failed: 0 });
    expect(new Set(report.json().results.map((r: { credentialId: string }) => r.credentialId)).size).toBe(AWARDS);
    const credentials = await one<{ n: string; recipients: string; indexes: string }>(
      'select count(*) as n, count(distinct recipient_index) as recipients, count(distinct status_index) as indexes from credentials where achievement_id = $1',
      [achievementId],
    );
    expect({ n: Number(credentials.n), recipients: Number(credentials.recipients), indexes: Number(credentials.indexes) }).toEqual({ n: AWARDS, recipients: AWARDS, indexes: AWARDS });

    // No job stuck or failed; one award e-mail job per committed chunk (its awards' e-mails together), none per
    // award, each done; together they name every credential once.
    const jobs = (await db.query<{ name: string; status: string; n: string }>('select name, status, count(*) as n from jobs group by name, status order by name, status')).rows;
    expect(jobs.filter((j) => j.status !== 'done'), JSON.stringify(jobs)).toEqual([]);
    expect(jobs.find((j) => j.name === 'credential.issued'), JSON.stringify(jobs)).toBeUndefined();
    expect(Number(jobs.find((j) => j.name === AWARD_EMAILS_JOB)?.n)).toBeGreaterThanOrEqual(Math.ceil(AWARDS / BULK_CHUNK_ROWS));
    const named = (await db.query<{ payload: string }>('select payload from jobs where name = $1', [AWARD_EMAILS_JOB])).rows.flatMap((r) => (JSON.parse(r.payload) as { credentialIds: string[] }).credentialIds);
    expect({ named: named.length, distinct: new Set(named).size }).toEqual({ named: AWARDS, distinct: AWARDS });
    expect(Number((await one<{ n: string }>('select count(*) as n from claim_tokens where sent_at is not null')).n)).toBe(AWARDS);

    // Each learner e-mailed once: one message (one Message-ID) each. A message the killed instance had handed
    // to the mail server but not yet recorded as sent is sent again with its Message-ID (SMTP offers no
    // better across a crash): at most one per job it ran at once (a batch job sends one message at a time), and
    // mail systems know it for the same message.
    const messageIds = new Set<string>();
    for (let i = 0; i < AWARDS; i++) {
      const ids = sink.deliveries.get(`learner-${i}@cluster.test`);
      if (ids?.length !== 1) expect(new Set(ids ?? []).size, `learner-${i}: ${JSON.stringify(ids)}`).toBe(1);
      messageIds.add(ids![0]!);
    }
    // The Message-ID is the award e-mail's own (its job's and credential's), never a default random one.
    expect(messageIds.size).toBe(AWARDS);
    expect([...messageIds].every((id) => /^<award-[^@>\s]+@127\.0\.0\.1>$/.test(id)), [...messageIds].slice(0, 3).join(' ')).toBe(true);
    expect(learners()).toHaveLength(AWARDS);
    const resent = learners().reduce((n, [, ids]) => n + ids.length, 0) - AWARDS;
    log(`resent after the SIGKILL (same Message-ID): ${resent}`);
    expect(resent).toBeLessThanOrEqual(JOB_CONCURRENCY);
    expect(killedAt).toBeLessThan(AWARDS);
  });
});
