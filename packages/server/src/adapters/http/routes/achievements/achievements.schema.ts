import { Type, type Static } from 'typebox';
import { ACHIEVEMENT_KINDS } from '@laurel/core';
import type { Achievement } from '../../../../domain/achievements/ports.js';
import { reminderOffsetsOf } from '../../../../domain/renewals/reminder-offsets.js';
import type { PublicLinks } from '../../../links/public-links.js';
import { DateTime, HttpUrl, Id, Nullable, PageQuery, pageOf, StringEnum } from '../../schemas/common.js';
import { AchievementDetails } from '../../schemas/ob3-details.js';

export const Kind = StringEnum(ACHIEVEMENT_KINDS, {
  description: 'badge; certificate (completion of a course); certification (granted after assessment, expires, renewable)',
});

const Criteria = Type.Object(
  { narrative: Type.Optional(Type.String({ maxLength: 20_000 })), url: Type.Optional(Type.String({ format: 'uri', maxLength: 2048 })) },
  { additionalProperties: false },
);

const Alignment = Type.Object(
  {
    targetName: Type.String({ minLength: 1, maxLength: 500 }),
    targetUrl: Type.String({ format: 'uri', maxLength: 2048 }),
    targetDescription: Type.Optional(Type.String({ maxLength: 5000 })),
    targetFramework: Type.Optional(Type.String({ maxLength: 500 })),
    targetCode: Type.Optional(Type.String({ maxLength: 200 })),
    targetType: Type.Optional(
      Type.String({ maxLength: 100, description: 'OB 3.0 AlignmentTargetType: ceasn:Competency, ceterms:Credential, CFItem, CFRubric, CFRubricCriterion, CFRubricCriterionLevel, CTDL, or ext:<name> (e.g. ext:ESCO, ext:ONET)' }),
    ),
  },
  { additionalProperties: false },
);

const editable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ minLength: 1, maxLength: 20_000 }),
  criteria: Criteria,
  image: Type.Optional(Nullable(HttpUrl)),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
  alignments: Type.Optional(Type.Array(Alignment, { maxItems: 50 })),
  validity: Type.Optional(Nullable(Type.String({ maxLength: 50, description: 'ISO 8601 duration (certifications), e.g. P2Y' }))),
  renewable: Type.Optional(Type.Boolean()),
  gracePeriod: Type.Optional(Nullable(Type.String({ maxLength: 50, description: 'ISO 8601 duration after expiry during which renewal is still accepted (certifications), e.g. P30D' }))),
  reminderOffsets: Type.Optional(Nullable(Type.Array(Type.Integer({ minimum: 1, maximum: 3650 }), { maxItems: 10, description: 'Days before expiry when the earner is reminded; null: 90, 30 and 7' }))),
  renewalMode: Type.Optional(StringEnum(['manual', 'automatic'] as const, { description: 'manual: the issuer decides renewal requests in a queue; automatic: approved at once' })),
  details: Type.Optional(AchievementDetails),
};

export const CreateAchievementBody = Type.Object({ issuerId: Id, kind: Kind, ...editable }, { additionalProperties: false });
export const UpdateAchievementBody = Type.Object(
  {
    name: Type.Optional(editable.name),
    description: Type.Optional(editable.description),
    criteria: Type.Optional(Criteria),
    image: editable.image,
    tags: editable.tags,
    alignments: editable.alignments,
    validity: editable.validity,
    renewable: editable.renewable,
    gracePeriod: editable.gracePeriod,
    reminderOffsets: editable.reminderOffsets,
    renewalMode: editable.renewalMode,
    details: editable.details,
    archived: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const AchievementView = Type.Object(
  {
    id: Type.String(),
    issuerId: Type.String(),
    kind: Kind,
    name: Type.String(),
    description: Type.String(),
    criteria: Type.Object({ narrative: Type.Optional(Type.String()), url: Type.Optional(Type.String()) }),
    image: Nullable(Type.String()),
    tags: Type.Array(Type.String()),
    alignments: Type.Array(Alignment),
    validity: Nullable(Type.String()),
    renewable: Type.Boolean(),
    gracePeriod: Nullable(Type.String()),
    reminderOffsets: Type.Array(Type.Integer(), { description: 'Effective reminder offsets in days (the defaults when none are set)' }),
    renewalMode: StringEnum(['manual', 'automatic'] as const),
    details: AchievementDetails,
    archived: Type.Boolean(),
    ob2Url: Type.String({ description: 'Public OB 2.0 BadgeClass document' }),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'Achievement' },
);

export const ListAchievementsQuery = Type.Object(
  {
    ...PageQuery,
    sort: Type.Optional(StringEnum(['createdAt', '-createdAt', 'name', '-name'] as const, { default: '-createdAt' })),
    issuerId: Type.Optional(Id),
    kind: Type.Optional(Kind),
    tag: Type.Optional(Type.String({ maxLength: 100 })),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    includeArchived: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const AchievementPage = pageOf(AchievementView);

export function toAchievementView(a: Achievement, links: PublicLinks): Static<typeof AchievementView> {
  return {
    id: a.id,
    issuerId: a.issuerId,
    kind: a.kind,
    name: a.name,
    description: a.description,
    criteria: Object.fromEntries(Object.entries(a.criteria).filter(([, v]) => v !== undefined)),
    image: a.image,
    tags: a.tags,
    alignments: a.alignments,
    validity: a.validity,
    renewable: a.renewable,
    gracePeriod: a.gracePeriod,
    reminderOffsets: reminderOffsetsOf(a),
    renewalMode: a.renewalMode,
    details: a.details,
    archived: a.archivedAt !== null,
    ob2Url: links.badge(a.id),
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}
