import type { TxCodeEmailModel } from '../../domain/notifications/ports.js';

const TEXT = {
  en: {
    subject: (issuer: string) => `Your code to add ${issuer}'s credential to your wallet`,
    intro: (issuer: string) => `Your wallet is adding a credential from ${issuer}. When it asks for a transaction code, enter:`,
    expires: (time: string) => `The code works for one wallet, until ${time} (UTC).`,
    ignore: 'If you did not ask to add a credential to a wallet, ignore this e-mail: without the code nobody can.',
  },
  fr: {
    subject: (issuer: string) => `Votre code pour ajouter le titre de ${issuer} à votre portefeuille`,
    intro: (issuer: string) => `Votre portefeuille ajoute un titre de ${issuer}. Quand il demande un code de transaction, saisissez :`,
    expires: (time: string) => `Le code fonctionne pour un seul portefeuille, jusqu’au ${time} (UTC).`,
    ignore: 'Si vous n’avez pas demandé à ajouter un titre à un portefeuille, ignorez cet e-mail : sans le code, personne ne le peut.',
  },
} as const;

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The e-mail that carries an offer's tx_code (English or French, HTML and text). */
export function renderTxCodeEmail(m: TxCodeEmailModel): { subject: string; html: string; text: string } {
  const lang = m.locale.slice(0, 2) === 'fr' ? 'fr' : 'en';
  const t = TEXT[lang];
  const until = t.expires(new Date(m.expiresAt).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }));
  const subject = t.subject(m.issuerName);
  const text = [t.intro(m.issuerName), '', m.code, '', until, t.ignore].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${e(subject)}</title></head><body style="font-family:system-ui,sans-serif;color:#1f2937;padding:24px"><p>${e(t.intro(m.issuerName))}</p><p style="font-size:28px;font-weight:700;letter-spacing:6px;font-family:ui-monospace,monospace">${e(m.code)}</p><p style="color:#6b7280;font-size:13px">${e(until)} ${e(t.ignore)}</p></body></html>`;
  return { subject, html, text };
}
