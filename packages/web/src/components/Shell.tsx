import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Role } from '../api/types';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { hasRole } from '../lib/roles';
import { useSubmit } from '../lib/useSubmit';
import { Link } from '../router/Link';
import { useLocation } from '../router/navigation';
import { useCurrentSession, useSession } from '../session/useSession';
import { Button } from './Button';
import { ErrorSummary } from './ErrorSummary';
import { LanguageSwitch } from './LanguageSwitch';
import { Logo } from './Logo';
import { Notice } from './Notice';
import { StepUpDialog } from './mfa/StepUpDialog';

/** `role: null`: everyone signed in, earners (no organisation) included. */
const NAV: { to: string; label: MessageKey; role: Role | null }[] = [
  { to: '/', label: 'nav.overview', role: 'viewer' },
  { to: '/issuers', label: 'nav.issuers', role: 'viewer' },
  { to: '/achievements', label: 'nav.achievements', role: 'viewer' },
  { to: '/credentials', label: 'nav.credentials', role: 'viewer' },
  { to: '/recipients', label: 'nav.recipients', role: 'viewer' },
  { to: '/analytics', label: 'nav.analytics', role: 'viewer' },
  { to: '/award', label: 'nav.award', role: 'issuer' },
  { to: '/renewals', label: 'nav.renewals', role: 'issuer' },
  { to: '/endorsements', label: 'nav.endorsements', role: 'admin' },
  { to: '/api-keys', label: 'nav.apiKeys', role: 'admin' },
  { to: '/webhooks', label: 'nav.webhooks', role: 'admin' },
  { to: '/lti', label: 'nav.lti', role: 'admin' },
  { to: '/certificates', label: 'nav.certificates', role: 'admin' },
  { to: '/members', label: 'nav.members', role: 'admin' },
  { to: '/audit-log', label: 'nav.auditLog', role: 'admin' },
  { to: '/imports', label: 'nav.imports', role: 'admin' },
  { to: '/organisation', label: 'nav.organisation', role: 'owner' },
  { to: '/backpack', label: 'nav.backpack', role: null },
  { to: '/verify', label: 'nav.verify', role: null },
  { to: '/account', label: 'nav.account', role: null },
];

/** The signed-in frame (the console for members, the backpack for earners): skip link, header with user and language, navigation, and the page. */
export function Shell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const session = useCurrentSession();
  const { signOut } = useSession();
  const { pathname } = useLocation();
  const { flash, clear } = useFlash();
  const signingOut = useSubmit(signOut);
  const firstRender = useRef(true);
  // On a narrow screen the navigation folds behind a menu button (CSS decides when the button shows).
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);

  // After in-app navigation, move focus to the new page's heading (screen readers announce it).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    setMenuOpen(false);
    document.querySelector<HTMLElement>('main h1')?.focus();
    if (flash && flash.path !== pathname) clear();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on navigation
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <div className="container topbar-inner">
          <Link to={session.organisationId ? '/' : '/backpack'} className="brand">
            <Logo />
            <span>{t('app.name')}</span>
          </Link>
          <div className="topbar-user">
            <span className="muted">{t('header.signedInAs', { name: session.user.name ?? session.user.email })}</span>
            <LanguageSwitch />
            <Button variant="secondary" busy={signingOut.pending} onClick={() => void signingOut.run()}>
              {t('header.signOut')}
            </Button>
          </div>
        </div>
        <nav
          className={`container nav${menuOpen ? ' nav-open' : ''}`}
          aria-label={t(session.organisationId ? 'nav.label' : 'nav.earnerLabel')}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && menuOpen) {
              setMenuOpen(false);
              menuButton.current?.focus();
            }
          }}
        >
          <button ref={menuButton} type="button" className="btn btn-secondary nav-toggle" aria-expanded={menuOpen} aria-controls="nav-list" onClick={() => setMenuOpen((o) => !o)}>
            <span aria-hidden="true" className="nav-toggle-icon">
              ☰
            </span>{' '}
            {t('nav.menu')}
          </button>
          <ul id="nav-list">
            {NAV.filter((item) => item.role === null || hasRole(session.role, item.role)).map((item) => (
              <li key={item.to}>
                <Link to={item.to} nav onClick={() => setMenuOpen(false)}>
                  {t(item.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="container main" tabIndex={-1}>
        <ErrorSummary error={signingOut.error} />
        {flash && flash.path === pathname && <Notice key={flash.id}>{flash.message}</Notice>}
        {children}
      </main>
      <StepUpDialog />
    </>
  );
}
