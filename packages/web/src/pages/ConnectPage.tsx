import { useState } from 'react';
import { decideAuthorization, getAuthorizationRequest, type AuthorizationRequest } from '../api/oauth';
import { isApiError } from '../api/problem';
import { Button } from '../components/Button';
import { ErrorSummary } from '../components/ErrorSummary';
import { LoadState } from '../components/LoadState';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/useI18n';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';
import { useSession } from '../session/useSession';
import { SignInForm } from './SignInPage';

const OB_SCOPE = 'https://purl.imsglobal.org/spec/ob/v3p0/scope/';

/** The consent page's words for a scope: Laurel's own for the ones it knows, else the server's description. */
export function scopeLabel(t: (key: MessageKey) => string, scope: { name: string; description: string }): string {
  const key = scope.name.startsWith(OB_SCOPE) ? `connect.scope.${scope.name.slice(OB_SCOPE.length)}` : `connect.scope.${scope.name}`;
  const known: readonly string[] = ['connect.scope.credential.readonly', 'connect.scope.credential.upsert', 'connect.scope.profile.readonly', 'connect.scope.profile.update', 'connect.scope.offline_access'];
  return known.includes(key) ? t(key as MessageKey) : scope.description;
}

/**
 * The OAuth 2.0 consent page: an Open Badges host or displayer asks for access to the earner's badges.
 * Signed out, the earner signs in here first; then they allow or deny, and the browser goes back to the app.
 */
export function ConnectPage({ params }: { params: Readonly<Record<string, string>> }) {
  const { t } = useI18n();
  const { state } = useSession();
  const id = params.request ?? '';
  const signedIn = state.status === 'signed-in';
  const request = useLoad(() => (signedIn ? getAuthorizationRequest(id) : Promise.resolve(null)), [id, signedIn]);
  const notFound = isApiError(request.error) && request.error.status === 404;
  return (
    <>
      <PageHeader title={t('connect.title')} />
      {!signedIn ? (
        <>
          <p className="lead">{t('connect.signInFirst')}</p>
          <SignInForm />
        </>
      ) : notFound ? (
        <Notice tone="warning">
          <p>{t('connect.notFound')}</p>
        </Notice>
      ) : (
        <LoadState loading={request.loading} error={request.error} retry={request.reload}>
          {request.data && <Consent id={id} request={request.data} email={state.session.user.email} />}
        </LoadState>
      )}
    </>
  );
}

function Consent({ id, request, email }: { id: string; request: AuthorizationRequest; email: string }) {
  const { t } = useI18n();
  const [leaving, setLeaving] = useState(false);
  const decide = useSubmit(async (approve: boolean) => {
    const { redirectTo } = await decideAuthorization(id, approve);
    setLeaving(true);
    window.location.assign(redirectTo);
  });
  const { client } = request;
  if (leaving) return <p role="status">{t('connect.redirecting', { host: client.redirectHost })}</p>;
  return (
    <>
      <ErrorSummary error={decide.error} />
      <p className="lead">{t('connect.asks', { client: client.name })}</p>
      <ul className="consent-scopes">
        {request.scopes.map((scope) => (
          <li key={scope.name}>{scopeLabel(t, scope)}</li>
        ))}
      </ul>
      <p>{t('connect.sentBackTo', { host: client.redirectHost })}</p>
      {(client.uri || client.policyUri || client.tosUri) && (
        <p className="muted">
          {[
            client.uri && (
              <a key="uri" href={client.uri} rel="noopener noreferrer nofollow">
                {t('connect.clientSite', { client: client.name })}
              </a>
            ),
            client.policyUri && (
              <a key="policy" href={client.policyUri} rel="noopener noreferrer nofollow">
                {t('connect.privacy')}
              </a>
            ),
            client.tosUri && (
              <a key="tos" href={client.tosUri} rel="noopener noreferrer nofollow">
                {t('connect.terms')}
              </a>
            ),
          ]
            .filter(Boolean)
            .flatMap((link, i) => (i === 0 ? [link] : [' · ', link]))}
        </p>
      )}
      <p className="muted">{t('connect.signedInAs', { email })}</p>
      <Notice tone="info">
        <p>{t('connect.warning')}</p>
      </Notice>
      <div className="form-actions">
        <Button busy={decide.pending} onClick={() => void decide.run(true)}>
          {t('connect.allow')}
        </Button>
        <Button variant="secondary" disabled={decide.pending} onClick={() => void decide.run(false)}>
          {t('connect.deny')}
        </Button>
      </div>
    </>
  );
}
