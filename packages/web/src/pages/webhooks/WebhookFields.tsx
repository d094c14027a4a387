import { WEBHOOK_EVENTS, type Webhook } from '../../api/types';
import { useFieldError } from '../../components/ErrorSummary';
import { CheckboxGroup } from '../../components/Choice';
import { TextField } from '../../components/Field';
import { useI18n } from '../../i18n/useI18n';
import { fieldNames } from './form';

/** Labels of the fields, for an error summary. */
export function useWebhookLabels(prefix: string): Record<string, string> {
  const { t } = useI18n();
  const names = fieldNames(prefix);
  return { [names.url]: t('webhooks.url'), [names.description]: t('webhooks.description'), [names.events]: t('webhooks.events') };
}

/** URL, description and the events (checkboxes, each with what it means), empty or filled from an endpoint. */
export function WebhookFields({ prefix, error, initial }: { prefix: string; error: unknown; initial?: Webhook }) {
  const { t } = useI18n();
  const names = fieldNames(prefix);
  const fieldError = useFieldError(error);
  return (
    <>
      <TextField
        name={names.url}
        label={t('webhooks.url')}
        hint={t('webhooks.urlHint')}
        type="url"
        required
        maxLength={2048}
        autoComplete="off"
        placeholder="https://"
        defaultValue={initial?.url}
        error={fieldError(names.url)}
      />
      <TextField
        name={names.description}
        label={t('webhooks.description')}
        hint={t('webhooks.descriptionHint')}
        maxLength={500}
        autoComplete="off"
        defaultValue={initial?.description ?? ''}
        error={fieldError(names.description)}
      />
      <CheckboxGroup
        name={names.events}
        legend={t('webhooks.events')}
        hint={t('webhooks.eventsHint')}
        error={fieldError(names.events)}
        options={WEBHOOK_EVENTS.map((event) => ({ value: event, label: <code>{event}</code>, hint: t(`webhooks.event.${event}`) }))}
        defaultChecked={(event) => initial?.events.includes(event) ?? false}
      />
    </>
  );
}
