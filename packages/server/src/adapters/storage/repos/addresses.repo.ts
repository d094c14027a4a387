import type { Kysely, Selectable } from 'kysely';
import type { RecipientType } from '@laurel/core';
import type { UserAddress, UserAddressRepo } from '../../../domain/earners/ports.js';
import type { Database, UserAddressesTable } from '../schema.js';

const toAddress = (r: Selectable<UserAddressesTable>): UserAddress => ({
  id: r.id, userId: r.user_id, type: r.type as RecipientType, value: r.value, verifiedAt: r.verified_at, createdAt: r.created_at,
});

export function userAddressRepo(db: Kysely<Database>): UserAddressRepo {
  return {
    async claim(a) {
      await db
        .insertInto('user_addresses')
        .values({ id: a.id, user_id: a.userId, type: a.type, value: a.value, verified_at: a.verifiedAt, created_at: a.createdAt })
        .onConflict((oc) => oc.columns(['type', 'value']).doNothing())
        .execute();
      const holder = await db.selectFrom('user_addresses').selectAll().where('type', '=', a.type).where('value', '=', a.value).executeTakeFirstOrThrow();
      return toAddress(holder);
    },
    async listForUser(userId) {
      const rows = await db.selectFrom('user_addresses').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
      return rows.map(toAddress);
    },
    async remove(userId, id) {
      const result = await db.deleteFrom('user_addresses').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
