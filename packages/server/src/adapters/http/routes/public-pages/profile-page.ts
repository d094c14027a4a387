import type { PublicProfileView } from '../../../../domain/earners/profile.js';
import { html } from '../../../html/html.js';
import type { Translator } from '../../../html/i18n/index.js';
import { layout } from './layout.js';

/** An earner's opt-in public profile: their public credentials. */
export function profilePage(tr: Translator, v: PublicProfileView, pageUrl: string): string {
  const title = v.name ?? v.handle;
  const items = v.credentials.map(
    (c) =>
      html`<li><a href="${c.pageUrl}"><img src="${c.imageUrl}" alt="" width="112" height="112" loading="lazy"><p class="kind">${tr.t(`kind.${c.achievementKind}`)}</p><h3>${c.achievementName}</h3></a><p class="muted">${c.issuerName} · ${new Date(c.issuedOn).toLocaleDateString(tr.locale, { dateStyle: 'medium', timeZone: 'UTC' })}${c.status === 'active' ? '' : html` · <strong>${tr.t(`profile.status.${c.status as 'expired' | 'revoked' | 'suspended'}`)}</strong>`}</p></li>`,
  );
  const main = html`<article class="card" aria-labelledby="title"><h1 id="title">${title}</h1>${v.bio ? html`<p class="text">${v.bio}</p>` : ''}</article>
<section class="card" aria-labelledby="h-credentials"><h2 id="h-credentials">${tr.t('profile.credentials')}</h2>
${items.length ? html`<ul class="achievements">${items}</ul>` : html`<p>${tr.t('profile.none')}</p>`}</section>`;
  return layout(tr, {
    title: tr.t('profile.title', { name: title }),
    description: tr.t('profile.description', { name: title, count: String(v.credentials.length) }),
    canonical: pageUrl,
    social: [
      { property: 'og:type', content: 'profile' },
      { property: 'og:title', content: title },
      { property: 'og:url', content: pageUrl },
    ],
  }, main);
}
