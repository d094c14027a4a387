import type { Locale } from './locales';

/** The region a UI language falls back to when the browser names none: day-first for both. */
const DEFAULT_REGION: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR' };

/**
 * The tag dates are formatted with: the browser's own regional variant of the UI language (en-US for
 * an American browser, fr-CA…), else en-GB / fr-FR. Bare `en` would give US month-first dates to
 * someone who chose English on a French or British machine.
 */
export function dateLocaleTag(locale: Locale, languages: readonly string[]): string {
  const regional = languages.find((tag) => tag.includes('-') && tag.toLowerCase().split('-')[0] === locale);
  if (!regional) return DEFAULT_REGION[locale];
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([regional]).length > 0 ? regional : DEFAULT_REGION[locale];
  } catch {
    return DEFAULT_REGION[locale];
  }
}

/** Whether people of this locale write 01/02/2026 for 1 February (dmy) or 2 January (mdy). */
export function dateOrderOf(tag: string): 'dmy' | 'mdy' {
  const parts = new Intl.DateTimeFormat(tag, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).formatToParts(new Date(Date.UTC(2026, 1, 1)));
  const order = parts.filter((p) => p.type === 'day' || p.type === 'month').map((p) => p.type);
  return order[0] === 'month' ? 'mdy' : 'dmy';
}

/** A formatter that never throws: what is not a date is shown as written (a React render must not crash on it). */
export function formatterFor(tag: string, options: Intl.DateTimeFormatOptions): (iso: string) => string {
  const f = new Intl.DateTimeFormat(tag, options);
  return (iso) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : f.format(d);
  };
}
