import { useState } from 'react';
import { asksSecondFactor, type SecondFactorMethod } from '../api/account';
import { setCsrfToken } from '../api/client';
import type { Session } from '../api/types';
import { SecondFactorForm } from '../components/mfa/SecondFactorForm';
import { consumeSignInLink } from '../api/me';
import { isApiError } from '../api/problem';
import { getSession } from '../api/session';
import { Button } from '../components/Button';
import { ErrorSummary } from '../components/ErrorSummary';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { useSubmit } from '../lib/useSubmit';
import { Link } from '../router/Link';
import { navigate } from '../router/navigation';
import { EARNER_HOME } from '../router/paths';
import { useSession } from '../session/useSession';

/**
 * A sign-in link from an e-mail. Nothing happens until the person presses the button: mail scanners that open
 * links must not use up the single-use token. Then: the backpack for earners, the console for members.
 */
export function MagicLinkPage({ params }: { params: Readonly<Record<string, string>> }) {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const [secondFactor, setSecondFactor] = useState<SecondFactorMethod[] | null>(null);
  const enter = (session: Session) => {
    signedIn(session);
    navigate(session.organisationId ? '/' : EARNER_HOME, { replace: true });
  };
  const submit = useSubmit(async () => {
    const answer = await consumeSignInLink(params.token ?? '');
    if (asksSecondFactor(answer)) return setSecondFactor(answer.secondFactor.methods);
    setCsrfToken(answer.csrfToken);
    enter(await getSession());
  });
  const invalid = isApiError(submit.error) && (submit.error.status === 401 || submit.error.status === 400);
  if (secondFactor) return <SecondFactorForm methods={secondFactor} onSignedIn={enter} onExpired={() => navigate('/sign-in')} />;
  return (
    <>
      <PageHeader title={t('magic.title')} intro={t('magic.intro')} />
      <ErrorSummary error={submit.error} message={invalid ? t('magic.invalid') : undefined} />
      {invalid ? (
        <p>
          <Link to="/sign-in">{t('magic.again')}</Link>
        </p>
      ) : (
        <div className="form-actions">
          <Button busy={submit.pending} onClick={() => void submit.run()}>
            {t('magic.submit')}
          </Button>
        </div>
      )}
    </>
  );
}
