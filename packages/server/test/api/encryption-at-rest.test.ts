import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner } from '../../src/adapters/jobs/job-runner.js';
import { aesGcmVault } from '../../src/adapters/keys/key-vault.js';
import { localKms } from '../../src/adapters/keys/kms.js';
import { rotateDataKey } from '../../src/adapters/storage/rotate-data-key.js';
import { jobHandlers } from '../../src/compose.js';
import { foldForSearch } from '../../src/domain/shared/search-text.js';
import type { MailMessage } from '../../src/domain/notifications/ports.js';
import { assertionXml, b64, makeIdpKey, readAuthnRequest, responseXml, signAssertion } from '../support/saml-idp.js';
import { ENGINES, TEST_MASTER_KEY, createTestApp, minimalIssuer, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';
import { testJobRunner } from '../support/jobs.js';
import { smtpMailer } from '../support/smtp.js';

const EMAIL = 'Quintessa.Marlowe-Vey@Example.org';
const NAME = 'Zoë Quintessa Marlowe-Vey';
// An account that signs up, and a member who is invited and joins.
const ACCOUNT_EMAIL = 'Ottoline.Brackenridge@Example.net';
const ACCOUNT_NAME = 'Ottoline Brackenridge-Fairweather';
const INVITED_EMAIL = 'Wilhelmina.Thistlewood@Example.com';
const INVITED_NAME = 'Wilhelmina Thistlewood-Ashby';
const ACCOUNT_PASSWORD = 'a long enough password for this account';
// A recipient whose mail server refuses the award e-mail (the refusal quotes the address), and one from a migration import.
const REFUSED_EMAIL = 'Bartholomew.Quillfeather@Example.edu';
const REFUSED_NAME = 'Bartholomew Quillfeather-Oakes';
const IMPORTED_EMAIL = 'Perpetua.Wintergreen@Example.info';
const IMPORTED_NAME = 'Perpetua Wintergreen-Ravensworth';
// A member who signs in through the organisation's SAML IdP, named by an emailAddress NameID.
const SAML_EMAIL = 'Leopoldina.Fenwick-Hargreave@Saml-Faculty.example';
const SAML_ENTITY_ID = 'https://idp.saml-faculty.example/metadata';

/** An address and a name as they could be written anywhere: as given, lower case, folded, and their longer words. */
const formsOf = (email: string, name: string): string[] => {
  const forms = new Set([email, email.toLowerCase(), name, name.toLowerCase(), foldForSearch(name), name.toUpperCase()]);
  for (const word of foldForSearch(`${name} ${email.split('@')[0]}`).split(/[^a-z0-9]+/)) if (word.length >= 6) forms.add(word);
  for (const word of name.split(/\s+/)) if (word.length >= 4) forms.add(word);
  return [...forms];
};
const needles = (): string[] => [
  ...formsOf(EMAIL, NAME), ...formsOf(ACCOUNT_EMAIL, ACCOUNT_NAME), ...formsOf(INVITED_EMAIL, INVITED_NAME), ...formsOf(REFUSED_EMAIL, REFUSED_NAME), ...formsOf(IMPORTED_EMAIL, IMPORTED_NAME),
  ...formsOf(SAML_EMAIL, 'Leopoldina Fenwick-Hargreave'),
];

/** A real SMTP server that refuses every recipient the way a mail server does: `550 <address> unknown user`. */
async function startRefusingSmtp(): Promise<{ url: string; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      callback(Object.assign(new Error(`<${address.address}> unknown user`), { responseCode: 550 }));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Every byte the database keeps: the SQLite file and its WAL, or a pg_dump of the test schema. */
function databaseBytes(ctx: TestContext, file: string | undefined, schema: string | undefined): string {
  if (file) {
    expect(existsSync(`${file}-wal`)).toBe(true);
    return [file, `${file}-wal`].map((f) => readFileSync(f).toString('latin1')).join('\n');
  }
  return execFileSync('pg_dump', ['--no-owner', '--schema', schema!, ctx.databaseUrl!], { encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 });
}

describe.each(ENGINES)('personal data is encrypted at rest (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let achievementId: string;
  let file: string | undefined;
  let schema: string | undefined;
  let credentialId: string;
  let orgId: string;
  const sent: MailMessage[] = [];

  beforeAll(async () => {
    file = engine === 'sqlite' ? join(mkdtempSync(join(tmpdir(), 'laurel-at-rest-')), 'laurel.db') : undefined;
    const mailer = { send: async (m: MailMessage) => void sent.push(m) };
    ctx = await createTestApp(engine, file ? { sqliteFile: file, mailer } : { mailer });
    if (engine === 'postgres') schema = (await sql<{ s: string }>`select current_schema() as s`.execute(ctx.storage.db)).rows[0]!.s;
    ({ api, organisationId: orgId, achievementId } = await organisationWithAchievement(ctx.app));
  });
  afterAll(async () => ctx?.close());

  const leaks = () => {
    const bytes = databaseBytes(ctx, file, schema);
    return needles().filter((n) => bytes.includes(n));
  };
  /** For a failure message: which tables hold a needle. */
  const whereIs = async () => {
    const found: string[] = [];
    for (const t of await ctx.storage.db.introspection.getTables()) {
      if (schema !== undefined && t.schema !== schema) continue;
      const text = JSON.stringify(await ctx.storage.db.selectFrom(t.name as never).selectAll().execute());
      for (const n of needles()) if (text.includes(n)) found.push(`${t.name}: ${n}: ${text.slice(Math.max(0, text.indexOf(n) - 200), text.indexOf(n) + 60)}`);
    }
    return found.join('\n');
  };

  it('issues to a known address and name; neither is anywhere in the database, yet lookup, search and verification work', async () => {
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email: EMAIL, name: NAME } });
    expect(res.statusCode, res.body).toBe(201);
    credentialId = res.json().id;
    // The award e-mail goes out (claim token, e-mail events, job rows).
    const runner = testJobRunner(ctx);
    while ((await runner.runOnce()) > 0);
    // They opt out of the organisation's e-mails (kept by the address's blind index).
    await ctx.deps.store.optOuts.add(orgId, EMAIL.toLowerCase(), new Date().toISOString());
    expect(await ctx.deps.store.optOuts.has(orgId, EMAIL.toLowerCase())).toBe(true);
    expect(await ctx.deps.store.optOuts.among(orgId, ['nobody@example.org', EMAIL.toLowerCase()])).toEqual([EMAIL.toLowerCase()]);

    expect(leaks(), await whereIs()).toEqual([]);
    // The stored values are sealed (not merely absent): the data key is named in each, the organisation's own.
    const row = await ctx.storage.db.selectFrom('credentials').select(['recipient_identity', 'recipient_name', 'recipient_index']).where('id', '=', credentialId).executeTakeFirstOrThrow();
    expect(row.recipient_identity.startsWith(`pd1.pdo-1-${orgId}.`)).toBe(true);
    expect(row.recipient_name?.startsWith(`pd1.pdo-1-${orgId}.`)).toBe(true);

    // Exact address (any case), name words and prefixes, folded or not; the recipient directory too.
    for (const query of [`recipient=${encodeURIComponent(EMAIL.toLowerCase())}`, `recipient=${encodeURIComponent(EMAIL)}`, `q=${encodeURIComponent(EMAIL)}`, 'q=quint', 'q=Zoe', 'q=marlowe-vey', 'q=QUINTESSA%20marl']) {
      const found = (await api.get(`/api/v1/credentials?${query}`)).json();
      expect(found.items.map((c: { id: string }) => c.id), query).toEqual([credentialId]);
    }
    for (const query of ['recipient=someone.else%40example.org', 'q=quintessax', 'q=example.com', `q=${encodeURIComponent('other@example.org')}`]) {
      expect((await api.get(`/api/v1/credentials?${query}`)).json().items, query).toEqual([]);
    }
    const directory = (await api.get(`/api/v1/recipients?q=${encodeURIComponent('marlowe')}`)).json();
    expect(directory.items).toMatchObject([{ identity: EMAIL.toLowerCase(), name: NAME, credentials: 1 }]);

    // Read back in the clear through the API, and the signed credential verifies for the address.
    const got = (await api.get(`/api/v1/credentials/${credentialId}`)).json();
    expect(got.recipient).toMatchObject({ identity: EMAIL.toLowerCase(), name: NAME });
    const ob3 = (await api.get(`/api/v1/credentials/${credentialId}/export?format=ob3`)).json();
    expect(JSON.stringify(ob3)).not.toContain(EMAIL.toLowerCase());
    const report = (
      await ctx.app.inject({ method: 'POST', url: `/api/v1/verify?recipient=${encodeURIComponent(EMAIL)}`, payload: JSON.stringify(ob3), headers: { 'content-type': 'application/json' } })
    ).json();
    expect(report.valid, JSON.stringify(report.checks)).toBe(true);
    expect(report.recipient).toMatchObject({ matches: true });
  });

  // Each request from its own address (the per-IP rate limits of the account routes).
  let ip = 0;
  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url, payload, headers, remoteAddress: `10.9.${Math.floor(++ip / 250)}.${ip % 250}` });
  const drain = async () => {
    const runner = testJobRunner(ctx);
    while ((await runner.runOnce()) > 0);
  };
  const linkTo = (address: string, kind: string): string => {
    const mail = sent.filter((m) => m.to.toLowerCase().includes(address.toLowerCase()) && m.text.includes(`/${kind}/`)).pop();
    expect(mail, `a /${kind}/ link to ${address}`).toBeDefined();
    return new RegExp(`/${kind}/([A-Za-z0-9_-]+)`).exec(mail!.text)![1]!;
  };
  /** Sign-in by password with the address written in any case. */
  const signsIn = async (email: string) => {
    for (const written of [email, email.toLowerCase(), email.toUpperCase()]) {
      const res = await post('/api/v1/session', { email: written, password: ACCOUNT_PASSWORD });
      expect(res.statusCode, `${written}: ${res.body}`).toBe(200);
    }
    expect((await post('/api/v1/session', { email: `x${email}`, password: ACCOUNT_PASSWORD })).statusCode).toBe(401);
  };

  it('an account signs up and a member is invited and joins with known addresses and names; neither is in the database, yet sign-in by address works', async () => {
    expect((await post('/api/v1/accounts', { email: ACCOUNT_EMAIL })).statusCode).toBe(202);
    await drain();
    const activated = await post('/api/v1/accounts/activate', { token: linkTo(ACCOUNT_EMAIL, 'activate'), password: ACCOUNT_PASSWORD, name: ACCOUNT_NAME });
    expect(activated.statusCode, activated.body).toBe(201);
    // Registering the same address again (any case) is not a second account: the blind index is unique.
    expect((await post('/api/v1/accounts', { email: ACCOUNT_EMAIL.toUpperCase() })).statusCode).toBe(202);

    const invited = await api.post('/api/v1/invitations', { email: INVITED_EMAIL, role: 'viewer' });
    expect(invited.statusCode, invited.body).toBe(202);
    expect((await api.get('/api/v1/invitations')).json().items).toMatchObject([{ email: INVITED_EMAIL.toLowerCase(), role: 'viewer' }]);
    await drain();
    const joined = await post(`/api/v1/join/${linkTo(INVITED_EMAIL, 'join')}`, { password: ACCOUNT_PASSWORD, name: INVITED_NAME });
    expect(joined.statusCode, joined.body).toBe(200);
    await drain();

    await signsIn(ACCOUNT_EMAIL);
    await signsIn(INVITED_EMAIL);
    // The member list opens the sealed address and name.
    expect((await api.get('/api/v1/members')).json().items).toEqual(expect.arrayContaining([expect.objectContaining({ email: INVITED_EMAIL.toLowerCase(), name: INVITED_NAME })]));
    const user = await ctx.storage.db.selectFrom('users').select(['email', 'name', 'email_index']).where('email_index', 'is not', null).execute();
    for (const u of user) {
      expect(u.email).toMatch(/^pd1\.pd-1\./);
      if (u.name !== null) expect(u.name).toMatch(/^pd1\.pd-1\./);
    }
    for (const table of ['user_addresses', 'email_tokens', 'invitations'] as const) {
      const column = table === 'user_addresses' ? 'value' : 'email';
      const rows = await ctx.storage.db.selectFrom(table).select(sql<string>`${sql.ref(column)}`.as('v')).execute();
      expect(rows.length, table).toBeGreaterThan(0);
      // Accounts' values under the shared key; an invitation is the organisation's.
      for (const r of rows) expect(r.v.startsWith(table === 'invitations' ? `pd1.pdo-1-${orgId}.` : 'pd1.pd-1.'), table).toBe(true);
    }
    await ctx.deps.store.privacy.scrub();
    expect(leaks(), await whereIs()).toEqual([]);
  });

  it('a mail server refuses the award e-mail quoting the address: the job keeps the error sealed, the operator reads it through the store', async () => {
    const smtp = await startRefusingSmtp();
    try {
      const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email: REFUSED_EMAIL, name: REFUSED_NAME } });
      expect(res.statusCode, res.body).toBe(201);
      const mailer = smtpMailer(smtp);
      const runner = createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers({ ...ctx.deps, mailer }), clock: ctx.deps.clock });
      while ((await runner.runOnce()) > 0);
    } finally {
      await smtp.close();
    }
    const failed = await ctx.storage.db.selectFrom('jobs').select(['id', 'last_error']).where('name', '=', 'credential.issued').where('last_error', 'is not', null).execute();
    expect(failed).toHaveLength(1);
    expect(failed[0]!.last_error).toMatch(/^pd1\./);
    // Opened, the error is the mail server's answer, address included: what an operator needs to see.
    expect((await ctx.deps.store.jobs.get(failed[0]!.id))!.lastError).toMatch(new RegExp(`550.*${REFUSED_EMAIL.toLowerCase().replace(/\./g, '\\.')}`, 'i'));
    // Every finished job's result is sealed too.
    for (const r of await ctx.storage.db.selectFrom('jobs').select('result').where('result', 'is not', null).execute()) expect(r.result).toMatch(/^pd1\./);
    expect(leaks(), await whereIs()).toEqual([]);
    // Erasing that recipient forgets the job's error too (sealed or not, it quoted the address).
    const [erasable] = (await ctx.deps.store.privacy.unclaimedBefore(orgId, '9999-01-01T00:00:00.000Z', 1000)).filter((c) => c.recipientIdentity === REFUSED_EMAIL.toLowerCase());
    expect(erasable).toBeDefined();
    expect(await ctx.deps.store.privacy.eraseRecipientData([erasable!], '[erased]')).toBe(1);
    expect((await ctx.deps.store.jobs.get(failed[0]!.id))!.lastError).toBeNull();
  });

  it('a migration import holds the former provider\'s names and addresses sealed from the moment it is accepted', async () => {
    const issuerId = (await api.post('/api/v1/issuers', { ...minimalIssuer, name: 'Imported Issuer' })).json().id;
    const csv = `id,email,achievement,issued_on,name\nlegacy-1,${IMPORTED_EMAIL},Legacy Badge,2021-05-01,${IMPORTED_NAME}\n`;
    const started = await api.post('/api/v1/imports', { issuerId, source: 'csv', csv });
    expect(started.statusCode, started.body).toBe(202);
    // Queued, not yet run: the items wait in the table, sealed.
    const row = await ctx.storage.db.selectFrom('migration_imports').select(['items', 'results', 'status']).where('id', '=', started.json().id).executeTakeFirstOrThrow();
    expect(row.status).toBe('queued');
    expect(row.items).toMatch(/^pd1\./);
    expect(row.results).toMatch(/^pd1\./);
    expect((await ctx.deps.store.migrationImports.findForJob(started.json().id))!.items).toMatchObject([{ email: expect.stringMatching(new RegExp(`^${IMPORTED_EMAIL}$`, 'i')) }]);
    expect(leaks(), await whereIs()).toEqual([]);
    await drain();
    const report = (await api.get(`/api/v1/imports/${started.json().id}`)).json();
    expect(report).toMatchObject({ status: 'done', imported: 1, failed: 0 });
    expect((await api.get(`/api/v1/credentials?recipient=${encodeURIComponent(IMPORTED_EMAIL)}`)).json().items).toHaveLength(1);
    expect(leaks(), await whereIs()).toEqual([]);
  });

  /** A SAML connection of the organisation, and a sign-in through it (a fresh AuthnRequest, a signed answer naming `email`). */
  const saml = { idpKey: makeIdpKey(), connectionId: '', acs: '', audience: '' };
  const samlSignIn = async (email: string) => {
    if (!saml.connectionId) {
      const res = await api.post('/api/v1/organisation/sso-connections', {
        protocol: 'saml', name: 'Faculty IdP', slug: 'faculty', domains: ['saml-faculty.example'], defaultRole: 'viewer',
        saml: { idpEntityId: SAML_ENTITY_ID, ssoUrl: 'https://idp.saml-faculty.example/sso', idpCertificate: saml.idpKey.cert },
      });
      expect(res.statusCode, res.body).toBe(201);
      Object.assign(saml, { connectionId: res.json().id, acs: res.json().serviceProvider.acsUrl, audience: res.json().serviceProvider.entityId });
    }
    const start = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso', payload: { slug: 'faculty' } });
    expect(start.statusCode, start.body).toBe(200);
    const request = readAuthnRequest(start.json().redirectUrl);
    const o = { entityId: SAML_ENTITY_ID, inResponseTo: request.id, acs: saml.acs, audience: saml.audience, email };
    const xml = responseXml(o, '').replace('</samlp:Response>', '') + signAssertion(assertionXml(o), saml.idpKey) + '</samlp:Response>';
    const res = await ctx.app.inject({
      method: 'POST', url: `/api/v1/session/sso/saml/${saml.connectionId}/acs`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ SAMLResponse: b64(xml), RelayState: request.relayState }).toString(),
    });
    expect(res.statusCode, res.body).toBe(200);
  };

  it('a SAML sign-in with an emailAddress NameID leaves the address nowhere in the database; signing in again finds the same identity', async () => {
    await samlSignIn(SAML_EMAIL);
    await samlSignIn(SAML_EMAIL);
    const identities = await ctx.storage.db.selectFrom('sso_identities').select(['subject', 'subject_index', 'user_id']).where('connection_id', '=', saml.connectionId).execute();
    expect(identities).toHaveLength(1); // the second sign-in found the first's identity: no second account
    expect(identities[0]!.subject.startsWith(`pd1.pdo-1-${orgId}.`)).toBe(true);
    const sessions = await ctx.storage.db.selectFrom('sso_sessions').select(['subject', 'subject_index']).where('connection_id', '=', saml.connectionId).execute();
    expect(sessions).toHaveLength(2);
    for (const s of sessions) {
      expect(s.subject.startsWith(`pd1.pdo-1-${orgId}.`)).toBe(true);
      expect(s.subject_index).toBe(identities[0]!.subject_index);
    }
    // Through the store: the identity opens to the NameID, and the sessions are found by it (an IdP's LogoutRequest names it).
    expect(await ctx.deps.store.sso.findIdentity(saml.connectionId, SAML_EMAIL)).toMatchObject({ subject: SAML_EMAIL, userId: identities[0]!.user_id });
    const links = await ctx.deps.store.sso.findSessionLinks(saml.connectionId, { subject: SAML_EMAIL }, new Date().toISOString());
    expect(links.map((l) => l.subject)).toEqual([SAML_EMAIL, SAML_EMAIL]);
    expect(await ctx.deps.store.sso.findSessionLinks(saml.connectionId, { subject: SAML_EMAIL.toLowerCase() }, new Date().toISOString())).toEqual([]);
    expect(leaks(), await whereIs()).toEqual([]);
  });

  it('after a data-key rotation every value is sealed with the new key, and everything still reads', async () => {
    const kms = localKms(aesGcmVault(TEST_MASTER_KEY));
    const result = await rotateDataKey(ctx.storage.db, kms, { settleMs: 0, batch: 1 });
    expect(result).toMatchObject({ keyId: 'pd-2', remaining: 0 });
    expect(result.retired).toEqual(expect.arrayContaining(['pd-1', `pdo-1-${orgId}`]));
    expect(result.resealed).toBeGreaterThanOrEqual(2); // the credential and its claim token
    const row = await ctx.storage.db.selectFrom('credentials').select(['recipient_identity', 'recipient_name']).where('id', '=', credentialId).executeTakeFirstOrThrow();
    expect(row.recipient_identity.startsWith(`pd1.pdo-2-${orgId}.`)).toBe(true);
    expect(row.recipient_name?.startsWith(`pd1.pdo-2-${orgId}.`)).toBe(true);
    const claim = await ctx.storage.db.selectFrom('claim_tokens').select('email').where('credential_id', '=', credentialId).executeTakeFirstOrThrow();
    expect(claim.email.startsWith(`pd1.pdo-2-${orgId}.`)).toBe(true);
    const accounts = await ctx.storage.db.selectFrom('users').select('email').execute();
    for (const u of accounts) expect(u.email).toMatch(/^pd1\.pd-2\./);
    const addresses = await ctx.storage.db.selectFrom('user_addresses').select('value').execute();
    for (const a of addresses) expect(a.value).toMatch(/^pd1\.pd-2\./);
    // Sign-in by address (any case) still finds the accounts: the blind index does not change with the data key.
    await signsIn(ACCOUNT_EMAIL);
    await signsIn(INVITED_EMAIL);
    // The SSO subject too: sealed under the organisation's new key, its index unchanged, the identity found again.
    for (const r of await ctx.storage.db.selectFrom('sso_identities').select('subject').execute()) expect(r.subject.startsWith(`pd1.pdo-2-${orgId}.`)).toBe(true);
    await samlSignIn(SAML_EMAIL);
    expect(await ctx.storage.db.selectFrom('sso_identities').select('user_id').execute()).toHaveLength(1);

    // The running app had the old key cached: it reads the new values (it reloads the key table on an unknown key id).
    expect((await api.get(`/api/v1/credentials/${credentialId}`)).json().recipient).toMatchObject({ identity: EMAIL.toLowerCase(), name: NAME });
    expect((await api.get(`/api/v1/credentials?recipient=${encodeURIComponent(EMAIL)}`)).json().items).toHaveLength(1);
    expect((await api.get('/api/v1/credentials?q=quintessa')).json().items).toHaveLength(1);
    // A credential issued now reads too, and nothing leaked in the rewrite.
    const second = await api.post('/api/v1/credentials', { achievementId, recipient: { email: 'second@example.org', name: 'Second Person' } });
    expect(second.statusCode).toBe(201);
    expect((await api.get(`/api/v1/credentials/${second.json().id}`)).json().recipient).toMatchObject({ identity: 'second@example.org', name: 'Second Person' });
    expect(leaks(), await whereIs()).toEqual([]);
    // A tampered sealed value does not open (AES-GCM), and is not served as if it were the plaintext.
    const tampered = row.recipient_name!.slice(0, -4) + (row.recipient_name!.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    await ctx.storage.db.updateTable('credentials').set({ recipient_name: tampered }).where('id', '=', credentialId).execute();
    expect((await api.get(`/api/v1/credentials/${credentialId}`)).statusCode).toBe(500);
    await ctx.storage.db.updateTable('credentials').set({ recipient_name: row.recipient_name }).where('id', '=', credentialId).execute();
  });
});
