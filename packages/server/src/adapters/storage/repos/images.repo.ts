import type { Kysely, Selectable } from 'kysely';
import type { ImageRecord, ImageRepo, ImageSource, StoredImageType } from '../../../domain/images/ports.js';
import type { Database, ImagesTable } from '../schema.js';

const toRecord = (r: Selectable<ImagesTable>): ImageRecord => ({
  id: r.id,
  orgId: r.org_id,
  contentType: r.content_type as StoredImageType,
  source: r.source as ImageSource,
  data: new Uint8Array(Buffer.from(r.data, 'base64')),
  sha256: r.sha256,
  width: Number(r.width),
  height: Number(r.height),
  bytes: Number(r.bytes),
  createdAt: r.created_at,
});

/** Images as base64 text: portable across SQLite and PostgreSQL, and small (artwork, not photos). */
export function imageRepo(db: Kysely<Database>): ImageRepo {
  const first = async (query: Promise<Selectable<ImagesTable> | undefined>) => {
    const row = await query;
    return row ? toRecord(row) : undefined;
  };
  return {
    async insert(i) {
      await db
        .insertInto('images')
        .values({
          id: i.id,
          org_id: i.orgId,
          content_type: i.contentType,
          source: i.source,
          data: Buffer.from(i.data.buffer, i.data.byteOffset, i.data.byteLength).toString('base64'),
          sha256: i.sha256,
          width: i.width,
          height: i.height,
          bytes: i.bytes,
          created_at: i.createdAt,
        })
        .execute();
    },
    findById: (orgId, id) => first(db.selectFrom('images').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst()),
    findPublic: (id) => first(db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst()),
    findBySha256: (orgId, sha256) =>
      first(db.selectFrom('images').selectAll().where('org_id', '=', orgId).where('sha256', '=', sha256).orderBy('created_at').limit(1).executeTakeFirst()),
  };
}
