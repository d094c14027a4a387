import { useState } from 'react';
import { getOrganisation, updateOrganisation } from '../api/organisation';
import { RadioGroup } from '../components/Choice';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { SelectField, TextAreaField, TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { SubmitForm } from '../components/SubmitForm';
import { LOCALE_NAMES, LOCALES } from '../i18n/locales';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { formValues, optional } from '../lib/form';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';
import { DeleteOrganisationSection } from './organisation-deletion/DeleteOrganisationSection';

type Visibility = 'public' | 'private';
const days = (value: string | undefined): number | null => (optional(value) === undefined ? null : Number(value));

export function OrganisationPage() {
  const { t } = useI18n();
  const { show } = useFlash();
  const organisation = useLoad(getOrganisation, []);
  const [visibility, setVisibility] = useState<Visibility | null>(null);
  const save = useSubmit(async (form: HTMLFormElement) => {
    const v = formValues(form);
    await updateOrganisation({
      name: v.name!,
      settings: {
        defaultVisibility: (v.defaultVisibility ?? 'public') as Visibility,
        locale: v.locale ?? 'en',
        // Empty: back to the default wording.
        awardEmailSubject: optional(v['settings.awardEmailSubject']) ?? null,
        awardEmailMessage: optional(v['settings.awardEmailMessage']) ?? null,
        privacyNoticeUrl: optional(v['settings.privacyNoticeUrl']) ?? null,
        unclaimedRetentionDays: days(v['settings.unclaimedRetentionDays']),
        ipRetentionDays: days(v['settings.ipRetentionDays']),
      },
    });
    organisation.reload();
    show(t('organisation.saved'));
  });
  const fieldError = useFieldError(save.error);
  const org = organisation.data;
  const labels = {
    name: t('organisation.name'),
    'settings.awardEmailSubject': t('organisation.emailSubject'),
    'settings.awardEmailMessage': t('organisation.emailMessage'),
    'settings.privacyNoticeUrl': t('organisation.privacyNoticeUrl'),
    'settings.unclaimedRetentionDays': t('organisation.unclaimedRetentionDays'),
    'settings.ipRetentionDays': t('organisation.ipRetentionDays'),
  };

  return (
    <>
      <PageHeader title={t('organisation.title')} />
      <LoadState loading={organisation.loading} error={organisation.error} retry={organisation.reload}>
        {org && (
          <>
            <ErrorSummary error={save.error} labels={labels} />
            <SubmitForm action={save}>
              <TextField name="name" label={t('organisation.name')} required maxLength={200} defaultValue={org.name} error={fieldError('name')} />
              <RadioGroup
                name="defaultVisibility"
                legend={t('organisation.defaultVisibility')}
                value={visibility ?? org.settings.defaultVisibility}
                onChange={(value) => setVisibility(value as Visibility)}
                options={(['public', 'private'] as const).map((v) => ({ value: v, label: t(`organisation.visibility.${v}`) }))}
              />
              <SelectField
                name="locale"
                label={t('organisation.locale')}
                defaultValue={org.settings.locale}
                options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
              />
              <fieldset className="fieldset">
                <legend className="field-label">{t('organisation.email')}</legend>
                <p className="field-hint">{t('organisation.emailHint')}</p>
                <TextField
                  name="settings.awardEmailSubject"
                  label={labels['settings.awardEmailSubject']}
                  hint={t('organisation.emailSubjectHint')}
                  placeholder={t('organisation.emailSubjectPlaceholder')}
                  maxLength={200}
                  defaultValue={org.settings.awardEmailSubject ?? ''}
                  error={fieldError('settings.awardEmailSubject')}
                />
                <TextAreaField
                  name="settings.awardEmailMessage"
                  label={labels['settings.awardEmailMessage']}
                  hint={t('organisation.emailMessageHint')}
                  maxLength={4000}
                  rows={6}
                  defaultValue={org.settings.awardEmailMessage ?? ''}
                  error={fieldError('settings.awardEmailMessage')}
                />
              </fieldset>
              <fieldset className="fieldset">
                <legend className="field-label">{t('organisation.privacy')}</legend>
                <TextField name="settings.privacyNoticeUrl" type="url" label={labels['settings.privacyNoticeUrl']} hint={t('organisation.privacyNoticeUrlHint')} maxLength={2000} defaultValue={org.settings.privacyNoticeUrl ?? ''} error={fieldError('settings.privacyNoticeUrl')} />
                <TextField name="settings.unclaimedRetentionDays" type="number" min={1} max={3650} label={labels['settings.unclaimedRetentionDays']} hint={t('organisation.unclaimedRetentionDaysHint')} defaultValue={org.settings.unclaimedRetentionDays ?? ''} error={fieldError('settings.unclaimedRetentionDays')} />
                <TextField name="settings.ipRetentionDays" type="number" min={1} max={3650} label={labels['settings.ipRetentionDays']} hint={t('organisation.ipRetentionDaysHint')} defaultValue={org.settings.ipRetentionDays ?? ''} error={fieldError('settings.ipRetentionDays')} />
              </fieldset>
              <FormActions label={t('common.save')} busy={save.pending} />
            </SubmitForm>
            <DeleteOrganisationSection name={org.name} />
          </>
        )}
      </LoadState>
    </>
  );
}
