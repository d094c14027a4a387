import { useEffect } from 'react';
import { Button } from './components/Button';
import { ErrorSummary } from './components/ErrorSummary';
import { PublicLayout } from './components/PublicLayout';
import { Shell } from './components/Shell';
import { useI18n } from './i18n/useI18n';
import { hasRole } from './lib/roles';
import { NoOrganisationPage } from './pages/NoOrganisationPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SetupPage } from './pages/SetupPage';
import { SignInPage } from './pages/SignInPage';
import { findRoute, PUBLIC_PATHS } from './routes';
import { navigate, useLocation } from './router/navigation';
import { useSession } from './session/useSession';

/** Chooses the screen: first-run setup, sign-in, or the console page for the URL. */
export function App() {
  const { t } = useI18n();
  const { state, retry } = useSession();
  const { pathname } = useLocation();

  // Keep the address bar honest about which screen is showing.
  useEffect(() => {
    if (state.status === 'setup' && pathname !== '/setup') navigate('/setup', { replace: true });
    if (state.status === 'signed-out' && (pathname === '/setup' || (state.justSignedOut && pathname !== '/sign-in'))) navigate('/sign-in', { replace: true });
    if (state.status === 'signed-in' && PUBLIC_PATHS.includes(pathname)) navigate('/', { replace: true });
  }, [state, pathname]);

  switch (state.status) {
    case 'loading':
      return (
        <p className="app-loading" role="status">
          {t('app.loading')}
        </p>
      );
    case 'error':
      return (
        <PublicLayout>
          <ErrorSummary error={state.error} />
          <Button onClick={retry}>{t('error.retry')}</Button>
        </PublicLayout>
      );
    case 'setup':
      return (
        <PublicLayout>
          <SetupPage />
        </PublicLayout>
      );
    case 'signed-out':
      return (
        <PublicLayout>
          <SignInPage justSignedOut={state.justSignedOut} />
        </PublicLayout>
      );
    case 'signed-in': {
      if (!state.session.organisationId) {
        return (
          <PublicLayout>
            <NoOrganisationPage />
          </PublicLayout>
        );
      }
      const route = findRoute(pathname);
      const Page = route && hasRole(state.session.role, route.role) ? route.page : NotFoundPage;
      return (
        <Shell>
          <Page key={pathname} />
        </Shell>
      );
    }
  }
}
