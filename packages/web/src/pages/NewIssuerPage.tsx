import { useState, type FormEvent } from 'react';
import type { IssuerIdentity } from '../api/types';
import { createIssuer } from '../api/badges';
import { Button } from '../components/Button';
import { RadioGroup } from '../components/Choice';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { TextAreaField, TextField } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { formValues, optional } from '../lib/form';
import { useSubmit } from '../lib/useSubmit';
import { Link } from '../router/Link';

export function NewIssuerPage() {
  const { t } = useI18n();
  const { show } = useFlash();
  const [identity, setIdentity] = useState<IssuerIdentity>('did:web');
  const submit = useSubmit(async (form: HTMLFormElement) => {
    const v = formValues(form);
    const description = optional(v.description);
    const image = optional(v.image);
    const issuer = await createIssuer({ name: v.name!, url: v.url!, email: v.email!, ...(description ? { description } : {}), ...(image ? { image } : {}), identity });
    show(t('issuerForm.created', { name: issuer.name }), '/issuers');
  });
  const fieldError = useFieldError(submit.error);
  const labels = { name: t('issuerForm.name'), url: t('issuerForm.url'), email: t('issuerForm.email'), description: t('issuerForm.description'), image: t('issuerForm.image'), identity: t('issuerForm.identity') };

  return (
    <>
      <PageHeader title={t('issuerForm.title')} />
      <ErrorSummary error={submit.error} labels={labels} />
      <form
        className="form"
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          void submit.run(e.currentTarget);
        }}
      >
        <TextField name="name" label={labels.name} required maxLength={200} autoComplete="organization" error={fieldError('name')} />
        <TextField name="url" type="url" label={labels.url} hint={t('issuerForm.urlHint')} required placeholder="https://" autoComplete="url" error={fieldError('url')} />
        <TextField name="email" type="email" label={labels.email} required autoComplete="email" error={fieldError('email')} />
        <TextAreaField name="description" label={labels.description} maxLength={5000} error={fieldError('description')} />
        <TextField name="image" type="url" label={labels.image} hint={t('issuerForm.imageHint')} error={fieldError('image')} />
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
        <div className="form-actions">
          <Button type="submit" busy={submit.pending}>
            {t('issuerForm.submit')}
          </Button>
          <Link to="/issuers" className="btn btn-secondary">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
