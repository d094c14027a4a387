import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner } from '../../src/adapters/jobs/job-runner.js';
import { createMailer } from '../../src/adapters/mail/mailer.js';
import { jobHandlers } from '../../src/compose.js';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { startSmtpServer, smtpMailer } from '../support/smtp.js';
import { ENGINES, PASSWORD, apiClient, createTestApp, minimalAchievement, minimalIssuer, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

/**
 * The console's everyday tools through the API: a credential's history (written by the use cases that make
 * it: issue, the mail job, claim, status changes, resend, public page views), bulk revoke / resend / CSV /
 * zip of PDFs, the claimed filter, and the recipient directory. Another organisation's ids are never acted on.
 */
interface HistoryItem {
  type: string;
  actor: { type: string; name: string | null };
  reason?: string;
  error?: { code: string; smtpStatus?: number; attempt?: number };
}

describe.each(ENGINES)('credential history, bulk actions and recipients (%s)', (engine) => {
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let api: ApiClient;
  let other: ApiClient;
  let achievementId: string;
  let otherCredential: string;
  let offsetMs = 0;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ctx = await createTestApp(engine, {
      clock: { now: () => new Date(Date.now() + offsetMs) },
      mailer: smtpMailer(smtp),
    });
    ({ api, achievementId } = await organisationWithAchievement(ctx.app));

    const b = await createOrganisation(ctx.deps, { name: 'Other Org', owner: { email: 'owner@other.example', password: PASSWORD } });
    other = apiClient(ctx.app, b.apiKeySecret);
    const otherIssuer = (await other.post('/api/v1/issuers', { ...minimalIssuer, name: 'Other issuer' })).json().id;
    const otherAchievement = (await other.post('/api/v1/achievements', minimalAchievement(otherIssuer))).json().id;
    otherCredential = (await other.post('/api/v1/credentials', { achievementId: otherAchievement, recipient: { email: 'zoe@other.example', name: 'Zoë Other' } })).json().id;
  });
  afterAll(async () => {
    await ctx?.close();
    await smtp?.close();
  });

  const award = async (email: string, name?: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email, ...(name ? { name } : {}) }, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  };
  const history = async (id: string, client = api) => (await client.get(`/api/v1/credentials/${id}/history`)).json() as { items: HistoryItem[]; views: { total: number; days: { day: string; views: number }[] } };
  const types = async (id: string) => (await history(id)).items.map((i) => i.type);
  const runJobs = async (deps = ctx.deps) => {
    const runner = createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers(deps), clock: ctx.deps.clock, batchSize: 50 });
    while ((await runner.runOnce()) > 0);
  };
  const page = (id: string, method: 'GET' | 'HEAD' = 'GET') => ctx.app.inject({ method, url: `/credentials/${id}`, headers: { accept: 'text/html' } });

  it('tells a credential’s story: issued, e-mail failed then sent, claimed, viewed, resent, suspended, reinstated, revoked', async () => {
    const id = await award('ada@example.org', 'Ada Lovelace');
    expect(await history(id)).toMatchObject({ items: [{ type: 'issued', actor: { type: 'api-key', name: expect.any(String) } }], views: { total: 0, days: [] } });

    // The mail server is down for the first attempt: a real connection refused, kept as its class only.
    const down = createMailer({ smtpUrl: 'smtp://127.0.0.1:9', outboxDir: '/nonexistent', from: 'Acme <badges@acme.example>' }).mailer;
    await runJobs({ ...ctx.deps, mailer: down });
    const failed = (await history(id)).items.find((i) => i.type === 'email.failed')!;
    expect(failed.actor).toEqual({ type: 'system', name: null });
    expect(failed.error!.code).toMatch(/^E[A-Z]+$/);
    expect(failed.error!.attempt).toBe(1);
    expect(JSON.stringify(failed)).not.toContain('127.0.0.1');

    // The retry, once its backoff has passed, goes out through the real SMTP server.
    offsetMs += 10_000;
    await runJobs();
    expect(await types(id)).toEqual(['issued', 'email.failed', 'email.sent']);
    const mail = smtp.inbox.find((m) => m.to.includes('ada@example.org'))!;
    const token = /\/claim\/([A-Za-z0-9_-]+)/.exec(mail.decoded)![1]!;

    const claimed = await ctx.app.inject({ method: 'POST', url: `/api/v1/claims/${token}/account`, payload: { password: PASSWORD }, remoteAddress: '10.9.0.1' });
    expect(claimed.statusCode, claimed.body).toBe(201);
    expect((await api.get(`/api/v1/credentials/${id}`)).json().claimed).toBe(true);

    // Two page views and a HEAD (not a view): a counter for the day, nothing about the viewer.
    expect((await page(id)).statusCode).toBe(200);
    expect((await page(id)).statusCode).toBe(200);
    expect((await page(id, 'HEAD')).statusCode).toBe(200);
    await ctx.deps.analytics.settled();
    const viewed = await history(id);
    expect(viewed.views.total).toBe(2);
    expect(viewed.views.days).toEqual([{ day: ctx.deps.clock.now().toISOString().slice(0, 10), views: 2 }]);
    const viewRows = await ctx.storage.db.selectFrom('credential_views').selectAll().where('credential_id', '=', id).execute();
    expect(Object.keys(viewRows[0]!).sort()).toEqual(['credential_id', 'day', 'verifications', 'views', 'visitors']);

    expect((await api.post(`/api/v1/credentials/${id}/notify`)).statusCode).toBe(202);
    expect((await api.post(`/api/v1/credentials/${id}/suspend`, { reason: 'under review' })).statusCode).toBe(200);
    expect((await api.post(`/api/v1/credentials/${id}/reinstate`)).statusCode).toBe(200);
    expect((await api.post(`/api/v1/credentials/${id}/revoke`, { reason: 'awarded in error' })).statusCode).toBe(200);
    const told = (await history(id)).items;
    expect(told.map((i) => i.type)).toEqual(['issued', 'email.failed', 'email.sent', 'claimed', 'resent', 'suspended', 'reinstated', 'revoked']);
    expect(told.find((i) => i.type === 'claimed')!.actor).toEqual({ type: 'recipient', name: null });
    expect(told.find((i) => i.type === 'suspended')!.reason).toBe('under review');
    expect(told.find((i) => i.type === 'revoked')).toMatchObject({ reason: 'awarded in error', actor: { type: 'api-key' } });
  });

  it('records an opted-out recipient as skipped, and a private credential’s 404 is no view', async () => {
    const id = await award('optout@example.org', undefined, { visibility: 'private' });
    await ctx.deps.store.optOuts.add((await ctx.deps.store.credentials.findPublic(id))!.orgId, 'optout@example.org', new Date().toISOString());
    await runJobs();
    expect((await history(id)).items.map((i) => [i.type, i.reason])).toEqual([['issued', undefined], ['email.skipped', 'opted-out']]);
    expect((await page(id)).statusCode).toBe(404);
    expect((await history(id)).views.total).toBe(0);
  });

  it('answers 404 to another organisation for the history, the PDF, and the recipient pages; reads no history across', async () => {
    const id = await award('private-history@example.org');
    for (const url of [`/api/v1/credentials/${id}/history`, `/api/v1/credentials/${id}/certificate.pdf`]) {
      const res = await other.get(url);
      expect([url, res.statusCode, res.json().type]).toEqual([url, 404, 'https://laurel.dev/problems/not-found']);
    }
    const key = (await api.get('/api/v1/recipients?q=private-history')).json().items[0].key;
    expect((await other.get(`/api/v1/recipients/${key}/credentials`)).statusCode).toBe(404);
    expect((await other.get('/api/v1/recipients?q=private-history')).json().items).toEqual([]);
    // The owner's own download works, whatever the visibility.
    const pdf = await api.get(`/api/v1/credentials/${id}/certificate.pdf`);
    expect([pdf.statusCode, pdf.headers['content-type'], pdf.rawPayload.subarray(0, 5).toString()]).toEqual([200, 'application/pdf', '%PDF-']);
  });

  it('bulk-revokes the organisation’s credentials only, reports the rest, and a retry is a no-op', async () => {
    const mine = [await award('r1@example.org'), await award('r2@example.org')];
    const before = await ctx.storage.db.selectFrom('credential_events').select('id').where('credential_id', '=', otherCredential).execute();
    const body = { ids: [...mine, otherCredential, 'no-such-credential'], reason: 'course withdrawn' };
    const first = await api.post('/api/v1/credentials/bulk/revoke', body);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({
      results: expect.arrayContaining([
        { id: mine[0], outcome: 'revoked' },
        { id: mine[1], outcome: 'revoked' },
        { id: otherCredential, outcome: 'not-found' },
        { id: 'no-such-credential', outcome: 'not-found' },
      ]),
      revoked: 2,
      alreadyRevoked: 0,
      notFound: 2,
    });
    // The other organisation's credential: untouched, no event, no bit.
    expect((await other.get(`/api/v1/credentials/${otherCredential}`)).json().status).toBe('active');
    expect(await ctx.storage.db.selectFrom('credential_events').select('id').where('credential_id', '=', otherCredential).execute()).toEqual(before);

    const retry = await api.post('/api/v1/credentials/bulk/revoke', body);
    expect(retry.json()).toMatchObject({ revoked: 0, alreadyRevoked: 2, notFound: 2 });
    for (const id of mine) expect((await types(id)).filter((t) => t === 'revoked')).toHaveLength(1);

    // Exactly one of ids and filter; a blank reason is refused.
    expect((await api.post('/api/v1/credentials/bulk/revoke', { reason: 'x' })).statusCode).toBe(400);
    expect((await api.post('/api/v1/credentials/bulk/revoke', { ids: mine, filter: {}, reason: 'x' })).statusCode).toBe(400);
    expect((await api.post('/api/v1/credentials/bulk/revoke', { ids: mine, reason: '   ' })).statusCode).toBe(400);
  });

  it('bulk-resends once per Idempotency-Key, skips what cannot be mailed, and never mails another organisation’s recipient', async () => {
    const mine = [await award('s1@example.org'), await award('s2@example.org')];
    const revoked = await award('s3@example.org');
    await api.post(`/api/v1/credentials/${revoked}/revoke`, { reason: 'x' });
    const jobs = async () => (await ctx.storage.db.selectFrom('jobs').select('id').where('name', '=', 'credential.issued').execute()).length;
    const before = await jobs();
    const body = { ids: [...mine, revoked, otherCredential] };
    const headers = { 'idempotency-key': 'resend-1' };
    const first = await api.post('/api/v1/credentials/bulk/resend', body, headers);
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json()).toMatchObject({ queued: 2, skipped: 1, notFound: 1 });
    expect(first.json().results).toContainEqual({ id: otherCredential, outcome: 'not-found' });
    expect(first.json().results).toContainEqual({ id: revoked, outcome: 'revoked' });
    expect(await jobs()).toBe(before + 2);

    const again = await api.post('/api/v1/credentials/bulk/resend', body, headers);
    expect([again.statusCode, again.headers['idempotent-replayed']]).toEqual([202, 'true']);
    expect(again.json()).toEqual(first.json());
    expect(await jobs()).toBe(before + 2);
    expect((await api.post('/api/v1/credentials/bulk/resend', { ids: mine }, headers)).json().type).toBe('https://laurel.dev/problems/idempotency-key-reused');
    // The same key is the other organisation's own business.
    expect((await other.post('/api/v1/credentials/bulk/resend', { ids: [otherCredential] }, headers)).json()).toMatchObject({ queued: 1 });
    for (const id of mine) expect((await types(id)).filter((t) => t === 'resent')).toHaveLength(1);
  });

  it('acts on its own organisation only when selecting by filter, and only with the role for it', async () => {
    const ours = await award('filter-target@example.org', 'Filter Target');
    // The other organisation's "everything matching" is its own everything.
    const theirs = await other.post('/api/v1/credentials/bulk/revoke', { filter: { q: 'filter-target' }, reason: 'not yours' });
    expect(theirs.json()).toMatchObject({ revoked: 0, alreadyRevoked: 0, notFound: 0, results: [] });
    expect((await api.get(`/api/v1/credentials/${ours}`)).json().status).toBe('active');
    const all = await other.post('/api/v1/credentials/bulk/export', { filter: {} });
    expect(all.body).not.toContain('example.org');

    const viewer = apiClient(ctx.app, (await api.post('/api/v1/api-keys', { name: 'read only', role: 'viewer' })).json().secret);
    expect((await viewer.post('/api/v1/credentials/bulk/revoke', { ids: [ours], reason: 'x' })).statusCode).toBe(403);
    expect((await viewer.post('/api/v1/credentials/bulk/resend', { ids: [ours] })).statusCode).toBe(403);
    expect((await viewer.post('/api/v1/credentials/bulk/export', { ids: [ours] })).statusCode).toBe(200);
    expect((await viewer.get(`/api/v1/credentials/${ours}/history`)).statusCode).toBe(200);
    expect((await api.get(`/api/v1/credentials/${ours}`)).json().status).toBe('active');

    // Hostile shapes are refused before any handler: too many ids, control characters, an odd key.
    expect((await api.post('/api/v1/credentials/bulk/export', { ids: Array.from({ length: 1001 }, (_, i) => `id-${i}`) })).statusCode).toBe(400);
    expect((await api.post('/api/v1/credentials/bulk/export', { ids: ['a\u0001b'] })).statusCode).toBe(400);
    expect((await api.post('/api/v1/credentials/bulk/export', { filter: { recipientKey: '../x' } })).statusCode).toBe(400);
    expect((await api.post('/api/v1/credentials/bulk/export', { filter: { owner: 'x' } })).statusCode).toBe(400);
    expect((await api.get('/api/v1/recipients/a.b/credentials')).statusCode).toBe(400);
  });

  it('exports CSV by ids or by filter, defuses formulas, and refuses another organisation’s ids', async () => {
    const evil = await award('csv@example.org', '=HYPERLINK("http://evil.example","x")');
    const res = await api.post('/api/v1/credentials/bulk/export', { ids: [evil] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, line] = res.body.trim().split('\r\n');
    expect(header).toBe('Recipient name,Recipient,Achievement,Issued on,Expires,Status,Claimed,Public URL,Credential id');
    expect(line!.startsWith(`"'=HYPERLINK(""http://evil.example"",""x"")",csv@example.org,Intro to Rust,`)).toBe(true);
    expect(line).toContain(`,active,no,https://badges.test.example/credentials/${evil},${evil}`);

    const refused = await api.post('/api/v1/credentials/bulk/export', { ids: [evil, otherCredential] });
    expect([refused.statusCode, refused.json().type]).toEqual([404, 'https://laurel.dev/problems/not-found']);
    expect(refused.body).not.toContain('zoe@other.example');

    const unclaimed = await api.post('/api/v1/credentials/bulk/export', { filter: { claimed: false, q: 'csv@' } });
    expect(unclaimed.body.trim().split('\r\n')).toHaveLength(2);
    const claimed = await api.post('/api/v1/credentials/bulk/export', { filter: { claimed: true } });
    expect(claimed.body.trim().split('\r\n').slice(1).map((l) => l.split(',')[1])).toEqual(['ada@example.org']);
  });

  it('zips the PDF certificates (flat, safe names), and refuses more than the cap before drawing any', async () => {
    const ids = [await award('zip1@example.org', '../../etc/passwd'), await award('zip2@example.org', 'Éloïse Zip'), await award('zip3@example.org')];
    const res = await api.post('/api/v1/credentials/bulk/certificates', { ids, lang: 'fr' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect([res.headers['content-type'], res.headers['x-certificate-count']]).toEqual(['application/zip', '3']);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const names = Object.keys(files).sort();
    expect(names).toEqual([`certificate-${ids[2]}.pdf`, `etc-passwd-${ids[0]}.pdf`, `eloise-zip-${ids[1]}.pdf`].sort());
    for (const name of names) expect(Buffer.from(files[name]!.subarray(0, 5)).toString()).toBe('%PDF-');

    const tooMany = await api.post('/api/v1/credentials/bulk/certificates', { ids: Array.from({ length: 51 }, (_, i) => `id-${i}`) });
    expect([tooMany.statusCode, tooMany.json().type]).toEqual([422, 'https://laurel.dev/problems/selection-too-large']);
    expect(tooMany.json().detail).toContain('at most 50');
    // "All matching the filter" past the cap is refused the same way (there are more than 50 only if we award them).
    for (let i = 0; i < 48; i++) await award(`many${i}@example.org`);
    const all = await api.post('/api/v1/credentials/bulk/certificates', { filter: {} });
    expect([all.statusCode, all.json().code]).toEqual([422, 'selection-too-large']);
    expect((await api.post('/api/v1/credentials/bulk/certificates', { ids: [ids[0], otherCredential] })).statusCode).toBe(404);
  });

  it('filters the list by claimed, and finds names with or without accents, both ways', async () => {
    await award('zoe.k@example.org', 'Zoë Keller');
    await award('zoe.m@example.org', 'Zoe Martin');
    await award('zoe.k2@example.org', 'ZOË KELLER');
    const names = async (q: string) => ((await api.get(`/api/v1/credentials?q=${encodeURIComponent(q)}`)).json().items as { recipient: { name: string } }[]).map((c) => c.recipient.name).sort();
    const all = ['ZOË KELLER', 'Zoe Martin', 'Zoë Keller'];
    expect(await names('Zoe')).toEqual(all);
    expect(await names('Zoë')).toEqual(all);
    expect(await names('zoe\u0308')).toEqual(all);
    expect(await names('ZOË K')).toEqual(['ZOË KELLER', 'Zoë Keller']);
    expect(await names('keller')).toEqual(['ZOË KELLER', 'Zoë Keller']);
    // The other organisation's Zoë is not ours to find.
    expect((await api.get('/api/v1/credentials?q=other.example')).json().items).toEqual([]);

    const claimed = (await api.get('/api/v1/credentials?claimed=true')).json().items as { recipient: { identity: string }; claimed: boolean }[];
    expect(claimed.map((c) => c.recipient.identity)).toEqual(['ada@example.org']);
    const unclaimed = (await api.get('/api/v1/credentials?claimed=false&limit=200')).json().items as { claimed: boolean }[];
    expect(unclaimed.length).toBeGreaterThan(10);
    expect(unclaimed.every((c) => c.claimed === false)).toBe(true);
  });

  it('lists every recipient once with their count and latest award, searchable both ways, by an opaque key', async () => {
    await award('zoe.k@example.org', 'Zoë Keller', { issuedOn: '2030-01-01T00:00:00Z' });
    const search = async (q: string) => (await api.get(`/api/v1/recipients?q=${encodeURIComponent(q)}`)).json().items as { key: string; identity: string; name: string; credentials: number; latestIssuedOn: string }[];
    const found = await search('zoe k');
    expect(found.map((r) => `${r.identity} ${r.credentials}`).sort()).toEqual(['zoe.k2@example.org 1', 'zoe.k@example.org 2']);
    expect((await search('Zoë')).map((r) => r.identity).sort()).toEqual(['zoe.k2@example.org', 'zoe.k@example.org', 'zoe.m@example.org']);
    expect((await search('Zoe')).map((r) => r.identity).sort()).toEqual(['zoe.k2@example.org', 'zoe.k@example.org', 'zoe.m@example.org']);
    const zoe = found.find((r) => r.identity === 'zoe.k@example.org')!;
    expect(zoe.latestIssuedOn).toBe('2030-01-01T00:00:00.000Z');
    expect(zoe.key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Not the address encoded (a random key holds some 8 given characters about once in 10^13; a bare 'zoe' once in ~9,000 runs).
    for (const encoded of [Buffer.from('zoe.k@example.org').toString('base64url'), Buffer.from('zoe.k@example.org').toString('hex')]) expect(zoe.key).not.toContain(encoded.slice(0, 8));

    const theirs = await api.get(`/api/v1/recipients/${zoe.key}/credentials`);
    expect(theirs.statusCode, theirs.body).toBe(200);
    expect(theirs.json().recipient).toMatchObject({ identity: 'zoe.k@example.org', credentials: 2 });
    expect((theirs.json().items as { recipient: { identity: string } }[]).map((c) => c.recipient.identity)).toEqual(['zoe.k@example.org', 'zoe.k@example.org']);
    expect((await api.get('/api/v1/recipients/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/credentials')).statusCode).toBe(404);
    // The other organisation's key for its own Zoë is its own: not found here.
    const otherKey = (await other.get('/api/v1/recipients')).json().items[0].key;
    expect((await api.get(`/api/v1/recipients/${otherKey}/credentials`)).statusCode).toBe(404);

    // Pages walk everyone once, in name order or newest award first.
    for (const sort of ['name', '-latestIssuedOn']) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = (await api.get(`/api/v1/recipients?limit=7&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`)).json();
        seen.push(...res.items.map((r: { key: string }) => r.key));
        cursor = res.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      const total = await ctx.storage.db.selectFrom('credentials').select('recipient_key').distinct().where('org_id', '=', (await ctx.deps.store.credentials.findPublic((await api.get('/api/v1/credentials?limit=1')).json().items[0].id))!.orgId).execute();
      expect(seen.length).toBe(total.length);
    }
  });
});
