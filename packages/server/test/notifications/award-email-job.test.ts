import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobHandlers } from '../../src/compose.js';
import type { Credential } from '../../src/domain/credentials/ports.js';
import type { MailMessage } from '../../src/domain/notifications/ports.js';
import type { JobContext } from '../../src/domain/shared/job-handler.js';
import { SYSTEM_ACTOR } from '../../src/domain/credential-history/history-event.js';
import { ENGINES, createTestApp, minimalAchievement, minimalIssuer, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

/**
 * The `credential.issued` job (webhook fan-out, pathway rules, award e-mail) as the runner calls it: the
 * credential row is read once per run, a failed send leaves no usable token behind and the retry sends once,
 * and a history event filed with a credential that is not its own does not take that credential's figures.
 */
describe.each(ENGINES)('award e-mail job (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let achievementId: string;

  const award = async (email: string) => {
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email, name: 'Ada Learner' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  };
  /** The production handler of `credential.issued`, over a store that counts credential reads, and a mailer. */
  const issuedJob = (send: (m: MailMessage) => Promise<void>, reads: string[]) => {
    const credentials = new Proxy(ctx.deps.store.credentials, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (property === 'findPublic' || property === 'findById') reads.push(String(property));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const store = Object.assign(Object.create(Object.getPrototypeOf(ctx.deps.store) as object) as object, ctx.deps.store, { credentials });
    return jobHandlers({ ...ctx.deps, store: store as typeof ctx.deps.store, mailer: { send } }).find((h) => h.name === 'credential.issued')!;
  };
  const claimRows = (credentialId: string) => ctx.storage.db.selectFrom('claim_tokens').select(['id', 'sent_at', 'job_id']).where('credential_id', '=', credentialId).execute();

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    ({ api, achievementId } = await organisationWithAchievement(ctx.app, { achievement: { name: 'Careful Sender' } }));
  });
  afterAll(async () => ctx?.close());

  it('reads the credential once per run of the job, and again on the next run', async () => {
    const credential = await award('once@example.org');
    const reads: string[] = [];
    const sent: MailMessage[] = [];
    const job = issuedJob(async (m) => void sent.push(m), reads);
    await job.handle({ credentialId: credential.id }, { jobId: `once-${credential.id}`, attempt: 1 });
    expect(sent).toHaveLength(1);
    expect(reads).toEqual(['findPublic']);
    // A new run (a new context) reads afresh: it sees the e-mail was sent and sends nothing.
    await expect(job.handle({ credentialId: credential.id }, { jobId: `once-${credential.id}`, attempt: 2 })).resolves.toMatchObject({ sent: false, reason: 'already sent' });
    expect(reads).toEqual(['findPublic', 'findPublic']);
    expect(sent).toHaveLength(1);
  });

  it('a context shared by two credentials never hands one the other\'s row', async () => {
    const first = await award('first@example.org');
    const second = await award('second@example.org');
    const sent: MailMessage[] = [];
    const job = issuedJob(async (m) => void sent.push(m), []);
    const context: JobContext = { jobId: `shared-${first.id}`, attempt: 1 };
    await job.handle({ credentialId: first.id }, context);
    // The same context object, now for the second credential: its own row, its own recipient.
    context.jobId = `shared-${second.id}`;
    await job.handle({ credentialId: second.id }, context);
    expect(sent.map((m) => m.to)).toEqual(['first@example.org', 'second@example.org']);
  });

  it('a failed send leaves its claim token unsent, the retry replaces it and sends once; a later run sends nothing', async () => {
    const credential = await award('retry@example.org');
    const jobId = `retry-${credential.id}`;
    const sent: MailMessage[] = [];
    let refuse = true;
    const job = issuedJob(async (m) => {
      if (refuse) throw Object.assign(new Error('mailbox unavailable'), { code: 'EENVELOPE', responseCode: 450 });
      sent.push(m);
    }, []);
    await expect(job.handle({ credentialId: credential.id }, { jobId, attempt: 1 })).rejects.toThrow('mailbox unavailable');
    const afterFailure = await claimRows(credential.id);
    expect(afterFailure).toHaveLength(1);
    expect(afterFailure[0]!.sent_at).toBeNull();
    refuse = false;
    await expect(job.handle({ credentialId: credential.id }, { jobId, attempt: 2 })).resolves.toEqual({ sent: true });
    const afterRetry = await claimRows(credential.id);
    // The failed attempt's token is gone (its link would have been unusable anyway: never sent); one token, sent.
    expect(afterRetry).toHaveLength(1);
    expect(afterRetry[0]!.id).not.toBe(afterFailure[0]!.id);
    expect(afterRetry[0]!.sent_at).not.toBeNull();
    await expect(job.handle({ credentialId: credential.id }, { jobId, attempt: 3 })).resolves.toMatchObject({ sent: false, reason: 'already sent' });
    expect(sent).toHaveLength(1);
    const list = (await ctx.storage.db.selectFrom('credential_events').select(['type']).where('credential_id', '=', credential.id).execute()).map((e) => e.type);
    expect(list.filter((t) => t === 'email.failed')).toHaveLength(1);
    expect(list.filter((t) => t === 'email.sent')).toHaveLength(1);
  });

  it("a history event filed with another credential's row (another achievement) is counted under its own credential", async () => {
    const own = await award('own@example.org');
    const otherAchievement = (await api.post('/api/v1/achievements', { ...minimalAchievement((await api.post('/api/v1/issuers', minimalIssuer)).json().id), name: 'Decoy' })).json().id as string;
    const decoy = (await api.post('/api/v1/credentials', { achievementId: otherAchievement, recipient: { email: 'decoy@example.org' } })).json() as { id: string };
    const ownRow = (await ctx.deps.store.credentials.findPublic(own.id))!;
    const decoyRow = (await ctx.deps.store.credentials.findPublic(decoy.id))!;
    const delivered = (achievement: string) =>
      ctx.storage.db.selectFrom('analytics_daily').select(['count']).where('achievement_id', '=', achievement).where('metric', '=', 'delivered').execute();
    const before = (await delivered(otherAchievement)).reduce((s, r) => s + Number(r.count), 0);
    const event = { id: `evt-${own.id}`, orgId: ownRow.orgId, credentialId: own.id, type: 'email.sent' as const, actor: SYSTEM_ACTOR, details: {}, createdAt: new Date().toISOString() };
    // The decoy's id differs from the event's: its issuer and achievement are not used.
    await ctx.deps.store.credentialEvents.record(event, decoyRow as Credential);
    expect((await delivered(otherAchievement)).reduce((s, r) => s + Number(r.count), 0)).toBe(before);
    expect((await delivered(achievementId)).reduce((s, r) => s + Number(r.count), 0)).toBeGreaterThan(0);
    // Same id, another organisation: not used either.
    await ctx.deps.store.credentialEvents.record({ ...event, id: `evt2-${own.id}` }, { ...ownRow, orgId: 'another-org', achievementId: otherAchievement });
    expect((await delivered(otherAchievement)).reduce((s, r) => s + Number(r.count), 0)).toBe(before);
  });
});
