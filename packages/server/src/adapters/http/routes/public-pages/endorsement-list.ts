import type { PublicEndorsement } from '../../../../domain/public-pages/ports.js';
import { html, safeUrl, type SafeHtml } from '../../../html/html.js';
import type { Translator } from '../../../html/i18n/index.js';

/** Endorsements: the endorser's words, who and when, and a link to the signed EndorsementCredential (JSON). */
export function endorsementList(tr: Translator, list: PublicEndorsement[]): SafeHtml | '' {
  if (list.length === 0) return '';
  return html`<ul class="endorsements">${list.map(
    (e) =>
      html`<li><blockquote class="text">${e.comment}</blockquote><p class="muted">${tr.t('issuer.endorsedBy', { endorser: e.endorser, date: tr.date(e.date) })} · <a href="${safeUrl(e.credentialUrl)}" type="application/ld+json" rel="nofollow">${tr.t('issuer.endorsementLink')}</a></p></li>`,
  )}</ul>`;
}
