import { html, type SafeHtml } from '../../../html/html.js';
import type { Translator } from '../../../html/i18n/index.js';
import { layout } from '../public-pages/layout.js';

const page = (tr: Translator, title: string, main: SafeHtml) => layout(tr, { title, robots: 'noindex' }, html`<article class="card" aria-labelledby="title">${main}</article>`);

/** The public claim form: name and e-mail, posted back to the same address. */
export function claimFormPage(tr: Translator, v: { achievement: string; issuer: string; imageUrl: string; action: string }): string {
  const title = tr.t('claimCode.title', { achievement: v.achievement });
  return page(tr, title, html`<img src="${v.imageUrl}" alt="" width="112" height="112"><h1 id="title">${title}</h1>
<p>${tr.t('claimCode.intro', { issuer: v.issuer })}</p>
<form method="post" action="${v.action}">
<p><label for="name">${tr.t('claimCode.name')}</label><br><input id="name" name="name" autocomplete="name" maxlength="200" required></p>
<p><label for="email">${tr.t('claimCode.email')}</label><br><input id="email" name="email" type="email" autocomplete="email" maxlength="320" required></p>
<p><button type="submit">${tr.t('claimCode.submit')}</button></p>
</form>`);
}

export function claimConfirmPage(tr: Translator, action: string): string {
  return page(tr, tr.t('claimCode.confirmTitle'), html`<h1 id="title">${tr.t('claimCode.confirmTitle')}</h1>
<form method="post" action="${action}"><p><button type="submit">${tr.t('claimCode.confirm')}</button></p></form>`);
}

export function claimResultPage(tr: Translator, result: { status: 'awarded'; url: string } | { status: 'confirm-email' }): string {
  if (result.status === 'confirm-email') return page(tr, tr.t('claimCode.confirmTitle'), html`<h1 id="title">${tr.t('claimCode.confirmTitle')}</h1><p role="status">${tr.t('claimCode.checkEmail')}</p>`);
  return page(tr, tr.t('claimCode.awarded'), html`<h1 id="title">${tr.t('claimCode.awarded')}</h1><p><a href="${result.url}">${tr.t('claimCode.view')}</a></p>`);
}

/** A refusal (expired, withdrawn, used up, unknown): the problem's own words, no details about the code. */
export function claimRefusedPage(tr: Translator, detail: string): string {
  return page(tr, tr.t('claimCode.refused'), html`<h1 id="title">${tr.t('claimCode.refused')}</h1><p role="alert">${detail}</p>`);
}
