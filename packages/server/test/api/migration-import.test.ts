import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bakePng, unbakePng } from '@laurel/core';
import { createJobRunner } from '../../src/adapters/jobs/job-runner.js';
import { createVerifierDeps } from '../../src/adapters/verification/remote-documents.js';
import { jobHandlers } from '../../src/compose.js';
import type { RemoteDocuments } from '../../src/domain/verification/ports.js';
import type { Clock } from '../../src/domain/shared/ports.js';
import { bakedPng, makeForeignBadges, RECIPIENT, tamperJws, type ForeignBadges } from '../support/foreign-badges.js';
import { ENGINES, apiClient, createTestApp, minimalIssuer, registerAccount, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

const fixture = (name: string) => readFileSync(new URL(`../../../../test-data/migration-import/${name}`, import.meta.url));
const FIXTURE_HOST = 'https://badges.guild.example';
const FIXTURE_DOCS: Record<string, string> = {
  [`${FIXTURE_HOST}/assertions/1001`]: 'assertion-1001.json',
  [`${FIXTURE_HOST}/badges/navigation`]: 'badge-navigation.json',
  [`${FIXTURE_HOST}/issuer`]: 'issuer-guild.json',
};

/**
 * The former provider's hosting, replayed from the fixtures for `badges.guild.example`; every other URL
 * goes through the real SSRF-guarded fetch (allowed: the throwaway loopback badge host only).
 */
function replayingRemote(guarded: RemoteDocuments): RemoteDocuments {
  const local = (url: string) => (FIXTURE_DOCS[url] ? JSON.parse(fixture(FIXTURE_DOCS[url]).toString('utf8')) : undefined);
  return {
    getJson: async (url) => (local(url) ? { ok: true, url, json: local(url) } : guarded.getJson(url)),
    getResource: async (url) => (local(url) ? { ok: true, url, contentType: 'application/json', body: new TextEncoder().encode(JSON.stringify(local(url))) } : guarded.getResource(url)),
  };
}

describe.each(ENGINES)('migration import (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;
  let badges: ForeignBadges;
  const clock: Clock = { now: () => new Date('2026-03-01T00:00:00Z') };

  beforeAll(async () => {
    badges = await makeForeignBadges();
    ctx = await createTestApp(engine, { clock });
    const verifier = createVerifierDeps({ allowHosts: [`127.0.0.1:${badges.host.port}`], timeoutMs: 2000 }, ctx.deps.clock);
    ctx.deps.verify = { verifier: { ...verifier, remote: replayingRemote(verifier.remote) }, rateLimit: { max: 1000, timeWindowMs: 60_000 }, maxUploadBytes: 512 * 1024 };
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
  });
  afterAll(async () => {
    await ctx?.close();
    await badges?.host.close();
  });

  async function runToEnd(id: string) {
    const runner = createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers(ctx.deps), clock, batchSize: 5 });
    for (let i = 0; i < 200 && (await runner.runOnce()) > 0; i++);
    const report = await api.get(`/api/v1/imports/${id}`);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().status).toBe('done');
    return report.json();
  }
  const start = async (body: Record<string, unknown>, headers?: Record<string, string>) => {
    const res = await api.post('/api/v1/imports', { issuerId, ...body }, headers);
    expect(res.statusCode, res.body).toBe(202);
    return runToEnd(res.json().id);
  };
  /** The addresses award e-mails went to (sealed at rest: read back through the store, which opens them). */
  const emailsSent = async () => {
    const sent = await ctx.storage.db.selectFrom('claim_tokens').select('id').where('sent_at', 'is not', null).execute();
    return (await Promise.all(sent.map(async (r) => (await ctx.deps.store.claims.find(r.id))!.email))).sort();
  };
  const ob3Of = async (credentialId: string) =>
    JSON.parse((await ctx.storage.db.selectFrom('credential_documents').select('body').where('credential_id', '=', credentialId).where('format', '=', 'ob3').executeTakeFirstOrThrow()).body);

  it('imports a Badgr export: achievements created under the chosen issuer, awards re-issued as OB 3.0 with their original date and id, no e-mail by default; again adds nothing', async () => {
    const exported = JSON.parse(fixture('badgr-export.json').toString('utf8'));
    const report = await start({ source: 'badgr', export: exported });
    expect(report).toMatchObject({ source: 'badgr', notify: false, total: 4, imported: 2, skipped: 0, failed: 2 });
    const byIndex = new Map(report.results.map((r: { index: number }) => [r.index, r]));
    expect(byIndex.get(2)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/plaintextIdentity/) });
    expect(byIndex.get(3)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/revoked/) });
    const first = byIndex.get(0) as { credentialId: string; originalId: string };
    expect(first.originalId).toBe('https://api.badgr.io/public/assertions/A1aaaaaaaaaaaaaaaaaaaa');

    const credential = (await api.get(`/api/v1/credentials/${first.credentialId}`)).json();
    expect(credential).toMatchObject({ issuedOn: '2021-05-01T08:00:00.000Z', recipient: { identity: 'noor.haddad@example.org' } });
    const achievement = (await api.get(`/api/v1/achievements/${credential.achievementId}`)).json();
    expect(achievement).toMatchObject({ name: 'First Aid Responder', issuerId, criteria: { narrative: 'Passed the practical assessment and the written test.' } });
    const ob3 = await ob3Of(first.credentialId);
    expect(ob3.validFrom).toBe('2021-05-01T08:00:00.000Z');
    expect(ob3.credentialSubject.achievement.name).toBe('First Aid Responder');
    expect(ob3.proof).toBeDefined();
    expect(ob3.credentialStatus).toBeDefined();
    expect(JSON.stringify(ob3.evidence)).toContain('https://api.badgr.io/public/assertions/A1aaaaaaaaaaaaaaaaaaaa');
    expect(await emailsSent()).toEqual([]);

    const again = await start({ source: 'badgr', export: exported });
    expect(again).toMatchObject({ imported: 0, skipped: 2, failed: 2 });
    const count = await ctx.storage.db.selectFrom('credentials').select((eb) => eb.fn.countAll().as('n')).where('achievement_id', '=', credential.achievementId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    // Once done, the import keeps its report, not the people's addresses it read.
    const stored = await ctx.storage.db.selectFrom('migration_imports').select('items').where('id', '=', report.id).executeTakeFirstOrThrow();
    expect(stored.items).toMatch(/^pd1\./); // sealed (docs/privacy.md), even once emptied
    expect((await ctx.deps.store.migrationImports.findForJob(report.id))!.items).toEqual([]);
  });

  it('imports another provider\'s CSV by column mapping: per-row errors, duplicates skipped, earners notified once when asked', async () => {
    const columns = { originalId: 'Credential ID', name: 'Recipient Name', email: 'Recipient Email', achievement: 'Badge Name', issuedOn: 'Issued At', evidenceUrl: 'Evidence' };
    const csv = fixture('other-provider-export.csv').toString('utf8');
    const report = await start({ source: 'csv', csv, columns, notify: true }, { 'idempotency-key': 'csv-1' });
    expect(report).toMatchObject({ total: 6, imported: 3, skipped: 1, failed: 2 });
    const failures = report.results.filter((r: { status: string }) => r.status === 'failed').map((r: { index: number; reason: string }) => [r.index, r.reason]);
    expect(failures).toEqual([
      [3, expect.stringMatching(/e-mail/)],
      [4, expect.stringMatching(/ISO 8601/)],
    ]);
    expect(report.results.find((r: { index: number }) => r.index === 5)).toMatchObject({ status: 'skipped', originalId: 'cr-10001' });
    expect(await emailsSent()).toEqual(['amina.diallo@example.org', 'ben.okafor@example.org', 'chen.wei@example.org']);
    const amina = report.results.find((r: { index: number }) => r.index === 0);
    expect((await api.get(`/api/v1/credentials/${amina.credentialId}`)).json()).toMatchObject({ issuedOn: '2020-09-15T00:00:00.000Z', recipient: { name: 'Amina Diallo' } });
    // Two rows of "Data Literacy" share one achievement.
    const list = (await api.get(`/api/v1/achievements?issuerId=${issuerId}&limit=100`)).json().items.map((a: { name: string }) => a.name);
    expect(list.filter((n: string) => n === 'Data Literacy')).toHaveLength(1);

    // The same Idempotency-Key answers the same import; a fresh run imports nothing and e-mails nobody again.
    const replay = await api.post('/api/v1/imports', { issuerId, source: 'csv', csv, columns, notify: true }, { 'idempotency-key': 'csv-1' });
    expect(replay.json().id).toBe(report.id);
    const again = await start({ source: 'csv', csv, columns, notify: true });
    expect(again).toMatchObject({ imported: 0, skipped: 4, failed: 2 });
    expect(await emailsSent()).toHaveLength(3);
  });

  it('imports OB 2.0 assertions (a baked PNG, a hosted URL) verified on the way in, and refuses the ones that do not verify', async () => {
    const png = fixture('guild-assertion-1001.png');
    const forged = JSON.parse(unbakePng(new Uint8Array(png))!.text);
    forged.issuedOn = '2010-01-01T00:00:00Z'; // differs from the copy hosted at its id
    const forgedPng = Buffer.from(bakePng(new Uint8Array(png), { keyword: 'openbadges', text: JSON.stringify(forged) }));
    const report = await start({
      source: 'ob2',
      assertions: [
        { image: png.toString('base64'), email: 'ada.lovelace@example.org' },
        { url: badges.hostedUrl, email: RECIPIENT },
        { url: badges.revokedUrl, email: RECIPIENT },
        { image: forgedPng.toString('base64'), email: 'ada.lovelace@example.org' },
        { image: png.toString('base64'), email: 'someone.else@example.org' },
        { url: 'http://10.0.0.7/assertions/1', email: RECIPIENT },
        { image: Buffer.from('not a png at all').toString('base64') },
        { assertion: 'nope' },
        { jws: badges.jws },
      ],
    });
    expect(report).toMatchObject({ total: 9, imported: 2, skipped: 0, failed: 7 });
    const [baked, hosted] = report.results;
    expect(baked).toMatchObject({ status: 'imported', originalId: `${FIXTURE_HOST}/assertions/1001` });
    expect(hosted).toMatchObject({ status: 'imported', originalId: badges.hostedUrl });
    for (const r of report.results.slice(2)) expect(r.status).toBe('failed');
    expect(report.results[3].reason).toMatch(/does not verify/);
    expect(report.results[4].reason).toMatch(/not awarded to the given e-mail/);
    const credential = (await api.get(`/api/v1/credentials/${baked.credentialId}`)).json();
    expect(credential).toMatchObject({ issuedOn: '2019-06-15T12:00:00.000Z', recipient: { identity: 'ada.lovelace@example.org' } });
    expect((await ob3Of(baked.credentialId)).credentialSubject.achievement.name).toBe('Coastal Navigation');

    // The same assertion again, by its JSON this time: skipped, the original id is the same.
    const again = await start({ source: 'ob2', assertions: [{ assertion: JSON.parse(fixture('assertion-1001.json').toString('utf8')), email: 'ada.lovelace@example.org' }] });
    expect(again).toMatchObject({ imported: 0, skipped: 1 });
  });

  it('answers malformed imports with problem documents, never a 500', async () => {
    const cases: [Record<string, unknown>, number][] = [
      [{ source: 'badgr', export: 'not an export' }, 400],
      [{ source: 'badgr', export: { badgeclasses: [] } }, 400],
      [{ source: 'csv', csv: 'a,b\n1,2' }, 400],
      [{ source: 'csv', csv: '"unterminated,quote\n' }, 400],
      [{ source: 'ob2', assertions: [] }, 400],
      [{ source: 'ftp' }, 400],
      [{ source: 'badgr', export: { badgeclasses: [], assertions: [] }, issuerId: 'no-such-issuer' }, 404],
    ];
    for (const [body, status] of cases) {
      const res = await api.post('/api/v1/imports', { issuerId, ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const huge = await api.post('/api/v1/imports', { issuerId, source: 'csv', csv: 'x'.repeat(200 * 1024) });
    expect(huge.statusCode).toBe(413);
    expect((await api.get('/api/v1/imports')).json().items.length).toBeGreaterThan(0);
  });

  it('lets an earner import the badges they hold into their backpack (URL, baked image, JSON, VC-JWT), verified on the way in', async () => {
    const signup = await registerAccount(ctx, RECIPIENT);
    const headers = { cookie: String(signup.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': signup.json().csrfToken as string };
    const send = (payload: Record<string, unknown>) => ctx.app.inject({ method: 'POST', url: '/api/v1/me/imported-credentials', headers, payload });

    const byUrl = await send({ url: badges.hostedUrl });
    expect(byUrl.statusCode, byUrl.body).toBe(201);
    expect(byUrl.json()).toMatchObject({ kind: 'ob2', name: null, issuer: `${badges.host.origin}/issuer`, issuedAt: '2026-02-01T00:00:00.000Z' });
    // The same assertion baked into an image is the same badge: replaced, not added.
    const baked = await send({ file: Buffer.from(bakedPng('openbadges', JSON.stringify(badges.hosted))).toString('base64') });
    expect(baked.statusCode, baked.body).toBe(200);
    expect((await send({ credential: badges.ob3 })).statusCode).toBe(201);
    expect((await send({ credential: badges.vcJwt })).statusCode).toBe(201);

    const refused = [
      await send({ credential: tamperJws(badges.vcJwt, (p) => void ((p.vc as { name: string }).name = 'Forged')) }),
      await send({ url: badges.revokedUrl }),
      await send({ file: fixture('guild-assertion-1001.png').toString('base64') }), // awarded to somebody else
      await send({ url: 'http://169.254.169.254/latest/meta-data' }),
      await send({ credential: '{"not": "a badge"' }),
      await send({ file: Buffer.from('plain text').toString('base64') }),
    ];
    expect(refused.map((r) => r.statusCode)).toEqual([400, 400, 403, 400, 400, 400]);
    for (const r of refused) expect(r.headers['content-type']).toContain('application/problem+json');
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/me/imported-credentials', payload: { url: badges.hostedUrl } })).statusCode).toBe(401);

    const listed = await ctx.app.inject({ method: 'GET', url: '/api/v1/me/imported-credentials', headers });
    expect(listed.json().items.map((i: { kind: string }) => i.kind).sort()).toEqual(['ob2', 'ob3', 'ob3']);
    expect(listed.json().items.map((i: { name: string | null }) => i.name)).toContain('Knot Tying');
  });
});
