import type { AchievementDetails } from '../../lib/achievement-details';
import { CREDIT_UNITS, RESULT_TYPES } from '../../lib/achievement-details';
import { useI18n } from '../../i18n/useI18n';
import { SelectField, TextAreaField, TextField } from '../Field';

type FieldError = (path: string) => string | undefined;

/** OB 3.0 details: credits, field of study, code, language, a French version, and the result an award records. */
export function DetailsFieldset({ fieldError, initial }: { fieldError: FieldError; initial?: AchievementDetails | undefined }) {
  const { t } = useI18n();
  const result = initial?.resultDescriptions?.[0];
  return (
    <fieldset className="fieldset">
      <legend className="field-label">{t('details.legend')}</legend>
      <p className="field-hint">{t('details.hint')}</p>
      <div className="row">
        <TextField name="details.creditsAvailable" type="number" inputMode="decimal" min={0} step="any" label={t('details.creditsAvailable')} hint={t('details.creditsAvailableHint')} className="input input-narrow" defaultValue={initial?.creditsAvailable?.toString() ?? ''} error={fieldError('details.creditsAvailable')} />
        <SelectField name="details.creditUnit" label={t('details.creditUnit')} defaultValue={initial?.creditUnit ?? ''} options={[{ value: '', label: t('details.creditUnit.none') }, ...CREDIT_UNITS.map((u) => ({ value: u, label: t(`details.creditUnit.${u}`) }))]} />
        <TextField name="details.hours" type="number" inputMode="decimal" min={0} step="any" label={t('details.hours')} hint={t('details.hoursHint')} className="input input-narrow" defaultValue={initial?.hours?.toString() ?? ''} error={fieldError('details.hours')} />
        <TextField name="details.humanCode" label={t('details.humanCode')} maxLength={100} defaultValue={initial?.humanCode ?? ''} error={fieldError('details.humanCode')} />
        <TextField name="details.inLanguage" label={t('details.inLanguage')} hint={t('details.inLanguageHint')} maxLength={35} className="input input-narrow" defaultValue={initial?.inLanguage ?? ''} error={fieldError('details.inLanguage')} />
      </div>
      <TextField name="details.fieldOfStudy" label={t('details.fieldOfStudy')} maxLength={200} defaultValue={initial?.fieldOfStudy ?? ''} error={fieldError('details.fieldOfStudy')} />
      <TextField name="details.fr.name" label={t('details.frName')} maxLength={200} defaultValue={initial?.translations?.fr?.name ?? ''} />
      <TextAreaField name="details.fr.description" label={t('details.frDescription')} maxLength={20000} defaultValue={initial?.translations?.fr?.description ?? ''} />
      <fieldset className="fieldset">
        <legend className="field-label">{t('details.result')}</legend>
        <p className="field-hint">{t('details.resultHint')}</p>
        <TextField name="details.result.name" label={t('details.resultName')} maxLength={200} defaultValue={result?.name ?? ''} error={fieldError('details.resultDescriptions.0.name')} />
        <SelectField name="details.result.type" label={t('details.resultType')} defaultValue={result?.resultType ?? 'Percent'} options={RESULT_TYPES.map((r) => ({ value: r, label: t(`details.resultType.${r}`) }))} />
        <div className="row">
          <TextField name="details.result.min" label={t('details.resultMin')} className="input input-narrow" defaultValue={result?.valueMin ?? ''} error={fieldError('details.resultDescriptions.0.valueMin')} />
          <TextField name="details.result.max" label={t('details.resultMax')} className="input input-narrow" defaultValue={result?.valueMax ?? ''} error={fieldError('details.resultDescriptions.0.valueMax')} />
          <TextField name="details.result.required" label={t('details.resultRequired')} className="input input-narrow" defaultValue={result?.requiredValue ?? ''} />
        </div>
      </fieldset>
    </fieldset>
  );
}
