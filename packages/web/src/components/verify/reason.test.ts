import { describe, expect, it } from 'vitest';
import { CATALOGUES, translate } from '../../i18n/locales';
import { reasonKey, reasonText, type Formatters } from './reason';

const formatters = (locale: 'en' | 'fr'): Formatters => ({
  t: (key, vars) => translate(CATALOGUES[locale], key, vars),
  formatDate: (iso) => `date(${iso})`,
  formatDateTime: (iso) => `datetime(${iso})`,
});

describe('check reasons from their codes', () => {
  it('renders the message of the code in the reader’s language, with its params', () => {
    const why = { code: 'alg-not-accepted', params: { alg: 'HS256' }, reason: 'JWS algorithm HS256 is not accepted (asymmetric algorithms only)' };
    expect(reasonText(why, formatters('en'))).toEqual({ text: 'The signature algorithm HS256 is not accepted.', translated: true });
    expect(reasonText(why, formatters('fr'))).toEqual({ text: 'L’algorithme de signature HS256 n’est pas accepté.', translated: true });
  });

  it('shows dates as local dates, image kinds in capitals', () => {
    expect(reasonText({ code: 'expired', params: { date: '2026-03-01T00:00:00Z' }, reason: 'expired at …' }, formatters('fr')).text).toBe('Expiré le datetime(2026-03-01T00:00:00Z).');
    expect(reasonText({ code: 'valid-until', params: { date: '2027-01-01' }, reason: '…' }, formatters('en')).text).toBe('Valid until date(2027-01-01).');
    expect(reasonText({ code: 'expired', params: { date: 'soon' }, reason: '…' }, formatters('en')).text).toBe('Expired on soon.');
    expect(reasonText({ code: 'image-no-badge', params: { image: 'png' }, reason: '…' }, formatters('en')).text).toBe('The PNG image carries no badge.');
  });

  it('falls back to the English reason for a code it does not know, or none', () => {
    expect(reasonText({ code: 'quantum-entangled', reason: 'the qubits disagree' }, formatters('fr'))).toEqual({ text: 'the qubits disagree', translated: false });
    expect(reasonText({ reason: 'from an older server' }, formatters('fr'))).toEqual({ text: 'from an older server', translated: false });
    expect(reasonKey('constructor')).toBeUndefined();
    expect(reasonKey('')).toBeUndefined();
  });
});
