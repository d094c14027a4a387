import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner, type JobRunner } from '../../src/adapters/jobs/job-runner.js';
import { jobHandlers } from '../../src/compose.js';
import { EXPIRY_SWEEP_JOB, sweepExpiryReminders } from '../../src/domain/renewals/expiry-sweep.js';
import type { Clock } from '../../src/domain/shared/ports.js';
import { bitstringStatusCheck } from '../support/bitstring-status.js';
import { startSmtpServer, type CapturedMail, smtpMailer } from '../support/smtp.js';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { BASE_URL, ENGINES, PASSWORD, apiClient, createTestApp, minimalIssuer, registerAccount, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';
import { fetchPublicJson, independentLoader } from '../support/independent-vc.js';

const SHARED = new URL('../../../../test-data/conformance/', import.meta.url);
const schemas = ['ob3-schemas/ob_v3p0_achievementcredential_schema.json', 'ob3-schemas/strict-2024-09/ob_v3p0_achievementcredential_schema.json'].map((file) => {
  const ajv = new Ajv2019.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return { file, validate: ajv.compile(JSON.parse(readFileSync(new URL(file, SHARED), 'utf8'))) };
});

const DAY = 86_400_000;
const pdfDir = mkdtempSync(join(tmpdir(), 'laurel-renewal-pdf-'));
function pdfText(bytes: Buffer): string {
  const file = join(pdfDir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
}
const T0 = Date.parse('2026-12-01T09:00:00.000Z');

describe.each(ENGINES)('certification expiry reminders and renewal (%s)', (engine) => {
  let now = T0;
  const clock: Clock = { now: () => new Date(now) };
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let api: ApiClient;
  let issuer: { id: string; did: string };
  let certificationId: string;
  let credentialId: string;
  let expiresAt: number;
  const documentLoader = independentLoader();
  const suite = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  const fetchPublic = (url: string) => fetchPublicJson(ctx.app, url);
  const independentVerify = async (credential: unknown) => {
    const at = new Date(now);
    const checkStatus = bitstringStatusCheck({ fetchList: fetchPublic, verifyList: (list) => vc.verifyCredential({ credential: list, suite: suite(), documentLoader, now: at }) });
    const result = (await vc.verifyCredential({ credential, suite: suite(), documentLoader, now: at, checkStatus })) as { verified: boolean; error?: unknown };
    return { verified: result.verified, error: JSON.stringify(result.error ?? null) };
  };

  const runner = (): JobRunner => createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers(ctx.deps), clock, lockSeconds: 60 });
  const drain = async (r: JobRunner) => {
    while ((await r.runOnce()) > 0);
  };
  const reminders = (to = 'learner@example.org'): CapturedMail[] => smtp.inbox.filter((m) => m.to.includes(to) && /expires in \d+ days/.test(m.decoded));
  const reminderDays = (to?: string) => reminders(to).map((m) => Number(/expires in (\d+) days/.exec(m.decoded)![1]));
  const sweep = () => ctx.deps.store.jobs.enqueue({ name: EXPIRY_SWEEP_JOB, payload: {} });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ctx = await createTestApp(engine, { clock, mailer: smtpMailer(smtp) });
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    issuer = (await api.post('/api/v1/issuers', { ...minimalIssuer, identity: 'did:key' })).json();
    const created = await api.post('/api/v1/achievements', {
      issuerId: issuer.id, kind: 'certification', name: 'Certified Welder', description: 'Assessed welding', criteria: { narrative: 'Pass the assessment' }, validity: 'P1Y', gracePeriod: 'P30D',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ validity: 'P1Y', gracePeriod: 'P30D', reminderOffsets: [90, 30, 7], renewalMode: 'manual', renewable: true });
    certificationId = created.json().id;
    const issued = await api.post('/api/v1/credentials', { achievementId: certificationId, recipient: { email: 'learner@example.org', name: 'Ada Learner' }, visibility: 'public' });
    expect(issued.statusCode, issued.body).toBe(201);
    credentialId = issued.json().id;
    expiresAt = Date.parse(issued.json().expires);
    expect(expiresAt).toBe(Date.parse('2027-12-01T09:00:00.000Z'));
    await drain(runner()); // the award e-mail
  });
  afterAll(async () => {
    await ctx?.close();
    await smtp?.close();
  });

  it('refuses reminder settings that make no sense, and on anything but a certification', async () => {
    const bad = await api.post('/api/v1/achievements', { issuerId: issuer.id, kind: 'certification', name: 'X', description: 'X', criteria: { narrative: 'X' }, validity: 'P1Y', reminderOffsets: [30, 30], gracePeriod: 'soon' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toMatch(/gracePeriod/);
    expect(JSON.stringify(bad.json())).toMatch(/reminderOffsets/);
    expect((await api.post('/api/v1/achievements', { issuerId: issuer.id, kind: 'badge', name: 'X', description: 'X', criteria: { narrative: 'X' }, reminderOffsets: [5] })).statusCode).toBe(400);
    expect((await api.post('/api/v1/achievements', { issuerId: issuer.id, kind: 'certification', name: 'X', description: 'X', criteria: { narrative: 'X' }, reminderOffsets: [0] })).statusCode).toBe(400);
    expect((await api.post('/api/v1/achievements', { issuerId: issuer.id, kind: 'certification', name: 'X', description: 'X', criteria: { narrative: 'X' }, renewalMode: 'whenever' })).statusCode).toBe(400);
  });

  it('sends nothing while no offset is due', async () => {
    now = expiresAt - 120 * DAY;
    await sweep();
    await drain(runner());
    expect(reminders()).toEqual([]);
  });

  it('sends the 90-day reminder once by real SMTP, however many sweeps run', async () => {
    now = expiresAt - 89 * DAY;
    await sweep();
    await sweep();
    await drain(runner());
    await sweep();
    await drain(runner());
    expect(reminderDays()).toEqual([90]);
    const mail = reminders()[0]!;
    expect(mail.decoded).toContain('Certified Welder');
    expect(mail.decoded).toContain('1 December 2027');
    expect(mail.decoded).toContain(`${BASE_URL}/backpack`);
  });

  it('sends the 30-day reminder once across a restart: a runner dies holding the job, another takes it after the lock', async () => {
    now = expiresAt - 29 * DAY;
    await sweep();
    // The first runner runs the sweep only, then "dies" (it is never used again).
    const first = createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers(ctx.deps), clock, batchSize: 1, lockSeconds: 60 });
    expect(await first.runOnce()).toBe(1);
    // A worker claims the reminder job and crashes before completing it (nothing sent).
    const claimed = await ctx.deps.store.jobs.claim('crashed-worker', 10, new Date(now).toISOString(), new Date(now + 60_000).toISOString());
    expect(claimed.map((j) => j.name)).toEqual(['certifications.expiry-reminder']);
    // Restarted: a new runner (and a new sweep) while the dead worker's lock holds: nothing is sent twice.
    await sweep();
    const second = runner();
    await drain(second);
    expect(reminderDays()).toEqual([90]);
    now += 61_000; // the lock lapses: the new runner resumes the job
    await drain(second);
    expect(reminderDays()).toEqual([90, 30]);
    await sweep();
    await drain(runner());
    expect(reminderDays()).toEqual([90, 30]);
  });

  it('sends the 7-day reminder once with two runners and concurrent sweeps', async () => {
    now = expiresAt - 6 * DAY;
    await Promise.all([sweep(), sweep(), sweep()]);
    const [a, b] = [runner(), runner()];
    await Promise.all([drain(a), drain(b), sweepExpiryReminders(ctx.deps), sweepExpiryReminders(ctx.deps)]);
    await Promise.all([drain(a), drain(b)]);
    expect(reminderDays()).toEqual([90, 30, 7]);
  });

  it('the database itself refuses a second reminder for the same credential and offset', async () => {
    const row = { id: 'dup-1', org_id: (await api.get('/api/v1/organisation')).json().id, credential_id: credentialId, offset_days: 7, expires_at: new Date(expiresAt).toISOString(), created_at: new Date(now).toISOString() };
    await expect(sql`insert into expiry_reminders (id, org_id, credential_id, offset_days, expires_at, created_at) values (${row.id}, ${row.org_id}, ${row.credential_id}, ${row.offset_days}, ${row.expires_at}, ${row.created_at})`.execute(ctx.storage.db)).rejects.toThrow(/unique|UNIQUE/);
  });

  type Who = { cookie: string; csrf: string };
  /** A fresh session at the fake clock's time (sessions end an hour after they begin). */
  const signIn = async (email: string): Promise<Who> => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    return { cookie: String(res.headers['set-cookie']).split(';')[0]!, csrf: res.json().csrfToken };
  };
  const asLearner = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, who?: Who) => {
    const as = who ?? (await signIn('learner@example.org'));
    return ctx.app.inject({ method, url, headers: { cookie: as.cookie, 'x-csrf-token': as.csrf }, ...(payload ? { payload } : {}) });
  };

  it('shows the reminders in the backpack, with renewal open', async () => {
    await registerAccount(ctx, 'learner@example.org');
    const items = (await asLearner('GET', '/api/v1/me/credentials')).json().items;
    const item = items.find((i: { id: string }) => i.id === credentialId);
    expect(item).toMatchObject({ status: 'active', renewable: true, renewal: null, supersededBy: null });
    expect(item.reminders.map((r: { offsetDays: number }) => r.offsetDays)).toEqual(expect.arrayContaining([90, 30, 7]));
  });

  it('refuses renewal requests from strangers and with hostile evidence', async () => {
    await registerAccount(ctx, 'mallory@example.net');
    const mallory = await signIn('mallory@example.net');
    const stolen = await asLearner('POST', `/api/v1/me/credentials/${credentialId}/renewal`, {}, mallory);
    expect(stolen.statusCode).toBe(404);
    expect([401, 403]).toContain((await ctx.app.inject({ method: 'POST', url: `/api/v1/me/credentials/${credentialId}/renewal`, payload: {} })).statusCode);
    for (const body of [{ evidenceUrl: 'javascript:alert(1)' }, { evidenceUrl: 'file:///etc/passwd' }, { note: 'x'.repeat(2001) }, { note: '   ' }, { evidenceUrl: 'https://ok.example', extra: 1 }]) {
      const res = await asLearner('POST', `/api/v1/me/credentials/${credentialId}/renewal`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().type).toMatch(/validation/);
    }
    // The console's queue is the organisation's, not an earner's.
    expect((await asLearner('GET', '/api/v1/renewal-requests')).statusCode).toBe(403);
  });

  let requestId: string;
  let renewedId: string;

  it('the earner asks with new evidence; the issuer sees it in the queue; refusing needs a reason', async () => {
    const asked = await asLearner('POST', `/api/v1/me/credentials/${credentialId}/renewal`, { evidenceUrl: 'https://portfolio.example/weld-2027', note: 'Refresher course done' });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({ status: 'pending', credentialId, evidenceUrl: 'https://portfolio.example/weld-2027', note: 'Refresher course done', newCredentialId: null });
    requestId = asked.json().id;
    const again = await asLearner('POST', `/api/v1/me/credentials/${credentialId}/renewal`, {});
    expect(again.statusCode).toBe(409);
    const queue = (await api.get('/api/v1/renewal-requests?status=pending')).json().items;
    expect(queue).toEqual([expect.objectContaining({ id: requestId, achievementName: 'Certified Welder', recipient: expect.objectContaining({ identity: 'learner@example.org' }), status: 'pending' })]);
    expect((await api.post(`/api/v1/renewal-requests/${requestId}/refuse`, { reason: '' })).statusCode).toBe(400);
    expect((await api.post(`/api/v1/renewal-requests/${requestId}/refuse`, {})).statusCode).toBe(400);
    expect((await api.post('/api/v1/renewal-requests/nope/approve')).statusCode).toBe(404);
    // Another organisation cannot see or decide it.
    const other = apiClient(ctx.app, (await createOrganisation(ctx.deps, { name: 'Other Org', owner: { email: 'owner@other.example', password: PASSWORD } })).apiKeySecret);
    expect((await other.post(`/api/v1/renewal-requests/${requestId}/approve`)).statusCode).toBe(404);
    expect((await other.get('/api/v1/renewal-requests')).json().items).toEqual([]);
  });

  it('approving issues a NEW signed credential linked to the old one, which reads superseded', async () => {
    now += DAY;
    const approved = await api.post(`/api/v1/renewal-requests/${requestId}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    renewedId = approved.json().credentialId;
    expect(renewedId).not.toBe(credentialId);
    expect(approved.json().request).toMatchObject({ status: 'approved', newCredentialId: renewedId });
    expect((await api.post(`/api/v1/renewal-requests/${requestId}/approve`)).statusCode).toBe(409);
    expect((await api.get(`/api/v1/credentials/${credentialId}`)).json()).toMatchObject({ supersededBy: renewedId, renews: null, status: 'active' });
    expect((await api.get(`/api/v1/credentials/${renewedId}`)).json()).toMatchObject({ supersededBy: null, renews: credentialId });

    const oldDoc = await ctx.app.inject({ method: 'GET', url: `/ob3/credentials/${credentialId}` });
    const renewed = (await ctx.app.inject({ method: 'GET', url: `/ob3/credentials/${renewedId}` })).json();
    expect(renewed.relatedResource).toEqual([{ id: `${BASE_URL}/ob3/credentials/${credentialId}`, digestSRI: `sha384-${createHash('sha384').update(oldDoc.body, 'utf8').digest('base64')}` }]);
    expect(renewed.refreshService).toEqual({ id: `${BASE_URL}/ob3/credentials/${renewedId}/refresh`, type: '1EdTechCredentialRefresh' });
    // validity counted from the old expiry (renewed early: no time lost)
    expect(renewed.validUntil).toBe('2028-12-01T09:00:00.000Z');
    expect(renewed.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'https://portfolio.example/weld-2027', narrative: 'Refresher course done' })]));
    for (const { file, validate } of schemas) expect(validate(renewed), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    expect(await independentVerify(renewed)).toEqual({ verified: true, error: 'null' });
    // the old one still verifies: superseded is not revoked
    expect(await independentVerify(oldDoc.json())).toEqual({ verified: true, error: 'null' });

    const backpack = (await asLearner('GET', '/api/v1/me/credentials')).json().items;
    expect(backpack.find((i: { id: string }) => i.id === credentialId)).toMatchObject({ status: 'superseded', supersededBy: renewedId, renewable: false, renewal: expect.objectContaining({ status: 'approved', newCredentialId: renewedId }) });
    expect(backpack.find((i: { id: string }) => i.id === renewedId)).toMatchObject({ status: 'active', renewable: true, supersededBy: null });
    // The old one cannot be renewed again; no reminder goes out for it any more.
    expect((await asLearner('POST', `/api/v1/me/credentials/${credentialId}/renewal`, {})).statusCode).toBe(409);
  });

  it('refreshService answers the current credential of the chain; private ones only to their earner', async () => {
    for (const id of [credentialId, renewedId]) {
      const res = await ctx.app.inject({ method: 'GET', url: `/ob3/credentials/${id}/refresh` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().id).toBe(`${BASE_URL}/ob3/credentials/${renewedId}`);
      expect(res.headers['content-location']).toBe(`${BASE_URL}/ob3/credentials/${renewedId}`);
    }
    expect((await ctx.app.inject({ method: 'GET', url: '/ob3/credentials/unknown/refresh' })).statusCode).toBe(404);
    const hidden = await asLearner('PATCH', `/api/v1/me/credentials/${renewedId}`, { visibility: 'private' });
    expect(hidden.statusCode, hidden.body).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: `/ob3/credentials/${credentialId}/refresh` })).statusCode).toBe(404);
    const own = await asLearner('GET', `/ob3/credentials/${credentialId}/refresh`);
    expect(own.statusCode).toBe(200);
    expect(own.json().id).toBe(`${BASE_URL}/ob3/credentials/${renewedId}`);
    expect((await asLearner('PATCH', `/api/v1/me/credentials/${renewedId}`, { visibility: 'public' })).statusCode).toBe(200);
  });

  it('the old public page says it was replaced, with a link; the verifier says valid but superseded', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: `/credentials/${credentialId}`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('replaced by a newer credential');
    expect(page.body).toContain(`href="${BASE_URL}/credentials/${renewedId}"`);
    expect(page.body).not.toMatch(/>\s*Revoked\s*</);
    const fr = await ctx.app.inject({ method: 'GET', url: `/credentials/${credentialId}`, headers: { accept: 'text/html', 'accept-language': 'fr' } });
    expect(fr.body).toContain('remplacé par un justificatif plus récent');
    const old = (await ctx.app.inject({ method: 'GET', url: `/ob3/credentials/${credentialId}` })).json();
    const report = (await ctx.app.inject({ method: 'POST', url: '/api/v1/verify', payload: old })).json();
    expect(report.valid).toBe(true);
    expect(report.superseded).toEqual({ by: `${BASE_URL}/ob3/credentials/${renewedId}`, page: `${BASE_URL}/credentials/${renewedId}` });
  });

  it('automatic renewal issues at once; past the grace period nothing renews', async () => {
    const auto = (await api.post('/api/v1/achievements', {
      issuerId: issuer.id, kind: 'certification', name: 'First Aid', description: 'First aid', criteria: { narrative: 'Pass' }, validity: 'P6M', renewalMode: 'automatic', reminderOffsets: [10],
    })).json();
    const issued = (await api.post('/api/v1/credentials', { achievementId: auto.id, recipient: { email: 'learner@example.org' }, visibility: 'public' })).json();
    const asked = await asLearner('POST', `/api/v1/me/credentials/${issued.id}/renewal`, {});
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({ status: 'approved', newCredentialId: expect.any(String) });
    const current = (await ctx.app.inject({ method: 'GET', url: `/ob3/credentials/${issued.id}/refresh` })).json();
    expect(current.id).toBe(`${BASE_URL}/ob3/credentials/${asked.json().newCredentialId}`);

    // A credential past expiry + grace: it reads expired, and cannot be renewed.
    const late = (await api.post('/api/v1/credentials', { achievementId: certificationId, recipient: { email: 'learner@example.org' }, visibility: 'public' })).json();
    now = Date.parse(late.expires) + 10 * DAY; // within the 30-day grace: still renewable, though expired
    const items = (await asLearner('GET', '/api/v1/me/credentials')).json().items;
    expect(items.find((i: { id: string }) => i.id === late.id)).toMatchObject({ status: 'expired', renewable: true });
    now = Date.parse(late.expires) + 31 * DAY;
    const refused = await asLearner('POST', `/api/v1/me/credentials/${late.id}/renewal`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/grace period/);
  });

  it('a lapsed certification reads expired on its page, in the verifier and on its PDF', async () => {
    const lapsed = (await api.post('/api/v1/credentials', { achievementId: certificationId, recipient: { email: 'someone@example.org', name: 'Sam' }, visibility: 'public' })).json();
    now = Date.parse(lapsed.expires) + DAY;
    const page = await ctx.app.inject({ method: 'GET', url: `/credentials/${lapsed.id}`, headers: { accept: 'text/html' } });
    expect(page.body).toMatch(/[Ee]xpired/);
    const doc = (await ctx.app.inject({ method: 'GET', url: `/ob3/credentials/${lapsed.id}` })).json();
    const report = (await ctx.app.inject({ method: 'POST', url: '/api/v1/verify', payload: doc })).json();
    expect(report.valid).toBe(false);
    expect(report.checks.find((c: { name: string }) => c.name === 'validity')).toMatchObject({ ok: false, code: 'expired' });
    const pdf = await ctx.app.inject({ method: 'GET', url: `/credentials/${lapsed.id}/certificate.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdfText(pdf.rawPayload)).toContain('EXPIRED');
  });

  it('the superseded certification’s PDF says so; a forged copy naming its URL gets no notice', async () => {
    const pdf = await ctx.app.inject({ method: 'GET', url: `/credentials/${credentialId}/certificate.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdfText(pdf.rawPayload)).toContain('SUPERSEDED');
    const forged = (await ctx.app.inject({ method: 'GET', url: `/ob3/credentials/${credentialId}` })).json();
    forged.credentialSubject.achievement.name = 'Master Welder';
    const report = (await ctx.app.inject({ method: 'POST', url: '/api/v1/verify', payload: forged })).json();
    expect(report.valid).toBe(false);
    expect(report).not.toHaveProperty('superseded');
  });
});
