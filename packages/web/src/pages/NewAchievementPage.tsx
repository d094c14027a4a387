import { useRef, useState } from 'react';
import { createAchievement } from '../api/badges';
import { ACHIEVEMENT_KINDS, type AchievementKind, type NewAchievement } from '../api/types';
import { FormActions } from '../components/FormActions';
import { ArtworkField, type ArtworkHandle } from '../components/artwork/ArtworkField';
import { RadioGroup } from '../components/Choice';
import { AlignmentsFieldset, CriteriaFieldset, ValidityFieldset, achievementLabels, alignmentsFromForm, criteriaFromForm } from '../components/achievement/AchievementFields';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { SelectField, TextAreaField, TextField } from '../components/Field';
import { LoadState } from '../components/LoadState';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { SubmitForm } from '../components/SubmitForm';
import { useI18n } from '../i18n/useI18n';
import { toIsoDuration } from '../lib/duration';
import { renewalFromForm } from '../lib/renewal-settings';
import { detailsFromForm } from '../lib/achievement-details';
import { DetailsFieldset } from '../components/achievement/DetailsFieldset';
import { useFlash } from '../lib/flash';
import { formValues, optional, splitTags } from '../lib/form';
import { useIssuerList } from '../lib/lookups';
import { useSubmit } from '../lib/useSubmit';
import { Link } from '../router/Link';

/** The request body from the form: only the fields that were filled, validity only for certifications. */
function toBody(v: Record<string, string>, kind: AchievementKind, renewable: boolean): NewAchievement {
  const image = optional(v.image);
  const tags = splitTags(v.tags);
  const alignments = alignmentsFromForm(v);
  const details = detailsFromForm(v);
  const validity = kind === 'certification' ? toIsoDuration(v.validityAmount, v.validityUnit) : undefined;
  return {
    issuerId: v.issuerId!,
    kind,
    name: v.name!,
    description: v.description!,
    criteria: criteriaFromForm(v),
    ...(image ? { image } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(alignments.length > 0 ? { alignments } : {}),
    ...(Object.keys(details).length > 0 ? { details } : {}),
    ...(validity ? { validity } : {}),
    ...(kind === 'certification' ? { renewable, ...renewalFromForm(v) } : {}),
  };
}

export function NewAchievementPage() {
  const { t } = useI18n();
  const { show } = useFlash();
  const issuers = useIssuerList();
  const [kind, setKind] = useState<AchievementKind>('badge');
  const [renewable, setRenewable] = useState(true);
  const artwork = useRef<ArtworkHandle>(null);
  const submit = useSubmit(async (form: HTMLFormElement) => {
    // With the designer open, the design is the artwork (stored now if "Use this design" was not pressed).
    const designed = await artwork.current?.resolveImage();
    const values = formValues(form);
    const achievement = await createAchievement(toBody(designed ? { ...values, image: designed } : values, kind, renewable));
    artwork.current?.saved();
    show(t('achievementForm.created', { name: achievement.name }), '/achievements');
  });
  const fieldError = useFieldError(submit.error);
  const labels = achievementLabels(t);
  const noIssuers = issuers.data !== undefined && issuers.data.length === 0;

  return (
    <>
      <PageHeader title={t('achievementForm.title')} />
      <LoadState loading={issuers.loading} error={issuers.error} retry={issuers.reload}>
        {noIssuers && (
          <Notice tone="info">
            <p>{t('achievementForm.needIssuer')}</p>
            <Link to="/issuers/new">{t('issuers.new')}</Link>
          </Notice>
        )}
        {issuers.data && !noIssuers && (
          <>
            <ErrorSummary error={submit.error} labels={labels} />
            <SubmitForm action={submit}>
              <SelectField
                name="issuerId"
                label={labels.issuerId}
                required
                defaultValue={issuers.data.length === 1 ? issuers.data[0]!.id : ''}
                placeholder={t('achievementForm.chooseIssuer')}
                options={issuers.data.map((i) => ({ value: i.id, label: i.name }))}
                error={fieldError('issuerId')}
              />
              <TextField name="name" label={labels.name} required maxLength={200} error={fieldError('name')} />
              <TextAreaField name="description" label={labels.description} hint={t('achievementForm.descriptionHint')} required maxLength={20000} error={fieldError('description')} />
              <RadioGroup
                name="kind"
                legend={labels.kind}
                value={kind}
                onChange={(value) => setKind(value as AchievementKind)}
                options={ACHIEVEMENT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`), hint: t(`kind.${k}.hint`) }))}
                error={fieldError('kind')}
              />
              {kind === 'certification' && <ValidityFieldset error={fieldError('validity')} renewable={renewable} onRenewable={setRenewable} />}
              <CriteriaFieldset fieldError={fieldError} />
              <TextField name="tags" label={labels.tags} hint={t('achievementForm.tagsHint')} error={fieldError('tags')} />
              <AlignmentsFieldset fieldError={fieldError} />
              <DetailsFieldset fieldError={fieldError} />
              <ArtworkField error={fieldError('image')} draftKey="new" handle={artwork} />
              <FormActions label={t('achievementForm.submit')} busy={submit.pending} cancelTo="/achievements" />
            </SubmitForm>
          </>
        )}
      </LoadState>
    </>
  );
}
