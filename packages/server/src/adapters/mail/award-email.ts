import type { AwardEmailModel, EmailRenderer } from '../../domain/notifications/ports.js';

type Catalogue = {
  subject: (m: AwardEmailModel) => string;
  greeting: (name: string | null) => string;
  body: (m: AwardEmailModel) => string;
  claim: string;
  view: string;
  linkedIn: string;
  expires: (date: string) => string;
  footer: (org: string) => string;
  unsubscribe: string;
};

const KIND: Record<string, Record<string, string>> = {
  en: { badge: 'badge', certificate: 'certificate', certification: 'certification' },
  fr: { badge: 'badge', certificate: 'certificat', certification: 'certification' },
};

const CATALOGUES: Record<string, Catalogue> = {
  en: {
    subject: (m) => `You have been awarded "${m.achievementName}" by ${m.issuerName}`,
    greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
    body: (m) => `${m.issuerName} has awarded you the ${KIND.en![m.achievementKind] ?? 'badge'} "${m.achievementName}".`,
    claim: 'Claim your credential',
    view: 'View it online',
    linkedIn: 'Add it to your LinkedIn profile',
    expires: (d) => `It is valid until ${d}.`,
    footer: (org) => `Sent by ${org} with Laurel.`,
    unsubscribe: 'Stop these e-mails',
  },
  fr: {
    subject: (m) => `${m.issuerName} vous a décerné « ${m.achievementName} »`,
    greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    body: (m) => `${m.issuerName} vous a décerné le ${KIND.fr![m.achievementKind] ?? 'badge'} « ${m.achievementName} ».`,
    claim: 'Réclamer votre titre',
    view: 'Le voir en ligne',
    linkedIn: 'L’ajouter à votre profil LinkedIn',
    expires: (d) => `Il est valable jusqu’au ${d}.`,
    footer: (org) => `Envoyé par ${org} avec Laurel.`,
    unsubscribe: 'Ne plus recevoir ces e-mails',
  },
};

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The award notification in HTML and plain text, in the organisation's locale (English by default). */
export const awardEmailRenderer: EmailRenderer = {
  award(m) {
    const lang = m.locale.slice(0, 2) in CATALOGUES ? m.locale.slice(0, 2) : 'en';
    const t = CATALOGUES[lang]!;
    const expires = m.expiresAt ? t.expires(new Date(m.expiresAt).toLocaleDateString(lang, { dateStyle: 'long', timeZone: 'UTC' })) : '';
    const text = [t.greeting(m.recipientName), '', t.body(m), expires, '', `${t.claim}: ${m.claimUrl}`, `${t.view}: ${m.credentialUrl}`, `${t.linkedIn}: ${m.linkedInUrl}`, '', t.footer(m.organisationName), `${t.unsubscribe}: ${m.unsubscribeUrl}`]
      .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
      .join('\n');
    const e = escapeHtml;
    const button = (href: string, label: string) =>
      `<a href="${e(href)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600">${e(label)}</a>`;
    const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${e(t.subject(m))}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2937">
<table role="presentation" width="100%" style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:10px;padding:32px">
<tr><td style="text-align:center"><img src="${e(m.imageUrl)}" width="160" height="160" alt="${e(m.achievementName)}"></td></tr>
<tr><td><p>${e(t.greeting(m.recipientName))}</p><p>${e(t.body(m))}</p>${expires ? `<p>${e(expires)}</p>` : ''}
<p style="text-align:center;margin:28px 0">${button(m.claimUrl, t.claim)}</p>
<p><a href="${e(m.credentialUrl)}">${e(t.view)}</a> · <a href="${e(m.linkedInUrl)}">${e(t.linkedIn)}</a></p></td></tr>
<tr><td style="font-size:12px;color:#6b7280;border-top:1px solid #e5e7eb;padding-top:16px">${e(t.footer(m.organisationName))} <a href="${e(m.unsubscribeUrl)}" style="color:#6b7280">${e(t.unsubscribe)}</a></td></tr>
</table></body></html>`;
    return { subject: t.subject(m), html, text };
  },
};
