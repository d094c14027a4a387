import { Type } from 'typebox';
import { PAGE_SIZES } from '../../../../domain/public-pages/ports.js';
import { StringEnum } from '../../schemas/common.js';

export const VERSIONS = ['2', '3'] as const;
export const FORMATS = ['png', 'svg'] as const;

export const PublicBadgeQuery = Type.Object(
  { version: StringEnum(VERSIONS, { default: '3', description: 'Open Badges version baked in: 3 (the signed credential) or 2 (the hosted assertion URL)' }) },
  { additionalProperties: false },
);

export const ImageQuery = Type.Object(
  {
    version: StringEnum(VERSIONS, { default: '3', description: 'Open Badges version baked in' }),
    format: StringEnum(FORMATS, { default: 'png' }),
  },
  { additionalProperties: false },
);

export const CertificateQuery = Type.Object(
  {
    size: Type.Optional(StringEnum(PAGE_SIZES, { description: 'Paper size (landscape); by default Letter for North American locales, else A4' })),
    lang: Type.Optional(Type.String({ maxLength: 35, description: 'Language of the certificate text; by default from Accept-Language' })),
  },
  { additionalProperties: false },
);

export const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
