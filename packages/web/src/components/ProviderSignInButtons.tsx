import { listSignInProviders, startProviderSignIn } from '../api/providers';
import { useI18n } from '../i18n/useI18n';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';
import { Button } from './Button';
import { ErrorSummary } from './ErrorSummary';
import { Notice } from './Notice';

/** "Continue with Google / Microsoft / LinkedIn": one button per provider the operator configured; nothing when there is none. */
export function ProviderSignInButtons() {
  const { t } = useI18n();
  const providers = useLoad(listSignInProviders, []);
  const failed = typeof window !== 'undefined' && new URLSearchParams(window.location.search).get('provider') === 'failed';
  const start = useSubmit(async (id: string) => {
    const { redirectUrl } = await startProviderSignIn(id);
    window.location.assign(redirectUrl);
  });
  const items = providers.data?.items ?? [];
  if (items.length === 0 && !failed) return null;
  return (
    <section className="section" aria-labelledby="provider-sign-in">
      <h2 id="provider-sign-in">{t('providers.signIn.label')}</h2>
      {failed && (
        <Notice>
          <p>{t('providers.signIn.failed')}</p>
        </Notice>
      )}
      <ErrorSummary error={start.error} />
      <div className="form-actions">
        {items.map((p) => (
          <Button key={p.id} variant="secondary" busy={start.pending} onClick={() => void start.run(p.id)}>
            {t('providers.signIn.continue', { label: p.label })}
          </Button>
        ))}
      </div>
    </section>
  );
}
