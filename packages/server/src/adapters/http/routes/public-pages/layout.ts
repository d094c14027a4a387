import { html, jsonForScript, raw, type SafeHtml } from '../../../html/html.js';
import type { Translator } from '../../../html/i18n/index.js';
import { COPY_SCRIPT, PAGE_CSS } from './styles.js';

export interface Head {
  title: string;
  description?: string | undefined;
  canonical?: string | undefined;
  /** OpenGraph / Twitter Card properties, written as given (escaped). */
  social?: { property: string; content: string }[] | undefined;
  /** JSON-LD data block (the signed credential). */
  jsonLd?: string | undefined;
  alternates?: { type: string; href: string }[] | undefined;
  robots?: string | undefined;
}

/** What every public page's head starts with: its encoding, the phone viewport and the site icons. */
export const DOCUMENT_HEAD = html`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="icon" href="/favicon.ico" sizes="32x32">`;

/** The document shell shared by the public pages. */
export function layout(tr: Translator, head: Head, main: SafeHtml, options: { copyScript?: boolean; privacyNoticeUrl?: string | null | undefined } = {}): string {
  return html`<!doctype html>
<html lang="${tr.locale}">
<head>
${DOCUMENT_HEAD}
<title>${head.title}</title>
${head.description ? html`<meta name="description" content="${head.description}">\n` : ''}${head.robots ? html`<meta name="robots" content="${head.robots}">\n` : ''}${head.canonical ? html`<link rel="canonical" href="${head.canonical}">\n` : ''}${(head.alternates ?? []).map((a) => html`<link rel="alternate" type="${a.type}" href="${a.href}">\n`)}${(head.social ?? []).map((m) => html`<meta ${m.property.startsWith('og:') ? raw('property') : raw('name')}="${m.property}" content="${m.content}">\n`)}<style>${raw(PAGE_CSS)}</style>
${head.jsonLd ? html`<script type="application/ld+json">${jsonForScript(head.jsonLd)}</script>\n` : ''}</head>
<body>
<main class="page" id="main">
${main}
</main>
<footer><p>${tr.t('page.footer')}</p>${options.privacyNoticeUrl ? html`<p><a href="${options.privacyNoticeUrl}">${tr.t('page.privacyNotice')}</a></p>` : ''}</footer>
${options.copyScript ? html`<script>${raw(COPY_SCRIPT)}</script>\n` : ''}</body>
</html>
`.value;
}

export function notFoundPage(tr: Translator, what: 'credential' | 'issuer' | 'profile'): string {
  const title = tr.t(what === 'credential' ? 'notFound.title' : what === 'issuer' ? 'notFound.issuerTitle' : 'notFound.profileTitle');
  const body = tr.t(what === 'credential' ? 'notFound.body' : what === 'issuer' ? 'notFound.issuerBody' : 'notFound.profileBody');
  return layout(tr, { title, robots: 'noindex' }, html`<div class="card"><h1>${title}</h1><p>${body}</p></div>`);
}
