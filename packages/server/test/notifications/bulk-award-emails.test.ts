/**
 * A bulk chunk's awards share one job (`credential.issued.batch`): their e-mails go out over one SMTP connection,
 * each recipient once — a retry of a half-done job (the process killed after some sends) sends none of those
 * recorded as sent again — and a recipient the mail server refuses fails alone (its bounce recorded as today).
 */
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner } from '../../src/adapters/jobs/job-runner.js';
import { createMailer } from '../../src/adapters/mail/mailer.js';
import { guardedWebhookTransport } from '../../src/adapters/webhooks/guarded-transport.js';
import { jobHandlers } from '../../src/compose.js';
import { AWARD_EMAILS_JOB, AwardEmailsIncomplete, awardEmailsJob, notifyAwards } from '../../src/domain/notifications/award-emails-job.js';
import { runBulkImport } from '../../src/domain/bulk/run-bulk-import.js';
import { JobInterrupted } from '../../src/domain/shared/job-handler.js';
import { ENGINES, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

/** A real SMTP server: what it received (recipient, Message-ID), the connections opened, and addresses it refuses (550). */
async function startSink(refuse: (address: string) => boolean) {
  const received: Array<{ to: string; messageId: string }> = [];
  let connections = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (refuse(address.address)) callback(Object.assign(new Error(`<${address.address}> unknown user`), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? '';
        for (const r of session.envelope.rcptTo) received.push({ to: r.address, messageId });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, received, connections: () => connections, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const csvOf = (tag: string, count: number) => ['name,email', ...Array.from({ length: count }, (_, i) => `Learner ${i},${tag}${i}@example.org`)].join('\n');

describe.each(ENGINES)('bulk award e-mails, one job a chunk (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let mailer: ReturnType<typeof createMailer>['mailer'];

  beforeAll(async () => {
    sink = await startSink((a) => a.startsWith('refused'));
    mailer = createMailer({ smtpUrl: sink.url, outboxDir: '/nonexistent', from: 'Laurel <test@laurel.test>' }).mailer;
    ctx = await createTestApp(engine, { mailer });
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
  });
  afterAll(async () => {
    await ctx?.close();
    await sink?.close();
  });

  /** The import's awards, in chunks of 5, by the `bulk.award` job's function (no runner: the e-mail jobs stay queued). */
  const award = async (importId: string) => {
    const r = await runBulkImport(ctx.deps, { importId, role: 'owner', chunkRows: 5 });
    expect(r.failed).toBe(0);
  };

  /** Imports the CSV and awards it; the chunks' e-mail jobs. */
  async function importAwards(tag: string, count: number) {
    const achievementId = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: `Batch ${tag}` })).json().id as string;
    const res = await api.post(`/api/v1/achievements/${achievementId}/bulk`, { csv: csvOf(tag, count) });
    expect(res.statusCode, res.body).toBe(202);
    await award(res.json().import.id);
    const ids = (await ctx.storage.db.selectFrom('credentials').select('id').where('achievement_id', '=', achievementId).execute()).map((r) => r.id);
    expect(ids).toHaveLength(count);
    const rows = await ctx.storage.db.selectFrom('jobs').select('id').where('name', 'in', ['credential.issued', AWARD_EMAILS_JOB]).where('status', '=', 'queued').orderBy('created_at').orderBy('id').execute();
    const jobs = (await Promise.all(rows.map((r) => ctx.deps.store.jobs.get(r.id))))
      .map((j) => ({ id: j!.id, name: j!.name, orgId: j!.orgId!, payload: j!.payload as { credentialIds?: string[]; credentialId?: string } }))
      .filter((j) => (j.payload.credentialIds ?? [j.payload.credentialId]).some((id) => id && ids.includes(id)));
    return { achievementId, ids, jobs };
  }
  const history = async (ids: string[], type: string) =>
    ctx.storage.db.selectFrom('credential_events').select(['credential_id', 'details']).where('type', '=', type).where('credential_id', 'in', ids).execute();
  const sentClaims = async (ids: string[]) =>
    Number((await ctx.storage.db.selectFrom('claim_tokens').select((eb) => eb.fn.countAll<number>().as('n')).where('credential_id', 'in', ids).where('sent_at', 'is not', null).executeTakeFirstOrThrow()).n);
  const to = (tag: string) => sink.received.filter((r) => r.to.startsWith(tag));

  it('a chunk queues one e-mail job for its awards; the runner sends each once over one connection a job', async () => {
    const { ids, jobs } = await importAwards('batch', 12);
    // 12 rows in chunks of 5: three jobs, no per-award job.
    expect(jobs.map((j) => j.name)).toEqual([AWARD_EMAILS_JOB, AWARD_EMAILS_JOB, AWARD_EMAILS_JOB]);
    expect(jobs.flatMap((j) => j.payload.credentialIds).sort()).toEqual([...ids].sort());
    const before = sink.connections();
    const runner = createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers(ctx.deps), clock: ctx.deps.clock, batchSize: 10 });
    while ((await runner.runOnce()) > 0);
    expect(to('batch').map((r) => r.to).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `batch${i}@example.org`).sort());
    expect(new Set(to('batch').map((r) => r.messageId)).size).toBe(12);
    expect(to('batch').every((r) => /^<award-[^@>\s]+@[^>\s]+>$/.test(r.messageId))).toBe(true);
    expect(sink.connections() - before).toBe(3);
    expect(await sentClaims(ids)).toBe(12);
    // The history (and so the analytics' 'delivered') has each award's e-mail once.
    expect((await history(ids, 'email.sent')).map((e) => e.credential_id).sort()).toEqual([...ids].sort());
    const done = await ctx.storage.db.selectFrom('jobs').select(['status']).where('id', 'in', jobs.map((j) => j.id)).execute();
    expect(done.map((j) => j.status)).toEqual(['done', 'done', 'done']);
  });

  it('a job killed after some sends: its retry sends only those not recorded as sent', async () => {
    const { ids, jobs } = await importAwards('crash', 5);
    const [job] = jobs;
    // The process dies after the mail server took the third e-mail, before recording it as sent.
    let marks = 0;
    const dying = {
      ...ctx.deps,
      store: {
        ...ctx.deps.store,
        claims: {
          ...ctx.deps.store.claims,
          markSent: async (id: string, at: string) => {
            if (++marks === 3) throw new Error('killed');
            return ctx.deps.store.claims.markSent(id, at);
          },
        },
      },
    };
    await expect(notifyAwards(dying, { orgId: job!.orgId, credentialIds: job!.payload.credentialIds!, jobId: job!.id, attempt: 1 })).rejects.toThrow('killed');
    expect(to('crash')).toHaveLength(3);
    expect(await sentClaims(ids)).toBe(2);
    // The retry (the same job): the two recorded are not sent again; the third goes again with its Message-ID.
    await expect(notifyAwards(ctx.deps, { orgId: job!.orgId, credentialIds: job!.payload.credentialIds!, jobId: job!.id, attempt: 2 })).resolves.toEqual({ sent: 3, skipped: 2, failed: 0 });
    const got = to('crash');
    expect(got).toHaveLength(6);
    expect(new Set(got.map((r) => r.to)).size).toBe(5);
    expect(new Set(got.map((r) => r.messageId)).size).toBe(5);
    expect(await sentClaims(ids)).toBe(5);
    // A further run sends nothing.
    await expect(notifyAwards(ctx.deps, { orgId: job!.orgId, credentialIds: job!.payload.credentialIds!, jobId: job!.id, attempt: 3 })).resolves.toEqual({ sent: 0, skipped: 5, failed: 0 });
    expect(to('crash')).toHaveLength(6);
  });

  it('a recipient the mail server refuses fails alone: the others are sent, its bounce recorded, the retry sends no one twice', async () => {
    const achievementId = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Batch refused' })).json().id as string;
    const csv = ['name,email', 'A,bounce0@example.org', 'B,refused-bounce@example.org', 'C,bounce2@example.org'].join('\n');
    const res = await api.post(`/api/v1/achievements/${achievementId}/bulk`, { csv });
    expect(res.statusCode).toBe(202);
    await award(res.json().import.id);
    const credentials = await ctx.storage.db.selectFrom('credentials').select(['id', 'org_id']).where('achievement_id', '=', achievementId).execute();
    const ids = credentials.map((c) => c.id);
    const job = awardEmailsJob(ctx.deps);
    const payload = { orgId: credentials[0]!.org_id, credentialIds: ids };
    await expect(job.handle(payload, { jobId: 'refused-job', attempt: 1 })).rejects.toThrow(AwardEmailsIncomplete);
    expect(sink.received.filter((r) => r.to.includes('bounce')).map((r) => r.to).sort()).toEqual(['bounce0@example.org', 'bounce2@example.org']);
    const failed = await history(ids, 'email.failed');
    expect(failed).toHaveLength(1);
    const details = typeof failed[0]!.details === 'string' ? JSON.parse(failed[0]!.details) : failed[0]!.details;
    expect(details).toMatchObject({ smtpStatus: 550, attempt: 1 });
    // Analytics: one 'bounced', two 'delivered' for this achievement.
    const rollup = await ctx.storage.db.selectFrom('analytics_daily').select(['metric', (eb) => eb.fn.sum<number>('count').as('n')]).where('achievement_id', '=', achievementId).where('metric', 'in', ['delivered', 'bounced']).groupBy('metric').execute();
    expect(Object.fromEntries(rollup.map((r) => [r.metric, Number(r.n)]))).toEqual({ delivered: 2, bounced: 1 });
    // The retry: the two sent are not sent again; the refused one is tried again (and refused again).
    await expect(job.handle(payload, { jobId: 'refused-job', attempt: 2 })).rejects.toThrow(AwardEmailsIncomplete);
    expect(sink.received.filter((r) => r.to.includes('bounce'))).toHaveLength(2);
    expect(await history(ids, 'email.failed')).toHaveLength(2);
  });

  it('a recipient who opted out is skipped (its history says so), the others are sent', async () => {
    const achievementId = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Batch opted out' })).json().id as string;
    const orgId = (await ctx.storage.db.selectFrom('achievements').select('org_id').where('id', '=', achievementId).executeTakeFirstOrThrow()).org_id;
    await ctx.deps.store.optOuts.add(orgId, 'optout1@example.org', new Date().toISOString());
    const res = await api.post(`/api/v1/achievements/${achievementId}/bulk`, { csv: csvOf('optout', 3) });
    expect(res.statusCode).toBe(202);
    await award(res.json().import.id);
    const ids = (await ctx.storage.db.selectFrom('credentials').select('id').where('achievement_id', '=', achievementId).execute()).map((r) => r.id);
    await expect(awardEmailsJob(ctx.deps).handle({ orgId, credentialIds: ids }, { jobId: 'optout-job', attempt: 1 })).resolves.toEqual({ sent: 2, skipped: 1, failed: 0 });
    expect(to('optout').map((r) => r.to).sort()).toEqual(['optout0@example.org', 'optout2@example.org']);
    expect(await history(ids, 'email.skipped')).toHaveLength(1);
  });

  it('a long batch keeps its lock, and on shutdown stops between two e-mails; its rerun sends only the rest', async () => {
    const { ids, jobs } = await importAwards('long', 4);
    const [job] = jobs;
    const sent: string[] = [];
    const stopping = new AbortController();
    let beats = 0;
    // A slow mail server (0.6 s a message): the job's lock is extended while it sends; shutdown comes after the third.
    const slow = { ...ctx.deps, mailer: { send: async (m: { to: string }) => { await new Promise((r) => setTimeout(r, 600)); sent.push(m.to); if (sent.length === 3) stopping.abort(); } } };
    const run = awardEmailsJob(slow).handle({ orgId: job!.orgId, credentialIds: job!.payload.credentialIds! }, { jobId: job!.id, attempt: 1, heartbeat: async () => void beats++, signal: stopping.signal });
    await expect(run).rejects.toThrow(JobInterrupted);
    expect(sent).toHaveLength(3);
    expect(beats).toBeGreaterThanOrEqual(1);
    expect(await sentClaims(ids)).toBe(3);
    await expect(awardEmailsJob(slow).handle({ orgId: job!.orgId, credentialIds: job!.payload.credentialIds! }, { jobId: job!.id, attempt: 1 })).resolves.toEqual({ sent: 1, skipped: 3, failed: 0 });
    expect(new Set(sent).size).toBe(4);
    expect(sent).toHaveLength(4);
  });

  it('the batch queues each award\'s credential.issued webhook event once, also when it runs again', async () => {
    // An endpoint on an allow-listed loopback port (nothing is delivered here: the messages are only queued).
    const transport = ctx.deps.webhookTransport;
    ctx.deps.webhookTransport = guardedWebhookTransport({ allowHosts: ['127.0.0.1:9'] });
    const hook = await api.post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['credential.issued'], description: 'batch test' });
    ctx.deps.webhookTransport = transport;
    expect(hook.statusCode, hook.body).toBe(201);
    try {
      const { ids, jobs } = await importAwards('hooked', 3);
      const [job] = jobs;
      const run = () => awardEmailsJob(ctx.deps).handle({ orgId: job!.orgId, credentialIds: job!.payload.credentialIds! }, { jobId: job!.id, attempt: 1 });
      await run();
      await run();
      const messages = await ctx.storage.db.selectFrom('webhook_messages').select(['id', 'payload']).where('endpoint_id', '=', hook.json().id).execute();
      expect(messages).toHaveLength(3);
      expect(ids.every((id) => messages.some((m) => String(m.payload).includes(id)))).toBe(true);
    } finally {
      await api.request('DELETE', `/api/v1/webhooks/${hook.json().id}`);
    }
  });

  it('hostile payloads: another organisation\'s credentials are not e-mailed, malformed lists are refused', async () => {
    const { ids } = await importAwards('foreign', 2);
    const job = awardEmailsJob(ctx.deps);
    const before = sink.received.length;
    // The organisation named in the payload scopes the read: another organisation's ids are not found.
    await expect(job.handle({ orgId: 'another-org', credentialIds: ids }, { jobId: 'hostile-1', attempt: 1 })).resolves.toEqual({ sent: 0, skipped: 2, failed: 0 });
    expect(sink.received.length).toBe(before);
    for (const credentialIds of ['x', [1, 2], [''], Array.from({ length: 1001 }, (_, i) => `id-${i}`), undefined, [{ toString: () => 'x' }]]) {
      await expect(job.handle({ orgId: 'o', credentialIds }, { jobId: 'hostile-2', attempt: 1 })).rejects.toThrow('credentialIds');
    }
    await expect(job.handle({ credentialIds: ids }, { jobId: 'hostile-3', attempt: 1 })).rejects.toThrow('orgId');
    expect(sink.received.length).toBe(before);
  });
});
