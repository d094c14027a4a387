import type { Achievement, Award, IssuerProfile } from '../model.js';
import { OB2_CONTEXT, type Ob2Links } from './links.js';

/** JSON object as emitted by the builders: fields in the order they appear in the spec. */
export type JsonDocument = Record<string, unknown>;

function withoutUndefined(doc: JsonDocument): JsonDocument {
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

/** OB 2.0 Profile of type Issuer. */
export function buildOb2Issuer(issuer: IssuerProfile, links: Ob2Links): JsonDocument {
  const keys = links.publicKeys?.(issuer.id) ?? [];
  return withoutUndefined({
    '@context': OB2_CONTEXT,
    type: 'Issuer',
    id: links.issuer(issuer.id),
    name: issuer.name,
    url: issuer.url,
    email: issuer.email,
    description: issuer.description,
    image: issuer.image,
    publicKey: keys.length === 0 ? undefined : keys.length === 1 ? keys[0] : keys,
    revocationList: links.revocationList?.(issuer.id),
  });
}

/** OB 2.0 BadgeClass. `image` is required by the spec, so one is always linked. */
export function buildOb2BadgeClass(achievement: Achievement, links: Ob2Links): JsonDocument {
  const criteria = withoutUndefined({ id: achievement.criteria.url, narrative: achievement.criteria.narrative });
  return withoutUndefined({
    '@context': OB2_CONTEXT,
    type: 'BadgeClass',
    id: links.badge(achievement.id),
    name: achievement.name,
    description: achievement.description,
    image: achievement.image ?? links.badgeImage(achievement.id),
    criteria,
    issuer: links.issuer(achievement.issuerId),
    tags: achievement.tags,
    alignment: achievement.alignments.map((a) =>
      withoutUndefined({
        targetName: a.targetName,
        targetUrl: a.targetUrl,
        targetDescription: a.targetDescription,
        targetFramework: a.targetFramework,
        targetCode: a.targetCode,
      }),
    ),
  });
}

export type Ob2Verification = { type: 'hosted' } | { type: 'signed'; creator: string };

/** OB 2.0 Assertion. Hosted verification unless a signed verification object is given. */
export function buildOb2Assertion(
  award: Award,
  links: Ob2Links,
  verification: Ob2Verification = { type: 'hosted' },
): JsonDocument {
  return withoutUndefined({
    '@context': OB2_CONTEXT,
    type: 'Assertion',
    id: links.assertion(award.id),
    recipient: {
      type: award.recipient.type,
      hashed: true,
      salt: award.recipient.salt,
      identity: award.recipient.identityHash,
    },
    badge: links.badge(award.achievementId),
    verification,
    issuedOn: award.issuedOn,
    expires: award.expires,
    narrative: award.narrative,
    evidence: award.evidence.map((e) =>
      withoutUndefined({
        id: e.id,
        name: e.name,
        narrative: e.narrative,
        description: e.description,
        genre: e.genre,
      }),
    ),
  });
}

/** The body OB 2.0 expects at a revoked assertion's URL (served with HTTP 410). */
export function buildOb2RevokedAssertion(award: Award, links: Ob2Links): JsonDocument {
  return withoutUndefined({
    '@context': OB2_CONTEXT,
    type: 'Assertion',
    id: links.assertion(award.id),
    revoked: true,
    revocationReason: award.revocationReason,
  });
}
