import type { PublicIssuerView } from '../../../../domain/public-pages/get-issuer-page.js';
import { html } from '../../../html/html.js';
import type { Translator } from '../../../html/i18n/index.js';
import { website } from './credential-page.js';
import { endorsementList } from './endorsement-list.js';
import { layout } from './layout.js';

/** An issuer's public profile with the achievements it awards. */
export function issuerPage(tr: Translator, v: PublicIssuerView, pageUrl: string): string {
  const items = v.achievements.map(
    (a) => html`<li><img src="${a.imageUrl}" alt="" width="112" height="112" loading="lazy"><p class="kind">${tr.t(`kind.${a.kind}`)}</p><h3>${a.name}</h3><p class="muted">${a.description}</p>${endorsementList(tr, a.endorsements)}</li>`,
  );
  const main = html`<article class="card" aria-labelledby="title">${v.logoUrl ? html`<img class="issuer-logo issuer-logo-large" src="${v.logoUrl}" alt="${tr.t('issuer.logoAlt', { issuer: v.name })}" height="72">` : ''}<h1 id="title">${v.name}</h1>
${v.description ? html`<p class="text">${v.description}</p>` : ''}
${website(v.url) ? html`<p>${tr.t('issuer.website')}: ${website(v.url)}</p>` : ''}</article>
<section class="card" aria-labelledby="h-identities"><h2 id="h-identities">${tr.t('issuer.identities')}</h2>
<p class="muted">${tr.t('issuer.identitiesHint')}</p>
<ul class="identities">${v.identities.map(
    (i) => html`<li><code>${i.did}</code> <span class="muted">${i.current ? tr.t('issuer.identityCurrent') : tr.t('issuer.identitySince', { date: tr.date(i.since) })}</span></li>`,
  )}</ul></section>
${v.endorsements.length ? html`<section class="card" aria-labelledby="h-endorsements"><h2 id="h-endorsements">${tr.t('issuer.endorsements')}</h2>${endorsementList(tr, v.endorsements)}</section>` : ''}
<section class="card" aria-labelledby="h-achievements"><h2 id="h-achievements">${tr.t('issuer.achievements')}</h2>
${items.length ? html`<ul class="achievements">${items}</ul>` : html`<p>${tr.t('issuer.none')}</p>`}</section>`;
  const description = (v.description ?? v.name).slice(0, 300);
  return layout(tr, {
    title: tr.t('issuer.title', { issuer: v.name }),
    description,
    canonical: pageUrl,
    alternates: [{ type: 'application/ld+json', href: v.profileUrl }],
    social: [
      { property: 'og:type', content: 'profile' },
      { property: 'og:title', content: v.name },
      { property: 'og:description', content: description },
      { property: 'og:url', content: pageUrl },
    ],
  }, main);
}
