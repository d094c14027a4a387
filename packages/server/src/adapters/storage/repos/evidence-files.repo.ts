import type { Kysely, Selectable } from 'kysely';
import type { EvidenceFile, EvidenceFileRepo } from '../../../domain/evidence/ports.js';
import type { Database, EvidenceFilesTable } from '../schema.js';
import { withKeys, type Keyring, type PersonalDataKeys } from '../personal-data.js';
import { sealContext } from '../sealed-columns.js';

const NAME = sealContext('evidence_files', 'name');
const CONTENT = sealContext('evidence_files', 'content');
const META = ['id', 'org_id', 'credential_id', 'name', 'media_type', 'bytes', 'digest_sri', 'created_by', 'created_at'] as const;

const toFile = (k: Keyring, r: Omit<Selectable<EvidenceFilesTable>, 'content'>): EvidenceFile => ({
  id: r.id, orgId: r.org_id, credentialId: r.credential_id, name: k.open(r.name, NAME), mediaType: r.media_type, bytes: Number(r.bytes),
  digestSRI: r.digest_sri, createdBy: r.created_by, createdAt: r.created_at,
});

/** Evidence files: the name and the bytes (base64) sealed at rest; the bytes are read only when served. */
export function evidenceFileRepo(db: Kysely<Database>, keys: PersonalDataKeys): EvidenceFileRepo {
  return {
    async insert(f, content) {
      const k = await keys.keyring(db);
      await db.insertInto('evidence_files').values({
        id: f.id, org_id: f.orgId, credential_id: f.credentialId, name: k.seal(f.name, NAME, f.orgId), media_type: f.mediaType, bytes: f.bytes,
        digest_sri: f.digestSRI, content: k.seal(Buffer.from(content).toString('base64'), CONTENT, f.orgId), created_by: f.createdBy, created_at: f.createdAt,
      }).execute();
    },
    async findById(orgId, id) {
      const r = await db.selectFrom('evidence_files').select(META).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return r && withKeys(keys, db, (k) => toFile(k, r));
    },
    async findPublic(id) {
      const r = await db.selectFrom('evidence_files').select(META).where('id', '=', id).executeTakeFirst();
      return r && withKeys(keys, db, (k) => toFile(k, r));
    },
    async content(orgId, id) {
      const r = await db.selectFrom('evidence_files').select('content').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return r && withKeys(keys, db, (k) => new Uint8Array(Buffer.from(k.open(r.content, CONTENT), 'base64')));
    },
    async attach(orgId, ids, credentialId) {
      if (ids.length === 0) return 0;
      const r = await db.updateTable('evidence_files').set({ credential_id: credentialId }).where('org_id', '=', orgId).where('id', 'in', ids).where('credential_id', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async deleteUnattachedBefore(before) {
      const r = await db.deleteFrom('evidence_files').where('credential_id', 'is', null).where('created_at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
