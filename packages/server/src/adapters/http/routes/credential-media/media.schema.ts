import { Type } from 'typebox';
import { PAGE_SIZES } from '../../../../domain/public-pages/ports.js';
import { VIEW_TOKEN_MAX_LENGTH } from '../../../../domain/public-pages/view-token.js';
import { StringEnum } from '../../schemas/common.js';

/** The token of an award e-mail's "view it online" link (a private credential, for its recipient). */
const view = Type.Optional(Type.String({ minLength: 1, maxLength: VIEW_TOKEN_MAX_LENGTH, description: "The view token of a private credential's award e-mail link" }));

export const VERSIONS = ['2', '3'] as const;
export const FORMATS = ['png', 'svg'] as const;

export const PublicBadgeQuery = Type.Object(
  {
    version: StringEnum(VERSIONS, { default: '3', description: 'Open Badges version baked in: 3 (the signed credential) or 2 (the hosted assertion URL)' }),
    view,
    download: Type.Optional(Type.Literal('1', { description: "Set by the page's download links: counted as the baked badge taken (analytics), not as the page's picture" })),
  },
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
    view,
  },
  { additionalProperties: false },
);

export const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
