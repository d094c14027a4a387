import { FieldChecks } from '../../shared/validation.js';
import { normaliseHex } from './colours.js';
import { BADGE_ICON_NAMES, isBadgeIcon, type BadgeIcon } from './icons.js';
import { BADGE_SHAPES, type BadgeShape } from './shapes.js';

/** What a person chooses for a generated badge. */
export interface BadgeDesignInput {
  shape: string;
  primary: string;
  secondary: string;
  icon: string;
  title: string;
  subtitle?: string | undefined;
}

/** A checked design: known shape and icon, `#rrggbb` colours, clean text. */
export interface BadgeDesign {
  shape: BadgeShape;
  primary: string;
  secondary: string;
  icon: BadgeIcon;
  title: string;
  subtitle: string | null;
}

export const TITLE_MAX = 60;
export const SUBTITLE_MAX = 40;

// C0/C1 controls (XML 1.0 forbids most of them), bidi overrides, lone surrogates.
const FORBIDDEN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const isShape = (value: string): value is BadgeShape => (BADGE_SHAPES as readonly string[]).includes(value);

function checkText(checks: FieldChecks, path: string, value: string, max: number, required: boolean): string {
  const text = value.replace(/\s+/g, ' ').trim();
  checks.check(!required || text.length > 0, path, 'is required');
  checks.check([...text].length <= max, path, `must be at most ${max} characters`);
  checks.check(!FORBIDDEN_TEXT.test(text), path, 'must not contain control characters');
  return text;
}

/** Validate a design, with every problem reported at once. */
export function checkBadgeDesign(input: BadgeDesignInput): BadgeDesign {
  const checks = new FieldChecks();
  checks.check(isShape(input.shape), '/shape', `must be one of ${BADGE_SHAPES.join(', ')}`);
  checks.check(isBadgeIcon(input.icon), '/icon', `must be one of ${BADGE_ICON_NAMES.join(', ')}`);
  const primary = normaliseHex(input.primary);
  const secondary = normaliseHex(input.secondary);
  checks.check(primary !== null, '/primary', 'must be a hex colour such as #2b6cb0');
  checks.check(secondary !== null, '/secondary', 'must be a hex colour such as #bee3f8');
  const title = checkText(checks, '/title', input.title, TITLE_MAX, true);
  const subtitle = checkText(checks, '/subtitle', input.subtitle ?? '', SUBTITLE_MAX, false);
  checks.throwIfAny('the badge design is not valid');
  return { shape: input.shape as BadgeShape, icon: input.icon as BadgeIcon, primary: primary!, secondary: secondary!, title, subtitle: subtitle || null };
}
