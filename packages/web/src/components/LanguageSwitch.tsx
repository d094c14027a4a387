import { useId } from 'react';
import { isLocale, LOCALE_NAMES, LOCALES } from '../i18n/locales';
import { useI18n } from '../i18n/useI18n';

export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  const id = useId();
  return (
    <div className="lang-switch">
      <label htmlFor={id}>{t('language.label')}</label>
      <select id={id} className="input input-compact" value={locale} onChange={(e) => isLocale(e.target.value) && setLocale(e.target.value)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
