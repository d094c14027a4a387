import type { Kysely } from 'kysely';

/**
 * Richer OB 3.0 achievements and awards: an achievement's details (result descriptions with rubric levels,
 * creditsAvailable, fieldOfStudy, specialization, humanCode, inLanguage, translations) as one JSON column;
 * an award's results (JSON) and creditsEarned.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('achievements').addColumn('details', 'text').execute();
  await db.schema.alterTable('credentials').addColumn('results', 'text').execute();
  await db.schema.alterTable('credentials').addColumn('credits_earned', 'double precision').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('credentials').dropColumn('credits_earned').execute();
  await db.schema.alterTable('credentials').dropColumn('results').execute();
  await db.schema.alterTable('achievements').dropColumn('details').execute();
}
