import { Type, type Static } from 'typebox';
import { ACHIEVEMENT_KINDS } from '@laurel/core';
import { MAX_SIGNATORIES, ORIENTATIONS, SEALS, TEMPLATE_PAGE_SIZES } from '../../../../domain/certificates/ports.js';
import { PAGE_SIZES } from '../../../../domain/public-pages/ports.js';
import { Id, Nullable, StringEnum } from '../../schemas/common.js';

const Color = Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'A colour as #rrggbb' });
const ImageId = Nullable(Type.String({ ...Id, description: "One of the organisation's images (POST /api/v1/images)" }));

export const Design = Type.Object(
  {
    orientation: StringEnum(ORIENTATIONS),
    pageSize: StringEnum(TEMPLATE_PAGE_SIZES, { description: 'auto: Letter for readers where it is the norm, else A4' }),
    accentColor: Nullable(Color),
    inkColor: Color,
    title: Nullable(Type.String({ maxLength: 80, description: 'Printed instead of the title of the kind (e.g. "Diploma")' })),
    logoImageId: ImageId,
    seal: StringEnum(SEALS, { description: "badge: the achievement's artwork; image: sealImageId; none" }),
    sealImageId: ImageId,
    signatories: Type.Array(
      Type.Object({ name: Type.String({ minLength: 1, maxLength: 120 }), title: Type.String({ maxLength: 120 }), signatureImageId: ImageId }, { additionalProperties: false }),
      { maxItems: MAX_SIGNATORIES },
    ),
  },
  { additionalProperties: false },
);

export const TargetParams = Type.Object({ target: Type.String({ minLength: 1, maxLength: 120, description: 'default, badge, certificate, certification, or achievement:<id>' }) });

export const TemplateView = Type.Object({ id: Type.String(), target: Type.String(), design: Design, createdAt: Type.String(), updatedAt: Type.String() });

export const PreviewBody = Type.Object(
  {
    design: Design,
    kind: StringEnum(ACHIEVEMENT_KINDS),
    recipientName: Type.String({ minLength: 1, maxLength: 200 }),
    achievementName: Type.String({ minLength: 1, maxLength: 200 }),
    issuerName: Type.String({ minLength: 1, maxLength: 200 }),
    locale: Type.Optional(Type.String({ maxLength: 35 })),
    size: Type.Optional(StringEnum(PAGE_SIZES)),
  },
  { additionalProperties: false },
);

export type DesignBody = Static<typeof Design>;
