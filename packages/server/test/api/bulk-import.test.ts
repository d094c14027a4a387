import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner } from '../../src/adapters/jobs/job-runner.js';
import { jobHandlers } from '../../src/compose.js';
import { bulkImportJob } from '../../src/domain/bulk/run-bulk-import.js';
import type { Clock } from '../../src/domain/shared/ports.js';
import { ENGINES, createTestApp, minimalAchievement, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

function csvOf(count: number, bad: string[] = []): string {
  const lines = ['Name,Email,Evidence URL,Narrative,Issued Date'];
  for (let i = 1; i <= count; i++) lines.push(`Learner ${i},learner${i}@example.org,https://evidence.example/${i},"Finished, with distinction",2026-02-${String((i % 28) + 1).padStart(2, '0')}`);
  lines.push(...bad);
  return lines.join('\n');
}

describe.each(ENGINES)('bulk award from CSV (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let achievementId: string;
  let now = new Date('2026-03-01T00:00:00Z');
  const clock: Clock = { now: () => new Date(now.getTime()) };

  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock });
    ({ api, achievementId } = await organisationWithAchievement(ctx.app));
  });
  afterAll(async () => ctx?.close());

  // Addresses are sealed at rest: their blind index tells them apart.
  const countFor = async (id: string) => (await ctx.storage.db.selectFrom('credentials').select('recipient_index').where('achievement_id', '=', id).execute()).map((r) => r.recipient_index);

  it('previews with per-row errors, then awards the valid rows in a background job with progress and a report', async () => {
    const csv = csvOf(50, ['Broken,not-an-email,,,', 'Late,late@example.org,ftp://x,,someday']);
    const preview = await api.post(`/api/v1/achievements/${achievementId}/bulk`, { csv, dryRun: true });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ total: 52, valid: 50, invalid: 2 });
    const errors = preview.json().rows.filter((r: { errors: string[] }) => r.errors.length > 0);
    expect(errors.map((r: { row: number }) => r.row)).toEqual([52, 53]);
    expect(errors[1].errors.join(' ')).toMatch(/evidence URL.*issued date/s);
    expect(await countFor(achievementId)).toHaveLength(0);

    const started = await api.post(`/api/v1/achievements/${achievementId}/bulk`, { csv }, { 'idempotency-key': 'import-1' });
    expect(started.statusCode, started.body).toBe(202);
    const id = started.json().import.id;
    expect(started.json().import).toMatchObject({ status: 'queued', total: 52, processed: 2, failed: 2 });
    const again = await api.post(`/api/v1/achievements/${achievementId}/bulk`, { csv }, { 'idempotency-key': 'import-1' });
    expect(again.json().import.id).toBe(id);

    const runner = createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers(ctx.deps), clock, batchSize: 1 });
    while ((await api.get(`/api/v1/bulk-imports/${id}`)).json().status !== 'done') expect(await runner.runOnce()).toBeGreaterThan(0);
    const done = (await api.get(`/api/v1/bulk-imports/${id}`)).json();
    expect(done).toMatchObject({ status: 'done', total: 52, processed: 52, failed: 2 });
    expect(done.results.filter((r: { status: string }) => r.status === 'issued')).toHaveLength(50);
    const issued = await countFor(achievementId);
    expect(issued).toHaveLength(50);
    expect(new Set(issued).size).toBe(50);
    const one = (await api.get(`/api/v1/credentials/${done.results[0].credentialId}`)).json();
    expect(one).toMatchObject({ recipient: { name: 'Learner 1' }, narrative: 'Finished, with distinction', evidence: [{ url: 'https://evidence.example/1' }] });
    expect(one.issuedOn).toBe('2026-02-02T00:00:00.000Z');

    const report = await api.get(`/api/v1/bulk-imports/${id}/report.csv`);
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.body.split('\n')[0]).toBe('row,email,status,credential_id,credential_url,error');
    expect(report.body).toContain('52,not-an-email,invalid');
    const raw = await ctx.app.inject({ method: 'POST', url: `/api/v1/achievements/${achievementId}/bulk?dryRun=true`, payload: 'email\nx@example.org\n', headers: { authorization: `Bearer ${(await setupKey())}`, 'content-type': 'text/csv' } });
    expect(raw.json()).toMatchObject({ total: 1, valid: 1 });
  });

  it('a worker that dies mid-import loses and duplicates nothing when another takes over', async () => {
    const drain = createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers(ctx.deps), clock, batchSize: 20 });
    while ((await drain.runOnce()) > 0);
    const ach = (await api.post('/api/v1/achievements', { ...minimalAchievement((await api.get('/api/v1/issuers')).json().items[0].id), name: 'Crash test' })).json().id;
    const started = await api.post(`/api/v1/achievements/${ach}/bulk`, { csv: csvOf(30) });
    const id = started.json().import.id;

    // Worker 1 awards chunks of 5 rows, one at a time, then "dies": its signer fails from the 13th row on, in
    // its third chunk, whose transaction then stores nothing.
    let signs = 0;
    const dying = {
      ...ctx.deps,
      credentialSigner: {
        ...ctx.deps.credentialSigner,
        sign: (input: Parameters<typeof ctx.deps.credentialSigner.sign>[0]) => {
          if (++signs > 12) return Promise.reject(new Error('worker killed'));
          return ctx.deps.credentialSigner.sign(input);
        },
      },
    };
    const worker1 = createJobRunner({ queue: ctx.deps.store.jobs, handlers: [bulkImportJob(dying, { chunkRows: 5, chunksInFlight: 1 })], clock, batchSize: 1, workerId: 'w1' });
    await worker1.runOnce();
    const mid = (await api.get(`/api/v1/bulk-imports/${id}`)).json();
    expect(mid.processed).toBe(10); // the progress is what was committed: two chunks
    expect(await countFor(ach)).toHaveLength(10); // the third chunk left nothing

    // Later a second worker picks the job up (after its retry delay) and finishes it.
    now = new Date(now.getTime() + 10 * 60_000);
    const worker2 = createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers(ctx.deps), clock, batchSize: 1, workerId: 'w2' });
    while ((await api.get(`/api/v1/bulk-imports/${id}`)).json().status !== 'done') expect(await worker2.runOnce()).toBeGreaterThan(0);
    const done = (await api.get(`/api/v1/bulk-imports/${id}`)).json();
    expect(done).toMatchObject({ processed: 30, failed: 0 });
    const issued = await countFor(ach);
    expect(issued).toHaveLength(30);
    expect(new Set(issued).size).toBe(30);
    expect(new Set(done.results.map((r: { credentialId: string }) => r.credentialId)).size).toBe(30);
  });

  it('reads a French Excel CSV (semicolons, Prénom/Nom, dd/mm/yyyy) and warns about duplicates, holders, opt-outs and unread columns', async () => {
    const ach = (await api.post('/api/v1/achievements', { ...minimalAchievement((await api.get('/api/v1/issuers')).json().items[0].id), name: 'French Excel' })).json().id;
    const first = await api.post(`/api/v1/achievements/${ach}/bulk`, { csv: 'email\nholder@example.org\n' });
    expect(first.statusCode, first.body).toBe(202);
    const drain = createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers(ctx.deps), clock, batchSize: 20 });
    while ((await drain.runOnce()) > 0);
    const org = (await ctx.storage.db.selectFrom('achievements').select('org_id').where('id', '=', ach).executeTakeFirstOrThrow()).org_id;
    await ctx.deps.store.optOuts.add(org, 'quiet@example.org', now.toISOString());

    const csv = '\ufeffPrénom;Nom;Adresse e-mail;Date d’émission;Service\r\nÉlodie;Durand;elodie@example.org;30/06/2026;RH\r\nÉlodie;Durand;Elodie@example.org;30/06/2026;RH\r\nHo;Lder;holder@example.org;;\r\nQu;Iet;quiet@example.org;;\r\nX;Y;x@example.org;03/04/2026;\r\n';
    const preview = await api.post(`/api/v1/achievements/${ach}/bulk`, { csv, dryRun: true, dateOrder: 'dmy' });
    expect(preview.statusCode, preview.body).toBe(200);
    const body = preview.json();
    expect(body).toMatchObject({ total: 5, valid: 4, invalid: 1, warnings: [{ code: 'unknown-column', column: 'Service' }] });
    expect(body.rows[0]).toMatchObject({ name: 'Élodie Durand', email: 'elodie@example.org', issuedOn: '2026-06-30T00:00:00.000Z', errors: [], warnings: [] });
    expect(body.rows[1].issues).toEqual([{ code: 'duplicate-row', severity: 'error', column: 'Adresse e-mail', row: 2 }]);
    expect(body.rows[2].issues).toEqual([{ code: 'already-holds', severity: 'warning', column: null }]);
    expect(body.rows[3].issues).toEqual([{ code: 'unsubscribed', severity: 'warning', column: null }]);
    expect(body.rows[4]).toMatchObject({ issuedOn: '2026-04-03T00:00:00.000Z', errors: [] });
    // Month first for en-US; without an order an ambiguous date is refused in words, never a 500.
    const us = await api.post(`/api/v1/achievements/${ach}/bulk`, { csv, dryRun: true, dateOrder: 'mdy' });
    expect(us.json().rows[0].issues).toEqual([{ code: 'date-invalid', severity: 'error', column: 'Date d’émission', value: '30/06/2026' }]);
    expect(us.json().rows[0].issuedOn).toBeNull();
    const plain = await api.post(`/api/v1/achievements/${ach}/bulk`, { csv, dryRun: true });
    expect(plain.json().rows[0].issuedOn).toBe('2026-06-30T00:00:00.000Z');
    expect(plain.json().rows[4].issues[0]).toMatchObject({ code: 'date-ambiguous', column: 'Date d’émission' });
    expect(plain.json().rows[4].errors[0]).toContain('column "Date d’émission"');
    const tab = await api.post(`/api/v1/achievements/${ach}/bulk`, { csv: 'First name\tLast name\tEmail\nAda\tLovelace\tada@example.org\n', dryRun: true });
    expect(tab.json().rows[0]).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.org', errors: [] });
    const wrongOrder = await api.post(`/api/v1/achievements/${ach}/bulk`, { csv, dryRun: true, dateOrder: 'ymd' });
    expect(wrongOrder.statusCode).toBe(400);
    expect(wrongOrder.headers['content-type']).toContain('application/problem+json');
  });

  async function setupKey(): Promise<string> {
    return (await api.post('/api/v1/api-keys', { name: 'csv', role: 'issuer' })).json().secret;
  }
});
