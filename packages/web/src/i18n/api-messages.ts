import type { ApiError } from '../api/problem';
import type { MessageKey } from './en';

/** Known server wordings for field problems, so they read in the user's language. Others are shown as sent. */
const FIELD_MESSAGES: [RegExp, MessageKey][] = [
  [/^is required$/, 'validation.required'],
  [/^must have required property/, 'validation.required'],
  [/^is not a known field$/, 'validation.unknown'],
  [/^must match format "email"$/, 'validation.email'],
  [/^must match format "uri"$/, 'validation.url'],
  [/^must match pattern "\^\(https\?:/, 'validation.url'],
  [/^must match format "date-time"$/, 'validation.dateTime'],
  [/^use 3 to 40 lower-case letters, digits and hyphens$/, 'validation.handle'],
  [/^taken$/, 'validation.handleTaken'],
  [/^choose a handle to make your profile public$/, 'validation.handleNeeded'],
  [/^at most 500 characters$/, 'validation.bioLength'],
];

export function fieldMessageKey(message: string): MessageKey | undefined {
  return FIELD_MESSAGES.find(([pattern]) => pattern.test(message))?.[1];
}

/** A readable summary line for an API error; undefined means "use the server's detail". */
export function errorMessageKey(error: ApiError): MessageKey | undefined {
  if (error.code === 'network') return 'error.network';
  if (error.code === 'csrf') return 'error.csrf';
  if (error.code === 'rate-limited') return 'error.rateLimited';
  if (error.code === 'forbidden') return 'error.forbidden';
  if (error.status >= 500) return 'error.generic';
  return undefined;
}
