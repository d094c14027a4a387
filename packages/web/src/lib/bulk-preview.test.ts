import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { fr } from '../i18n/fr';
import { translate } from '../i18n/locales';
import type { BulkIssue } from '../api/types';
import { issueText } from './bulk';
import { dateLocaleTag, dateOrderOf, formatterFor } from '../i18n/dates';

const tEn = (key: keyof typeof en, vars?: Record<string, string | number>) => translate(en, key, vars);
const tFr = (key: keyof typeof en, vars?: Record<string, string | number>) => translate(fr, key, vars);

describe('bulk preview issues', () => {
  it('shows each server code in the UI language with the file’s own column header', () => {
    const bad: BulkIssue = { code: 'date-invalid', severity: 'error', column: 'Date d’émission', value: '31/02/2026' };
    expect(issueText(bad, tEn)).toBe('Date d’émission: “31/02/2026” is not a date (use 30/06/2026 or 2026-06-30).');
    expect(issueText(bad, tFr)).toBe('Date d’émission : « 31/02/2026 » n’est pas une date (écrivez 30/06/2026 ou 2026-06-30).');
    expect(issueText({ code: 'duplicate-row', severity: 'error', column: 'Email', row: 4 }, tFr)).toContain('ligne 4');
    expect(issueText({ code: 'unknown-column', severity: 'warning', column: 'Service' }, tEn)).toContain('“Service”');
    for (const code of ['email-missing', 'email-invalid', 'evidence-url-invalid', 'date-ambiguous', 'already-holds', 'unsubscribed'] as const) {
      expect(issueText({ code, severity: 'error', column: 'X', value: 'v' }, tFr), code).not.toMatch(/bulk\.issue|\{/);
    }
    // A code this version of the app does not know yet is shown, not dropped.
    expect(issueText({ code: 'brand-new' as BulkIssue['code'], severity: 'error', column: null }, tEn)).toBe('brand-new');
  });
});

describe('dates in the UI locale', () => {
  it('uses the browser’s regional variant, else day-first British English, never bare US English', () => {
    expect(dateLocaleTag('en', ['en-US', 'fr'])).toBe('en-US');
    expect(dateLocaleTag('en', ['fr-FR'])).toBe('en-GB');
    expect(dateLocaleTag('en', ['en'])).toBe('en-GB');
    expect(dateLocaleTag('fr', ['en-GB'])).toBe('fr-FR');
    expect(dateLocaleTag('fr', ['fr-CA'])).toBe('fr-CA');
    expect(formatterFor('en-GB', { dateStyle: 'short', timeZone: 'UTC' })('2026-06-30T00:00:00.000Z')).toBe('30/06/2026');
    expect(dateOrderOf('en-GB')).toBe('dmy');
    expect(dateOrderOf('fr-FR')).toBe('dmy');
    expect(dateOrderOf('en-US')).toBe('mdy');
  });

  it('never throws on a value that is not a date (the bulk preview white-screened on one)', () => {
    const f = formatterFor('en-GB', { dateStyle: 'medium' });
    expect(f('30/06/2026')).toBe('30/06/2026');
    expect(f('')).toBe('');
  });
});
