import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAuditLog } from '../../src/domain/audit/seal-audit-log.js';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { TestBrowser, handClock } from '../support/browser.js';
import { passwordSignIn } from '../support/mfa.js';
import { ENGINES, PASSWORD, addMemberByInvitation, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

describe.each(ENGINES)('the audit log: filters, CSV export, a tamper-evident chain (%s)', (engine) => {
  let ctx: TestContext;
  let owner: ApiClient;
  let orgId: string;
  let other: ApiClient;
  const time = handClock();

  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock: time.clock });
    const setup = await setupOrganisation(ctx.app);
    orgId = setup.organisationId;
    owner = apiClient(ctx.app, setup.apiKey);
    for (let i = 0; i < 3; i++) {
      await owner.post('/api/v1/issuers', { ...minimalIssuer, name: `Issuer ${i}` });
      time.advance(60);
    }
    other = apiClient(ctx.app, (await createOrganisation(ctx.deps, { name: 'Other Org', owner: { email: 'owner@other.example', password: PASSWORD } })).apiKeySecret);
    await other.post('/api/v1/issuers', minimalIssuer);
  });
  afterAll(async () => ctx?.close());

  it('filters by action, actor and time, and records the user agent of staff actions', async () => {
    const all = (await owner.get('/api/v1/audit-log')).json().items;
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all.every((e: { seq: number | null; hash: string | null }) => e.seq !== null && /^[0-9a-f]{64}$/.test(e.hash ?? ''))).toBe(true);
    const issuers = (await owner.get('/api/v1/audit-log?action=issuer.create')).json().items;
    expect(issuers).toHaveLength(3);
    expect((await owner.get('/api/v1/audit-log?action=issuer.')).json().items.length).toBeGreaterThanOrEqual(3);
    const middle = issuers[1].createdAt as string;
    const ranged = (await owner.get(`/api/v1/audit-log?action=issuer.create&from=${encodeURIComponent(middle)}&to=${encodeURIComponent(new Date(Date.parse(middle) + 1000).toISOString())}`)).json().items;
    expect(ranged.map((e: { id: string }) => e.id)).toEqual([issuers[1].id]);
    expect((await owner.get(`/api/v1/audit-log?actorId=${issuers[0].actorId}`)).json().items.length).toBeGreaterThanOrEqual(3);
    expect((await owner.get('/api/v1/audit-log?actorId=nobody')).json().items).toEqual([]);
    expect((await owner.get('/api/v1/audit-log?action=DROP%20TABLE')).statusCode).toBe(400);
    // The other organisation's entries are not here.
    expect(JSON.stringify(all)).not.toContain('owner@other.example');

    const { userId } = await addMemberByInvitation(ctx, owner, 'admin@acme.example', 'admin');
    const admin = new TestBrowser(ctx.app);
    await passwordSignIn(admin, 'admin@acme.example');
    expect((await admin.post('/api/v1/issuers', minimalIssuer)).statusCode).toBe(201);
    const mine = (await admin.get(`/api/v1/audit-log?actorId=${userId}&action=issuer.create`)).json().items;
    expect(mine[0]).toMatchObject({ action: 'issuer.create', actorType: 'user', ip: admin.ip, userAgent: 'TestBrowser/1.0' });
  });

  it('exports CSV only with a recent factor (sessions), with formulas defused', async () => {
    await addMemberByInvitation(ctx, owner, 'csv@acme.example', 'admin');
    const admin = new TestBrowser(ctx.app);
    await passwordSignIn(admin, 'csv@acme.example');
    await admin.post('/api/v1/issuers', { ...minimalIssuer, name: '=HYPERLINK("http://evil.example")' });
    time.advance(10 * 60 + 1);
    const refused = await admin.get('/api/v1/audit-log/export.csv');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().type).toBe('https://laurel.dev/problems/step-up-required');
    await admin.post('/api/v1/session/step-up', { method: 'password', password: PASSWORD });
    const csv = await admin.get('/api/v1/audit-log/export.csv?action=issuer.create');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('createdAt,seq,action,actorType,actorId,targetType,targetId,ip,userAgent,requestId,details,hash');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    // A viewer cannot read the log at all.
    await addMemberByInvitation(ctx, owner, 'viewer@acme.example', 'viewer');
    const viewer = new TestBrowser(ctx.app);
    await passwordSignIn(viewer, 'viewer@acme.example');
    expect((await viewer.get('/api/v1/audit-log/export.csv')).statusCode).toBe(403);
    expect((await viewer.get('/api/v1/audit-log/verify')).statusCode).toBe(403);
  });

  it('an entry edited, removed or reordered in the database breaks the chain at that entry', async () => {
    const good = (await owner.get('/api/v1/audit-log/verify')).json();
    expect(good).toMatchObject({ valid: true, firstBroken: null });
    expect(good.entries).toBeGreaterThanOrEqual(5);
    const db = ctx.storage.db;
    const second = await db.selectFrom('audit_log').selectAll().where('org_id', '=', orgId).where('seq', '=', 2).executeTakeFirstOrThrow();

    // Edited: the details say something else.
    await db.updateTable('audit_log').set({ details: JSON.stringify({ tampered: true }) }).where('id', '=', second.id).execute();
    expect((await owner.get('/api/v1/audit-log/verify')).json()).toMatchObject({ valid: false, entries: 1, firstBroken: { seq: 2, entryId: second.id, reason: 'hash-mismatch' } });
    // Edited and re-hashed by someone without the rest of the chain: the next entry no longer follows.
    const { linkEntry } = await import('../../src/domain/audit/audit-chain.js');
    const forged = linkEntry(second.prev_hash!, { id: second.id, orgId, actorType: second.actor_type as 'user', actorId: second.actor_id, action: second.action, targetType: second.target_type, targetId: second.target_id, ip: null, requestId: second.request_id, details: { tampered: true }, createdAt: second.created_at, seq: 2 });
    await db.updateTable('audit_log').set({ hash: forged }).where('id', '=', second.id).execute();
    expect((await owner.get('/api/v1/audit-log/verify')).json().firstBroken).toMatchObject({ seq: 3, reason: 'previous-hash-mismatch' });
    await db.updateTable('audit_log').set({ details: second.details, hash: second.hash }).where('id', '=', second.id).execute();
    expect((await owner.get('/api/v1/audit-log/verify')).json().valid).toBe(true);

    // Removed: a gap.
    await db.deleteFrom('audit_log').where('id', '=', second.id).execute();
    expect((await owner.get('/api/v1/audit-log/verify')).json().firstBroken).toMatchObject({ seq: 2, reason: 'sequence-gap' });
    await db.insertInto('audit_log').values(second).execute();
    expect((await owner.get('/api/v1/audit-log/verify')).json().valid).toBe(true);

    // An IP forgotten by retention does not break it (IPs are outside the hash).
    await db.updateTable('audit_log').set({ ip: null, user_agent: null }).where('org_id', '=', orgId).execute();
    expect((await owner.get('/api/v1/audit-log/verify')).json().valid).toBe(true);
    // The other organisation's chain is its own.
    expect((await other.get('/api/v1/audit-log/verify')).json()).toMatchObject({ valid: true, firstBroken: null });
  });

  it('entries appended and sealed concurrently get one place each in the chain', async () => {
    const before = (await owner.get('/api/v1/audit-log/verify')).json().entries as number;
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 10; i++) {
      writes.push(owner.post('/api/v1/issuers', { ...minimalIssuer, name: `Concurrent ${i}` }));
      writes.push(sealAuditLog(ctx.deps, orgId));
    }
    const issuerId = (await owner.post('/api/v1/issuers', minimalIssuer)).json().id;
    const achievementId = (await owner.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
    for (let i = 0; i < 5; i++) writes.push(owner.post('/api/v1/credentials', { achievementId, recipient: { email: `c${i}@example.org` } }));
    await Promise.all(writes);
    const report = (await owner.get('/api/v1/audit-log/verify')).json();
    expect(report).toMatchObject({ valid: true, firstBroken: null });
    expect(report.entries).toBe(before + 10 + 2 + 5);
  });
});

describe('erased data leaves the SQLite file and its WAL', () => {
  let ctx: TestContext;
  const file = join(mkdtempSync(join(tmpdir(), 'laurel-erasure-')), 'laurel.db');
  const email = 'wilhelmina.scrub@example.org';
  const name = 'Wilhelmina Scrubwell-Oddington';
  const onDisk = () => Buffer.concat([file, `${file}-wal`, `${file}-shm`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));

  beforeAll(async () => {
    ctx = await createTestApp('sqlite', { sqliteFile: file });
  });
  afterAll(async () => ctx?.close());

  it('after an erasure request neither the address nor the name is in the database file or the WAL', async () => {
    const { api: owner, achievementId } = await organisationWithAchievement(ctx.app);
    for (let i = 0; i < 3; i++) expect((await owner.post('/api/v1/credentials', { achievementId, recipient: { email, name } })).statusCode).toBe(201);
    await owner.post('/api/v1/credentials', { achievementId, recipient: { email: 'keep@example.org', name: 'Kept Person' } });
    // Sealed at rest from the start (encryption-at-rest.test.ts), so the plain bytes are never there; what
    // erasure must remove is the sealed values and the blind indexes that could still open or find them.
    const sealedOf = async () =>
      (await ctx.storage.db.selectFrom('credentials').select(['recipient_identity', 'recipient_name', 'recipient_index']).where('org_id', '=', (await owner.get('/api/v1/organisation')).json().id).execute());
    const before = await sealedOf();
    const erasedRows = before.filter((r) => r.recipient_index !== null).map((r) => r.recipient_identity);
    expect(erasedRows.length).toBe(4);
    expect((await owner.get('/api/v1/recipients?q=wilhelmina')).json().items).toHaveLength(1);
    const key = (await owner.get('/api/v1/recipients?q=wilhelmina')).json().items[0].key;
    expect((await owner.post(`/api/v1/recipients/${key}/erase`)).json()).toEqual({ credentials: 3 });
    const bytes = onDisk();
    expect(bytes.includes(email)).toBe(false);
    expect(bytes.includes(name)).toBe(false);
    expect(bytes.includes(email.toUpperCase())).toBe(false);
    // The erased recipient's sealed values are gone from the file and the WAL; the kept one's remain.
    const after = await sealedOf();
    const gone = before.filter((r) => !after.some((a) => a.recipient_identity === r.recipient_identity));
    expect(gone).toHaveLength(3);
    for (const r of gone) {
      expect(bytes.includes(r.recipient_identity)).toBe(false);
      if (r.recipient_name) expect(bytes.includes(r.recipient_name)).toBe(false);
    }
    expect(after.filter((r) => r.recipient_index !== null)).toHaveLength(1);
    expect((await owner.get('/api/v1/recipients?q=wilhelmina')).json().items).toHaveLength(0);
    expect((await owner.get('/api/v1/recipients?q=kept')).json().items).toHaveLength(1);
  });
});
