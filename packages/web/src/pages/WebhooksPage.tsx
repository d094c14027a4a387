import { useState } from 'react';
import { createWebhook, deleteWebhook, listWebhooks, rotateWebhookSecret, sendWebhookTest, updateWebhook } from '../api/webhooks';
import type { Webhook, WebhookWithSecret } from '../api/types';
import { ActionDialog } from '../components/ActionDialog';
import { Button } from '../components/Button';
import { ErrorSummary } from '../components/ErrorSummary';
import { FormActions } from '../components/FormActions';
import { LoadState } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { SubmitForm } from '../components/SubmitForm';
import { EmptyRow, Table } from '../components/Table';
import { useI18n } from '../i18n/useI18n';
import { useFlash } from '../lib/flash';
import { optional } from '../lib/form';
import { useLoad } from '../lib/useLoad';
import { useSubmit } from '../lib/useSubmit';
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
  const [formKey, setFormKey] = useState(0);
  const [sent, setSent] = useState(0);
  const labels = useWebhookLabels('');

  const create = useSubmit(async (form: HTMLFormElement) => {
    const v = readWebhookForm(form, '', t('webhooks.eventsRequired'));
    const description = optional(v.description);
    setSecret(await createWebhook({ url: v.url, events: v.events, ...(description ? { description } : {}) }));
    setFormKey((k) => k + 1);
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
  const target = (endpoint: Webhook) => <span className="visually-hidden"> {t('webhooks.target', { url: endpoint.url })}</span>;

  return (
    <>
      <PageHeader title={t('webhooks.title')} intro={t('webhooks.intro')} />
      {secret && <SecretNotice endpoint={secret} onDismiss={() => setSecret(null)} />}
      <section className="section" aria-labelledby="new-webhook-title">
        <h2 id="new-webhook-title">{t('webhooks.new')}</h2>
        <ErrorSummary error={create.error} labels={labels} />
        <SubmitForm key={formKey} action={create}>
          <WebhookFields prefix="" error={create.error} />
          <FormActions label={t('webhooks.submit')} busy={create.pending} />
        </SubmitForm>
      </section>
      <ErrorSummary error={toggle.error ?? test.error} />
      <section className="section">
        <LoadState loading={endpoints.loading} error={endpoints.error} retry={endpoints.reload}>
          <Table caption={t('webhooks.caption')} captionHidden={false}>
            <thead>
              <tr>
                <th scope="col">{t('webhooks.col.url')}</th>
                <th scope="col">{t('webhooks.col.events')}</th>
                <th scope="col">{t('webhooks.col.status')}</th>
                <th scope="col">{t('common.created')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.data?.items.length === 0 && <EmptyRow colSpan={5}>{t('webhooks.empty')}</EmptyRow>}
              {endpoints.data?.items.map((endpoint) => (
                <tr key={endpoint.id}>
                  <th scope="row" className="cell-primary cell-break">
                    {endpoint.url}
                    {endpoint.description && <span className="cell-sub">{endpoint.description}</span>}
                  </th>
                  <td>
                    <ul className="tags">
                      {endpoint.events.map((event) => (
                        <li key={event} className="tag">
                          {event}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <span className={`badge ${endpoint.enabled ? 'badge-active' : 'badge-expired'}`}>{t(endpoint.enabled ? 'webhooks.enabled' : 'webhooks.disabled')}</span>
                    {endpoint.disabledReason && <span className="cell-sub">{t('webhooks.disabledReason', { reason: endpoint.disabledReason })}</span>}
                    {endpoint.enabled && endpoint.consecutiveFailures > 0 && (
                      <span className="cell-sub">{t('webhooks.failures', { n: endpoint.consecutiveFailures })}</span>
                    )}
                  </td>
                  <td>{formatDate(endpoint.createdAt)}</td>
                  <td className="cell-actions">
                    <Button variant="secondary" className="btn-small" onClick={() => setShowing(endpoint)}>
                      {t('webhooks.deliveries')}
                      {target(endpoint)}
                    </Button>{' '}
                    <Button variant="secondary" className="btn-small" busy={test.pending} onClick={() => void test.run(endpoint)}>
                      {t('webhooks.test')}
                      {target(endpoint)}
                    </Button>{' '}
                    <Button variant="secondary" className="btn-small" onClick={() => setDialog({ kind: 'edit', endpoint })}>
                      {t('webhooks.edit')}
                      {target(endpoint)}
                    </Button>{' '}
                    <Button variant="secondary" className="btn-small" busy={toggle.pending} onClick={() => void toggle.run(endpoint)}>
                      {t(endpoint.enabled ? 'webhooks.turnOff' : 'webhooks.turnOn')}
                      {target(endpoint)}
                    </Button>{' '}
                    <Button variant="secondary" className="btn-small" onClick={() => setDialog({ kind: 'rotate', endpoint })}>
                      {t('webhooks.rotate')}
                      {target(endpoint)}
                    </Button>{' '}
                    <Button variant="danger" className="btn-small" onClick={() => setDialog({ kind: 'delete', endpoint })}>
                      {t('webhooks.delete')}
                      {target(endpoint)}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </LoadState>
      </section>
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
