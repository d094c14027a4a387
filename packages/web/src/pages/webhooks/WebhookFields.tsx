import { WEBHOOK_EVENTS, type Webhook } from '../../api/types';
import { useFieldError } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { fieldId } from '../../components/field-id';
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
  const eventsId = fieldId(names.events);
  const eventsError = fieldError(names.events);
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
      <fieldset className="fieldset choices" aria-describedby={[`${eventsId}-hint`, eventsError ? `${eventsId}-error` : ''].filter(Boolean).join(' ')}>
        <legend className="field-label">{t('webhooks.events')}</legend>
        <p id={`${eventsId}-hint`} className="field-hint">
          {t('webhooks.eventsHint')}
        </p>
        {eventsError && (
          <p id={`${eventsId}-error`} className="field-error">
            {eventsError}
          </p>
        )}
        {WEBHOOK_EVENTS.map((event, i) => {
          const id = i === 0 ? eventsId : `${eventsId}-${event.replace('.', '-')}`;
          return (
            <div className="choice" key={event}>
              <input type="checkbox" id={id} name={names.events} value={event} defaultChecked={initial?.events.includes(event) ?? false} aria-describedby={`${id}-hint`} />
              <label htmlFor={id}>
                <code>{event}</code>
                <span id={`${id}-hint`} className="choice-hint">
                  {t(`webhooks.event.${event}`)}
                </span>
              </label>
            </div>
          );
        })}
      </fieldset>
    </>
  );
}
