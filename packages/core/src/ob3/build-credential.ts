import { OB3_CREDENTIAL_CONTEXTS } from '../contexts/urls.js';
import type { JsonObject } from '../contexts/bundled.js';
import type { Achievement, AchievementDetails, AchievementKind, Alignment, Award, AwardResult, CreditUnit, Evidence, IssuerProfile, RecipientType, ResultDescription } from '../model.js';
import type { Ob3Links } from './links.js';
import type { BitstringStatusListEntry, OpenBadgeCredential } from './types.js';

/** OB 3.0 §  refreshService: the 1EdTech credential refresh method (a GET of `id` answers the current credential). */
export const OB3_REFRESH_SERVICE_TYPE = '1EdTechCredentialRefresh';

export const OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

/** OB 3.0 `achievementType` (an AchievementType enumeration value) for each achievement kind. */
export const ACHIEVEMENT_TYPE_BY_KIND = {
  badge: 'Badge',
  certificate: 'Certificate',
  certification: 'Certification',
} as const satisfies Record<AchievementKind, string>;

/**
 * OB 3.0 `identityType` for each recipient type. The spec's IdentifierTypeEnum has
 * `emailAddress` but no URL or telephone member, so those use the enumeration's `ext:` extension form.
 */
export const IDENTITY_TYPE_BY_RECIPIENT = {
  email: 'emailAddress',
  url: 'ext:url',
  telephone: 'ext:telephone',
} as const satisfies Record<RecipientType, string>;

export interface BuildOpenBadgeCredentialInput {
  issuer: IssuerProfile;
  achievement: Achievement;
  award: Award;
  links: Ob3Links;
  /** One entry per purpose (revocation, suspension). */
  status?: BitstringStatusListEntry | BitstringStatusListEntry[] | undefined;
  /** The earner's own identifier (a DID or URL) when known; otherwise the hashed `identifier` is used. */
  subjectId?: string | undefined;
}

function compact(doc: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(doc).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  );
}

function image(id: string | undefined): JsonObject | undefined {
  return id === undefined ? undefined : { id, type: 'Image' };
}

/** An OB 3.0 Profile of an issuer, its `id` the DID (or URL) it signs as. */
export function buildIssuerProfile(issuer: IssuerProfile, links: Pick<Ob3Links, 'issuer'>): JsonObject {
  return compact({
    id: links.issuer,
    type: ['Profile'],
    name: issuer.name,
    url: issuer.url,
    email: issuer.email,
    description: issuer.description,
    image: image(issuer.image),
  });
}

function buildAlignment(a: Alignment): JsonObject {
  return compact({
    type: ['Alignment'],
    targetName: a.targetName,
    targetUrl: a.targetUrl,
    targetDescription: a.targetDescription,
    targetFramework: a.targetFramework,
    targetCode: a.targetCode,
    targetType: a.targetType,
  });
}

/** Names of the credit units, as the alignment that states an achievement's unit calls them. */
export const CREDIT_UNIT_NAMES = {
  ECTS: 'ECTS credits (European Credit Transfer and Accumulation System)',
  CEU: 'Continuing Education Units (IACET CEU)',
  CreditHour: 'Academic credit hours',
  CPD: 'Continuing Professional Development (CPD) points',
} as const satisfies Record<CreditUnit, string>;

/** `ext:` AlignmentTargetType values of the alignments that carry the credit unit and the learning hours. */
export const CREDIT_UNIT_TARGET_TYPE = 'ext:CreditUnit';
export const LEARNING_HOURS_TARGET_TYPE = 'ext:LearningHours';

/**
 * OB 3.0 has `creditsAvailable` (a bare number) and no property for its unit or for study hours. Rather than
 * add terms outside the OB 3.0 context, the unit and the hours are stated as Alignments (the spec's own
 * extensible AlignmentTargetType, `ext:` form), each identified by a fragment of the achievement's URL.
 */
export function creditAlignments(d: AchievementDetails, achievementUrl: string): Alignment[] {
  const base = achievementUrl.split('#')[0];
  const unit: Alignment[] = d.creditUnit === undefined ? [] : [{
    targetName: CREDIT_UNIT_NAMES[d.creditUnit],
    targetUrl: `${base}#credit-unit`,
    targetDescription: d.creditsAvailable === undefined ? undefined : `${d.creditsAvailable} ${d.creditUnit}`,
    targetFramework: d.creditUnit,
    targetCode: d.creditsAvailable === undefined ? undefined : String(d.creditsAvailable),
    targetType: CREDIT_UNIT_TARGET_TYPE,
  }];
  const hours: Alignment[] = d.hours === undefined ? [] : [{
    targetName: `${d.hours} hours of learning`,
    targetUrl: `${base}#learning-hours`,
    targetFramework: 'Learning hours',
    targetCode: `PT${d.hours}H`,
    targetType: LEARNING_HOURS_TARGET_TYPE,
  }];
  return [...unit, ...hours];
}

/** The id of a result description (or one of its rubric levels): a fragment of the achievement's URL. */
export function resultDescriptionId(achievementUrl: string, key: string, level?: string): string {
  const base = achievementUrl.split('#')[0];
  return `${base}#result-${encodeURIComponent(key)}${level === undefined ? '' : `-level-${encodeURIComponent(level)}`}`;
}

function buildResultDescription(rd: ResultDescription, achievementUrl: string): JsonObject {
  return compact({
    id: resultDescriptionId(achievementUrl, rd.key),
    type: ['ResultDescription'],
    name: rd.name,
    resultType: rd.resultType,
    allowedValue: rd.allowedValue ? [...rd.allowedValue] : undefined,
    requiredValue: rd.requiredValue,
    requiredLevel: rd.requiredLevel === undefined ? undefined : resultDescriptionId(achievementUrl, rd.key, rd.requiredLevel),
    valueMin: rd.valueMin,
    valueMax: rd.valueMax,
    rubricCriterionLevel: (rd.rubricCriterionLevel ?? []).map((l) =>
      compact({
        id: resultDescriptionId(achievementUrl, rd.key, l.key),
        type: ['RubricCriterionLevel'],
        name: l.name,
        description: l.description,
        level: l.level,
        points: l.points,
      }),
    ),
  });
}

function buildResult(r: AwardResult, achievementUrl: string): JsonObject {
  return compact({
    type: ['Result'],
    resultDescription: resultDescriptionId(achievementUrl, r.resultDescription),
    value: r.value,
    achievedLevel: r.achievedLevel === undefined ? undefined : resultDescriptionId(achievementUrl, r.resultDescription, r.achievedLevel),
    status: r.status,
  });
}

function buildAchievement(achievement: Achievement, links: Ob3Links): JsonObject {
  const criteria = compact({ id: achievement.criteria.url, narrative: achievement.criteria.narrative });
  const d = achievement.details ?? {};
  return compact({
    id: links.achievement,
    type: ['Achievement'],
    achievementType: ACHIEVEMENT_TYPE_BY_KIND[achievement.kind],
    name: achievement.name,
    description: achievement.description,
    criteria,
    image: image(achievement.image ?? links.achievementImage),
    tag: [...achievement.tags],
    alignment: [...achievement.alignments, ...creditAlignments(d, links.achievement)].map(buildAlignment),
    creditsAvailable: d.creditsAvailable,
    fieldOfStudy: d.fieldOfStudy,
    specialization: d.specialization,
    humanCode: d.humanCode,
    inLanguage: d.inLanguage,
    resultDescription: (d.resultDescriptions ?? []).map((rd) => buildResultDescription(rd, links.achievement)),
    // `proof` as an array: 1EdTech's stricter 2024-09 schema wants it so (the same proof set to JSON-LD).
    endorsement: (achievement.endorsements ?? []).map((e) => (e.proof === undefined || Array.isArray(e.proof) ? { ...e } : { ...e, proof: [e.proof] })),
  });
}

function buildSubject(input: BuildOpenBadgeCredentialInput): JsonObject {
  const { award, subjectId } = input;
  const identifier =
    subjectId === undefined
      ? [
          {
            type: 'IdentityObject',
            identityHash: award.recipient.identityHash,
            identityType: IDENTITY_TYPE_BY_RECIPIENT[award.recipient.type],
            hashed: true,
            salt: award.recipient.salt,
          },
        ]
      : undefined;
  return compact({
    id: subjectId,
    type: ['AchievementSubject'],
    identifier,
    achievement: buildAchievement(input.achievement, input.links),
    narrative: award.narrative,
    creditsEarned: award.creditsEarned,
    result: (award.results ?? []).map((r) => buildResult(r, input.links.achievement)),
  });
}

function buildEvidence(evidence: Evidence): JsonObject {
  return compact({
    id: evidence.id,
    type: ['Evidence'],
    name: evidence.name,
    narrative: evidence.narrative,
    description: evidence.description,
    genre: evidence.genre,
    audience: evidence.audience,
    digestSRI: evidence.digestSRI,
  });
}

/**
 * An unsigned OpenBadgeCredential (OB 3.0, VC Data Model 2.0). `@context`, `type`, `evidence`
 * and `credentialSchema` are always arrays (1EdTech's stricter 2024-09 schema wants that);
 * `evidence` is omitted when empty. Inputs are not mutated.
 */
export function buildOpenBadgeCredential(input: BuildOpenBadgeCredentialInput): OpenBadgeCredential {
  const { award, links } = input;
  const status = input.status === undefined ? [] : Array.isArray(input.status) ? input.status : [input.status];
  return compact({
    '@context': [...OB3_CREDENTIAL_CONTEXTS],
    id: links.credential,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: input.achievement.name,
    issuer: buildIssuerProfile(input.issuer, links),
    validFrom: award.issuedOn,
    awardedDate: award.awardedDate ?? award.issuedOn,
    validUntil: award.expires,
    credentialSubject: buildSubject(input),
    evidence: award.evidence.map(buildEvidence),
    credentialSchema: [{ id: OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA, type: '1EdTechJsonSchemaValidator2019' }],
    relatedResource: award.replaces ? [{ id: award.replaces.id, digestSRI: award.replaces.digestSRI }] : undefined,
    refreshService: links.refresh === undefined ? undefined : { id: links.refresh, type: OB3_REFRESH_SERVICE_TYPE },
    credentialStatus: status.length === 0 ? undefined : status.length === 1 ? { ...status[0] } : status.map((s) => ({ ...s })),
  }) as OpenBadgeCredential;
}
