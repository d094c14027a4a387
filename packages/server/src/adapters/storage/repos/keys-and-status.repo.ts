import type { Kysely, Selectable } from 'kysely';
import type { CredentialDocumentRepo, DocumentFormat } from '../../../domain/credentials/ports.js';
import type { IssuerKey, IssuerKeyRepo, KeyAlgorithm, KeyStatus } from '../../../domain/keys/ports.js';
import type { StatusListRepo, StatusPurpose } from '../../../domain/status/ports.js';
import type { Engine } from '../db.js';
import type { Database, IssuerKeysTable } from '../schema.js';
import { fromJson, toJson } from './json.js';
import { bitLists } from './bit-lists.js';

const toKey = (r: Selectable<IssuerKeysTable>): IssuerKey => ({
  id: r.id,
  orgId: r.org_id,
  issuerId: r.issuer_id,
  algorithm: r.algorithm as KeyAlgorithm,
  publicKey: fromJson(r.public_key, {}),
  sealedPrivateKey: r.private_key_enc,
  status: r.status as KeyStatus,
  createdAt: r.created_at,
  retiredAt: r.retired_at,
});

export function issuerKeyRepo(db: Kysely<Database>): IssuerKeyRepo {
  return {
    async insert(k) {
      await db
        .insertInto('issuer_keys')
        .values({ id: k.id, org_id: k.orgId, issuer_id: k.issuerId, algorithm: k.algorithm, public_key: toJson(k.publicKey), private_key_enc: k.sealedPrivateKey, status: k.status, created_at: k.createdAt, retired_at: k.retiredAt })
        .execute();
    },
    async listForIssuer(issuerId) {
      const rows = await db.selectFrom('issuer_keys').selectAll().where('issuer_id', '=', issuerId).orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toKey);
    },
    async findPublic(id) {
      const r = await db.selectFrom('issuer_keys').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toKey(r);
    },
    async setStatus(orgId, id, status, retiredAt) {
      await db.updateTable('issuer_keys').set({ status, retired_at: retiredAt }).where('org_id', '=', orgId).where('id', '=', id).execute();
    },
  };
}

export function statusListRepo(db: Kysely<Database>, engine: Engine): StatusListRepo {
  const lists = bitLists(db, engine, 'status_lists');
  return {
    ensure: lists.ensure,
    get: lists.get,
    save: lists.save,
    async allocation(issuerId) {
      return db.selectFrom('status_lists').select(['id', 'size', 'allocated']).where('issuer_id', '=', issuerId).where('purpose', '=', 'revocation').executeTakeFirst();
    },
    async isIndexTaken(issuerId, index) {
      const r = await db.selectFrom('credentials').select('id').where('issuer_id', '=', issuerId).where('status_index', '=', index).executeTakeFirst();
      return r !== undefined;
    },
  };
}

export function credentialDocumentRepo(db: Kysely<Database>): CredentialDocumentRepo {
  return {
    async insert(d) {
      await db.insertInto('credential_documents').values({ credential_id: d.credentialId, format: d.format, body: d.body, key_id: d.keyId, created_at: d.createdAt }).execute();
    },
    async insertMany(docs) {
      if (docs.length === 0) return;
      await db.insertInto('credential_documents').values(docs.map((d) => ({ credential_id: d.credentialId, format: d.format, body: d.body, key_id: d.keyId, created_at: d.createdAt }))).execute();
    },
    async insertIfAbsent(d) {
      // The primary key (credential_id, format) keeps one row when two first requests make the same form.
      const r = await db
        .insertInto('credential_documents')
        .values({ credential_id: d.credentialId, format: d.format, body: d.body, key_id: d.keyId, created_at: d.createdAt })
        .onConflict((oc) => oc.columns(['credential_id', 'format']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async find(credentialId, format) {
      const r = await db.selectFrom('credential_documents').selectAll().where('credential_id', '=', credentialId).where('format', '=', format).executeTakeFirst();
      return r && { credentialId: r.credential_id, format: r.format as DocumentFormat, body: r.body, keyId: r.key_id, createdAt: r.created_at };
    },
  };
}
