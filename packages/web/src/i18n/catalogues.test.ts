import { describe, expect, it } from 'vitest';
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
