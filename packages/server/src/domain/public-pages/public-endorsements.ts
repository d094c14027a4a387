import type { PublicUrls } from '../deps.js';
import type { Endorsement, EndorsementSubjectType } from '../endorsements/ports.js';
import type { PublicEndorsement } from './ports.js';


/**
 * The endorsements of one achievement or issuer, from an organisation's live list (the repository
 * leaves out revoked and hidden ones), as pages show them.
 */
export function publicEndorsementsOf(live: Endorsement[], urls: Pick<PublicUrls, 'ob3ReceivedEndorsement'>, type: EndorsementSubjectType, id: string): PublicEndorsement[] {
  return live
    .filter((e) => e.subjectType === type && e.subjectId === id && !e.revokedAt && !e.hiddenAt)
    .map((e) => ({ endorser: e.endorserName, comment: e.comment, date: e.createdAt, credentialUrl: e.direction === 'issued' ? e.credentialId : urls.ob3ReceivedEndorsement(e.id) }));
}
