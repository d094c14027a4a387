import { useState } from 'react';
import { createEventSource, deleteEventSource, listEventSources, type EventSource } from '../../api/award-rules';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { LoadState } from '../../components/LoadState';
import { RowActionButton } from '../../components/RowActionButton';
import { SecretBox } from '../../components/SecretBox';
import { CopyField } from '../../components/CopyField';
import { SubmitForm } from '../../components/SubmitForm';
import { DataTable } from '../../components/Table';
import { useI18n } from '../../i18n/useI18n';
import { useFlash } from '../../lib/flash';
import { useLoad } from '../../lib/useLoad';
import { useSubmit, useSubmitThenClear } from '../../lib/useSubmit';

/** Sources of signed events: the secret shown once, the URL to send to, delete. */
export function EventSources() {
  const { t, formatDate } = useI18n();
  const { show } = useFlash();
  const sources = useLoad(listEventSources, []);
  const [created, setCreated] = useState<(EventSource & { secret: string }) | null>(null);
  const create = useSubmitThenClear(async (form: HTMLFormElement) => {
    setCreated(await createEventSource(String(new FormData(form).get('sourceName') ?? '')));
    sources.reload();
  });
  const remove = useSubmit(async (source: EventSource) => {
    await deleteEventSource(source.id);
    if (created?.id === source.id) setCreated(null);
    sources.reload();
    show(t('rules.sourceDeleted', { name: source.name }));
  });
  return (
    <section className="section" aria-labelledby="sources-title">
      <h2 id="sources-title">{t('rules.sources')}</h2>
      <p>{t('rules.sourcesIntro')}</p>
      {created && (
        <div className="alert alert-warning">
          <SecretBox name="sourceSecret" label={t('rules.sourceSecret', { name: created.name })} secret={created.secret} />
          <CopyField name="sourceUrl" label={t('rules.sourceUrl', { name: created.name })} value={`${window.location.origin}/api/v1/events?source=${created.id}`} />
        </div>
      )}
      <ErrorSummary error={create.error ?? remove.error} labels={{ name: t('rules.sourceName') }} />
      <SubmitForm key={create.formKey} action={create}>
        <TextField name="sourceName" label={t('rules.sourceName')} required maxLength={100} />
        <FormActions label={t('rules.sourceSubmit')} busy={create.pending} />
      </SubmitForm>
      <LoadState loading={sources.loading} error={sources.error} retry={sources.reload}>
        <DataTable
          caption={t('rules.sourcesCaption')}
          captionHidden={false}
          columns={[
            {
              header: t('rules.col.source'),
              primary: true,
              cell: (s) => (
                <>
                  {s.name}
                  <span className="cell-sub">{s.id}</span>
                </>
              ),
            },
            { header: t('common.created'), cell: (s) => formatDate(s.createdAt) },
            { header: t('rules.col.lastUsed'), cell: (s) => (s.lastUsedAt ? formatDate(s.lastUsedAt) : t('rules.never')) },
            { header: t('common.actions'), className: 'cell-actions', cell: (s) => <RowActionButton label={t('rules.delete')} target={s.name} busy={remove.pending} onClick={() => void remove.run(s)} /> },
          ]}
          rows={sources.data?.items}
          rowKey={(s) => s.id}
          empty={t('rules.sourcesEmpty')}
        />
      </LoadState>
    </section>
  );
}
