import { sql, type Kysely } from 'kysely';
import type { AccountData, Consent, ErasableCredential, PrivacyRepo } from '../../../domain/privacy/ports.js';
import type { Database } from '../schema.js';
import { fromJson, toJson } from './json.js';
import { withKeys, type Keyring, type PersonalDataKeys } from '../personal-data.js';
import { sealContext } from '../sealed-columns.js';
import { BULK_RESULTS, BULK_ROWS } from './bulk-imports.repo.js';
import { BULK_RESULT_EMAIL } from './bulk-awards.repo.js';
import { ADDRESS_VALUE } from './addresses.repo.js';
import { openUserEmail, openUserName } from './organisations.repo.js';

const ERASED_PREFIX = 'erased:';
/** What an erased account's address becomes in a link job still running. */
const ACCOUNT_ERASED = '[erased]';

const IDENTITY = sealContext('credentials', 'recipient_identity');
const NAME = sealContext('credentials', 'recipient_name');
const JOB_PAYLOAD = sealContext('jobs', 'payload');
const erasable = (k: Keyring) => (r: { id: string; org_id: string; recipient_type: string; recipient_identity: string }): ErasableCredential => ({
  id: r.id, orgId: r.org_id, recipientType: r.recipient_type, recipientIdentity: k.open(r.recipient_identity, IDENTITY),
});
const ERASABLE = ['id', 'org_id', 'recipient_type', 'recipient_identity'] as const;

/** Bulk-import rows and results that name the address (sealed: opened one import at a time): their e-mail and name replaced by the marker. */
async function eraseFromBulkImports(db: Kysely<Database>, k: Keyring, orgId: string, email: string, marker: string): Promise<void> {
  const imports = await db.selectFrom('bulk_imports').select(['id', 'rows', 'results']).where('org_id', '=', orgId).execute();
  for (const b of imports) {
    const [plainRows, plainResults] = [k.open(b.rows, BULK_ROWS), k.open(b.results, BULK_RESULTS)];
    if (!plainRows.includes(email) && !plainResults.includes(email)) continue;
    const rows = fromJson<Array<Record<string, unknown>>>(plainRows, []).map((r) => (r.email === email ? { ...r, email: marker, name: null, narrative: null } : r));
    const results = fromJson<Array<Record<string, unknown>>>(plainResults, []).map((r) => (r.email === email ? { ...r, email: marker } : r));
    await db.updateTable('bulk_imports').set({ rows: k.seal(toJson(rows), BULK_ROWS, orgId), results: k.seal(toJson(results), BULK_RESULTS, orgId) }).where('id', '=', b.id).execute();
  }
  // Per-row results in their own table (migration 0040): found by the address's blind index, the address replaced by the marker.
  await db
    .updateTable('bulk_import_results')
    .set({ email: k.seal(marker, BULK_RESULT_EMAIL, orgId), email_index: null })
    .where('org_id', '=', orgId)
    .where('email_index', 'in', k.indexes('email', email))
    .execute();
}

/** The award e-mail jobs' errors for this credential (a mail server's refusal quotes the address; sealed, payloads too): forgotten. */
async function eraseFromJobErrors(db: Kysely<Database>, k: Keyring, orgId: string, credentialId: string): Promise<void> {
  const jobs = await db.selectFrom('jobs').select(['id', 'payload']).where('org_id', '=', orgId).where('name', '=', 'credential.issued').where('last_error', 'is not', null).execute();
  for (const j of jobs) {
    if (fromJson<Record<string, unknown>>(k.open(j.payload, JOB_PAYLOAD), {}).credentialId !== credentialId) continue;
    await db.updateTable('jobs').set({ last_error: null }).where('id', '=', j.id).execute();
  }
}

const IMPORT_ITEMS = sealContext('migration_imports', 'items');
const IMPORT_RESULTS = sealContext('migration_imports', 'results');
const LINK_JOB = 'email.link';

/**
 * E-mail link jobs (sign-in, registration, address verification, a change of address) that went to one of these
 * addresses: their sealed payload names it. Deleted; one running now keeps its row, its address replaced by the marker.
 */
async function eraseFromLinkJobs(db: Kysely<Database>, k: Keyring, emails: string[], marker: string): Promise<void> {
  const wanted = new Set(emails.map((e) => e.trim().toLowerCase()));
  if (wanted.size === 0) return;
  const jobs = await db.selectFrom('jobs').select(['id', 'org_id', 'payload', 'status']).where('name', '=', LINK_JOB).execute();
  for (const j of jobs) {
    const payload = fromJson<Record<string, unknown>>(k.open(j.payload, JOB_PAYLOAD), {});
    if (typeof payload.email !== 'string' || !wanted.has(payload.email.trim().toLowerCase())) continue;
    if (j.status !== 'running') await db.deleteFrom('jobs').where('id', '=', j.id).execute();
    else await db.updateTable('jobs').set({ payload: k.seal(toJson({ ...payload, email: marker }), JOB_PAYLOAD, j.org_id), last_error: null, result: null }).where('id', '=', j.id).execute();
  }
}

const mentions = (value: unknown, email: string) => typeof value === 'string' && value.toLowerCase().includes(email);

/**
 * Migration imports of the organisation: an item naming the address (an import not run yet) loses its address, name
 * and narrative; a result that quotes it (an original id or a reason) has that replaced by the marker.
 */
async function eraseFromMigrationImports(db: Kysely<Database>, k: Keyring, orgId: string, address: string, marker: string): Promise<void> {
  const email = address.trim().toLowerCase();
  const imports = await db.selectFrom('migration_imports').select(['id', 'items', 'results']).where('org_id', '=', orgId).execute();
  for (const m of imports) {
    const [plainItems, plainResults] = [k.open(m.items, IMPORT_ITEMS), k.open(m.results, IMPORT_RESULTS)];
    if (!plainItems.toLowerCase().includes(email) && !plainResults.toLowerCase().includes(email)) continue;
    const items = fromJson<Array<Record<string, unknown>>>(plainItems, []).map((i) => (JSON.stringify(i).toLowerCase().includes(email)
      ? i.kind === 'award' ? { ...i, email: marker, name: null, narrative: null, originalId: mentions(i.originalId, email) ? marker : i.originalId }
        : { index: i.index, kind: 'invalid', originalId: null, reason: marker }
      : i));
    const results = fromJson<Array<Record<string, unknown>>>(plainResults, []).map((r) => ({
      ...r, ...(mentions(r.originalId, email) ? { originalId: marker } : {}), ...(mentions(r.reason, email) ? { reason: marker } : {}),
    }));
    await db.updateTable('migration_imports').set({ items: k.seal(toJson(items), IMPORT_ITEMS, orgId), results: k.seal(toJson(results), IMPORT_RESULTS, orgId) }).where('id', '=', m.id).execute();
  }
}

export function privacyRepo(db: Kysely<Database>, engine: 'sqlite' | 'postgres', keys: PersonalDataKeys): PrivacyRepo {
  const read = <T>(fn: (k: Keyring) => T) => withKeys(keys, db, fn);
  return {
    async scrub() {
      // SQLite: the pages before the erasure live on in the WAL until a checkpoint copies the new ones back;
      // TRUNCATE then empties the WAL file. (secure_delete, set when the database opens, zeroes freed space.)
      // PostgreSQL: the old row versions stay until VACUUM reclaims them (autovacuum; docs/privacy.md).
      if (engine === 'sqlite' && !db.isTransaction) await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    },
    async credentialsOfRecipient(orgId, recipientKey) {
      const rows = await db.selectFrom('credentials').select(ERASABLE).where('org_id', '=', orgId).where('recipient_key', '=', recipientKey).execute();
      return read((k) => rows.map(erasable(k)));
    },
    async credentialsOfAccount(userId) {
      // An address's blind index is the credentials' recipient index for that type and value.
      const addresses = await db.selectFrom('user_addresses').select(['value_index']).where('user_id', '=', userId).where('verified_at', 'is not', null).execute();
      const rows = await db
        .selectFrom('credentials')
        .select(ERASABLE)
        .where((eb) => eb.or([eb('earner_user_id', '=', userId), ...addresses.map((a) => eb('recipient_index', '=', a.value_index))]))
        .execute();
      return read((k) => rows.map(erasable(k)));
    },
    async unclaimedBefore(orgId, before, limit) {
      const rows = await db
        .selectFrom('credentials')
        .select(ERASABLE)
        .where('org_id', '=', orgId)
        .where('earner_user_id', 'is', null)
        .where('created_at', '<', before)
        .where('recipient_identity', 'not like', `${ERASED_PREFIX}%`)
        .limit(limit)
        .execute();
      return read((k) => rows.map(erasable(k)));
    },
    async eraseRecipientData(credentials, marker) {
      let changed = 0;
      const run = async (tx: Kysely<Database>) => {
        for (const c of credentials) {
          if (c.recipientIdentity.startsWith(ERASED_PREFIX)) continue;
          const r = await tx
            .updateTable('credentials')
            .set({ recipient_name: null, recipient_identity: `${ERASED_PREFIX}${c.id}`, recipient_index: null, recipient_tokens: null, recipient_key: null, earner_user_id: null })
            .where('id', '=', c.id)
            .where('org_id', '=', c.orgId)
            .executeTakeFirst();
          changed += Number(r.numUpdatedRows);
          // E-mail events may quote the mail server's answer, which names the address.
          await tx.updateTable('credential_events').set({ details: '{}' }).where('credential_id', '=', c.id).where('type', 'like', 'email.%').execute();
          await tx.deleteFrom('claim_tokens').where('credential_id', '=', c.id).execute();
          // Evidence files uploaded for the award are the recipient's personal data: gone (their URL answers 404).
          await tx.deleteFrom('evidence_files').where('credential_id', '=', c.id).where('org_id', '=', c.orgId).execute();
          // By the address's blind index (the keys were loaded when the credentials were read).
          const k = await keys.keyring(tx);
          await tx.deleteFrom('unsubscribe_tokens').where('org_id', '=', c.orgId).where('email_index', 'in', k.indexes('email', c.recipientIdentity)).execute();
          await tx.deleteFrom('email_opt_outs').where('org_id', '=', c.orgId).where('email', 'in', k.indexes('email', c.recipientIdentity)).execute();
          await eraseFromBulkImports(tx, k, c.orgId, c.recipientIdentity, marker);
          await eraseFromJobErrors(tx, k, c.orgId, c.id);
          await eraseFromMigrationImports(tx, k, c.orgId, c.recipientIdentity, marker);
        }
        // Link jobs are not an organisation's: one walk for every address erased.
        const emails = [...new Set(credentials.filter((c) => c.recipientType === 'email' && !c.recipientIdentity.startsWith(ERASED_PREFIX)).map((c) => c.recipientIdentity))];
        if (emails.length > 0) await eraseFromLinkJobs(tx, await keys.keyring(tx), emails, marker);
      };
      if (db.isTransaction) await run(db);
      else await db.transaction().execute(run);
      return changed;
    },
    async accountData(userId) {
      const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
      if (!user) return undefined;
      const [addresses, sessions, totp, passkeys, codes, hosted, consents, audit, tokens] = await Promise.all([
        db.selectFrom('user_addresses').select(['type', 'value', 'verified_at', 'created_at']).where('user_id', '=', userId).execute(),
        db.selectFrom('sessions').select(['id', 'org_id', 'ip', 'user_agent', 'created_at', 'expires_at', 'last_seen_at', 'mfa']).where('user_id', '=', userId).execute(),
        db.selectFrom('mfa_totp').select(['confirmed_at']).where('user_id', '=', userId).executeTakeFirst(),
        db.selectFrom('webauthn_credentials').select(['name', 'created_at']).where('user_id', '=', userId).execute(),
        db.selectFrom('mfa_recovery_codes').select((eb) => eb.fn.countAll<number | string>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirst(),
        db.selectFrom('hosted_credentials').select(['id', 'format', 'issuer', 'issued_at', 'body', 'created_at']).where('user_id', '=', userId).execute(),
        this.consents(userId),
        db.selectFrom('audit_log').select(['org_id', 'action', 'actor_type', 'target_type', 'target_id', 'ip', 'user_agent', 'details', 'created_at'])
          .where((eb) => eb.or([eb('actor_id', '=', userId), eb('target_id', '=', userId)])).orderBy('created_at').execute(),
        db.selectFrom('oauth_tokens').innerJoin('oauth_clients', 'oauth_clients.id', 'oauth_tokens.client_id').select(['oauth_clients.name', 'oauth_tokens.scopes', 'oauth_tokens.created_at', 'oauth_tokens.revoked_at'])
          .where('oauth_tokens.user_id', '=', userId).where('oauth_tokens.kind', '=', 'refresh').execute(),
      ]);
      const held = await this.credentialsOfAccount(userId);
      const credentials: AccountData['credentials'] = [];
      for (const c of held) {
        const row = await db.selectFrom('credentials').innerJoin('achievements', 'achievements.id', 'credentials.achievement_id').innerJoin('issuers', 'issuers.id', 'credentials.issuer_id')
          .select(['credentials.id', 'credentials.recipient_name', 'credentials.recipient_identity', 'credentials.issued_on', 'credentials.expires_at', 'credentials.status', 'credentials.visibility', 'achievements.name as achievement', 'issuers.name as issuer'])
          .where('credentials.id', '=', c.id).executeTakeFirstOrThrow();
        const documents = await db.selectFrom('credential_documents').select(['format', 'body']).where('credential_id', '=', c.id).execute();
        credentials.push({
          id: c.id, orgId: c.orgId, documents,
          summary: { id: row.id, achievement: row.achievement, issuer: row.issuer, recipientName: await read((k) => k.openNullable(row.recipient_name, NAME)), recipient: c.recipientIdentity, issuedOn: row.issued_on, expiresAt: row.expires_at, status: row.status, visibility: row.visibility },
        });
      }
      return {
        account: { id: user.id, email: await read((k) => openUserEmail(k, user.email)), name: await read((k) => openUserName(k, user.name)), locale: user.locale, createdAt: user.created_at, updatedAt: user.updated_at, passwordSet: user.password_hash !== null,
          profile: { handle: user.profile_handle, bio: user.profile_bio, public: Boolean(user.profile_public) } },
        addresses: await read((k) => addresses.map((a) => ({ type: a.type, value: k.open(a.value, ADDRESS_VALUE), verifiedAt: a.verified_at, createdAt: a.created_at }))),
        sessions: sessions.map((s) => ({ id: s.id, organisation: s.org_id, ip: s.ip, userAgent: s.user_agent, createdAt: s.created_at, expiresAt: s.expires_at, lastSeenAt: s.last_seen_at, secondFactor: Boolean(s.mfa) })),
        factors: { totp: { enabled: Boolean(totp?.confirmed_at), enabledAt: totp?.confirmed_at ?? null }, passkeys: passkeys.map((p) => ({ name: p.name, createdAt: p.created_at })), recoveryCodesLeft: Number(codes?.n ?? 0) },
        credentials,
        hostedCredentials: hosted.map((h) => ({ id: h.id, format: h.format, issuer: h.issuer, issuedAt: h.issued_at, createdAt: h.created_at, body: h.body })),
        consents,
        auditEntries: audit.map((a) => ({ organisation: a.org_id, action: a.action, actorType: a.actor_type, targetType: a.target_type, targetId: a.target_id, ip: a.ip, userAgent: a.user_agent ?? null, details: fromJson(a.details, {}), createdAt: a.created_at })),
        connectedApps: tokens.map((t) => ({ app: t.name, scopes: t.scopes, createdAt: t.created_at, revokedAt: t.revoked_at })),
      } satisfies AccountData;
    },
    async deleteAccount(userId) {
      const run = async (tx: Kysely<Database>) => {
        // Links mailed to the account's addresses, found by their blind index.
        const emails = await tx.selectFrom('user_addresses').select(['value_index', 'value']).where('user_id', '=', userId).where('type', '=', 'email').execute();
        const user = await tx.selectFrom('users').select(['email_index', 'email']).where('id', '=', userId).executeTakeFirst();
        const all = [...new Set([...emails.map((e) => e.value_index), ...(user ? [user.email_index] : [])])];
        if (all.length > 0) await tx.deleteFrom('email_tokens').where('email_index', 'in', all).execute();
        // The e-mail link jobs sent to those addresses name them in their (sealed) payload.
        const k = await keys.keyring(tx);
        const plain = [...emails.map((e) => k.open(e.value, ADDRESS_VALUE)), ...(user ? [openUserEmail(k, user.email)] : [])];
        await eraseFromLinkJobs(tx, k, plain, ACCOUNT_ERASED);
        // Addresses, sessions, factors, OAuth grants, hosted credentials and consents go with the row (ON DELETE CASCADE).
        await tx.deleteFrom('users').where('id', '=', userId).execute();
      };
      if (db.isTransaction) await run(db);
      else await db.transaction().execute(run);
    },
    async memberships(userId) {
      const r = await db.selectFrom('memberships').select((eb) => eb.fn.countAll<number | string>().as('n')).where('user_id', '=', userId).executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    async recordConsent(c) {
      await db.insertInto('consents').values({ id: c.id, user_id: c.userId, document: c.document, version: c.version, accepted_at: c.acceptedAt }).execute();
    },
    async consents(userId) {
      const rows = await db.selectFrom('consents').selectAll().where('user_id', '=', userId).orderBy('accepted_at').execute();
      return rows.map((r): Consent => ({ id: r.id, userId: r.user_id, document: r.document as Consent['document'], version: r.version, acceptedAt: r.accepted_at }));
    },
    async organisationsWithRetention() {
      const rows = await db.selectFrom('organisations').select(['id', 'settings']).execute();
      return rows.map((r) => ({ id: r.id, settings: fromJson<Record<string, unknown>>(r.settings, {}) })).filter((o) => o.settings.unclaimedRetentionDays || o.settings.ipRetentionDays);
    },
    async forgetSessionNetworkDetails(orgId, before) {
      const r = await db.updateTable('sessions').set({ ip: null, user_agent: null }).where('org_id', '=', orgId).where('created_at', '<', before).where('ip', 'is not', null).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
}
