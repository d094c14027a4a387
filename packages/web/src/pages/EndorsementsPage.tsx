import { useState } from 'react';
import { listIssuers } from '../api/badges';
import { acceptEndorsement, createEndorsement, hideEndorsement, listEndorsements, revokeEndorsement, type Endorsement } from '../api/endorsements';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorSummary, useFieldError } from '../components/ErrorSummary';
import { SelectField, TextAreaField, TextField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { RowActionButton } from '../components/RowActionButton';
import { EmptyRow, Table } from '../components/Table';
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
      <section className="section">
        <LoadState loading={list.loading && !list.data} error={list.error} retry={list.reload}>
          <Table caption={t('endorsements.caption')} captionHidden={false}>
            <thead>
              <tr>
                <th scope="col">{t('endorsements.col.endorser')}</th>
                <th scope="col">{t('endorsements.col.subject')}</th>
                <th scope="col">{t('endorsements.col.comment')}</th>
                <th scope="col">{t('endorsements.col.date')}</th>
                <th scope="col">{t('endorsements.col.status')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.items.length === 0 && <EmptyRow colSpan={6}>{t('endorsements.empty')}</EmptyRow>}
              {list.data?.items.map((e) => (
                <tr key={e.id}>
                  <th scope="row" className="cell-primary">
                    {e.endorserName}
                    {e.direction === 'received' && <span className="muted"> ({t('endorsements.received')})</span>}
                  </th>
                  <td>
                    {t(`endorsements.subject.${e.subject.type}`)}: <a href={e.subject.url}>{e.subject.url}</a>
                  </td>
                  <td>{e.comment}</td>
                  <td>{formatDate(e.createdAt)}</td>
                  <td>{e.revokedAt ? t('endorsements.revoked') : e.hiddenAt ? t('endorsements.hidden') : t('endorsements.live')}</td>
                  <td className="cell-actions">
                    {e.mine && !e.revokedAt && <RowActionButton label={t('endorsements.revoke')} target={t('endorsements.revokeTarget', { endorser: e.endorserName })} onClick={() => revoking.ask(e)} />}
                    {!e.mine && !e.hiddenAt && !e.revokedAt && (
                      <RowActionButton variant="secondary" disabled={hide.pending} label={t('endorsements.hide')} target={t('endorsements.revokeTarget', { endorser: e.endorserName })} onClick={() => void hide.run(e)} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </LoadState>
      </section>
      <section className="section" aria-labelledby="endorse-title">
        <h2 id="endorse-title">{t('endorsements.new')}</h2>
        <ErrorSummary error={create.error} labels={labels} />
        <form
          key={`new-${formKey}`}
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void create.run(e.currentTarget);
          }}
        >
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
          <FormActions label={t('endorsements.submit')} busy={create.pending} />
        </form>
      </section>
      <section className="section" aria-labelledby="inbound-title">
        <h2 id="inbound-title">{t('endorsements.inbound')}</h2>
        <p>{t('endorsements.inboundHint')}</p>
        <ErrorSummary error={accept.error} />
        <form
          key={`in-${formKey}`}
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void accept.run(e.currentTarget);
          }}
        >
          <TextAreaField name="credential" label={t('endorsements.inboundJson')} optional rows={6} error={jsonError || undefined} />
          <TextField name="url" type="url" label={t('endorsements.inboundUrl')} optional maxLength={2000} />
          <FormActions label={t('endorsements.inboundSubmit')} busy={accept.pending} />
        </form>
      </section>
      <ConfirmDialog confirming={revoking} title={t('endorsements.revoke')} body={(e) => t('endorsements.revokeTarget', { endorser: e.endorserName })} confirmLabel={t('endorsements.revoke')} />
    </>
  );
}
