import type { ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n';
import { LanguageSwitch } from './LanguageSwitch';
import { Logo } from './Logo';

/** The frame for pages shown before sign-in: setup and sign-in. */
export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <div className="container topbar-inner">
          <span className="brand">
            <Logo />
            <span>{t('app.name')}</span>
            <span className="brand-tagline">{t('app.tagline')}</span>
          </span>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="container main main-narrow" tabIndex={-1}>
        <div className="card">{children}</div>
      </main>
    </>
  );
}
