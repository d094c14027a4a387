import type { MessageKey } from '../../i18n/en';
import type { Vars } from '../../i18n/locales';
import { verifyReasonEn } from '../../i18n/messages/verify';

/** A check (or the recipient finding) as the API reports it: a stable code with its params, and the English reason. */
export interface CheckReason {
  code?: string | undefined;
  params?: Record<string, string> | undefined;
  reason: string;
}

export interface Formatters {
  t: (key: MessageKey, vars?: Vars) => string;
  formatDate: (iso: string) => string;
  formatDateTime: (iso: string) => string;
}

/** The catalogue key of a reason code; undefined for a code this app has no message for. */
export function reasonKey(code: string | undefined): MessageKey | undefined {
  const key = `verify.reason.${code ?? ''}`;
  return code && Object.hasOwn(verifyReasonEn, key) ? (key as MessageKey) : undefined;
}

function paramText(name: string, value: string, f: Formatters): string {
  if (name === 'date' && !Number.isNaN(Date.parse(value))) return value.includes('T') ? f.formatDateTime(value) : f.formatDate(value);
  if (name === 'image') return value.toUpperCase();
  return value;
}

/**
 * The reason in the reader's language, rendered from the code and its params (dates as local dates);
 * for an unknown code the server's English reason, with `translated: false`.
 */
export function reasonText(why: CheckReason, f: Formatters): { text: string; translated: boolean } {
  const key = reasonKey(why.code);
  if (!key) return { text: why.reason, translated: false };
  const vars: Vars = {};
  for (const [name, value] of Object.entries(why.params ?? {})) vars[name] = paramText(name, value, f);
  return { text: f.t(key, vars), translated: true };
}
