import { setCsrfToken } from '../api/client';
import { acceptInvitation, getInvitation } from '../api/organisation';
import { isApiError } from '../api/problem';
import type { InvitationInfo } from '../api/types';
import { Button } from '../components/Button';
import { FormActions } from '../components/FormActions';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { TextField } from '../components/Field';
import { LoadState } from '../components/LoadState';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { SubmitForm } from '../components/SubmitForm';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { formValues, optional } from '../lib/form';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';
import { useSession } from '../session/useSession';
import { SignInForm } from './SignInPage';

/**
 * An invitation link from an e-mail: see which organisation and role, then join. Nothing happens until the
 * person presses the button. Signed in, only the invited address's account can accept; an address whose
 * account exists signs in first; otherwise the person chooses a password here.
 */
export function JoinPage({ params }: { params: Readonly<Record<string, string>> }) {
  const { t } = useI18n();
  const token = params.token ?? '';
  const info = useLoad(() => getInvitation(token), [token]);
  const gone = isApiError(info.error) && (info.error.status === 404 || info.error.status === 409);
  return (
    <>
      <PageHeader title={t('join.title')} />
      {gone ? (
        <Notice tone="warning">
          <p>{t(isApiError(info.error) && info.error.status === 409 ? 'join.expired' : 'join.notFound')}</p>
        </Notice>
      ) : (
        <LoadState loading={info.loading} error={info.error} retry={info.reload}>
          {info.data && <JoinForm token={token} info={info.data} />}
        </LoadState>
      )}
    </>
  );
}

function JoinForm({ token, info }: { token: string; info: InvitationInfo }) {
  const { t } = useI18n();
  const { state, signedIn } = useSession();
  const { show } = useFlash();
  const join = useSubmit(async (form?: HTMLFormElement) => {
    const v = form ? formValues(form) : {};
    const name = optional(v.name);
    const session = await acceptInvitation(token, { ...(v.password ? { password: v.password } : {}), ...(name ? { name } : {}) });
    setCsrfToken(session.csrfToken);
    signedIn(session);
    show(t('join.done', { organisation: info.organisationName }), '/');
  });
  const fieldError = useFieldError(join.error);
  const intro = <p className="lead">{t('join.intro', { organisation: info.organisationName, email: info.email, role: t(`role.${info.role}`) })}</p>;

  if (state.status === 'signed-in') {
    if (state.session.user.email !== info.email) {
      return (
        <>
          {intro}
          <Notice tone="warning">
            <p>{t('join.otherAccount', { email: state.session.user.email, invited: info.email })}</p>
          </Notice>
        </>
      );
    }
    return (
      <>
        {intro}
        <ErrorSummary error={join.error} />
        <div className="form-actions">
          <Button busy={join.pending} onClick={() => void join.run()}>
            {t('join.submit')}
          </Button>
        </div>
      </>
    );
  }
  if (info.signInToAccept) {
    return (
      <>
        {intro}
        <p>{t('join.signInFirst', { email: info.email })}</p>
        <SignInForm />
      </>
    );
  }
  return (
    <>
      {intro}
      <ErrorSummary error={join.error} labels={{ name: t('join.name'), password: t('join.password') }} />
      <SubmitForm action={join}>
        <TextField name="email" type="email" label={t('signIn.email')} readOnly optional={false} autoComplete="username" defaultValue={info.email} />
        <TextField name="name" label={t('join.name')} maxLength={200} autoComplete="name" error={fieldError('name')} />
        <TextField name="password" type="password" label={t('join.password')} hint={t('setup.passwordHint')} required minLength={10} autoComplete="new-password" error={fieldError('password')} />
        <FormActions label={t('join.submit')} busy={join.pending} />
      </SubmitForm>
    </>
  );
}
