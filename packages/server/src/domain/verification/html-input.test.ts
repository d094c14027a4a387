import { describe, expect, it } from 'vitest';
import { credentialLinkInHtml, looksLikeHtml, MAX_LINK_TAGS } from './html-input.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const PAGE = 'https://badges.example/credentials/abc';

describe('web pages given to the verifier', () => {
  it('tells an HTML page from an SVG image', () => {
    expect(looksLikeHtml(bytes('\uFEFF  <!DOCTYPE html>\n<html>'))).toBe(true);
    expect(looksLikeHtml(bytes('<!-- saved --><html lang="fr"><head>'))).toBe(true);
    expect(looksLikeHtml(bytes('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBe(false);
    expect(looksLikeHtml(bytes('<?xml version="1.0"?><svg/>'))).toBe(false);
    expect(looksLikeHtml(bytes('{"@context": []}'))).toBe(false);
  });

  it("finds the credential link in any attribute order, quoting and case, resolved against the page", () => {
    expect(credentialLinkInHtml(bytes(`<link rel="alternate" type="application/ld+json" href="${PAGE.replace('/credentials', '/ob3/credentials')}">`), PAGE)).toBe('https://badges.example/ob3/credentials/abc');
    expect(credentialLinkInHtml(bytes(`<LINK HREF='/c.json?a=1&amp;b=2' TYPE='application/json; charset=utf-8' REL='Alternate'>`), PAGE)).toBe('https://badges.example/c.json?a=1&b=2');
    expect(credentialLinkInHtml(bytes('<link rel=alternate type=application/vc+jwt href=c.jwt>'), PAGE)).toBe('https://badges.example/credentials/c.jwt');
  });

  it('ignores other links, other origins, non-web schemes, and stops after a bounded number of tags', () => {
    const none = (html: string) => expect(credentialLinkInHtml(bytes(html), PAGE), html).toBeUndefined();
    none('<link rel="stylesheet" type="application/ld+json" href="/a.json">');
    none('<link rel="alternate" type="application/rss+xml" href="/feed">');
    none('<link rel="alternate" type="application/ld+json" href="https://evil.example/a.json">');
    none('<link rel="alternate" type="application/ld+json" href="//evil.example/a.json">');
    none('<link rel="alternate" type="application/ld+json" href="http://badges.example/a.json">');
    none('<link rel="alternate" type="application/ld+json" href="http://127.0.0.1:6379/">');
    none('<link rel="alternate" type="application/ld+json" href="javascript:alert(1)">');
    none('<link rel="alternate" type="application/ld+json" href="">');
    none(`${'<link rel="icon" href="/f.ico">'.repeat(MAX_LINK_TAGS)}<link rel="alternate" type="application/ld+json" href="/a.json">`);
    expect(credentialLinkInHtml(bytes('<link rel="alternate" type="application/ld+json" href="/a.json">'), 'not a url')).toBeUndefined();
  });
});
