import type { Kysely } from 'kysely';

/** Earners' opt-in public profile: a handle, a short bio, and whether it is shown. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('profile_handle', 'text').execute();
  await db.schema.alterTable('users').addColumn('profile_bio', 'text').execute();
  await db.schema.alterTable('users').addColumn('profile_public', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('users_profile_handle').on('users').column('profile_handle').unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_profile_handle').execute();
  for (const c of ['profile_public', 'profile_bio', 'profile_handle']) await db.schema.alterTable('users').dropColumn(c).execute();
}
