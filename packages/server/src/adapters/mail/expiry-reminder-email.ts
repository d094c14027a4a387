import type { ExpiryReminderEmailModel } from '../../domain/notifications/ports.js';

const TEXT = {
  en: {
    subject: (achievement: string, days: number) => `Your certification "${achievement}" expires in ${days} days`,
    greeting: (name: string | null) => (name ? `Hello ${name},` : 'Hello,'),
    body: (achievement: string, issuer: string, date: string) => `Your certification "${achievement}" from ${issuer} expires on ${date}.`,
    renew: 'To renew it, open your backpack and choose "Request renewal" (you can add a link to new evidence).',
    action: 'Renew in your backpack',
    view: 'See the certification',
  },
  fr: {
    subject: (achievement: string, days: number) => `Votre certification « ${achievement} » expire dans ${days} jours`,
    greeting: (name: string | null) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    body: (achievement: string, issuer: string, date: string) => `Votre certification « ${achievement} » délivrée par ${issuer} expire le ${date}.`,
    renew: 'Pour la renouveler, ouvrez votre sac à badges et choisissez « Demander le renouvellement » (vous pouvez joindre un lien vers de nouvelles preuves).',
    action: 'Renouveler depuis votre sac à badges',
    view: 'Voir la certification',
  },
} as const;

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The expiry reminder (English or French, HTML and text): the date, and where to ask for renewal. */
export function renderExpiryReminderEmail(m: ExpiryReminderEmailModel): { subject: string; html: string; text: string } {
  const lang = m.locale.slice(0, 2) === 'fr' ? 'fr' : 'en';
  const t = TEXT[lang];
  const date = new Date(m.expiresAt).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' });
  const subject = t.subject(m.achievementName, m.daysLeft);
  const text = [t.greeting(m.recipientName), '', t.body(m.achievementName, m.issuerName, date), t.renew, '', `${t.action}: ${m.renewUrl}`, `${t.view}: ${m.credentialUrl}`].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${e(subject)}</title></head><body style="font-family:system-ui,sans-serif;color:#1f2937;padding:24px"><p>${e(t.greeting(m.recipientName))}</p><p>${e(t.body(m.achievementName, m.issuerName, date))}</p><p>${e(t.renew)}</p><p><a href="${e(m.renewUrl)}" style="display:inline-block;background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${e(t.action)}</a></p><p><a href="${e(m.credentialUrl)}">${e(t.view)}</a></p></body></html>`;
  return { subject, html, text };
}
