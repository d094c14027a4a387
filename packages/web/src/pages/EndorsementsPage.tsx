import { useState } from 'react';
import { listIssuers } from '../api/badges';
import { acceptEndorsement, createEndorsement, hideEndorsement, listEndorsements, revokeEndorsement, type Endorsement } from '../api/endorsements';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { SelectField, TextAreaField, TextField } from '../components/Field';
import { FormSection } from '../components/FormSection';
import { ListSection } from '../components/ListSection';
import { PageHeader } from '../components/PageHeader';
import { RowActionButton } from '../components/RowActionButton';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { useConfirm } from '../lib/useConfirm';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';

/** Endorsements: sign one as one of the organisation's issuers, accept an outside one, list and revoke. */
export function EndorsementsPage() {
  const { t, formatDate } = useI18n();
  const { show } = useFlash();
  const list = useLoad(() => listEndorsements(), []);
  const issuers = useLoad(() => listIssuers({ limit: 100 }), []);
  const [formKey, setFormKey] = useState(0);
  const [jsonError, setJsonError] = useState('');

  const create = useSubmit(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    await createEndorsement({
      endorserIssuerId: String(data.get('endorserIssuerId') ?? ''),
      subject: { type: data.get('subjectType') === 'issuer' ? 'issuer' : 'achievement', id: String(data.get('subjectUrl') ?? '').trim() },
      comment: String(data.get('comment') ?? ''),
    });
    show(t('endorsements.createdFlash'));
    setFormKey((k) => k + 1);
    list.reload();
  });
  const accept = useSubmit(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const json = String(data.get('credential') ?? '').trim();
    const url = String(data.get('url') ?? '').trim();
    setJsonError('');
    let credential: Record<string, unknown> | undefined;
    if (json) {
      try {
        credential = JSON.parse(json) as Record<string, unknown>;
      } catch {
        setJsonError(t('endorsements.inboundBadJson'));
        return;
      }
    }
    await acceptEndorsement({ ...(credential ? { credential } : {}), ...(url && !credential ? { url } : {}) });
    show(t('endorsements.acceptedFlash'));
    setFormKey((k) => k + 1);
    list.reload();
  });
  const revoking = useConfirm(async (endorsement: Endorsement) => {
    await revokeEndorsement(endorsement.id);
    show(t('endorsements.revokedFlash'));
    list.reload();
  });
  const hide = useSubmit(async (e: Endorsement) => {
    await hideEndorsement(e.id);
    show(t('endorsements.hiddenFlash'));
    list.reload();
  });
  const fieldError = useFieldError(create.error);
  const labels = { endorserIssuerId: t('endorsements.endorser'), subject: t('endorsements.subjectUrl'), comment: t('endorsements.comment') };
  const issuerOptions = (issuers.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }));

  return (
    <>
      <PageHeader title={t('endorsements.title')} intro={t('endorsements.intro')} />
      <ErrorSummary error={hide.error} />
      <ListSection
        list={list}
        caption={t('endorsements.caption')}
        columns={[
          {
            header: t('endorsements.col.endorser'),
            primary: true,
            cell: (e) => (
              <>
                {e.endorserName}
                {e.direction === 'received' && <span className="muted"> ({t('endorsements.received')})</span>}
              </>
            ),
          },
          {
            header: t('endorsements.col.subject'),
            cell: (e) => (
              <>
                {t(`endorsements.subject.${e.subject.type}`)}: <a href={e.subject.url}>{e.subject.url}</a>
              </>
            ),
          },
          { header: t('endorsements.col.comment'), cell: (e) => e.comment },
          { header: t('endorsements.col.date'), cell: (e) => formatDate(e.createdAt) },
          { header: t('endorsements.col.status'), cell: (e) => (e.revokedAt ? t('endorsements.revoked') : e.hiddenAt ? t('endorsements.hidden') : t('endorsements.live')) },
          {
            header: t('common.actions'),
            className: 'cell-actions',
            cell: (e) => (
              <>
                {e.mine && !e.revokedAt && <RowActionButton label={t('endorsements.revoke')} target={t('endorsements.revokeTarget', { endorser: e.endorserName })} onClick={() => revoking.ask(e)} />}
                {!e.mine && !e.hiddenAt && !e.revokedAt && (
                  <RowActionButton variant="secondary" disabled={hide.pending} label={t('endorsements.hide')} target={t('endorsements.revokeTarget', { endorser: e.endorserName })} onClick={() => void hide.run(e)} />
                )}
              </>
            ),
          },
        ]}
        rowKey={(e) => e.id}
        empty={t('endorsements.empty')}
      />
      <FormSection title={t('endorsements.new')} action={create} labels={labels} submitLabel={t('endorsements.submit')} resetKey={formKey}>
        <SelectField name="endorserIssuerId" label={t('endorsements.endorser')} options={issuerOptions} required error={fieldError('endorserIssuerId')} />
        <SelectField
          name="subjectType"
          label={t('endorsements.subjectType')}
          options={[
            { value: 'achievement', label: t('endorsements.subject.achievement') },
            { value: 'issuer', label: t('endorsements.subject.issuer') },
          ]}
        />
        <TextField name="subjectUrl" type="url" label={t('endorsements.subjectUrl')} hint={t('endorsements.subjectUrlHint')} required maxLength={2000} error={fieldError('subject')} />
        <TextAreaField name="comment" label={t('endorsements.comment')} required maxLength={5000} rows={4} error={fieldError('comment')} />
      </FormSection>
      <FormSection title={t('endorsements.inbound')} intro={t('endorsements.inboundHint')} action={accept} submitLabel={t('endorsements.inboundSubmit')} resetKey={formKey}>
        <TextAreaField name="credential" label={t('endorsements.inboundJson')} optional rows={6} error={jsonError || undefined} />
        <TextField name="url" type="url" label={t('endorsements.inboundUrl')} optional maxLength={2000} />
      </FormSection>
      <ConfirmDialog confirming={revoking} title={t('endorsements.revoke')} body={(e) => t('endorsements.revokeTarget', { endorser: e.endorserName })} confirmLabel={t('endorsements.revoke')} />
    </>
  );
}
