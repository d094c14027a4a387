import type { ResultStatus } from '@laurel/core';
import type { PublicCredentialView } from '../../../../domain/public-pages/ports.js';
import { isShareable } from '../../../../domain/public-pages/page-status.js';
import { html, safeUrl, type SafeHtml } from '../../../html/html.js';
import type { Translator } from '../../../html/i18n/index.js';
import { endorsementList } from './endorsement-list.js';
import { layout, type Head } from './layout.js';
import { localised, resultLines } from '../../../../domain/public-pages/award-facts.js';

/** The text of the status banner: what the status means, with the date or reason when there is one. */
export function statusDetail(tr: Translator, v: PublicCredentialView): string {
  if (v.status === 'expired') return tr.t('status.expired.detail', { date: tr.date(v.expiresAt ?? '') });
  if (v.status === 'pending') return tr.t('status.pending.detail', { date: tr.date(v.issuedOn) });
  const detail = tr.t(`status.${v.status}.detail`);
  return v.revocationReason ? `${detail} ${tr.t('status.reason', { reason: v.revocationReason })}` : detail;
}

export function embedCode(tr: Translator, v: PublicCredentialView): string {
  const title = `${v.achievement.name} (${v.issuer.name})`;
  const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${escapeAttr(v.urls.embed)}" title="${escapeAttr(title)}" width="340" height="330" style="border:0" loading="lazy"></iframe>`;
}

function head(tr: Translator, v: PublicCredentialView): Head {
  const who = v.recipientName;
  const title = who ? tr.t('page.title', { achievement: v.achievement.name, recipient: who }) : tr.t('page.titleAnonymous', { achievement: v.achievement.name });
  const description = (
    who ? tr.t('og.description', { recipient: who, issuer: v.issuer.name, description: v.achievement.description }) : tr.t('og.descriptionAnonymous', { issuer: v.issuer.name, description: v.achievement.description })
  ).slice(0, 300);
  const alt = tr.t('page.badgeAlt', { achievement: v.achievement.name });
  return {
    title,
    description,
    canonical: v.urls.page,
    jsonLd: v.signedCredential,
    alternates: [{ type: 'application/ld+json', href: v.urls.ob3 }],
    social: [
      { property: 'og:type', content: 'website' },
      { property: 'og:site_name', content: v.issuer.name },
      { property: 'og:locale', content: tr.locale === 'fr' ? 'fr_FR' : 'en_GB' },
      { property: 'og:title', content: title },
      { property: 'og:description', content: description },
      { property: 'og:url', content: v.urls.page },
      { property: 'og:image', content: v.urls.png },
      { property: 'og:image:type', content: 'image/png' },
      { property: 'og:image:alt', content: alt },
      { property: 'twitter:card', content: 'summary' },
      { property: 'twitter:title', content: title },
      { property: 'twitter:description', content: description },
      { property: 'twitter:image', content: v.urls.png },
      { property: 'twitter:image:alt', content: alt },
    ],
  };
}

function facts(tr: Translator, v: PublicCredentialView): SafeHtml {
  const d = v.achievement.details;
  const expiry = v.expiresAt
    ? html`<div><dt>${tr.t(v.status === 'expired' ? 'page.expiredOn' : 'page.expiresOn')}</dt><dd><time datetime="${v.expiresAt}">${tr.date(v.expiresAt)}</time></dd></div>`
    : html`<div><dt>${tr.t('page.expiresOn')}</dt><dd>${tr.t('page.noExpiry')}</dd></div>`;
  return html`<dl class="facts">
<div><dt>${tr.t('page.issuedOn')}</dt><dd><time datetime="${v.issuedOn}">${tr.date(v.issuedOn)}</time></dd></div>
${expiry}
<div><dt>${tr.t('page.kind')}</dt><dd>${tr.t(`kind.${v.achievement.kind}`)}</dd></div>
${credits(tr, v)}
${d?.fieldOfStudy ? html`<div><dt>${tr.t('page.fieldOfStudy')}</dt><dd>${d.fieldOfStudy}${d.specialization ? ` — ${d.specialization}` : ''}</dd></div>` : ''}
${d?.humanCode ? html`<div><dt>${tr.t('page.humanCode')}</dt><dd>${d.humanCode}</dd></div>` : ''}
<div><dt>${tr.t('page.credentialId')}</dt><dd>${v.id}</dd></div>
</dl>`;
}

function credits(tr: Translator, v: PublicCredentialView): SafeHtml | '' {
  const d = v.achievement.details;
  const available = d?.creditsAvailable;
  const earned = v.creditsEarned ?? undefined;
  const hours = d?.hours === undefined ? '' : html`<div><dt>${tr.t('page.hours')}</dt><dd id="hours">${tr.t('page.hoursValue', { n: String(d.hours) })}</dd></div>`;
  if (earned === undefined && available === undefined) return hours;
  // With a unit: "6 of 6 ECTS credits"; without: "6 of 6".
  const amount = (n: number) => (d?.creditUnit ? tr.t(`certificate.credits.${d.creditUnit}`, { n: String(n) }) : String(n));
  const text = earned !== undefined && available !== undefined ? tr.t('page.creditsOf', { earned: String(earned), available: amount(available) }) : amount((earned ?? available)!);
  return html`<div><dt>${tr.t('page.credits')}</dt><dd id="credits">${text}</dd></div>${hours}`;
}

/** The award's results (score, grade, pass/fail, rubric level) as a table, and the achievement's alignments. */
function results(tr: Translator, v: PublicCredentialView): SafeHtml | '' {
  const lines = resultLines(v.achievement.details, v.results);
  if (lines.length === 0) return '';
  const rows = lines.map(
    (l) => html`<tr><th scope="row">${l.name}</th><td>${[l.achieved, l.status ? tr.t(`result.status.${l.status as ResultStatus}`) : ''].filter(Boolean).join(' · ')}</td><td>${l.required ?? '—'}</td></tr>`,
  );
  return html`<section class="card" aria-labelledby="h-results"><h2 id="h-results">${tr.t('page.results')}</h2>
<table id="results"><thead><tr><th scope="col">${tr.t('page.resultName')}</th><th scope="col">${tr.t('page.resultAchieved')}</th><th scope="col">${tr.t('page.resultRequired')}</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function alignments(tr: Translator, v: PublicCredentialView): SafeHtml | '' {
  const list = v.achievement.alignments ?? [];
  if (list.length === 0) return '';
  const items = list.map(
    (a) => html`<li><a href="${safeUrl(a.targetUrl)}" rel="noopener">${a.targetName}</a>${a.targetFramework ? html` <span class="muted">(${a.targetFramework}${a.targetCode ? ` ${a.targetCode}` : ''})</span>` : ''}</li>`,
  );
  return html`<section class="card" aria-labelledby="h-alignments"><h2 id="h-alignments">${tr.t('page.alignments')}</h2><ul id="alignments">${items}</ul></section>`;
}

function about(tr: Translator, v: PublicCredentialView): SafeHtml {
  const { criteria } = v.achievement;
  const evidence = v.evidence.map((e, i) => {
    const label = e.name ?? tr.t('page.evidenceItem', { n: i + 1 });
    const text = e.narrative ?? e.description;
    return html`<li>${e.id && /^https?:/i.test(e.id) ? html`<a href="${safeUrl(e.id)}" rel="noopener nofollow ugc">${label}</a>` : label}${text ? html`<p class="text muted">${text}</p>` : ''}</li>`;
  });
  return html`<section class="card" aria-labelledby="h-description"><h2 id="h-description">${tr.t('page.description')}</h2><p class="text">${localised(v.achievement, tr.locale).description}</p></section>
${results(tr, v)}
${criteria.narrative || criteria.url ? html`<section class="card" aria-labelledby="h-criteria"><h2 id="h-criteria">${tr.t('page.criteria')}</h2>${criteria.narrative ? html`<p class="text">${criteria.narrative}</p>` : ''}${criteria.url ? html`<p><a href="${safeUrl(criteria.url)}" rel="noopener">${tr.t('page.criteriaLink')}</a></p>` : ''}</section>` : ''}
${v.narrative ? html`<section class="card" aria-labelledby="h-narrative"><h2 id="h-narrative">${tr.t('page.narrative')}</h2><p class="text">${v.narrative}</p></section>` : ''}
${evidence.length ? html`<section class="card" aria-labelledby="h-evidence"><h2 id="h-evidence">${tr.t('page.evidence')}</h2><ul>${evidence}</ul></section>` : ''}
${alignments(tr, v)}`;
}

function share(tr: Translator, v: PublicCredentialView): SafeHtml {
  // Every share link goes through this site first (`/share/<network>`): the share is counted, then the
  // visitor is redirected to the network's dialog; the copy buttons send a beacon (analytics, docs/analytics.md).
  const tracked = (network: string) => `${v.urls.page}/share/${network}`;
  const copy = (id: string, network: string) => html`<button type="button" class="button secondary" data-copy="${id}" data-share="${tracked(network)}" data-copied="${tr.t('page.copied')}" hidden>${tr.t('page.copy')}</button>`;
  const external = (href: string, label: string, id?: string) => html`<li><a href="${href}" ${id ? html`id="${id}" ` : ''}rel="noopener" target="_blank">${label}</a></li>`;
  return html`<section class="card share" aria-labelledby="h-share"><h2 id="h-share">${tr.t('page.share')}</h2>
<p><a class="button" id="linkedin-add" href="${tracked('linkedin-profile')}" rel="noopener" target="_blank">${tr.t('page.addToLinkedIn')}</a></p>
<ul class="links">${external(tracked('linkedin'), tr.t('page.shareLinkedIn'), 'share-linkedin')}${external(tracked('x'), tr.t('page.shareX'), 'share-x')}${external(tracked('facebook'), tr.t('page.shareFacebook'), 'share-facebook')}<li><a href="${tracked('email')}" id="share-email">${tr.t('page.shareEmail')}</a></li></ul>
<div class="field"><label for="copy-link">${tr.t('page.copyLink')}</label><div class="row"><input id="copy-link" type="url" readonly value="${v.urls.page}">${copy('copy-link', 'copy-link')}</div></div>
<div class="field"><label for="embed-code">${tr.t('page.embed')}</label><p class="muted" id="embed-hint">${tr.t('page.embedHint')}</p><div class="row"><textarea id="embed-code" rows="3" readonly aria-describedby="embed-hint">${embedCode(tr, v)}</textarea>${copy('embed-code', 'embed')}</div></div>
</section>`;
}

/** Live endorsements of the achievement and of its issuer, each with its signed credential. */
function endorsements(tr: Translator, v: PublicCredentialView): SafeHtml | '' {
  const { achievement = [], issuer = [] } = v.endorsements ?? {};
  if (achievement.length === 0 && issuer.length === 0) return '';
  return html`<section class="card" aria-labelledby="h-endorsements" id="endorsements"><h2 id="h-endorsements">${tr.t('page.endorsements')}</h2>
${achievement.length ? html`<h3>${tr.t('page.endorsementsOfAchievement')}</h3>${endorsementList(tr, achievement)}` : ''}
${issuer.length ? html`<h3>${tr.t('page.endorsementsOfIssuer', { issuer: v.issuer.name })}</h3>${endorsementList(tr, issuer)}` : ''}</section>`;
}

/** A download link: marked so the analytics tell a badge taken from the page's own picture. */
const asDownload = (url: string) => `${url}${url.includes('?') ? '&' : '?'}download=1`;

function downloads(tr: Translator, v: PublicCredentialView): SafeHtml {
  return html`<section class="card downloads" aria-labelledby="h-downloads"><h2 id="h-downloads">${tr.t('page.downloads')}</h2><ul class="links">
<li><a href="${asDownload(v.urls.png)}" download>${tr.t('page.download.png')}</a></li>
<li><a href="${asDownload(v.urls.svg)}" download>${tr.t('page.download.svg')}</a></li>
<li><a href="${v.urls.pdf}">${tr.t('page.download.pdf')}</a></li>
<li><a href="${asDownload(v.urls.ob3)}" type="application/ld+json">${tr.t('page.download.json')}</a></li>
</ul></section>`;
}

/** A link to the issuer's own site, shown by its host name; nothing for a non-web URL. */
export function website(url: string): SafeHtml | '' {
  const href = safeUrl(url);
  if (!/^https?:/i.test(href)) return '';
  return html`<a href="${href}" rel="noopener">${new URL(href).host}</a>`;
}

/** The public page of one credential: readable without JavaScript, every value escaped. */
export function credentialPage(tr: Translator, v: PublicCredentialView): string {
  const main = html`<div class="status status-${v.status}" role="status" id="status"><strong>${tr.t(`status.${v.status}`)}</strong><span>${statusDetail(tr, v)}${v.replacedBy ? html` <a href="${safeUrl(v.replacedBy)}" id="replaced-by">${tr.t('status.superseded.link')}</a>` : ''}</span></div>
<article class="card" aria-labelledby="title">
<div class="hero"><img src="${v.urls.png}" alt="${tr.t('page.badgeAlt', { achievement: v.achievement.name })}" width="192" height="192">
<div><p class="kind">${tr.t(`kind.${v.achievement.kind}`)}</p><h1 id="title">${localised(v.achievement, tr.locale).name}</h1>
<p class="recipient">${tr.t('page.awardedTo')} <strong>${v.recipientName ?? tr.t('page.recipientHidden')}</strong></p>
<p class="issued-by">${v.issuer.logoUrl ? html`<img class="issuer-logo" src="${v.issuer.logoUrl}" alt="" height="40">` : ''}${tr.t('page.issuedBy')} <a href="${v.urls.issuerPage}">${v.issuer.name}</a>${website(v.issuer.url) ? html` · ${website(v.issuer.url)}` : ''}</p></div></div>
${facts(tr, v)}
<p class="verify"><a class="button" id="verify" href="${v.urls.verify}">${tr.t('page.verify')}</a> <span class="muted">${tr.t('page.verifyHint')}</span></p>
</article>
${about(tr, v)}
${endorsements(tr, v)}
${isShareable(v.status) ? share(tr, v) : ''}
${downloads(tr, v)}`;
  return layout(tr, head(tr, v), main, { copyScript: true, privacyNoticeUrl: v.privacyNoticeUrl });
}
