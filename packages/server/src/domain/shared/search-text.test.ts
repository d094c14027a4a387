import { describe, expect, it } from 'vitest';
import { foldForSearch } from './search-text.js';

describe('foldForSearch', () => {
  it('folds accents and case the same way whichever side carries them', () => {
    expect(foldForSearch('Zoë')).toBe('zoe');
    expect(foldForSearch('Zoe')).toBe('zoe');
    expect(foldForSearch('ZOË')).toBe('zoe');
    expect(foldForSearch('Zoe\u0308')).toBe('zoe'); // e + combining diaeresis
    expect(foldForSearch('Élodie Müller-Straße')).toBe('elodie muller-strasse');
    expect(foldForSearch('Łukasz Øster Œuvre')).toBe('lukasz oster oeuvre');
  });

  it('keeps scripts without marks to remove, and full-width letters become plain ones', () => {
    expect(foldForSearch('李小龍')).toBe('李小龍');
    expect(foldForSearch('ＡＢＣ')).toBe('abc');
  });
});
