import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MessageKey } from './en';
import { dateLocaleTag, dateOrderOf, formatterFor } from './dates';
import { CATALOGUES, detectLocale, saveLocale, translate, type Locale, type Vars } from './locales';

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, vars?: Vars) => string;
  formatDate: (iso: string | null | undefined) => string;
  formatDateTime: (iso: string | null | undefined) => string;
  /** How people of this locale write numeric dates (01/02/2026), for reading a CSV they made. */
  dateOrder: 'dmy' | 'mdy';
}

/** The browser's regional variant of the chosen language, else en-GB / fr-FR (see lib/dates). */
function regionalTag(locale: Locale): string {
  const languages = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  return dateLocaleTag(locale, languages);
}

export const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => initial ?? detectLocale());

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    saveLocale(next);
    setLocaleState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const catalogue = CATALOGUES[locale];
    const region = regionalTag(locale);
    // Dates (issued, expires) are stored as UTC midnights: shown in UTC, as the server's pages do, so they do not move a day west of Greenwich.
    const date = formatterFor(region, { dateStyle: 'medium', timeZone: 'UTC' });
    const dateTime = formatterFor(region, { dateStyle: 'medium', timeStyle: 'short' });
    const format = (f: (iso: string) => string) => (iso: string | null | undefined) => (iso ? f(iso) : catalogue['common.none']);
    return {
      locale,
      setLocale,
      t: (key, vars) => translate(catalogue, key, vars),
      formatDate: format(date),
      formatDateTime: format(dateTime),
      dateOrder: dateOrderOf(region),
    };
  }, [locale, setLocale]);

  return <I18nContext value={value}>{children}</I18nContext>;
}
