import { useEffect, useRef } from 'react';
import { isApiError } from '../api/problem';
import { errorMessageKey, fieldMessageKey } from '../i18n/api-messages';
import { useI18n } from '../i18n/useI18n';
import { fieldId } from './field-id';

interface Props {
  error: unknown;
  /** Field path ("recipient.email") → its label, to name fields in the list. */
  labels?: Readonly<Record<string, string>>;
  /** Overrides the summary line, e.g. a friendlier sign-in failure. */
  message?: string | undefined;
}

/** The failure of a form or a load: a focused alert with a readable message and links to each bad field. */
export function ErrorSummary({ error, labels = {}, message }: Props) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;

  const api = isApiError(error) ? error : undefined;
  const fields = Object.entries(api?.fields ?? {});
  const key = api ? (errorMessageKey(api) ?? (fields.length > 0 ? 'error.fields' : undefined)) : 'error.generic';
  const summary = message ?? (key ? t(key) : api!.message);

  return (
    <div className="alert alert-error" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="alert-title">{t('error.title')}</h2>
      <p>{summary}</p>
      {fields.length > 0 && (
        <ul className="alert-list">
          {fields.map(([path, text]) => (
            <li key={path}>
              <a
                href={`#${fieldId(path)}`}
                onClick={(event) => {
                  event.preventDefault();
                  document.getElementById(fieldId(path))?.focus();
                }}
              >
                {labels[path] ? `${labels[path]}: ` : ''}
                {translateField(text, t)}
              </a>
            </li>
          ))}
        </ul>
      )}
      {api?.requestId && api.status >= 500 && <p className="muted">{t('error.reference', { id: api.requestId })}</p>}
    </div>
  );
}

export function translateField(text: string, t: ReturnType<typeof useI18n>['t']): string {
  const key = fieldMessageKey(text);
  return key ? t(key) : text;
}

/** The translated message for one field of a failed request, if it has one. */
export function useFieldError(error: unknown): (path: string) => string | undefined {
  const { t } = useI18n();
  return (path: string) => {
    if (!isApiError(error)) return undefined;
    const text = error.fields[path];
    return text === undefined ? undefined : translateField(text, t);
  };
}
