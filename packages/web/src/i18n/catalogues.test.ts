import { describe, expect, it } from 'vitest';
import codesDoc from '../../../../docs/verification-codes.md?raw';
import { en, type MessageKey } from './en';
import { CATALOGUES, LOCALES, translate } from './locales';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it.each(LOCALES)('%s has every English key, none empty, with the same placeholders', (locale) => {
    const catalogue = CATALOGUES[locale];
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(catalogue[key].trim(), key).not.toBe('');
      expect(placeholders(catalogue[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate(en, 'header.signedInAs', { name: 'Ada' })).toBe('Signed in as Ada');
    expect(translate(CATALOGUES.fr, 'duration.years', { n: 3 })).toBe('3 ans');
    expect(translate(en, 'header.signedInAs')).toBe('Signed in as {name}');
  });
});

/** The verification reason codes of docs/verification-codes.md (the API's contract) with their params. */
function documentedCodes(): Map<string, string[]> {
  const codes = new Map<string, string[]>();
  for (const line of codesDoc.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const code = /^`([a-z0-9-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (code) codes.set(code, [...(cells[3] ?? '').matchAll(/`(\w+)`/g)].map((m) => m[1]!));
  }
  return codes;
}

describe('verification reason messages', () => {
  const codes = documentedCodes();

  it('has a message for every documented reason code, using only that code’s params', () => {
    expect(codes.size).toBeGreaterThan(50);
    for (const [code, params] of codes) {
      const key = `verify.reason.${code}` as MessageKey;
      expect(en[key], `no message for ${code}`).toBeDefined();
      for (const locale of LOCALES) {
        for (const name of placeholders(CATALOGUES[locale][key])) expect(params, `${locale} ${code} uses {${name}}`).toContain(name);
      }
    }
  });

  it('has no message for a code that is not documented', () => {
    const keys = Object.keys(en).filter((k) => k.startsWith('verify.reason.'));
    expect(keys.map((k) => k.slice('verify.reason.'.length)).filter((c) => !codes.has(c))).toEqual([]);
  });
});
