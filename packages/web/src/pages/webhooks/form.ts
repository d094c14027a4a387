import { ApiError, isApiError } from '../../api/problem';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../api/types';

export interface WebhookFormValues {
  url: string;
  description: string;
  events: WebhookEvent[];
}

/** Field names in a form, so the add form and the edit dialog can share one page without sharing element ids. */
export const fieldNames = (prefix: string) => ({ url: `${prefix}url`, description: `${prefix}description`, events: `${prefix}events` });

/** The form's URL, description and chosen events; refuses (like the server would) when no event is chosen. */
export function readWebhookForm(form: HTMLFormElement, prefix: string, noEvents: string): WebhookFormValues {
  const names = fieldNames(prefix);
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const chosen = data.getAll(names.events).map(String);
  const events = WEBHOOK_EVENTS.filter((e) => chosen.includes(e));
  if (events.length === 0) {
    throw new ApiError(422, { code: 'validation', detail: noEvents, errors: [{ path: `/${names.events}`, message: noEvents }] });
  }
  return { url: text(names.url), description: text(names.description), events };
}

/** The server names fields /url, /events…; point them at this form's prefixed fields. */
export function prefixFields(error: unknown, prefix: string): unknown {
  if (!prefix || !isApiError(error) || Object.keys(error.fields).length === 0) return error;
  const errors = Object.entries(error.fields).map(([path, message]) => ({ path: `/${prefix}${path}`, message }));
  return new ApiError(error.status, { code: error.code, detail: error.message, errors, ...(error.requestId ? { requestId: error.requestId } : {}) });
}
