import { Type } from 'typebox';
import { BADGE_ICON_NAMES } from '../../../../domain/images/badge/icons.js';
import { BADGE_SHAPES } from '../../../../domain/images/badge/shapes.js';
import { SUBTITLE_MAX, TITLE_MAX } from '../../../../domain/images/badge/design.js';
import type { ImageRecord } from '../../../../domain/images/ports.js';
import { DateTime, StringEnum } from '../../schemas/common.js';

export const ImageView = Type.Object(
  {
    id: Type.String(),
    url: Type.String({ description: 'Public PNG of the image: put it in an achievement’s `image`' }),
    svgUrl: Type.Optional(Type.String({ description: 'Public SVG, for images stored as SVG' })),
    contentType: StringEnum(['image/png', 'image/svg+xml'] as const),
    source: StringEnum(['upload', 'generated'] as const),
    width: Type.Integer(),
    height: Type.Integer(),
    bytes: Type.Integer(),
    createdAt: DateTime,
    removed: Type.Optional(Type.Array(Type.String(), { description: 'What sanitising took out of an uploaded SVG' })),
  },
  { $id: 'Image' },
);

const colour = Type.String({ minLength: 3, maxLength: 7, pattern: '^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$', description: 'Hex colour, e.g. #2b6cb0 (the # may be left out)' });

export const BadgeDesignFields = {
  shape: StringEnum(BADGE_SHAPES),
  primary: colour,
  secondary: colour,
  icon: StringEnum(BADGE_ICON_NAMES),
  title: Type.String({ minLength: 1, maxLength: TITLE_MAX * 2 }),
  subtitle: Type.Optional(Type.String({ maxLength: SUBTITLE_MAX * 2 })),
};

export const GenerateBody = Type.Object({ ...BadgeDesignFields, dryRun: Type.Optional(Type.Boolean({ description: 'Only draw it: answers 200 {svg}, stores nothing' })) }, { additionalProperties: false });
export const PreviewQuery = Type.Object(BadgeDesignFields, { additionalProperties: false });
export const DesignOptions = Type.Object({ shapes: Type.Array(Type.String()), icons: Type.Array(Type.String()) });
export const ImageFileParams = Type.Object({ file: Type.String({ pattern: '^[A-Za-z0-9_-]{8,100}\\.(png|svg)$' }) });

export function imageView(base: string, image: ImageRecord, removed?: string[]) {
  return {
    id: image.id,
    url: `${base}/images/${image.id}.png`,
    ...(image.contentType === 'image/svg+xml' ? { svgUrl: `${base}/images/${image.id}.svg` } : {}),
    contentType: image.contentType,
    source: image.source,
    width: image.width,
    height: image.height,
    bytes: image.bytes,
    createdAt: image.createdAt,
    ...(removed ? { removed } : {}),
  };
}
