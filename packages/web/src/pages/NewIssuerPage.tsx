import { useState } from 'react';
import type { IssuerIdentity } from '../api/types';
import { createIssuer } from '../api/badges';
import { RadioGroup } from '../components/Choice';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { FormActions } from '../components/FormActions';
import { IssuerProfileFields, issuerLabels, issuerProfileFromForm } from '../components/issuer/IssuerProfileFields';
import { PageHeader } from '../components/PageHeader';
import { SubmitForm } from '../components/SubmitForm';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { formValues } from '../lib/form';
import { useSubmit } from '../lib/useSubmit';

export function NewIssuerPage() {
  const { t } = useI18n();
  const { show } = useFlash();
  const [identity, setIdentity] = useState<IssuerIdentity>('did:web');
  const submit = useSubmit(async (form: HTMLFormElement) => {
    const { description, image, ...required } = issuerProfileFromForm(formValues(form));
    const issuer = await createIssuer({ ...required, ...(description ? { description } : {}), ...(image ? { image } : {}), identity });
    show(t('issuerForm.created', { name: issuer.name }), '/issuers');
  });
  const fieldError = useFieldError(submit.error);
  const labels = issuerLabels(t);

  return (
    <>
      <PageHeader title={t('issuerForm.title')} />
      <ErrorSummary error={submit.error} labels={labels} />
      <SubmitForm action={submit}>
        <IssuerProfileFields t={t} fieldError={fieldError} />
        <RadioGroup
          name="identity"
          legend={labels.identity}
          value={identity}
          onChange={(value) => setIdentity(value as IssuerIdentity)}
          error={fieldError('identity')}
          options={[
            { value: 'did:web', label: t('issuerForm.identity.didWeb'), hint: t('issuerForm.identity.didWebHint') },
            { value: 'did:key', label: t('issuerForm.identity.didKey'), hint: t('issuerForm.identity.didKeyHint') },
          ]}
        />
        <FormActions label={t('issuerForm.submit')} busy={submit.pending} cancelTo="/issuers" />
      </SubmitForm>
    </>
  );
}
