import createDOMPurify, { type Config } from 'dompurify';
import { JSDOM } from 'jsdom';
import type { Checked, SanitisedSvg } from '../../domain/images/ports.js';
import { SAFE_FRAGMENT, SAFE_RASTER_DATA, externalReference } from './svg-references.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const MAX_ELEMENTS = 10_000;
/** Elements drawn once `<use>` references are expanded (a `<use>` fan-out is a rendering bomb). */
const MAX_EXPANDED = 50_000;

/** Animation can rewrite attributes (a link to javascript:) after sanitising; badges do not need it. */
const FORBID_TAGS = ['script', 'foreignObject', 'iframe', 'animate', 'animateMotion', 'animateTransform', 'animateColor', 'set', 'discard'];
const PURIFY: Config = {
  USE_PROFILES: { svg: true, svgFilters: true },
  ADD_TAGS: ['use'],
  ADD_ATTR: ['role'],
  FORBID_TAGS,
  RETURN_DOM: true,
};

const XLINK_NS = 'http://www.w3.org/1999/xlink';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
/** Attribute namespaces SVG drawing uses; an attribute in any other namespace means nothing to a renderer. */
const KNOWN_ATTR_NS = new Set([null, XLINK_NS, XML_NS, XMLNS_NS]);
/** Embedded raster images, at most (each one is decoded and re-encoded). */
const MAX_RASTERS = 16;

/**
 * CSS that reaches outside the document: `url(…)` to anything but a fragment, the other image and
 * font loaders, `@import`, and old script hooks. Checked on CSS with its escapes decoded.
 */
const EXTERNAL_CSS = /url\(\s*(?!['"]?\s*#)|\b(?:src|image|image-set|cross-fade|element)\(|@import|@font-face|@namespace|expression\s*\(|behavior\s*:|-moz-binding/i;

/**
 * CSS as its tokenizer sees it: comments dropped, `\72`, `\000072 `, `\r` and line-continuation escapes
 * decoded, so `u\72l(` (and `url` split by a comment) is read as `url(`.
 */
export function decodeCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '')
    .replace(/\\(?:([0-9a-f]{1,6})(?:\r\n|[ \t\n\r\f])?|(\r\n|[\n\r\f])|([\s\S]))/gi, (_all, hex: string | undefined, _newline: string | undefined, char: string | undefined) => {
      if (hex) {
        const code = parseInt(hex, 16);
        return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(code);
      }
      return char ?? '';
    })
    .replace(/\0/g, '\uFFFD');
}

const externalCss = (text: string): boolean => EXTERNAL_CSS.test(decodeCss(text));

const refuse = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });
const shorten = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

interface Walk {
  removed: string[];
  /** Embedded raster data: URIs met (whitespace removed), in order. */
  rasters: Set<string>;
  /** Replacements for embedded rasters (their re-encoded form); a raster not in it is removed. */
  replace: ReadonlyMap<string, string | null> | undefined;
}

/** One `href` (in any namespace): a fragment stays, an embedded raster is kept (or replaced), anything else goes. */
function checkHref(el: Element, attr: Attr, walk: Walk): void {
  const value = attr.value.trim();
  const compact = value.replace(/\s+/g, '');
  const isImage = el.localName === 'image' || el.localName === 'feImage';
  if (SAFE_FRAGMENT.test(value) && !(el.localName === 'image')) {
    if (value !== attr.value) attr.value = value;
    return;
  }
  if (isImage && SAFE_RASTER_DATA.test(compact)) {
    const replacement = walk.replace ? walk.replace.get(compact) : compact;
    if (replacement) {
      walk.rasters.add(replacement);
      if (replacement !== attr.value) attr.value = replacement;
      return;
    }
    el.removeAttributeNode(attr);
    walk.removed.push(`embedded image that is not a valid PNG, JPEG, GIF or WebP on <${el.localName}>`);
    return;
  }
  el.removeAttributeNode(attr);
  walk.removed.push(`external ${attr.name} "${shorten(value)}" on <${el.localName}>`);
}

/**
 * Take out, on the document as an XML parser (and so resvg) reads it, every reference the sanitiser let
 * through but a self-contained image must not have: an `href` in any namespace that is not a fragment
 * or an embedded raster, attributes in unknown namespaces, `xml:base`, CSS reaching outside.
 */
function stripExternal(root: Element, walk: Walk): void {
  for (const el of [root, ...root.querySelectorAll('*')]) {
    if (el.namespaceURI !== SVG_NS) {
      el.remove();
      walk.removed.push(`<${el.localName}> outside the SVG namespace`);
      continue;
    }
    for (const attr of [...el.attributes]) {
      if (attr.localName === 'href') checkHref(el, attr, walk);
      else if (!KNOWN_ATTR_NS.has(attr.namespaceURI) || (attr.namespaceURI === XML_NS && attr.localName === 'base')) {
        el.removeAttributeNode(attr);
        walk.removed.push(`${attr.name} attribute on <${el.localName}>`);
      } else if (attr.namespaceURI !== XMLNS_NS && externalCss(attr.value)) {
        el.removeAttributeNode(attr);
        walk.removed.push(`${attr.name} attribute with an external reference on <${el.localName}>`);
      }
    }
    if (el.localName === 'style' && externalCss(el.textContent ?? '')) {
      el.remove();
      walk.removed.push('<style> with an external reference or @import');
    }
  }
}

/** Elements drawn once every `<use>` is expanded; Infinity on a reference cycle. */
function expandedCount(root: Element): number {
  const byId = new Map<string, Element>();
  for (const el of root.querySelectorAll('[id]')) if (!byId.has(el.id)) byId.set(el.id, el);
  const memo = new Map<Element, number>();
  const visiting = new Set<Element>();
  const count = (el: Element): number => {
    const known = memo.get(el);
    if (known !== undefined) return known;
    if (visiting.has(el)) return Infinity;
    visiting.add(el);
    let total = 1;
    for (const child of el.children) total += count(child);
    if (el.localName === 'use') {
      const ref = (el.getAttribute('href') ?? el.getAttributeNS('http://www.w3.org/1999/xlink', 'href') ?? '').trim();
      const target = ref.startsWith('#') ? byId.get(ref.slice(1)) : undefined;
      if (target) total += count(target);
    }
    visiting.delete(el);
    memo.set(el, Math.min(total, Number.MAX_SAFE_INTEGER));
    return total;
  };
  return count(root);
}

function describeRemoved(entry: { element?: Node | null; attribute?: Attr | null; from?: Node }): string | null {
  if (entry.attribute) return `${entry.attribute.name} attribute${entry.from ? ` on <${(entry.from as Element).localName ?? entry.from.nodeName}>` : ''}`;
  const node = entry.element;
  if (!node) return null;
  if (node.nodeType !== 1) return null;
  const name = (node as Element).localName;
  // DOMPurify's own wrapper elements, not the SVG's.
  return name === 'body' || name === 'html' || name === 'head' ? null : `<${name}>`;
}

/** The sanitiser's answer: the safe SVG, what was removed, and the embedded raster images it keeps. */
export type SanitiserResult = Checked<SanitisedSvg & { rasters: string[] }>;

/**
 * An SVG sanitiser: DOMPurify (SVG profile) on jsdom, after a strict XML parse that refuses DOCTYPEs
 * and entity declarations outright (entity expansion, external entities). DOMPurify's result is then
 * written out and parsed again as XML, namespace-aware, exactly as resvg will read it, and every
 * reference out of the document is removed there (see `stripExternal`); `<use>` fan-outs are refused.
 * `replaceRasters` maps each embedded raster image (as returned in `rasters`) to its re-encoded form.
 */
export function svgSanitiser(): (text: string, replaceRasters?: ReadonlyMap<string, string | null>) => SanitiserResult {
  const { window } = new JSDOM('');
  const purify = createDOMPurify(window);
  const serializer = new window.XMLSerializer();
  const parseXml = (text: string): Element | string => {
    const parsed = new window.DOMParser().parseFromString(text, 'image/svg+xml');
    const error = parsed.getElementsByTagName('parsererror')[0];
    return error ? shorten(error.textContent?.trim() ?? 'parse error') : parsed.documentElement;
  };

  return (input, replaceRasters) => {
    const text = input.replace(/^\uFEFF/, '');
    if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) return refuse('SVG with a DOCTYPE or entity declarations is refused: save it without them');
    const root = parseXml(text);
    if (typeof root === 'string') return refuse(`the SVG is not well-formed XML: ${root}`);
    if (root.localName !== 'svg' || root.namespaceURI !== SVG_NS) return refuse('the root element must be <svg> in the SVG namespace');
    if (root.getElementsByTagName('*').length > MAX_ELEMENTS) return refuse(`the SVG has more than ${MAX_ELEMENTS} elements`);

    const body = purify.sanitize(text, PURIFY) as unknown as Element;
    const walk: Walk = { removed: purify.removed.map(describeRemoved).filter((d): d is string => d !== null), rasters: new Set(), replace: replaceRasters };
    const purified = body.firstElementChild;
    if (!purified || purified.localName !== 'svg' || purified.namespaceURI !== SVG_NS) return refuse('nothing drawable is left once unsafe content is removed');
    // Read again as XML: what resvg will see, with namespaces resolved (a `foo:href` bound to XLink is an href).
    const svg = parseXml(serializer.serializeToString(purified));
    if (typeof svg === 'string' || svg.localName !== 'svg' || svg.namespaceURI !== SVG_NS) return refuse('nothing drawable is left once unsafe content is removed');
    stripExternal(svg, walk);
    if (walk.rasters.size > MAX_RASTERS) return refuse(`the SVG embeds more than ${MAX_RASTERS} raster images`);
    if (expandedCount(svg) > MAX_EXPANDED) return refuse('the SVG repeats elements through <use> too many times (or in a cycle)');
    const out = serializer.serializeToString(svg);
    // The renderer's own check must agree; if it does not, refuse rather than hand resvg a reference.
    const leftover = externalReference(out);
    if (leftover) return refuse(`the SVG could not be made self-contained: ${leftover}`);
    return { ok: true, value: { svg: out, removed: [...new Set(walk.removed)], rasters: [...walk.rasters] } };
  };
}
