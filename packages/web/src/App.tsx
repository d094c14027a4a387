import { useEffect } from 'react';
import { Button } from './components/Button';
import { ErrorSummary } from './components/ErrorSummary';
import { PublicLayout } from './components/PublicLayout';
import { Shell } from './components/Shell';
import { useI18n } from './i18n/useI18n';
import { hasRole } from './lib/roles';
import { NotFoundPage } from './pages/NotFoundPage';
import { SetupPage } from './pages/SetupPage';
import { SignInPage } from './pages/SignInPage';
import { EARNER_HOME, findOpenRoute, findRoute, findRouteWithParams, PUBLIC_PATHS } from './routes';
import { navigate, useLocation } from './router/navigation';
import { ACCOUNT_PATH } from './router/paths';
import { useSession } from './session/useSession';

/** Chooses the screen: first-run setup, sign-in, an open page (verify, claim, unsubscribe), the console or the backpack. */
export function App() {
  const { t } = useI18n();
  const { state, retry } = useSession();
  const { pathname } = useLocation();
  const open = findOpenRoute(pathname);

  // Keep the address bar honest about which screen is showing.
  useEffect(() => {
    if (open) return;
    if (state.status === 'setup' && pathname !== '/setup') navigate('/setup', { replace: true });
    if (state.status === 'signed-out' && (pathname === '/setup' || (state.justSignedOut && pathname !== '/sign-in'))) navigate('/sign-in', { replace: true });
    if (state.status === 'signed-in') {
      const home = state.session.organisationId ? '/' : EARNER_HOME;
      if (PUBLIC_PATHS.includes(pathname)) navigate(home, { replace: true });
      // Earners have the backpack only; the console's addresses lead there.
      else if (!state.session.organisationId && findRoute(pathname)?.role !== null) navigate(home, { replace: true });
      // The organisation requires a second factor this session has not proven: to the account page first.
      else if (state.session.mfa.required && pathname !== ACCOUNT_PATH) navigate(ACCOUNT_PATH, { replace: true });
    }
  }, [state, pathname, open]);

  if (state.status === 'loading') {
    return (
      <p className="app-loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <PublicLayout>
        <ErrorSummary error={state.error} />
        <Button onClick={retry}>{t('error.retry')}</Button>
      </PublicLayout>
    );
  }

  if (open) {
    const Page = open.route.page;
    const page = <Page key={pathname} params={open.params} />;
    return state.status === 'signed-in' ? <Shell>{page}</Shell> : <PublicLayout wide={open.route.wide ?? false} links>{page}</PublicLayout>;
  }

  switch (state.status) {
    case 'setup':
      return (
        <PublicLayout>
          <SetupPage />
        </PublicLayout>
      );
    case 'signed-out':
      return (
        <PublicLayout links>
          <SignInPage justSignedOut={state.justSignedOut} />
        </PublicLayout>
      );
    case 'signed-in': {
      const { session } = state;
      // Earners see the pages open to everyone signed in (the backpack and its settings); other addresses show the backpack.
      const path = session.organisationId || findRoute(pathname)?.role === null ? pathname : EARNER_HOME;
      const found = findRouteWithParams(path);
      const route = found?.route;
      const allowed = route && (route.role === null || hasRole(session.role, route.role));
      const Page = allowed ? route.page : NotFoundPage;
      return (
        <Shell>
          <Page key={path} params={found?.params ?? {}} />
        </Shell>
      );
    }
  }
}
