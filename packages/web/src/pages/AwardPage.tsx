import { useState } from 'react';
import { issueCredential } from '../api/badges';
import { uploadEvidenceFile } from '../api/evidence';
import type { Credential, NewCredential } from '../api/types';
import { Button } from '../components/Button';
import { RadioGroup } from '../components/Choice';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { SelectField, TextAreaField, TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { LoadState } from '../components/LoadState';
import { NeedAchievementNotice } from '../components/NeedAchievementNotice';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { SubmitForm } from '../components/SubmitForm';
import { useI18n } from '../i18n/useI18n';
import { dateInputToIso, formValues, newIdempotencyKey, optional } from '../lib/form';
import { useAchievementList } from '../lib/lookups';
import { useSubmit } from '../lib/useSubmit';
import { Link } from '../router/Link';
import { useSearchParam } from '../router/navigation';

const IDENTITY_TYPES = ['email', 'url', 'telephone'] as const;
type IdentityType = (typeof IDENTITY_TYPES)[number];
const INPUT_TYPE: Record<IdentityType, string> = { email: 'email', url: 'url', telephone: 'tel' };

/** The result typed in the form answers the achievement's first result description (the API takes more). */
function resultsOf(v: Record<string, string>, resultKey: string | undefined): Pick<NewCredential, 'results' | 'creditsEarned'> {
  const value = optional(v['result.value']);
  const credits = optional(v.creditsEarned);
  return {
    ...(value && resultKey ? { results: [{ resultDescription: resultKey, value }] } : {}),
    ...(credits ? { creditsEarned: Number(credits) } : {}),
  };
}

/** The file chosen as evidence, if any (an empty file input gives an empty File). */
function chosenFile(form: HTMLFormElement): File | undefined {
  const value = new FormData(form).get('evidence.file');
  return value instanceof File && value.size > 0 ? value : undefined;
}

function toBody(v: Record<string, string>, identity: IdentityType, resultKey?: string, fileId?: string): NewCredential {
  const name = optional(v['recipient.name']);
  const issuedOn = dateInputToIso(v.issuedOn);
  const expires = dateInputToIso(v.expires);
  const narrative = optional(v.narrative);
  const evidenceUrl = optional(v['evidence.0.url']);
  const evidenceNarrative = optional(v['evidence.0.narrative']);
  const link = evidenceUrl || evidenceNarrative ? [{ ...(evidenceUrl ? { url: evidenceUrl } : {}), ...(evidenceNarrative ? { narrative: evidenceNarrative } : {}) }] : [];
  const evidence = [...link, ...(fileId ? [{ fileId }] : [])];
  return {
    achievementId: v.achievementId!,
    recipient: { [identity]: v[`recipient.${identity}`]!, ...(name ? { name } : {}) },
    ...(issuedOn ? { issuedOn } : {}),
    ...(expires ? { expires } : {}),
    ...(narrative ? { narrative } : {}),
    ...(evidence.length ? { evidence } : {}),
    ...resultsOf(v, resultKey),
  };
}

/** Award one credential. One idempotency key per filled-in form, so a double submit awards once. */
export function AwardPage() {
  const { t } = useI18n();
  const achievements = useAchievementList();
  const preselected = useSearchParam('achievementId') ?? '';
  const [identity, setIdentity] = useState<IdentityType>('email');
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [awarded, setAwarded] = useState<Credential | null>(null);
  const [formKey, setFormKey] = useState(0);
  const submit = useSubmit(async (form: HTMLFormElement) => {
    const values = formValues(form);
    const resultKey = achievements.byId.get(values.achievementId ?? '')?.details.resultDescriptions?.[0]?.key;
    // The file first (sealed at rest, checked by its bytes), then the award that names it.
    const file = chosenFile(form);
    const fileId = file ? (await uploadEvidenceFile(file)).id : undefined;
    setAwarded(await issueCredential(toBody(values, identity, resultKey, fileId), idempotencyKey));
  });
  const fieldError = useFieldError(submit.error);
  const identityField = `recipient.${identity}`;
  const labels = {
    achievementId: t('award.achievement'),
    'recipient.name': t('award.recipientName'),
    [identityField]: t(`award.identity.${identity}`),
    recipient: t('award.recipient'),
    issuedOn: t('award.issuedOn'),
    expires: t('award.expires'),
    narrative: t('award.narrative'),
    'evidence.0.url': t('award.evidenceUrl'),
    'evidence.0.narrative': t('award.evidenceNarrative'),
    file: t('award.evidenceFile'),
  };

  const another = () => {
    setAwarded(null);
    setIdempotencyKey(newIdempotencyKey());
    setFormKey((k) => k + 1);
  };

  if (awarded) {
    const achievement = achievements.byId.get(awarded.achievementId);
    return (
      <>
        <PageHeader title={t('award.title')} />
        <Notice>
          <p>{t('award.done', { achievement: achievement?.name ?? '', recipient: awarded.recipient.name ?? awarded.recipient.identity })}</p>
        </Notice>
        <ul className="link-list">
          <li>
            <a href={awarded.ob2Url} target="_blank" rel="noreferrer">
              {t('award.viewAssertion')} <span className="visually-hidden">{t('common.opensNewTab')}</span>
            </a>
          </li>
          <li>
            <Link to="/credentials">{t('award.toList')}</Link>
          </li>
        </ul>
        <Button onClick={another}>{t('award.another')}</Button>
      </>
    );
  }

  const active = (achievements.data ?? []).filter((a) => !a.archived);
  return (
    <>
      <PageHeader
        title={t('award.title')}
        intro={t('award.intro')}
        actions={
          <Link to={preselected ? `/award/bulk?achievementId=${encodeURIComponent(preselected)}` : '/award/bulk'} className="btn btn-secondary">
            {t('award.bulk')}
          </Link>
        }
      />
      <LoadState loading={achievements.loading} error={achievements.error} retry={achievements.reload}>
        {achievements.data && active.length === 0 && <NeedAchievementNotice />}
        {active.length > 0 && (
          <>
            <ErrorSummary error={submit.error} labels={labels} />
            <SubmitForm key={formKey} action={submit}>
              <SelectField
                name="achievementId"
                label={labels.achievementId}
                required
                defaultValue={active.some((a) => a.id === preselected) ? preselected : active.length === 1 ? active[0]!.id : ''}
                placeholder={t('award.chooseAchievement')}
                options={active.map((a) => ({ value: a.id, label: `${a.name} (${t(`kind.${a.kind}`)})` }))}
                error={fieldError('achievementId')}
              />
              <fieldset className="fieldset">
                <legend className="field-label">{labels.recipient}</legend>
                {fieldError('recipient') && <p className="field-error">{fieldError('recipient')}</p>}
                <TextField name="recipient.name" label={labels['recipient.name']} maxLength={200} autoComplete="off" error={fieldError('recipient.name')} />
                <RadioGroup
                  name="identityType"
                  legend={t('award.identityType')}
                  inline
                  value={identity}
                  onChange={(value) => setIdentity(value as IdentityType)}
                  options={IDENTITY_TYPES.map((type) => ({ value: type, label: t(`award.identityOption.${type}`) }))}
                />
                <TextField
                  key={identity}
                  name={identityField}
                  type={INPUT_TYPE[identity]}
                  label={labels[identityField]!}
                  hint={t(`award.identityHint.${identity}`)}
                  required
                  autoComplete="off"
                  error={fieldError(identityField)}
                />
              </fieldset>
              <fieldset className="fieldset">
                <legend className="field-label">{t('award.dates')}</legend>
                <div className="row">
                  <TextField name="issuedOn" type="date" label={labels.issuedOn} hint={t('award.issuedOnHint')} error={fieldError('issuedOn')} />
                  <TextField name="expires" type="date" label={labels.expires} hint={t('award.expiresHint')} error={fieldError('expires')} />
                </div>
              </fieldset>
              <TextAreaField name="narrative" label={labels.narrative} hint={t('award.narrativeHint')} maxLength={20000} error={fieldError('narrative')} />
              <fieldset className="fieldset">
                <legend className="field-label">{t('award.evidence')}</legend>
                <TextField name="evidence.0.url" type="url" label={labels['evidence.0.url']} error={fieldError('evidence.0.url')} />
                <TextAreaField name="evidence.0.narrative" label={labels['evidence.0.narrative']} rows={2} error={fieldError('evidence.0.narrative')} />
                <TextField name="evidence.file" type="file" accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,application/pdf,image/png,image/jpeg,image/gif,image/webp" className="input input-file" label={labels.file} hint={t('award.evidenceFileHint')} error={fieldError('file')} />
              </fieldset>
              <fieldset className="fieldset">
                <legend className="field-label">{t('issue.legend')}</legend>
                <div className="row">
                  <TextField name="result.value" label={t('issue.result')} hint={t('issue.resultHint')} maxLength={100} className="input input-narrow" error={fieldError('results.0.value')} />
                  <TextField name="creditsEarned" type="number" inputMode="decimal" min={0} step="any" label={t('issue.creditsEarned')} className="input input-narrow" error={fieldError('creditsEarned')} />
                </div>
              </fieldset>
              <FormActions label={t('award.submit')} busy={submit.pending} />
            </SubmitForm>
          </>
        )}
      </LoadState>
    </>
  );
}
