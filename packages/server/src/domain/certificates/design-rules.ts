import { ACHIEVEMENT_KINDS } from '@laurel/core';
import { AppError, type FieldProblem } from '../shared/errors.js';
import { MAX_SIGNATORIES, ORIENTATIONS, SEALS, TEMPLATE_PAGE_SIZES, type CertificateDesign, type TemplateTarget } from './ports.js';

const COLOR = /^#[0-9a-f]{6}$/i;
const ID = /^[A-Za-z0-9_-]{1,100}$/;

/** `default`, a kind, or `achievement:<id>`; anything else is not a target. */
export function parseTarget(value: string): TemplateTarget {
  if (value === 'default' || (ACHIEVEMENT_KINDS as readonly string[]).includes(value)) return value as TemplateTarget;
  const match = /^achievement:(.+)$/.exec(value);
  if (match && ID.test(match[1]!)) return value as TemplateTarget;
  throw new AppError('validation', `unknown template target: one of default, ${ACHIEVEMENT_KINDS.join(', ')} or achievement:<id>`, { fields: [{ path: '/target', message: 'unknown target' }] });
}

const text = (value: unknown, max: number) => (typeof value === 'string' ? value.normalize('NFC').replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, max) : '');

/**
 * A design as given (the HTTP schema has checked types and lengths): colours, enumerations, image ids
 * and text checked once more here (the domain does not trust its callers), text trimmed.
 */
export function checkedDesign(input: CertificateDesign): CertificateDesign {
  const problems: FieldProblem[] = [];
  const oneOf = <T extends string>(path: string, value: string, allowed: readonly T[]) => {
    if (!(allowed as readonly string[]).includes(value)) problems.push({ path, message: `one of ${allowed.join(', ')}` });
  };
  oneOf('/orientation', input.orientation, ORIENTATIONS);
  oneOf('/pageSize', input.pageSize, TEMPLATE_PAGE_SIZES);
  oneOf('/seal', input.seal, SEALS);
  if (input.accentColor !== null && !COLOR.test(input.accentColor)) problems.push({ path: '/accentColor', message: 'a colour as #rrggbb' });
  if (!COLOR.test(input.inkColor)) problems.push({ path: '/inkColor', message: 'a colour as #rrggbb' });
  const ids: Array<[string, string | null]> = [['/logoImageId', input.logoImageId], ['/sealImageId', input.sealImageId], ...input.signatories.map((s, i) => [`/signatories/${i}/signatureImageId`, s.signatureImageId] as [string, string | null])];
  for (const [path, id] of ids) if (id !== null && !ID.test(id)) problems.push({ path, message: 'an image id' });
  if (input.seal === 'image' && !input.sealImageId) problems.push({ path: '/sealImageId', message: 'required when the seal is an image' });
  if (input.signatories.length > MAX_SIGNATORIES) problems.push({ path: '/signatories', message: `at most ${MAX_SIGNATORIES}` });
  input.signatories.forEach((s, i) => {
    if (!text(s.name, 120)) problems.push({ path: `/signatories/${i}/name`, message: 'required' });
  });
  if (problems.length) throw new AppError('validation', 'the certificate design is not valid', { fields: problems });
  return {
    orientation: input.orientation,
    pageSize: input.pageSize,
    accentColor: input.accentColor?.toLowerCase() ?? null,
    inkColor: input.inkColor.toLowerCase(),
    title: text(input.title, 80) || null,
    logoImageId: input.logoImageId,
    seal: input.seal,
    sealImageId: input.seal === 'image' ? input.sealImageId : null,
    signatories: input.signatories.map((s) => ({ name: text(s.name, 120), title: text(s.title, 120), signatureImageId: s.signatureImageId })),
  };
}

/** The image ids a design names (each must be one of the organisation's images). */
export const imageIdsOf = (d: CertificateDesign): string[] =>
  [d.logoImageId, d.sealImageId, ...d.signatories.map((s) => s.signatureImageId)].filter((id): id is string => Boolean(id));
