import type { PublicCredentialView } from '../../../../domain/public-pages/ports.js';
import { html, raw } from '../../../html/html.js';
import type { Translator } from '../../../html/i18n/index.js';
import { DOCUMENT_HEAD } from './layout.js';
import { EMBED_CSS } from './styles.js';

/** The iframe widget: the badge, who earned it, and its live status, linking to the full page. */
export function embedPage(tr: Translator, v: PublicCredentialView): string {
  const status = tr.t(`status.${v.status}`);
  return html`<!doctype html>
<html lang="${tr.locale}">
<head>
${DOCUMENT_HEAD}
<meta name="robots" content="noindex">
<title>${tr.t('embed.title', { achievement: v.achievement.name, status })}</title>
<style>${raw(EMBED_CSS)}</style>
</head>
<body>
<main class="widget">
<img src="${v.urls.png}" alt="${tr.t('page.badgeAlt', { achievement: v.achievement.name })}" width="128" height="128">
<h1>${v.achievement.name}</h1>
${v.recipientName ? html`<p>${tr.t('page.awardedTo')} <strong>${v.recipientName}</strong></p>` : ''}
<p>${tr.t('page.issuedBy')} ${v.issuer.name}</p>
<span class="pill status-${v.status}" id="status">${status}</span>
<a href="${v.urls.page}" target="_blank" rel="noopener">${tr.t('embed.view')}</a>
</main>
</body>
</html>
`.value;
}
