import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { CATALOGUES, negotiateLocale, translator } from './index.js';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('i18n', () => {
  it('has every English key in every catalogue, with the same parameters and no empty message', () => {
    for (const [locale, catalogue] of Object.entries(CATALOGUES)) {
      expect(Object.keys(catalogue).sort(), locale).toEqual(Object.keys(en).sort());
      for (const [key, message] of Object.entries(catalogue)) {
        expect(message.trim(), `${locale} ${key}`).not.toBe('');
        expect(placeholders(message), `${locale} ${key}`).toEqual(placeholders(en[key as keyof typeof en]));
      }
    }
  });

  it('picks the best supported language from Accept-Language', () => {
    expect(negotiateLocale(undefined)).toBe('en');
    expect(negotiateLocale('')).toBe('en');
    expect(negotiateLocale('fr-CA,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(negotiateLocale('de-DE,fr;q=0.5,en;q=0.4')).toBe('fr');
    expect(negotiateLocale('en;q=0.3, fr;q=0.7')).toBe('fr');
    expect(negotiateLocale('fr;q=0, en')).toBe('en');
    expect(negotiateLocale('*')).toBe('en');
    expect(negotiateLocale('x'.repeat(5000))).toBe('en');
  });

  it('fills parameters and formats dates in UTC', () => {
    const fr = translator('fr');
    expect(fr.t('share.text', { achievement: 'Rust', issuer: 'Acme' })).toBe('J’ai obtenu « Rust » de Acme.');
    expect(fr.date('2025-03-14T23:30:00-05:00')).toBe('15 mars 2025');
    // English pages use day-first en-GB dates, as the web app does, never the US month-first form.
    expect(translator('en').date('2025-03-14T00:00:00Z')).toBe('14 March 2025');
    expect(translator('en').t('status.reason', {})).toBe('Reason: {reason}');
  });
});
