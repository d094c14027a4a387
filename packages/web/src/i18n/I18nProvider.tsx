import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MessageKey } from './en';
import { CATALOGUES, detectLocale, saveLocale, translate, type Locale, type Vars } from './locales';

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, vars?: Vars) => string;
  formatDate: (iso: string | null | undefined) => string;
  formatDateTime: (iso: string | null | undefined) => string;
}

/** The browser's regional variant of the chosen language (en-GB dates for a British English browser). */
function regionalTag(locale: Locale): string {
  const languages = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  return languages.find((tag) => tag.toLowerCase().split('-')[0] === locale) ?? locale;
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
    const date = new Intl.DateTimeFormat(region, { dateStyle: 'medium' });
    const dateTime = new Intl.DateTimeFormat(region, { dateStyle: 'medium', timeStyle: 'short' });
    const format = (f: Intl.DateTimeFormat) => (iso: string | null | undefined) => (iso ? f.format(new Date(iso)) : catalogue['common.none']);
    return {
      locale,
      setLocale,
      t: (key, vars) => translate(catalogue, key, vars),
      formatDate: format(date),
      formatDateTime: format(dateTime),
    };
  }, [locale, setLocale]);

  return <I18nContext value={value}>{children}</I18nContext>;
}
