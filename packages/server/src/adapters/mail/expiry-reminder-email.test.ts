import { describe, expect, it } from 'vitest';
import { renderExpiryReminderEmail } from './expiry-reminder-email.js';

const model = {
  locale: 'en', issuerName: 'Acme <Board>', recipientName: 'Ada', achievementName: 'Safety "Level 2"', expiresAt: '2027-03-01T00:00:00.000Z', daysLeft: 30,
  renewUrl: 'https://badges.test.example/backpack', credentialUrl: 'https://badges.test.example/credentials/c1',
};

describe('the expiry reminder e-mail', () => {
  it('says when, and where to renew, in English', () => {
    const m = renderExpiryReminderEmail(model);
    expect(m.subject).toBe('Your certification "Safety "Level 2"" expires in 30 days');
    expect(m.text).toContain('expires on 1 March 2027');
    expect(m.text).toContain('https://badges.test.example/backpack');
    expect(m.html).toContain('Acme &#60;Board&#62;');
    expect(m.html).not.toContain('<Board>');
  });

  it('in French', () => {
    const m = renderExpiryReminderEmail({ ...model, locale: 'fr-FR' });
    expect(m.subject).toContain('expire dans 30 jours');
    expect(m.text).toContain('expire le 1 mars 2027');
    expect(m.html).toContain('lang="fr"');
  });
});
