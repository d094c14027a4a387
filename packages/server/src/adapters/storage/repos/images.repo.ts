import { sql, type Kysely, type Selectable } from 'kysely';
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

/** A LIKE pattern that finds `/images/<id>.` anywhere in a column, with `\` escaping LIKE's own wildcards. */
const mentionPattern = (id: string) => `%/images/${id.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;
const mentions = (column: string, id: string) => sql<boolean>`${sql.ref(column)} like ${mentionPattern(id)} escape '\\'`;
/** The exact test, since SQLite's LIKE ignores case: the URL's path is `/images/<id>.png|svg`. */
const names = (url: string | null, id: string): boolean => {
  if (!url) return false;
  try {
    const path = new URL(url).pathname;
    return path === `/images/${id}.png` || path === `/images/${id}.svg`;
  } catch {
    return false;
  }
};

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
    async usage(orgId, id) {
      const [achievements, issuers, signed] = await Promise.all([
        db.selectFrom('achievements').select(['id', 'name', 'image']).where('org_id', '=', orgId).where(mentions('image', id)).orderBy('name').execute(),
        db.selectFrom('issuers').select(['id', 'name', 'image']).where('org_id', '=', orgId).where(mentions('image', id)).orderBy('name').execute(),
        db
          .selectFrom('credential_documents as d')
          .innerJoin('credentials as c', 'c.id', 'd.credential_id')
          .select('d.credential_id')
          .where('c.org_id', '=', orgId)
          .where(mentions('d.body', id))
          .limit(1)
          .executeTakeFirst(),
      ]);
      const using = (rows: { id: string; name: string; image: string | null }[]) => rows.filter((r) => names(r.image, id)).map(({ id: rowId, name }) => ({ id: rowId, name }));
      return { achievements: using(achievements), issuers: using(issuers), signedCredentials: signed !== undefined };
    },
    async delete(orgId, id) {
      const result = await db.deleteFrom('images').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
