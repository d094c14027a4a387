import type { Deps } from '../deps.js';
import { notFound } from '../shared/errors.js';
import type { EndorsementSubjectType } from './ports.js';

export interface ResolvedSubject {
  type: EndorsementSubjectType;
  id: string;
  orgId: string;
  /** The canonical URL written into `credentialSubject.id`. */
  url: string;
  name: string;
}

/** The id at the end of `url` when it is `template(id)` (one path segment), else undefined. */
function idIn(url: string, template: (id: string) => string): string | undefined {
  const prefix = template('');
  if (!url.startsWith(prefix)) return undefined;
  const rest = url.slice(prefix.length);
  return rest !== '' && /^[A-Za-z0-9_-]{1,100}$/.test(rest) ? rest : undefined;
}

/** The id of an issuer named by its OB 2.0 profile URL or its did:web. */
function issuerIdIn(urls: Deps['urls'], url: string): string | undefined {
  const fromProfile = idIn(url, urls.ob2Issuer);
  if (fromProfile) return fromProfile;
  const didPrefix = urls.didWeb('');
  return url.startsWith(didPrefix) ? idIn(url, urls.didWeb) : undefined;
}

/**
 * What an endorsement's subject URL names in this Laurel: a public achievement (its OB 3.0 URL) or
 * an issuer (its OB 2.0 profile URL or did:web). `orgId` given: it must belong to that organisation.
 * Anything else is not found (a URL elsewhere, an archived achievement, another organisation's).
 */
export async function resolveSubject(
  deps: Pick<Deps, 'store' | 'urls'>,
  input: { type?: EndorsementSubjectType | undefined; url: string; orgId?: string | undefined },
): Promise<ResolvedSubject> {
  const { store, urls } = deps;
  if (input.type !== 'issuer') {
    const id = idIn(input.url, urls.ob3Achievement);
    const achievement = id ? await store.achievements.findPublic(id) : undefined;
    if (achievement && !achievement.archivedAt && (input.orgId === undefined || achievement.orgId === input.orgId)) {
      return { type: 'achievement', id: achievement.id, orgId: achievement.orgId, url: urls.ob3Achievement(achievement.id), name: achievement.name };
    }
    if (input.type === 'achievement') throw notFound('achievement');
  }
  const id = issuerIdIn(urls, input.url);
  const issuer = id ? await store.issuers.findPublic(id) : undefined;
  if (!issuer || (input.orgId !== undefined && issuer.orgId !== input.orgId)) throw notFound(input.type ?? 'endorsement subject');
  return { type: 'issuer', id: issuer.id, orgId: issuer.orgId, url: urls.ob2Issuer(issuer.id), name: issuer.name };
}
