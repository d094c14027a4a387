import { describe, expect, it } from 'vitest';
import type { AwardEmailModel } from '../../domain/notifications/ports.js';
import { awardEmailRenderer } from './award-email.js';

const base: AwardEmailModel = {
  locale: 'en',
  organisationName: 'Acme Academy',
  issuerName: 'Acme Academy',
  recipientName: 'Ada Lovelace',
  achievementName: 'Data Steward',
  achievementKind: 'badge',
  imageUrl: 'https://laurel.test/images/a.png',
  claimUrl: 'https://laurel.test/claim/t',
  credentialUrl: 'https://laurel.test/credentials/c',
  linkedInUrl: 'https://www.linkedin.com/profile/add',
  unsubscribeUrl: 'https://laurel.test/unsubscribe/u',
  expiresAt: null,
  customSubject: null,
  customMessage: null,
};

const greetings = (text: string, pattern: RegExp): number => text.split('\n').filter((line) => pattern.test(line)).length;
const htmlText = (html: string): string => html.replace(/<br>/g, '\n').replace(/<\/p>/g, '\n').replace(/<[^>]+>/g, '');

describe('award e-mail: one greeting', () => {
  it('greets once with the default message, in English and French', () => {
    const en = awardEmailRenderer.award(base);
    expect(en.text.startsWith('Hello Ada Lovelace,\n')).toBe(true);
    expect(greetings(en.text, /^(Hello|Hi|Dear)\b/i)).toBe(1);
    expect(greetings(htmlText(en.html), /^(Hello|Hi|Dear)\b/i)).toBe(1);
    const fr = awardEmailRenderer.award({ ...base, locale: 'fr' });
    expect(fr.text.startsWith('Bonjour Ada Lovelace,\n')).toBe(true);
    expect(greetings(fr.text, /^(Bonjour|Salut|Cher|Chère)\b/i)).toBe(1);
    expect(greetings(htmlText(fr.html), /^(Bonjour|Salut|Cher|Chère)\b/i)).toBe(1);
  });

  it('does not add its own greeting in front of an issuer message that already greets (en)', () => {
    for (const opening of ['Hello Ada Lovelace,', 'Hi Ada!', 'Dear Ada Lovelace,', 'Good morning Ada,']) {
      const m = awardEmailRenderer.award({ ...base, customMessage: `${opening}\n\nWell done on the Data Steward course.` });
      expect(greetings(m.text, /^(Hello|Hi|Dear|Good morning)\b/i), opening).toBe(1);
      expect(m.text.startsWith(opening), opening).toBe(true);
      expect(greetings(htmlText(m.html), /^(Hello|Hi|Dear|Good morning)\b/i), opening).toBe(1);
    }
  });

  it('does not add its own greeting in front of an issuer message that already greets (fr)', () => {
    for (const opening of ['Bonjour Ada Lovelace,', 'Chère Ada,', 'Salut Ada !', 'Madame, Monsieur,']) {
      const m = awardEmailRenderer.award({ ...base, locale: 'fr', customMessage: `${opening}\n\nBravo pour la formation.` });
      expect(greetings(m.text, /^(Bonjour|Salut|Cher|Chère|Madame)/i), opening).toBe(1);
      expect(m.text.startsWith(opening), opening).toBe(true);
      expect(greetings(htmlText(m.html), /^(Bonjour|Salut|Cher|Chère|Madame)/i), opening).toBe(1);
    }
  });

  it('still greets in front of an issuer message that does not', () => {
    const m = awardEmailRenderer.award({ ...base, customMessage: 'Well done on the Data Steward course.' });
    expect(m.text.startsWith('Hello Ada Lovelace,\n\nWell done')).toBe(true);
    const hidden = awardEmailRenderer.award({ ...base, recipientName: null, customMessage: 'Helloween party badge: well done.' });
    expect(hidden.text.startsWith('Hello,\n\nHelloween')).toBe(true);
  });
});

describe('award e-mail: dates and the issuer logo', () => {
  it('writes dates day-first in English (en-GB), as the pages do, and in French', () => {
    const en = awardEmailRenderer.award({ ...base, expiresAt: '2027-03-01T00:00:00Z' });
    expect(en.text).toContain('It is valid until 1 March 2027.');
    expect(en.html).toContain('It is valid until 1 March 2027.');
    expect(awardEmailRenderer.award({ ...base, locale: 'fr', expiresAt: '2027-03-01T00:00:00Z' }).text).toContain('1 mars 2027');
    const invitation = awardEmailRenderer.invitation({ locale: 'en', organisationName: 'Acme', role: 'admin', inviterName: 'Grace', link: 'https://laurel.test/join/x', expiresAt: '2027-03-01T00:00:00Z' });
    expect(invitation.text).toContain('valid until 1 March 2027');
  });

  it('shows the issuer’s logo when it has one, named for the issuer, and no image at all when it has none', () => {
    const withLogo = awardEmailRenderer.award({ ...base, issuerLogoUrl: 'https://laurel.test/issuers/i1/logo' });
    expect(withLogo.html).toContain('<img src="https://laurel.test/issuers/i1/logo"');
    expect(withLogo.html).toMatch(/<img src="https:\/\/laurel\.test\/issuers\/i1\/logo"[^>]*alt="Acme Academy"/);
    const without = awardEmailRenderer.award({ ...base, issuerLogoUrl: null });
    expect(without.html).not.toContain('/logo');
    expect(without.html.match(/<img /g)).toHaveLength(1); // the badge only
  });

  it('links the organisation’s privacy notice when it has one (escaped), in both languages', () => {
    expect(awardEmailRenderer.award(base).text).not.toContain('Privacy notice');
    const en = awardEmailRenderer.award({ ...base, privacyNoticeUrl: 'https://acme.example/privacy?a=1&b="2"' });
    expect(en.text).toContain('Privacy notice: https://acme.example/privacy?a=1&b="2"');
    expect(en.html).toContain('href="https://acme.example/privacy?a=1&#38;b=&#34;2&#34;"');
    expect(awardEmailRenderer.award({ ...base, locale: 'fr', privacyNoticeUrl: 'https://acme.example/vie-privee' }).text).toContain('Politique de confidentialité: https://acme.example/vie-privee');
  });
});
