import type { ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n';
import { Link } from '../router/Link';
import { useLocation } from '../router/navigation';
import { LanguageSwitch } from './LanguageSwitch';
import { Logo } from './Logo';

/** The frame for pages shown to people not signed in: setup, sign-in, and the public verify, claim and unsubscribe pages. */
export function PublicLayout({ children, wide = false, links = false }: { children: ReactNode; wide?: boolean; links?: boolean }) {
  const { t } = useI18n();
  const { pathname } = useLocation();
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
          <div className="topbar-user">
            {links && (
              <nav aria-label={t('nav.publicLabel')} className="public-nav">
                {pathname !== '/verify' && <Link to="/verify">{t('nav.verify')}</Link>}
                <Link to="/sign-in">{t('signIn.title')}</Link>
              </nav>
            )}
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <main id="main" className={`container main ${wide ? 'main-medium' : 'main-narrow'}`} tabIndex={-1}>
        <div className="card">{children}</div>
      </main>
    </>
  );
}
