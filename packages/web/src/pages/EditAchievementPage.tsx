import { useRef, useState } from 'react';
import { getAchievement, updateAchievement } from '../api/badges';
import type { Achievement, AchievementPatch } from '../api/types';
import { Button } from '../components/Button';
import { FormActions } from '../components/FormActions';
import { AlignmentsFieldset, CriteriaFieldset, ValidityFieldset, achievementLabels, alignmentsFromForm, criteriaFromForm } from '../components/achievement/AchievementFields';
import { ArtworkField, type ArtworkHandle } from '../components/artwork/ArtworkField';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { TextAreaField, TextField } from '../components/Field';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { Link } from '../router/Link';
import { SubmitForm } from '../components/SubmitForm';
import { useI18n } from '../i18n/useI18n';
import { validityFromForm } from '../lib/duration';
import { renewalFromForm } from '../lib/renewal-settings';
import { detailsFromForm } from '../lib/achievement-details';
import { DetailsFieldset } from '../components/achievement/DetailsFieldset';
import { useFlash } from '../lib/flash';
import { formValues, optional, splitTags } from '../lib/form';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';

/**
 * The PATCH body: every editable field, so cleared ones are cleared (empty image → generated, empty
 * validity → never expires); a kept validity is sent back exactly as stored.
 */
function toPatch(v: Record<string, string>, achievement: Achievement, renewable: boolean): AchievementPatch {
  const certification = achievement.kind === 'certification';
  return {
    name: v.name!,
    description: v.description!,
    criteria: criteriaFromForm(v),
    image: optional(v.image) ?? null,
    tags: splitTags(v.tags),
    alignments: alignmentsFromForm(v),
    details: detailsFromForm(v, achievement.details),
    ...(certification ? { validity: validityFromForm(v, achievement.validity), renewable, ...renewalFromForm(v) } : {}),
  };
}

function EditForm({ achievement, onSaved }: { achievement: Achievement; onSaved: (a: Achievement) => void }) {
  const { t } = useI18n();
  const [renewable, setRenewable] = useState(achievement.renewable);
  const artwork = useRef<ArtworkHandle>(null);
  const submit = useSubmit(async (form: HTMLFormElement) => {
    // With the designer open, the design is the artwork (stored now if "Use this design" was not pressed).
    const designed = await artwork.current?.resolveImage();
    const values = formValues(form);
    const saved = await updateAchievement(achievement.id, toPatch(designed ? { ...values, image: designed } : values, achievement, renewable));
    artwork.current?.saved();
    onSaved(saved);
  });
  const fieldError = useFieldError(submit.error);
  const labels = achievementLabels(t);

  return (
    <>
      <ErrorSummary error={submit.error} labels={labels} />
      <SubmitForm action={submit}>
        <p>
          <span className="field-label">{labels.kind}: </span>
          {t(`kind.${achievement.kind}`)}
        </p>
        <TextField name="name" label={labels.name!} required maxLength={200} defaultValue={achievement.name} error={fieldError('name')} />
        <TextAreaField name="description" label={labels.description!} hint={t('achievementForm.descriptionHint')} required maxLength={20000} defaultValue={achievement.description} error={fieldError('description')} />
        {achievement.kind === 'certification' && <ValidityFieldset error={fieldError('validity')} renewable={renewable} onRenewable={setRenewable} initial={achievement.validity} renewal={achievement} />}
        <CriteriaFieldset fieldError={fieldError} initial={achievement.criteria} />
        <TextField name="tags" label={labels.tags!} hint={t('achievementForm.tagsHint')} defaultValue={achievement.tags.join(', ')} error={fieldError('tags')} />
        <AlignmentsFieldset fieldError={fieldError} initial={achievement.alignments} />
        <DetailsFieldset fieldError={fieldError} initial={achievement.details} />
        <ArtworkField error={fieldError('image')} current={achievement.image} draftKey={achievement.id} handle={artwork} />
        <FormActions label={t('achievementEdit.submit')} busy={submit.pending} cancelTo="/achievements" />
      </SubmitForm>
    </>
  );
}

export function EditAchievementPage({ params }: { params?: Readonly<Record<string, string>> }) {
  const { t } = useI18n();
  const { show } = useFlash();
  const achievementId = params?.id ?? '';
  const loaded = useLoad(() => getAchievement(achievementId), [achievementId]);
  const achievement = loaded.data;
  const archive = useSubmit(async (archived: boolean) => {
    const updated = await updateAchievement(achievementId, { archived });
    loaded.reload();
    show(t(archived ? 'achievementEdit.archived' : 'achievementEdit.unarchived', { name: updated.name }));
  });

  return (
    <>
      <PageHeader
        title={achievement ? t('achievementEdit.title', { name: achievement.name }) : t('achievementEdit.titleLoading')}
        actions={
          achievement && (
            <>
              <Link to={`/achievements/${encodeURIComponent(achievementId)}/rules`} className="btn btn-secondary">
                {t('rules.link')}
              </Link>{' '}
              <Link to={`/achievements/${encodeURIComponent(achievementId)}/claim-codes`} className="btn btn-secondary">
                {t('claimCodes.link')}
              </Link>{' '}
              <Button variant="secondary" busy={archive.pending} onClick={() => void archive.run(!achievement.archived)}>
                {achievement.archived ? t('achievementEdit.unarchive') : t('achievementEdit.archive')}
              </Button>
            </>
          )
        }
      />
      <LoadState loading={loaded.loading && !achievement} error={loaded.error} retry={loaded.reload}>
        {achievement && (
          <>
            <ErrorSummary error={archive.error} />
            <section className="achievement-summary" aria-labelledby="achievement-summary-heading">
              <h2 id="achievement-summary-heading" className="visually-hidden">
                {t('achievementEdit.summary')}
              </h2>
              <img
                className="thumb thumb-badge"
                src={achievement.image ?? `/ob2/badges/${encodeURIComponent(achievement.id)}/image`}
                alt={t('achievements.imageAlt', { name: achievement.name })}
                width={96}
                height={96}
              />
              <div>
                <p>{achievement.archived ? t('achievementEdit.statusArchived') : t('achievementEdit.statusActive')}</p>
                <p>
                  <a href={achievement.ob2Url}>{t('achievementEdit.ob2Link')}</a>
                </p>
                <p>
                  <a href={`/api/v1/achievements/${encodeURIComponent(achievement.id)}/preview`} target="_blank" rel="noreferrer">
                    {t('achievementEdit.previewLink')}
                  </a>
                </p>
              </div>
            </section>
            <EditForm
              key={achievement.id}
              achievement={achievement}
              onSaved={(a) => show(t('achievementEdit.saved', { name: a.name }), '/achievements')}
            />
          </>
        )}
      </LoadState>
    </>
  );
}
