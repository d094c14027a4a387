import { useEffect, useState } from 'react';
import { getMfaPolicy, setMfaPolicy } from '../api/account';
import { isApiError } from '../api/problem';
import { useI18n } from '../i18n/useI18n';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';
import { Checkbox } from './Choice';
import { ErrorSummary } from './ErrorSummary';
import { FormActions } from './FormActions';
import { LoadState } from './LoadState';
import { Notice } from './Notice';
import { SubmitForm } from './SubmitForm';

/** Owners and admins: require a second factor of every member (the server refuses it to one without a factor of their own). */
export function MfaPolicySection() {
  const { t } = useI18n();
  const policy = useLoad(getMfaPolicy, []);
  const [required, setRequired] = useState(false);
  const [saved, setSaved] = useState<boolean | null>(null);
  useEffect(() => {
    if (policy.data) setRequired(policy.data.requireMfa);
  }, [policy.data]);
  const save = useSubmit(async () => {
    setSaved(null);
    setSaved((await setMfaPolicy(required)).requireMfa);
  });
  const needOwnFactor = isApiError(save.error) && save.error.code === 'invalid-state';
  return (
    <section className="section" aria-labelledby="mfa-policy">
      <h2 id="mfa-policy">{t('mfaPolicy.title')}</h2>
      <p>{t('mfaPolicy.intro')}</p>
      {saved !== null && (
        <Notice>
          <p>{t(saved ? 'mfaPolicy.on' : 'mfaPolicy.off')}</p>
        </Notice>
      )}
      <ErrorSummary error={save.error} message={needOwnFactor ? t('mfaPolicy.needOwnFactor') : undefined} />
      <LoadState loading={policy.loading} error={policy.error} retry={policy.reload}>
        <SubmitForm action={save}>
          <Checkbox name="requireMfa" label={t('mfaPolicy.require')} checked={required} onChange={(e) => setRequired(e.currentTarget.checked)} />
          <FormActions label={t('mfaPolicy.save')} busy={save.pending} />
        </SubmitForm>
      </LoadState>
    </section>
  );
}
