import { useState } from 'react';
import { createLtiRegistrationLink, deleteLtiPlatform, listLtiPlatforms, registerLtiPlatform } from '../api/lti';
import type { LtiPlatform } from '../api/types';
import { Button } from '../components/Button';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CopyField } from '../components/CopyField';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { TextAreaField, TextField } from '../components/Field';
import { FormSection } from '../components/FormSection';
import { ListSection } from '../components/ListSection';
import { PageHeader } from '../components/PageHeader';
import { RowActionButton } from '../components/RowActionButton';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { useConfirm } from '../lib/useConfirm';
import { useLoad } from '../lib/useLoad';
import { useSubmit, useSubmitThenClear } from '../lib/useSubmit';

const URL_FIELDS = ['issuer', 'authLoginUrl', 'jwksUrl', 'tokenUrl'] as const;

/** LMS platforms (LTI 1.3): register one, read the tool configuration to paste into it, remove it. */
export function LtiPage() {
  const { t, formatDate } = useI18n();
  const { show } = useFlash();
  const platforms = useLoad(listLtiPlatforms, []);
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const makeLink = useSubmit(async () => setLink(await createLtiRegistrationLink()));
  const labels: Record<string, string> = {
    name: t('lti.name'), clientId: t('lti.clientId'), deploymentIds: t('lti.deploymentIds'),
    issuer: t('lti.issuer'), authLoginUrl: t('lti.authLoginUrl'), jwksUrl: t('lti.jwksUrl'), tokenUrl: t('lti.tokenUrl'),
  };

  const create = useSubmitThenClear(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    const saved = await registerLtiPlatform({
      name: value('name'), issuer: value('issuer'), clientId: value('clientId'),
      deploymentIds: value('deploymentIds').split(/\s*\n\s*/).filter(Boolean),
      authLoginUrl: value('authLoginUrl'), jwksUrl: value('jwksUrl'), tokenUrl: value('tokenUrl'),
    });
    platforms.reload();
    show(t('lti.registered', { name: saved.name }));
  });
  const removing = useConfirm(async (platform: LtiPlatform) => {
    await deleteLtiPlatform(platform.id);
    show(t('lti.deleted', { name: platform.name }));
    platforms.reload();
  });
  const fieldError = useFieldError(create.error);

  return (
    <>
      <PageHeader title={t('lti.title')} intro={t('lti.intro')} />
      <section className="section" aria-labelledby="dynamic-lti-title">
        <h2 id="dynamic-lti-title">{t('lti.dynamic')}</h2>
        <p>{t('lti.dynamicIntro')}</p>
        <ErrorSummary error={makeLink.error} />
        {link ? (
          <>
            <CopyField name="registration-link" label={t('lti.dynamicLink')} value={link.url} />
            <p className="hint">{t('lti.dynamicExpires', { date: formatDate(link.expiresAt) })}</p>
          </>
        ) : (
          <Button variant="secondary" busy={makeLink.pending} onClick={() => void makeLink.run()}>
            {t('lti.dynamicCreate')}
          </Button>
        )}
      </section>
      <FormSection title={t('lti.new')} action={create} labels={labels} submitLabel={t('lti.submit')} resetKey={create.formKey}>
        <TextField name="name" label={t('lti.name')} hint={t('lti.nameHint')} required maxLength={200} error={fieldError('name')} />
        <TextField name="issuer" label={t('lti.issuer')} type="url" required maxLength={2048} placeholder="https://" error={fieldError('issuer')} />
        <TextField name="clientId" label={t('lti.clientId')} required maxLength={255} autoComplete="off" error={fieldError('clientId')} />
        <TextAreaField name="deploymentIds" label={t('lti.deploymentIds')} hint={t('lti.deploymentIdsHint')} required rows={2} error={fieldError('deploymentIds')} />
        {URL_FIELDS.slice(1).map((name) => (
          <TextField key={name} name={name} label={labels[name]!} type="url" required maxLength={2048} placeholder="https://" error={fieldError(name)} />
        ))}
      </FormSection>
      <ListSection
        list={platforms}
        loading={platforms.loading}
        caption={t('lti.caption')}
        columns={[
          {
            header: t('lti.col.platform'),
            primary: true,
            className: 'cell-primary cell-break',
            cell: (p) => (
              <>
                {p.name}
                <span className="cell-sub">{p.issuer}</span>
                <span className="cell-sub">
                  {t('lti.clientId')}: {p.clientId}
                </span>
              </>
            ),
          },
          {
            header: t('lti.col.tool'),
            cell: (p) => (
              <>
                <CopyField name={`login-${p.id}`} label={t('lti.loginUrl')} value={p.tool.loginInitiationUrl} />
                <CopyField name={`launch-${p.id}`} label={t('lti.redirectUrl')} value={p.tool.redirectUrls[0] ?? ''} />
                <CopyField name={`jwks-${p.id}`} label={t('lti.toolJwksUrl')} value={p.tool.jwksUrl} />
              </>
            ),
          },
          { header: t('common.created'), cell: (p) => formatDate(p.createdAt) },
          {
            header: t('common.actions'),
            className: 'cell-actions',
            cell: (p) => <RowActionButton label={t('lti.delete')} target={t('lti.target', { name: p.name })} onClick={() => removing.ask(p)} />,
          },
        ]}
        rowKey={(p) => p.id}
        empty={t('lti.empty')}
      />
      <ConfirmDialog confirming={removing} title={t('lti.deleteTitle')} body={(p) => t('lti.deleteBody', { name: p.name })} confirmLabel={t('lti.deleteConfirm')} />
    </>
  );
}
