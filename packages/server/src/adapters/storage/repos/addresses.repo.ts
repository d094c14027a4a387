import type { Kysely, Selectable } from 'kysely';
import type { RecipientType } from '@laurel/core';
import type { UserAddress, UserAddressRepo } from '../../../domain/earners/ports.js';
import { withKeys, type Keyring, type PersonalDataKeys } from '../personal-data.js';
import type { Database, UserAddressesTable } from '../schema.js';
import { sealContext } from '../sealed-columns.js';

export const ADDRESS_VALUE = sealContext('user_addresses', 'value');

const toAddress = (k: Keyring) => (r: Selectable<UserAddressesTable>): UserAddress => ({
  id: r.id, userId: r.user_id, type: r.type as RecipientType, value: k.open(r.value, ADDRESS_VALUE), verifiedAt: r.verified_at, createdAt: r.created_at,
});

/**
 * An address belongs to one account: the value is sealed at rest and the uniqueness is kept by its blind
 * index (`value_index`, the same index as a credential's `recipient_index` for that type and value).
 */
export function userAddressRepo(db: Kysely<Database>, keys: PersonalDataKeys): UserAddressRepo {
  const read = <T>(fn: (k: Keyring) => T) => withKeys(keys, db, fn);
  return {
    async claim(a) {
      const k = await keys.keyring(db);
      const index = k.index(a.type, a.value);
      // While the index key rotates, the holder may still be indexed under the other key: look before inserting.
      const holderOf = () => db.selectFrom('user_addresses').selectAll().where('type', '=', a.type).where('value_index', 'in', k.indexes(a.type, a.value)).orderBy('created_at').orderBy('id').executeTakeFirst();
      const existing = await holderOf();
      if (existing) return read((k) => toAddress(k)(existing));
      await db
        .insertInto('user_addresses')
        .values({ id: a.id, user_id: a.userId, type: a.type, value: k.seal(a.value, ADDRESS_VALUE), value_index: index, verified_at: a.verifiedAt, created_at: a.createdAt })
        .onConflict((oc) => oc.columns(['type', 'value_index']).doNothing())
        .execute();
      const holder = await holderOf();
      if (!holder) throw new Error('the address was neither inserted nor found');
      return read((k) => toAddress(k)(holder));
    },
    async listForUser(userId) {
      const rows = await db.selectFrom('user_addresses').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
      return read((k) => rows.map(toAddress(k)));
    },
    async remove(userId, id) {
      const result = await db.deleteFrom('user_addresses').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
