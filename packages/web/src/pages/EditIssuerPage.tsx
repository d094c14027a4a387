import { getIssuer, updateIssuer } from '../api/badges';
import type { Issuer } from '../api/types';
import { CopyField } from '../components/CopyField';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { FormActions } from '../components/FormActions';
import { IssuerKeys } from '../components/issuer/IssuerKeys';
import { IssuerProfileFields, issuerLabels, issuerProfileFromForm } from '../components/issuer/IssuerProfileFields';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { SubmitForm } from '../components/SubmitForm';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { formValues } from '../lib/form';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';

function ProfileForm({ issuer, onSaved }: { issuer: Issuer; onSaved: (issuer: Issuer) => void }) {
  const { t } = useI18n();
  const submit = useSubmit(async (form: HTMLFormElement) => onSaved(await updateIssuer(issuer.id, issuerProfileFromForm(formValues(form)))));
  const fieldError = useFieldError(submit.error);
  return (
    <section aria-labelledby="issuer-profile-heading" className="section">
      <h2 id="issuer-profile-heading">{t('issuerEdit.profile')}</h2>
      <ErrorSummary error={submit.error} labels={issuerLabels(t)} />
      <SubmitForm action={submit}>
        <IssuerProfileFields t={t} fieldError={fieldError} initial={issuer} />
        <FormActions label={t('issuerEdit.submit')} busy={submit.pending} cancelTo="/issuers" />
      </SubmitForm>
    </section>
  );
}

/** One issuer: its profile, how credentials name it (did:web or did:key), and its signing keys. */
export function EditIssuerPage({ params }: { params?: Readonly<Record<string, string>> }) {
  const { t } = useI18n();
  const { show } = useFlash();
  const issuerId = params?.id ?? '';
  const loaded = useLoad(() => getIssuer(issuerId), [issuerId]);
  const issuer = loaded.data;

  return (
    <>
      <PageHeader title={issuer ? t('issuerEdit.title', { name: issuer.name }) : t('issuerEdit.titleLoading')} />
      <LoadState loading={loaded.loading && !issuer} error={loaded.error} retry={loaded.reload}>
        {issuer && (
          <>
            <section aria-labelledby="issuer-identity-heading" className="section">
              <h2 id="issuer-identity-heading">{t('issuerEdit.identity')}</h2>
              <p>{issuer.identity === 'did:key' ? t('issuerEdit.identityKey') : t('issuerEdit.identityWeb')}</p>
              <CopyField name="did" label={t('issuerEdit.did')} value={issuer.did} />
              <ul className="link-list">
                {issuer.identity === 'did:web' && (
                  <li>
                    <a href={`/issuers/${encodeURIComponent(issuer.id)}/did.json`}>{t('issuerEdit.didDocument')}</a>
                  </li>
                )}
                <li>
                  <a href={issuer.ob2Url}>{t('issuerEdit.ob2Profile')}</a>
                </li>
              </ul>
            </section>
            <ProfileForm key={issuer.updatedAt} issuer={issuer} onSaved={(i) => show(t('issuerEdit.saved', { name: i.name }), '/issuers')} />
            <IssuerKeys issuer={issuer} onRotated={loaded.reload} />
          </>
        )}
      </LoadState>
    </>
  );
}
