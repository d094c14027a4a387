import { updateWebhook } from '../../api/webhooks';
import type { Webhook } from '../../api/types';
import { ErrorSummary } from '../../components/ErrorSummary';
import { FormActions } from '../../components/FormActions';
import { Modal } from '../../components/Modal';
import { SubmitForm } from '../../components/SubmitForm';
import { useI18n } from '../../i18n/useI18n';
import { useSubmit } from '../../lib/useSubmit';
import { prefixFields, readWebhookForm } from './form';
import { useWebhookLabels, WebhookFields } from './WebhookFields';

const PREFIX = 'edit-';

/** Change an endpoint's URL, description and events. */
export function EditWebhookDialog({ endpoint, onClose, onSaved }: { endpoint: Webhook | null; onClose: () => void; onSaved: (saved: Webhook) => void }) {
  const { t } = useI18n();
  const labels = useWebhookLabels(PREFIX);
  const save = useSubmit(async (form: HTMLFormElement) => {
    if (!endpoint) return;
    try {
      const v = readWebhookForm(form, PREFIX, t('webhooks.eventsRequired'));
      const saved = await updateWebhook(endpoint.id, {
        ...(v.url !== endpoint.url ? { url: v.url } : {}),
        description: v.description || null,
        events: v.events,
      });
      onSaved(saved);
    } catch (error) {
      throw prefixFields(error, PREFIX);
    }
  });
  const close = () => {
    save.clearError();
    onClose();
  };
  return (
    <Modal open={endpoint !== null} title={t('webhooks.editTitle')} onClose={close}>
      <ErrorSummary error={save.error} labels={labels} />
      {endpoint && (
        <SubmitForm key={endpoint.id} action={save}>
          <WebhookFields prefix={PREFIX} error={save.error} initial={endpoint} />
          <FormActions label={t('webhooks.editSubmit')} busy={save.pending} onCancel={close} />
        </SubmitForm>
      )}
    </Modal>
  );
}
