import { en, type Catalogue, type MessageKey } from './en.js';
import { fr } from './fr.js';

export type { MessageKey } from './en.js';

/** Message catalogues keyed by BCP 47 primary language tag; English first (the fallback). */
export const CATALOGUES = { en, fr } as const satisfies Record<string, Catalogue>;
export type Locale = keyof typeof CATALOGUES;
export const LOCALES = Object.keys(CATALOGUES) as Locale[];
export const DEFAULT_LOCALE: Locale = 'en';
/** The region each language's dates are written for: day-first for both, as the web app does (never US month-first). */
export const DATE_REGION: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR' };

export interface Translator {
  locale: Locale;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** A date (ISO 8601) in the locale's long, day-first form (`14 March 2025`), in UTC so every viewer reads the same day. */
  date(iso: string): string;
}

const isLocale = (tag: string): tag is Locale => Object.hasOwn(CATALOGUES, tag);

/**
 * The best supported locale for an Accept-Language header: highest q first, then header order;
 * `fr-CA` matches `fr`; `*` or nothing usable gives English.
 */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranges = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.tag && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const range of ranges) {
    const primary = range.tag.split('-')[0]!;
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}

const translators = new Map<Locale, Translator>();

/** The translator of a locale: made once (an Intl.DateTimeFormat costs more than serving a cached page). */
export function translator(locale: Locale): Translator {
  let made = translators.get(locale);
  if (!made) translators.set(locale, (made = makeTranslator(locale)));
  return made;
}

function makeTranslator(locale: Locale): Translator {
  const catalogue: Catalogue = CATALOGUES[locale];
  const dates = new Intl.DateTimeFormat(DATE_REGION[locale], { dateStyle: 'long', timeZone: 'UTC' });
  return {
    locale,
    t: (key, params = {}) => (catalogue[key] ?? en[key]).replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole)),
    date: (iso) => {
      const time = Date.parse(iso);
      return Number.isNaN(time) ? iso : dates.format(new Date(time));
    },
  };
}
