import { ACHIEVEMENT_TYPE_BY_KIND, type AchievementKind, type Criteria } from '@laurel/core';
import type { Achievement } from '../achievements/ports.js';
import type { Issuer } from '../issuers/ports.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const KIND_BY_TYPE = new Map<string, AchievementKind>(Object.entries(ACHIEVEMENT_TYPE_BY_KIND).map(([kind, type]) => [type, kind as AchievementKind]));

/**
 * The achievement and issuer as the signed OB 3.0 credential states them. A page or certificate shows
 * what was signed: renaming an achievement or an issuer later must not change what an issued
 * credential reads. The live rows give what the credential does not carry (ids, artwork) and stand in
 * for a field the stored document lacks or holds in an unexpected shape.
 */
export function asSigned(signedCredential: string, achievement: Achievement, issuer: Issuer): { achievement: Achievement; issuer: Issuer } {
  let doc: unknown;
  try {
    doc = JSON.parse(signedCredential);
  } catch {
    return { achievement, issuer };
  }
  if (!isObject(doc)) return { achievement, issuer };
  const subject = Array.isArray(doc.credentialSubject) ? doc.credentialSubject[0] : doc.credentialSubject;
  const signedAchievement = isObject(subject) && isObject(subject.achievement) ? subject.achievement : {};
  const signedIssuer = isObject(doc.issuer) ? doc.issuer : {};
  const criteria: Criteria = isObject(signedAchievement.criteria)
    ? { narrative: text(signedAchievement.criteria.narrative), url: text(signedAchievement.criteria.id) }
    : achievement.criteria;
  const tags = Array.isArray(signedAchievement.tag) && signedAchievement.tag.every((t) => typeof t === 'string') ? (signedAchievement.tag as string[]) : achievement.tags;
  const kind = KIND_BY_TYPE.get(text(signedAchievement.achievementType) ?? '') ?? achievement.kind;
  return {
    achievement: {
      ...achievement,
      kind,
      name: text(signedAchievement.name) ?? achievement.name,
      description: text(signedAchievement.description) ?? achievement.description,
      criteria,
      tags,
    },
    issuer: {
      ...issuer,
      name: text(signedIssuer.name) ?? issuer.name,
      url: text(signedIssuer.url) ?? issuer.url,
      // A profile signed without a description had none then.
      description: text(signedIssuer.name) === undefined ? issuer.description : (text(signedIssuer.description) ?? null),
    },
  };
}
