import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Role } from '../../../domain/auth/permissions.js';
import type { PresentedApiKey } from '../../../domain/api-keys/ports.js';
import type { IssuingContext, KeyAndIssuingContext } from '../../../domain/credentials/ports.js';
import { compiledOnce } from '../compiled-once.js';
import { afterThisTurn } from '../group-commit.js';
import type { Database } from '../schema.js';
import { toAchievement } from './achievements.repo.js';
import { toApiKey } from './auth.repo.js';
import { toIssuer } from './issuers.repo.js';
import { toOrganisation } from './organisations.repo.js';

// The issuer, organisation and allocation columns, prefixed, beside the achievement's own.
const contextColumns = [
  'i.id as i_id', 'i.org_id as i_org_id', 'i.name as i_name', 'i.url as i_url', 'i.email as i_email', 'i.description as i_description',
  'i.image as i_image', 'i.did_web as i_did_web', 'i.identity as i_identity', 'i.vc_api_status_purposes as i_vc_api_status_purposes', 'i.created_at as i_created_at', 'i.updated_at as i_updated_at',
  'o.id as o_id', 'o.name as o_name', 'o.settings as o_settings', 'o.created_at as o_created_at', 'o.updated_at as o_updated_at',
  's.id as s_id', 's.size as s_size', 's.allocated as s_allocated',
] as const;

/**
 * Whether the achievement (`a`) has a live endorsement signed by the organisation (`o`, joined on the organisation the
 * read is scoped to), so that the endorsements are read only when there are some.
 */
const endorsedHere = (eb: ExpressionBuilder<Database & { a: Database['achievements']; o: Database['organisations'] }, 'a' | 'o'>) =>
  eb
    .exists(
      eb
        .selectFrom('endorsements as e')
        .select('e.id')
        .whereRef('e.subject_org_id', '=', 'o.id')
        .where('e.subject_type', '=', 'achievement')
        .whereRef('e.subject_id', '=', 'a.id')
        .where('e.direction', '=', 'issued')
        .where('e.revoked_at', 'is', null)
        .where('e.hidden_at', 'is', null),
    )
    .as('endorsed');

/**
 * The achievement, its issuer, the organisation and the issuer's revocation-list allocation in one
 * statement: each is a primary-key or unique-index look-up, joined so that issuing costs one round
 * trip and one statement instead of four. The achievement and the issuer are both scoped to the
 * organisation, as their own repositories' `findById` are. It also tells whether the achievement has a
 * live endorsement signed here, so that the endorsements are read only when there are some. Compiled
 * once (see `compiledOnce`).
 */
const issuingContextQuery = compiledOnce(['orgId', 'achievementId'], (db, { orgId, achievementId }) =>
  db
    .selectFrom('achievements as a')
    .leftJoin('issuers as i', (j) => j.onRef('i.id', '=', 'a.issuer_id').on('i.org_id', '=', orgId))
    .leftJoin('organisations as o', (j) => j.on('o.id', '=', orgId))
    .leftJoin('status_lists as s', (j) => j.onRef('s.issuer_id', '=', 'a.issuer_id').on('s.purpose', '=', 'revocation'))
    .selectAll('a')
    .select([
      ...contextColumns,
      endorsedHere,
    ])
    .where('a.org_id', '=', orgId)
    .where('a.id', '=', achievementId),
);

type ContextRow = Awaited<ReturnType<typeof issuingContextQuery>>[number];
const NO_CONTEXT: IssuingContext = { achievement: undefined, issuer: undefined, organisation: undefined, allocation: undefined, endorsed: false };

function toIssuingContext(r: ContextRow | undefined): IssuingContext {
  if (!r) return NO_CONTEXT;
  const { endorsed, i_id, i_org_id, i_name, i_url, i_email, i_description, i_image, i_did_web, i_identity, i_vc_api_status_purposes, i_created_at, i_updated_at, o_id, o_name, o_settings, o_created_at, o_updated_at, s_id, s_size, s_allocated, ...achievement } = r;
  return {
    achievement: toAchievement(achievement),
    issuer:
      i_id === null
        ? undefined
        : toIssuer({ id: i_id, org_id: i_org_id!, name: i_name!, url: i_url!, email: i_email!, description: i_description, image: i_image, did_web: i_did_web, identity: i_identity!, vc_api_status_purposes: i_vc_api_status_purposes!, created_at: i_created_at!, updated_at: i_updated_at! }),
    organisation: o_id === null ? undefined : toOrganisation({ id: o_id, name: o_name!, settings: o_settings!, created_at: o_created_at!, updated_at: o_updated_at! }),
    allocation: s_id === null ? undefined : { id: s_id, size: s_size!, allocated: s_allocated! },
    // PostgreSQL answers a boolean, SQLite 0 or 1.
    endorsed: endorsed === true || Number(endorsed) === 1,
  };
}

export async function readIssuingContext(db: Kysely<Database>, orgId: string, achievementId: string): Promise<IssuingContext> {
  const [r] = await issuingContextQuery(db, { orgId, achievementId });
  return toIssuingContext(r);
}

/**
 * The issue route's two reads in one statement (one round trip on PostgreSQL): the API key presented, with its
 * creator's current role in the key's organisation (as `ApiKeyRepo.findByHash` reads it), and the issuing context of
 * the achievement in the key's own organisation (`k.org_id`: another organisation's achievement is simply not
 * there). No row: no such key. Authentication decides on the key before anything of the context is used.
 */
const keyAndContextQuery = compiledOnce(['hash', 'achievementId'], (db, { hash, achievementId }) =>
  db
    .selectFrom('api_keys as k')
    .leftJoin('memberships as m', (j) => j.onRef('m.org_id', '=', 'k.org_id').onRef('m.user_id', '=', 'k.created_by'))
    .leftJoin('achievements as a', (j) => j.onRef('a.org_id', '=', 'k.org_id').on('a.id', '=', achievementId))
    .leftJoin('issuers as i', (j) => j.onRef('i.id', '=', 'a.issuer_id').onRef('i.org_id', '=', 'k.org_id'))
    .leftJoin('organisations as o', (j) => j.onRef('o.id', '=', 'k.org_id'))
    .leftJoin('status_lists as s', (j) => j.onRef('s.issuer_id', '=', 'a.issuer_id').on('s.purpose', '=', 'revocation'))
    .selectAll('a')
    .select([
      'k.id as k_id', 'k.org_id as k_org_id', 'k.name as k_name', 'k.prefix as k_prefix', 'k.key_hash as k_key_hash', 'k.role as k_role', 'k.scopes as k_scopes',
      'k.created_by as k_created_by', 'k.created_at as k_created_at', 'k.last_used_at as k_last_used_at', 'k.expires_at as k_expires_at',
      'k.revoked_at as k_revoked_at', 'k.issuer_id as k_issuer_id', 'm.role as k_creator_role',
      ...contextColumns,
      endorsedHere,
    ])
    .where('k.key_hash', '=', hash),
);

type KeyAndContextRow = Awaited<ReturnType<typeof keyAndContextQuery>>[number];
/** By database handle: the reads asked for in this turn of the event loop, by key hash and achievement. */
const askedThisTurn = new WeakMap<Kysely<Database>, Map<string, Promise<KeyAndContextRow[]>>>();
const readsOfThisTurn = (db: Kysely<Database>): Map<string, Promise<KeyAndContextRow[]>> => {
  let asked = askedThisTurn.get(db);
  if (!asked) askedThisTurn.set(db, (asked = new Map()));
  return asked;
};

/**
 * The same key and achievement asked for more than once in one turn of the event loop (an integration issuing one
 * badge to a cohort, say) are read by one statement, sent after that turn: every caller asked before it was sent,
 * so each gets what a statement of its own, sent then, would have read (a key revoked before any of them asked is
 * read as revoked by all). Each caller builds its own objects from the shared row. Inside a transaction the read is
 * the caller's own.
 */
function readKeyAndContextRows(db: Kysely<Database>, hash: string, achievementId: string): Promise<KeyAndContextRow[]> {
  if (db.isTransaction) return keyAndContextQuery(db, { hash, achievementId });
  const asked = readsOfThisTurn(db);
  const key = `${hash}\n${achievementId}`;
  const pending = asked.get(key);
  if (pending) return pending;
  const read = new Promise<KeyAndContextRow[]>((resolve, reject) =>
    afterThisTurn(() => {
      asked.delete(key);
      keyAndContextQuery(db, { hash, achievementId }).then(resolve, reject);
    }),
  );
  asked.set(key, read);
  return read;
}

export async function readKeyAndIssuingContext(db: Kysely<Database>, hash: string, achievementId: string): Promise<KeyAndIssuingContext> {
  const [r] = await readKeyAndContextRows(db, hash, achievementId);
  if (!r) return { key: undefined, context: NO_CONTEXT };
  const { k_id, k_org_id, k_name, k_prefix, k_key_hash, k_role, k_scopes, k_created_by, k_created_at, k_last_used_at, k_expires_at, k_revoked_at, k_issuer_id, k_creator_role, ...rest } = r;
  const key: PresentedApiKey = {
    ...toApiKey({ id: k_id, org_id: k_org_id, name: k_name, prefix: k_prefix, key_hash: k_key_hash, role: k_role, scopes: k_scopes, created_by: k_created_by, created_at: k_created_at, last_used_at: k_last_used_at, expires_at: k_expires_at, revoked_at: k_revoked_at, issuer_id: k_issuer_id }),
    creatorRole: (k_creator_role as Role | null) ?? null,
  };
  // No achievement of that id in the key's organisation: the left-joined columns are all null.
  return { key, context: rest.id === null ? NO_CONTEXT : toIssuingContext(rest as ContextRow) };
}
