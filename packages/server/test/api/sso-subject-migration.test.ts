import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aesGcmVault } from '../../src/adapters/keys/key-vault.js';
import { localKms } from '../../src/adapters/keys/kms.js';
import { migrationProviderWith } from '../../src/adapters/storage/migrations/index.js';
import { assertionXml, b64, makeIdpKey, readAuthnRequest, responseXml, signAssertion } from '../support/saml-idp.js';
import { ssoSubjectIndexOf } from '../support/sealed.js';
import { ENGINES, TEST_MASTER_KEY, apiClient, createTestApp, setupOrganisation, type TestContext } from '../support/test-app.js';

const NAME_ID = 'ines.okafor@faculty.example';
const ENTITY_ID = 'https://idp.faculty.example/metadata';

/**
 * Migration 0045 seals the identity provider's subject (`sso_identities`, `sso_sessions`, `sso_pending_links`) written
 * before it, under the organisation's key, with its blind index beside it; down() opens it again. Down to plaintext and
 * up again: sealed, indexed, and the next sign-in finds the same identity.
 */
describe.each(ENGINES)('migration 0045 seals the SSO subject (%s)', (engine) => {
  let ctx: TestContext;
  const idpKey = makeIdpKey();
  beforeAll(async () => {
    ctx = await createTestApp(engine);
  });
  afterAll(async () => ctx?.close());

  it('down to plaintext (0045 undone) and up again: sealed and indexed; sign-in finds the same identity, logout by subject its sessions', async () => {
    const { apiKey, organisationId: orgId } = await setupOrganisation(ctx.app);
    const created = await apiClient(ctx.app, apiKey).post('/api/v1/organisation/sso-connections', {
      protocol: 'saml', name: 'Faculty IdP', slug: 'faculty', domains: ['faculty.example'], defaultRole: 'viewer',
      saml: { idpEntityId: ENTITY_ID, ssoUrl: 'https://idp.faculty.example/sso', idpCertificate: idpKey.cert },
    });
    expect(created.statusCode, created.body).toBe(201);
    const connectionId: string = created.json().id;
    const signIn = async () => {
      const start = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso', payload: { slug: 'faculty' } });
      const request = readAuthnRequest(start.json().redirectUrl);
      const o = { entityId: ENTITY_ID, inResponseTo: request.id, acs: created.json().serviceProvider.acsUrl, audience: created.json().serviceProvider.entityId, email: NAME_ID };
      const xml = responseXml(o, '').replace('</samlp:Response>', '') + signAssertion(assertionXml(o), idpKey) + '</samlp:Response>';
      const res = await ctx.app.inject({
        method: 'POST', url: `/api/v1/session/sso/saml/${connectionId}/acs`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ SAMLResponse: b64(xml), RelayState: request.relayState }).toString(),
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    await signIn();
    const now = new Date().toISOString();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await ctx.deps.store.sso.holdSessionLink('pending-1', { connectionId, orgId, subject: NAME_ID, sid: null, nameIdFormat: null, sessionIndex: '_s1', createdAt: now, expiresAt: later });

    const raw = async () => ({
      identities: await ctx.storage.db.selectFrom('sso_identities').selectAll().execute() as Record<string, unknown>[],
      sessions: await ctx.storage.db.selectFrom('sso_sessions').selectAll().execute() as Record<string, unknown>[],
      pending: await ctx.storage.db.selectFrom('sso_pending_links').selectAll().execute() as Record<string, unknown>[],
    });
    const sealedAndIndexed = async (rows: Awaited<ReturnType<typeof raw>>) => {
      const index = await ssoSubjectIndexOf(ctx, NAME_ID);
      for (const r of [...rows.identities, ...rows.sessions, ...rows.pending]) {
        expect(String(r.subject).startsWith(`pd1.pdo-1-${orgId}.`)).toBe(true);
        expect(r.subject_index).toBe(index);
      }
      expect(JSON.stringify(rows)).not.toContain(NAME_ID);
    };
    const before = await raw();
    expect([before.identities.length, before.sessions.length, before.pending.length]).toEqual([1, 1, 1]);
    await sealedAndIndexed(before);

    const schema = engine === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(ctx.storage.db)).rows[0]!.s : undefined;
    const migrator = new Migrator({ db: ctx.storage.db, provider: migrationProviderWith({ kms: localKms(aesGcmVault(TEST_MASTER_KEY)) }), ...(schema ? { migrationTableSchema: schema } : {}) });
    expect((await migrator.migrateTo('2026-12-07_0044_sso_logout')).error).toBeUndefined();
    const plain = await raw();
    for (const r of [...plain.identities, ...plain.sessions, ...plain.pending]) {
      expect(r.subject).toBe(NAME_ID);
      expect(r).not.toHaveProperty('subject_index');
    }

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    await sealedAndIndexed(await raw());
    // Signing in again is the same identity (no second account); an IdP's logout naming the subject finds both sessions.
    await signIn();
    const after = await raw();
    expect(after.identities).toHaveLength(1);
    expect(after.identities[0]!.user_id).toBe(before.identities[0]!.user_id);
    await sealedAndIndexed(after);
    const links = await ctx.deps.store.sso.findSessionLinks(connectionId, { subject: NAME_ID }, new Date().toISOString());
    expect(links.map((l) => l.subject)).toEqual([NAME_ID, NAME_ID]);
    // The identity stays unique per connection: the unique index on (connection_id, subject_index), not the sealed subject.
    await expect(ctx.deps.store.sso.insertIdentity({ connectionId, subject: NAME_ID, userId: String(after.identities[0]!.user_id), orgId, createdAt: now, lastSignInAt: now })).rejects.toThrow();
  });
});
