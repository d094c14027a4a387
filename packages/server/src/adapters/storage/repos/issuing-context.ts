import type { Kysely } from 'kysely';
import type { IssuingContext } from '../../../domain/credentials/ports.js';
import { compiledOnce } from '../compiled-once.js';
import type { Database } from '../schema.js';
import { toAchievement } from './achievements.repo.js';
import { toIssuer } from './issuers.repo.js';
import { toOrganisation } from './organisations.repo.js';

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
      'i.id as i_id', 'i.org_id as i_org_id', 'i.name as i_name', 'i.url as i_url', 'i.email as i_email', 'i.description as i_description',
      'i.image as i_image', 'i.did_web as i_did_web', 'i.identity as i_identity', 'i.vc_api_status_purposes as i_vc_api_status_purposes', 'i.created_at as i_created_at', 'i.updated_at as i_updated_at',
      'o.id as o_id', 'o.name as o_name', 'o.settings as o_settings', 'o.created_at as o_created_at', 'o.updated_at as o_updated_at',
      's.id as s_id', 's.size as s_size', 's.allocated as s_allocated',
      // Whether the achievement has a live endorsement signed here: only then are they read (most have none).
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('endorsements as e')
              .select('e.id')
              .where('e.subject_org_id', '=', orgId)
              .where('e.subject_type', '=', 'achievement')
              .whereRef('e.subject_id', '=', 'a.id')
              .where('e.direction', '=', 'issued')
              .where('e.revoked_at', 'is', null)
              .where('e.hidden_at', 'is', null),
          )
          .as('endorsed'),
    ])
    .where('a.org_id', '=', orgId)
    .where('a.id', '=', achievementId),
);

export async function readIssuingContext(db: Kysely<Database>, orgId: string, achievementId: string): Promise<IssuingContext> {
  const [r] = await issuingContextQuery(db, { orgId, achievementId });
  if (!r) return { achievement: undefined, issuer: undefined, organisation: undefined, allocation: undefined, endorsed: false };
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
