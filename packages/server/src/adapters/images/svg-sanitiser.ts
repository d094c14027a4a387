import createDOMPurify, { type Config } from 'dompurify';
import { JSDOM } from 'jsdom';
import type { Checked, SanitisedSvg } from '../../domain/images/ports.js';

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

/** Only references that stay inside the document, or embedded raster images. */
const SAFE_HREF = /^(#[^\s]*|data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*)$/i;
/** `url(…)` to anything but a fragment of this document, `@import`, and old IE script hooks. */
const EXTERNAL_CSS = /url\(\s*(?!['"]?\s*#)|@import|expression\s*\(|behavior\s*:|-moz-binding/i;

const refuse = (reason: string): Checked<SanitisedSvg> => ({ ok: false, reason });
const shorten = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

interface Walk {
  removed: string[];
}

/** Take out references the sanitiser lets through but a self-contained image must not have. */
function stripExternal(root: Element, walk: Walk): void {
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      if ((name === 'href' || name === 'xlink:href') && !SAFE_HREF.test(attr.value.trim())) {
        el.removeAttributeNode(attr);
        walk.removed.push(`external ${name} "${shorten(attr.value)}" on <${el.localName}>`);
      } else if (EXTERNAL_CSS.test(attr.value)) {
        el.removeAttributeNode(attr);
        walk.removed.push(`${name} attribute with an external reference on <${el.localName}>`);
      }
    }
    if (el.localName === 'style' && EXTERNAL_CSS.test(el.textContent ?? '')) {
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

/**
 * An SVG sanitiser: DOMPurify (SVG profile) on jsdom, after a strict XML parse that refuses DOCTYPEs
 * and entity declarations outright (entity expansion, external entities), then a pass that removes
 * every reference out of the document (href to anything but `#fragment` or a raster data: image,
 * CSS `url()` and `@import`) and refuses `<use>` fan-outs.
 */
export function svgSanitiser(): (text: string) => Checked<SanitisedSvg> {
  const { window } = new JSDOM('');
  const purify = createDOMPurify(window);
  const serializer = new window.XMLSerializer();

  return (input) => {
    const text = input.replace(/^\uFEFF/, '');
    if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) return refuse('SVG with a DOCTYPE or entity declarations is refused: save it without them');
    const parsed = new window.DOMParser().parseFromString(text, 'image/svg+xml');
    const error = parsed.getElementsByTagName('parsererror')[0];
    if (error) return refuse(`the SVG is not well-formed XML: ${shorten(error.textContent?.trim() ?? 'parse error')}`);
    const root = parsed.documentElement;
    if (root.localName !== 'svg' || root.namespaceURI !== SVG_NS) return refuse('the root element must be <svg> in the SVG namespace');
    if (parsed.getElementsByTagName('*').length > MAX_ELEMENTS) return refuse(`the SVG has more than ${MAX_ELEMENTS} elements`);

    const body = purify.sanitize(text, PURIFY) as unknown as Element;
    const walk: Walk = { removed: purify.removed.map(describeRemoved).filter((d): d is string => d !== null) };
    const svg = body.firstElementChild;
    if (!svg || svg.localName !== 'svg' || svg.namespaceURI !== SVG_NS) return refuse('nothing drawable is left once unsafe content is removed');
    stripExternal(svg, walk);
    if (expandedCount(svg) > MAX_EXPANDED) return refuse('the SVG repeats elements through <use> too many times (or in a cycle)');
    return { ok: true, value: { svg: serializer.serializeToString(svg), removed: [...new Set(walk.removed)] } };
  };
}
