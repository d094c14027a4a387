import type { AwardEmailModel, EmailRenderer } from '../../domain/notifications/ports.js';
import { renderTxCodeEmail } from './tx-code-email.js';
import { renderExpiryReminderEmail } from './expiry-reminder-email.js';
import { DATE_REGION } from '../html/i18n/index.js';

/** A date in the e-mail's language, day-first (en-GB, fr-FR) like the pages, in UTC. */
const longDate = (iso: string, lang: 'en' | 'fr'): string => new Date(iso).toLocaleDateString(DATE_REGION[lang], { dateStyle: 'long', timeZone: 'UTC' });

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
  privacy: string;
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
    privacy: 'Privacy notice',
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
    privacy: 'Politique de confidentialité',
  },
};

/**
 * An issuer's own message often opens with its own greeting ("Hello {recipient},", "Bonjour,"):
 * then ours is left out, so the earner is not greeted twice.
 */
const OPENS_WITH_GREETING = /^\s*(hello|hi|hey|dear|greetings|good (morning|afternoon|evening)|bonjour|bonsoir|salut|coucou|cher|chère|chers|chères|madame|monsieur)(?![\p{L}\p{N}])/iu;
function greetsAlready(message: string): boolean {
  return OPENS_WITH_GREETING.test(message);
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const LINKS = {
  en: {
    'sign-in': { subject: 'Your Laurel sign-in link', intro: 'Use this link to sign in. It works once.', action: 'Sign in' },
    'verify-address': { subject: 'Confirm your e-mail address', intro: 'Confirm this address to add the credentials sent to it to your backpack.', action: 'Confirm address' },
    register: { subject: 'Finish creating your Laurel account', intro: 'Someone asked to create a Laurel account with this address. To finish, open this link and choose your password.', action: 'Create my account' },
    'account-exists': {
      subject: 'You already have a Laurel account',
      intro: 'Someone asked to create a Laurel account with this address, but it already has an account. Nothing was changed. To get in, use this sign-in link.',
      action: 'Sign in',
    },
    'change-email': {
      subject: 'Confirm your new Laurel sign-in address',
      intro: 'Someone signed in to a Laurel account asked to sign in with this address from now on. To confirm, open this link while signed in to that account.',
      action: 'Confirm my new address',
    },
    'email-changed': {
      subject: 'Your Laurel sign-in address was changed',
      intro: 'Your Laurel account no longer signs in with this address: a link sent to the new address confirmed the change. If you did not do this, sign in with your password and check your account, or contact your organisation.',
      action: 'Open my account',
    },
    expires: (m: number) => (m >= 120 ? `It expires in ${Math.round(m / 60)} hours.` : `It expires in ${m} minutes.`),
    ignore: 'If you did not ask for this, ignore this e-mail.',
  },
  fr: {
    'sign-in': { subject: 'Votre lien de connexion Laurel', intro: 'Utilisez ce lien pour vous connecter. Il ne fonctionne qu’une fois.', action: 'Se connecter' },
    'verify-address': { subject: 'Confirmez votre adresse e-mail', intro: 'Confirmez cette adresse pour ajouter à votre sac les titres qui lui ont été envoyés.', action: 'Confirmer l’adresse' },
    register: { subject: 'Terminez la création de votre compte Laurel', intro: 'Quelqu’un a demandé à créer un compte Laurel avec cette adresse. Pour terminer, ouvrez ce lien et choisissez votre mot de passe.', action: 'Créer mon compte' },
    'account-exists': {
      subject: 'Vous avez déjà un compte Laurel',
      intro: 'Quelqu’un a demandé à créer un compte Laurel avec cette adresse, mais elle a déjà un compte. Rien n’a été modifié. Pour y accéder, utilisez ce lien de connexion.',
      action: 'Se connecter',
    },
    'change-email': {
      subject: 'Confirmez votre nouvelle adresse de connexion Laurel',
      intro: 'Une personne connectée à un compte Laurel a demandé à se connecter désormais avec cette adresse. Pour confirmer, ouvrez ce lien en étant connecté à ce compte.',
      action: 'Confirmer ma nouvelle adresse',
    },
    'email-changed': {
      subject: 'L’adresse de connexion de votre compte Laurel a changé',
      intro: 'Votre compte Laurel ne se connecte plus avec cette adresse : un lien envoyé à la nouvelle adresse a confirmé le changement. Si ce n’est pas vous, connectez-vous avec votre mot de passe et vérifiez votre compte, ou contactez votre organisation.',
      action: 'Ouvrir mon compte',
    },
    expires: (m: number) => (m >= 120 ? `Il expire dans ${Math.round(m / 60)} heures.` : `Il expire dans ${m} minutes.`),
    ignore: 'Si vous n’avez rien demandé, ignorez cet e-mail.',
  },
} as const;

const ROLE_NAMES = {
  en: { viewer: 'viewer', issuer: 'issuer', admin: 'administrator', owner: 'owner' },
  fr: { viewer: 'lecteur', issuer: 'émetteur', admin: 'administrateur', owner: 'propriétaire' },
} as const;

const INVITATIONS = {
  en: {
    subject: (org: string) => `You are invited to join ${org} on Laurel`,
    intro: (org: string, role: string, inviter: string | null) => `${inviter ?? 'Someone'} invited you to join ${org} on Laurel as ${role}.`,
    action: 'Accept the invitation',
    expires: (date: string) => `The invitation is valid until ${date} and works once.`,
    ignore: 'If you did not expect this, ignore this e-mail: nothing happens until the link is used.',
  },
  fr: {
    subject: (org: string) => `Vous êtes invité à rejoindre ${org} sur Laurel`,
    intro: (org: string, role: string, inviter: string | null) => `${inviter ?? 'Quelqu’un'} vous invite à rejoindre ${org} sur Laurel en tant que ${role}.`,
    action: 'Accepter l’invitation',
    expires: (date: string) => `L’invitation est valable jusqu’au ${date} et ne fonctionne qu’une fois.`,
    ignore: 'Si vous ne vous y attendiez pas, ignorez cet e-mail : rien ne se passe tant que le lien n’est pas utilisé.',
  },
} as const;

/** Award notifications and single-use link e-mails, in HTML and plain text, English or French. */
export const awardEmailRenderer: EmailRenderer = {
  expiryReminder: renderExpiryReminderEmail,
  txCode: renderTxCodeEmail,
  invitation(m) {
    const lang = m.locale.slice(0, 2) === 'fr' ? 'fr' : 'en';
    const t = INVITATIONS[lang];
    const role = ROLE_NAMES[lang][m.role as keyof (typeof ROLE_NAMES)['en']] ?? m.role;
    const until = t.expires(longDate(m.expiresAt, lang));
    const subject = t.subject(m.organisationName);
    const intro = t.intro(m.organisationName, role, m.inviterName);
    const text = [intro, '', `${t.action}: ${m.link}`, '', until, t.ignore].join('\n');
    const e = escapeHtml;
    const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${e(subject)}</title></head><body style="font-family:system-ui,sans-serif;color:#1f2937;padding:24px"><p>${e(intro)}</p><p><a href="${e(m.link)}" style="display:inline-block;background:#1d4ed8;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600">${e(t.action)}</a></p><p style="color:#6b7280;font-size:13px">${e(until)} ${e(t.ignore)}</p></body></html>`;
    return { subject, html, text };
  },
  link(m) {
    const lang = m.locale.slice(0, 2) === 'fr' ? 'fr' : 'en';
    const t = LINKS[lang];
    const p = t[m.purpose];
    const notice = m.expiresInMinutes <= 0; // a notice: nothing to expire, nothing to ignore
    const expires = notice ? '' : `${t.expires(m.expiresInMinutes)} ${t.ignore}`;
    const text = [p.intro, '', `${p.action}: ${m.link}`, ...(notice ? [] : ['', t.expires(m.expiresInMinutes), t.ignore])].join('\n');
    const e = escapeHtml;
    const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${e(p.subject)}</title></head><body style="font-family:system-ui,sans-serif;color:#1f2937;padding:24px"><p>${e(p.intro)}</p><p><a href="${e(m.link)}" style="display:inline-block;background:#1d4ed8;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600">${e(p.action)}</a></p>${expires ? `<p style="color:#6b7280;font-size:13px">${e(expires)}</p>` : ''}</body></html>`;
    return { subject: p.subject, html, text };
  },
  award(m) {
    const lang = m.locale.slice(0, 2) === 'fr' ? 'fr' : 'en';
    const t = CATALOGUES[lang]!;
    const expires = m.expiresAt ? t.expires(longDate(m.expiresAt, lang)) : '';
    const subject = m.customSubject?.trim() || t.subject(m);
    const message = m.customMessage?.trim() || t.body(m);
    const greeting = greetsAlready(message) ? null : t.greeting(m.recipientName);
    const text = [...(greeting === null ? [] : [greeting, '']), message, expires, '', `${t.claim}: ${m.claimUrl}`, `${t.view}: ${m.credentialUrl}`, ...(m.linkedInUrl ? [`${t.linkedIn}: ${m.linkedInUrl}`] : []), '', t.footer(m.organisationName), `${t.unsubscribe}: ${m.unsubscribeUrl}`, ...(m.privacyNoticeUrl ? [`${t.privacy}: ${m.privacyNoticeUrl}`] : [])]
      .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
      .join('\n');
    const e = escapeHtml;
    const button = (href: string, label: string) =>
      `<a href="${e(href)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600">${e(label)}</a>`;
    const paragraphs = message.split(/\n{2,}/).map((p) => `<p>${e(p).replace(/\n/g, '<br>')}</p>`).join('');
    const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2937">
<table role="presentation" width="100%" style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:10px;padding:32px">
${m.issuerLogoUrl ? `<tr><td style="text-align:center;padding-bottom:16px"><img src="${e(m.issuerLogoUrl)}" height="48" alt="${e(m.issuerName)}" style="max-width:200px;height:48px;width:auto"></td></tr>\n` : ''}<tr><td style="text-align:center"><img src="${e(m.imageUrl)}" width="160" height="160" alt="${e(m.achievementName)}"></td></tr>
<tr><td>${greeting === null ? '' : `<p>${e(greeting)}</p>`}${paragraphs}${expires ? `<p>${e(expires)}</p>` : ''}
<p style="text-align:center;margin:28px 0">${button(m.claimUrl, t.claim)}</p>
<p><a href="${e(m.credentialUrl)}">${e(t.view)}</a>${m.linkedInUrl ? ` · <a href="${e(m.linkedInUrl)}">${e(t.linkedIn)}</a>` : ''}</p></td></tr>
<tr><td style="font-size:12px;color:#6b7280;border-top:1px solid #e5e7eb;padding-top:16px">${e(t.footer(m.organisationName))} <a href="${e(m.unsubscribeUrl)}" style="color:#6b7280">${e(t.unsubscribe)}</a>${m.privacyNoticeUrl ? ` · <a href="${e(m.privacyNoticeUrl)}" style="color:#6b7280">${e(t.privacy)}</a>` : ''}</td></tr>
</table>${m.openPixelUrl ? `<img src="${e(m.openPixelUrl)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">` : ''}</body></html>`;
    return { subject, html, text };
  },
};
