import { useState } from 'react';
import { createWebhook, deleteWebhook, listWebhooks, rotateWebhookSecret, sendWebhookTest, updateWebhook } from '../api/webhooks';
import type { Webhook, WebhookWithSecret } from '../api/types';
import { ActionDialog } from '../components/ActionDialog';
import { ErrorSummary } from '../components/ErrorSummary';
import { FormSection } from '../components/FormSection';
import { ListSection } from '../components/ListSection';
import { PageHeader } from '../components/PageHeader';
import { RowActionButton } from '../components/RowActionButton';
import { Badge } from '../components/StatusBadge';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { optional } from '../lib/form';
import { useLoad } from '../lib/useLoad';
import { useSubmit, useSubmitThenClear } from '../lib/useSubmit';
import { Deliveries } from './webhooks/Deliveries';
import { EditWebhookDialog } from './webhooks/EditWebhookDialog';
import { readWebhookForm } from './webhooks/form';
import { SecretNotice } from './webhooks/SecretNotice';
import { useWebhookLabels, WebhookFields } from './webhooks/WebhookFields';

type Dialog = { kind: 'edit' | 'rotate' | 'delete'; endpoint: Webhook } | null;

/** Webhook endpoints: add one (its signing secret shown once), turn on/off, edit, new secret, delete, and each one's deliveries. */
export function WebhooksPage() {
  const { t, formatDate } = useI18n();
  const { show } = useFlash();
  const endpoints = useLoad(listWebhooks, []);
  const [secret, setSecret] = useState<WebhookWithSecret | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [showing, setShowing] = useState<Webhook | null>(null);
  const [sent, setSent] = useState(0);
  const labels = useWebhookLabels('');

  const create = useSubmitThenClear(async (form: HTMLFormElement) => {
    const v = readWebhookForm(form, '', t('webhooks.eventsRequired'));
    const description = optional(v.description);
    setSecret(await createWebhook({ url: v.url, events: v.events, ...(description ? { description } : {}) }));
    endpoints.reload();
  });
  const toggle = useSubmit(async (endpoint: Webhook) => {
    const saved = await updateWebhook(endpoint.id, { enabled: !endpoint.enabled });
    endpoints.reload();
    show(t(saved.enabled ? 'webhooks.turnedOn' : 'webhooks.turnedOff', { url: saved.url }));
  });
  const test = useSubmit(async (endpoint: Webhook) => {
    const attempt = await sendWebhookTest(endpoint.id);
    setSent((n) => n + 1);
    endpoints.reload();
    show(
      attempt.delivered
        ? t('webhooks.testSent', { url: endpoint.url, code: attempt.statusCode ?? '' })
        : t('webhooks.testFailed', { url: endpoint.url, reason: attempt.error ?? t('webhooks.failed') }),
    );
  });
  const rotate = useSubmit(async () => {
    if (dialog?.kind !== 'rotate') return;
    setSecret(await rotateWebhookSecret(dialog.endpoint.id));
    setDialog(null);
  });
  const remove = useSubmit(async () => {
    if (dialog?.kind !== 'delete') return;
    const { endpoint } = dialog;
    await deleteWebhook(endpoint.id);
    setDialog(null);
    if (showing?.id === endpoint.id) setShowing(null);
    endpoints.reload();
    show(t('webhooks.deleted', { url: endpoint.url }));
  });

  return (
    <>
      <PageHeader title={t('webhooks.title')} intro={t('webhooks.intro')} />
      {secret && <SecretNotice endpoint={secret} onDismiss={() => setSecret(null)} />}
      <FormSection title={t('webhooks.new')} action={create} labels={labels} submitLabel={t('webhooks.submit')} resetKey={create.formKey}>
        <WebhookFields prefix="" error={create.error} />
      </FormSection>
      <ErrorSummary error={toggle.error ?? test.error} />
      <ListSection
        list={endpoints}
        loading={endpoints.loading}
        caption={t('webhooks.caption')}
        columns={[
          {
            header: t('webhooks.col.url'),
            primary: true,
            className: 'cell-primary cell-break',
            cell: (endpoint) => (
              <>
                {endpoint.url}
                {endpoint.description && <span className="cell-sub">{endpoint.description}</span>}
              </>
            ),
          },
          {
            header: t('webhooks.col.events'),
            cell: (endpoint) => (
              <ul className="tags">
                {endpoint.events.map((event) => (
                  <li key={event} className="tag">
                    {event}
                  </li>
                ))}
              </ul>
            ),
          },
          {
            header: t('webhooks.col.status'),
            cell: (endpoint) => (
              <>
                <Badge tone={endpoint.enabled ? 'active' : 'expired'}>{t(endpoint.enabled ? 'webhooks.enabled' : 'webhooks.disabled')}</Badge>
                {endpoint.disabledReason && <span className="cell-sub">{t('webhooks.disabledReason', { reason: endpoint.disabledReason })}</span>}
                {endpoint.enabled && endpoint.consecutiveFailures > 0 && <span className="cell-sub">{t('webhooks.failures', { n: endpoint.consecutiveFailures })}</span>}
              </>
            ),
          },
          { header: t('common.created'), cell: (endpoint) => formatDate(endpoint.createdAt) },
          {
            header: t('common.actions'),
            className: 'cell-actions',
            cell: (endpoint) => {
              const target = t('webhooks.target', { url: endpoint.url });
              return (
                <>
                  <RowActionButton variant="secondary" label={t('webhooks.deliveries')} target={target} onClick={() => setShowing(endpoint)} />{' '}
                  <RowActionButton variant="secondary" label={t('webhooks.test')} target={target} busy={test.pending} onClick={() => void test.run(endpoint)} />{' '}
                  <RowActionButton variant="secondary" label={t('webhooks.edit')} target={target} onClick={() => setDialog({ kind: 'edit', endpoint })} />{' '}
                  <RowActionButton
                    variant="secondary"
                    label={t(endpoint.enabled ? 'webhooks.turnOff' : 'webhooks.turnOn')}
                    target={target}
                    busy={toggle.pending}
                    onClick={() => void toggle.run(endpoint)}
                  />{' '}
                  <RowActionButton variant="secondary" label={t('webhooks.rotate')} target={target} onClick={() => setDialog({ kind: 'rotate', endpoint })} />{' '}
                  <RowActionButton label={t('webhooks.delete')} target={target} onClick={() => setDialog({ kind: 'delete', endpoint })} />
                </>
              );
            },
          },
        ]}
        rowKey={(endpoint) => endpoint.id}
        empty={t('webhooks.empty')}
      />
      {showing && <Deliveries endpoint={showing} refresh={sent} onClose={() => setShowing(null)} />}
      <EditWebhookDialog
        endpoint={dialog?.kind === 'edit' ? dialog.endpoint : null}
        onClose={() => setDialog(null)}
        onSaved={(saved) => {
          setDialog(null);
          endpoints.reload();
          show(t('webhooks.saved', { url: saved.url }));
        }}
      />
      <ActionDialog
        open={dialog?.kind === 'rotate'}
        title={t('webhooks.rotateTitle')}
        body={t('webhooks.rotateBody', { url: dialog?.endpoint.url ?? '' })}
        confirmLabel={t('webhooks.rotateConfirm')}
        variant="primary"
        action={rotate}
        onClose={() => setDialog(null)}
      />
      <ActionDialog
        open={dialog?.kind === 'delete'}
        title={t('webhooks.deleteTitle')}
        body={t('webhooks.deleteBody', { url: dialog?.endpoint.url ?? '' })}
        confirmLabel={t('webhooks.deleteConfirm')}
        action={remove}
        onClose={() => setDialog(null)}
      />
    </>
  );
}
