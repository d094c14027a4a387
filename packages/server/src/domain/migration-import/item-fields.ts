import { isHttpUrl } from '@laurel/core';
import { IMPORT_LIMITS } from './ports.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A trimmed string, or null when absent, empty or not a string; cut at the field limit. */
export function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed.slice(0, IMPORT_LIMITS.maxFieldChars);
}

export function email(value: unknown): string | null {
  const t = text(value)?.toLowerCase() ?? null;
  return t && t.length <= 320 && EMAIL.test(t) ? t : null;
}

export const httpUrl = (value: unknown): string | null => {
  const t = text(value);
  return t && isHttpUrl(t) ? t : null;
};

/** An ISO 8601 date or date-time (the day alone means midnight UTC), as an ISO instant; null when unreadable. */
export function isoDate(value: unknown): string | null {
  const t = text(value);
  if (!t || !/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(t)) return null;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : t.replace(' ', 'T'));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
