import { XMLValidator } from 'fast-xml-parser';
import { BakingError } from './errors.js';
import { scanXml, type XmlAttr, type XmlToken } from './xml-scan.js';

export const OB2_SVG_NAMESPACE = 'http://openbadges.org';
export const OB3_SVG_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';

type StartToken = Extract<XmlToken, { kind: 'start' }>;

/** An `<x:assertion>` (OB 2.0) or `<x:credential>` (OB 3.0) element among the root's children. */
export interface BakedElement {
  readonly version: 2 | 3;
  readonly open: StartToken;
  /** Tokens between the start and end tag. */
  readonly inner: readonly XmlToken[];
  /** Offset just after the element's end tag (or its self-closing start tag). */
  readonly end: number;
}

export interface SvgDocument {
  readonly root: StartToken;
  readonly elements: readonly BakedElement[];
}

const ACTIVE_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'embed', 'object']);

const localName = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

function refuseActiveContent(token: StartToken): void {
  if (ACTIVE_ELEMENTS.has(localName(token.name).toLowerCase())) {
    throw new BakingError('svg-active-content', `SVG contains a <${token.name}> element; scripts and embedded documents are refused`);
  }
  for (const attr of token.attrs) {
    if (/^on/i.test(localName(attr.name))) {
      throw new BakingError('svg-active-content', `SVG contains an event-handler attribute (${attr.name}); scripts are refused`);
    }
    if (/^\s*(javascript|vbscript):/i.test(attr.rawValue)) {
      throw new BakingError('svg-active-content', `SVG attribute ${attr.name} holds a script URL; scripts are refused`);
    }
  }
}

function namespaceOf(prefix: string, scopes: readonly (readonly XmlAttr[])[]): string | undefined {
  for (const attrs of scopes) {
    const found = attrs.find((a) => a.name === `xmlns:${prefix}`);
    if (found) return found.rawValue;
  }
  return undefined;
}

function bakedVersion(token: StartToken, root: StartToken): 2 | 3 | undefined {
  const colon = token.name.indexOf(':');
  if (colon < 0) return undefined;
  const prefix = token.name.slice(0, colon);
  const local = token.name.slice(colon + 1);
  // Lenient: an undeclared `openbadges:` prefix is read by its element name.
  const namespace = namespaceOf(prefix, [token.attrs, root.attrs]) ??
    (prefix === 'openbadges' ? (local === 'assertion' ? OB2_SVG_NAMESPACE : OB3_SVG_NAMESPACE) : undefined);
  if (local === 'assertion' && namespace === OB2_SVG_NAMESPACE) return 2;
  if (local === 'credential' && namespace === OB3_SVG_NAMESPACE) return 3;
  return undefined;
}

function findRoot(text: string, tokens: readonly XmlToken[]): number {
  const index = tokens.findIndex((t) => t.kind === 'start');
  const prolog = tokens.slice(0, index < 0 ? tokens.length : index);
  const junk = prolog.some((t) => t.kind === 'text' && text.slice(t.start, t.end).replace(/^\uFEFF/, '').trim() !== '');
  const root = tokens[index];
  if (index < 0 || junk || root?.kind !== 'start' || localName(root.name) !== 'svg') {
    throw new BakingError('not-svg', 'Not an SVG: the document element is not <svg>');
  }
  return index;
}

function collectElements(tokens: readonly XmlToken[], rootIndex: number, root: StartToken): BakedElement[] {
  const elements: BakedElement[] = [];
  let depth = 1;
  let open: { token: StartToken; version: 2 | 3; from: number } | undefined;
  for (let i = rootIndex + 1; i < tokens.length && depth > 0; i++) {
    const token = tokens[i]!;
    if (token.kind === 'start') {
      const version = depth === 1 ? bakedVersion(token, root) : undefined;
      if (version && token.selfClosing) elements.push({ version, open: token, inner: [], end: token.end });
      else if (version) open = { token, version, from: i + 1 };
      if (!token.selfClosing) depth++;
    } else if (token.kind === 'end') {
      depth--;
      if (depth === 1 && open) {
        elements.push({ version: open.version, open: open.token, inner: tokens.slice(open.from, i), end: token.end });
        open = undefined;
      }
    }
  }
  return elements;
}

/**
 * Read an untrusted SVG: size cap, no DTD/entities, well-formed (checked by fast-xml-parser),
 * no scripts, document element `<svg>`; returns the root tag and any baked Open Badges elements.
 */
export function readSvgDocument(text: string, maxChars: number): SvgDocument {
  if (text.length > maxChars) throw new BakingError('too-large', `SVG is ${text.length} characters; the limit is ${maxChars}`);
  const tokens = [...scanXml(text)];
  const rootIndex = findRoot(text, tokens);
  for (const token of tokens) if (token.kind === 'start') refuseActiveContent(token);
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    throw new BakingError('xml-malformed', `SVG is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  const root = tokens[rootIndex] as StartToken;
  return { root, elements: collectElements(tokens, rootIndex, root) };
}
