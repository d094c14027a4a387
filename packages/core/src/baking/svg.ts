import { BakingError } from './errors.js';
import { resolveLimits, type UnbakeLimits } from './limits.js';
import { OB2_SVG_NAMESPACE, OB3_SVG_NAMESPACE, readSvgDocument, type BakedElement } from './svg-document.js';
import { decodeEntities, escapeAttribute, toCdata } from './xml-scan.js';

/** What to bake into an SVG (and what unbaking gives back). */
export type SvgPayload =
  /** OB 2.0: `verify` is the hosted assertion URL or a signed JWS; `assertion` the hosted assertion JSON. */
  | { readonly version: 2; readonly verify: string; readonly assertion?: string | undefined }
  /** OB 3.0: the credential JSON, carried in CDATA. */
  | { readonly version: 3; readonly credential: string }
  /** OB 3.0: a VC-JWT, carried in the `verify` attribute. */
  | { readonly version: 3; readonly jwt: string };

/** Unbaking is lenient about OB 2.0 images that carry only one of `verify` and the CDATA assertion. */
export type UnbakedSvg =
  | { readonly version: 2; readonly verify?: string; readonly assertion?: string }
  | { readonly version: 3; readonly credential: string }
  | { readonly version: 3; readonly jwt: string };

function requireJson(value: string, what: string): void {
  try {
    JSON.parse(value);
  } catch (error) {
    throw new BakingError('bad-payload', `The ${what} to bake is not JSON`, { cause: error });
  }
}

function bakedElementXml(payload: SvgPayload): string {
  if (payload.version === 2) {
    if (!payload.verify) throw new BakingError('bad-payload', 'OB 2.0 SVG baking needs a verify URL or JWS');
    if (payload.assertion !== undefined) requireJson(payload.assertion, 'assertion');
    const body = payload.assertion === undefined ? '' : toCdata(payload.assertion);
    return `<openbadges:assertion verify="${escapeAttribute(payload.verify)}">${body}</openbadges:assertion>`;
  }
  if ('jwt' in payload) {
    if (!payload.jwt) throw new BakingError('bad-payload', 'OB 3.0 SVG baking needs a non-empty VC-JWT');
    return `<openbadges:credential verify="${escapeAttribute(payload.jwt)}"></openbadges:credential>`;
  }
  requireJson(payload.credential, 'credential');
  return `<openbadges:credential>${toCdata(payload.credential)}</openbadges:credential>`;
}

/**
 * Bake a payload into an SVG: the `openbadges` namespace is declared on the root and the element is
 * placed directly after the opening `<svg …>` tag. Existing baked elements are removed first, so
 * re-baking replaces. Text outside those spots is kept byte for byte. The input is not modified.
 */
export function bakeSvg(svg: string, payload: SvgPayload, limits?: Partial<UnbakeLimits>): string {
  const { root, elements } = readSvgDocument(svg, resolveLimits(limits).maxBytes);
  const namespace = payload.version === 2 ? OB2_SVG_NAMESPACE : OB3_SVG_NAMESPACE;
  const rootText = svg.slice(root.start, root.end);
  const declared = root.attrs.find((a) => a.name === 'xmlns:openbadges');
  const withoutDecl = declared
    ? rootText.slice(0, declared.start - root.start) + rootText.slice(declared.end - root.start)
    : rootText;
  const tail = root.selfClosing ? '/>' : '>';
  const openTag = `${withoutDecl.slice(0, withoutDecl.length - tail.length).trimEnd()} xmlns:openbadges="${namespace}">`;
  const close = root.selfClosing ? `</${root.name}>` : '';
  let rest = '';
  let at = root.end;
  for (const element of elements) {
    rest += svg.slice(at, element.open.start);
    at = element.end;
  }
  rest += svg.slice(at);
  return svg.slice(0, root.start) + openTag + bakedElementXml(payload) + close + rest;
}

function elementContent(svg: string, element: BakedElement): string {
  let content = '';
  for (const token of element.inner) {
    if (token.kind === 'cdata') content += svg.slice(token.start + 9, token.end - 3);
    else if (token.kind === 'text') content += decodeEntities(svg.slice(token.start, token.end));
  }
  return content.trim();
}

/**
 * Read the Open Badges payload of an SVG: the first OB 2.0 `<openbadges:assertion>` or OB 3.0
 * `<openbadges:credential>` among the root's children; null when there is none.
 * DTDs, entities, scripts and oversized input are refused with a BakingError.
 */
export function unbakeSvg(svg: string, limits?: Partial<UnbakeLimits>): UnbakedSvg | null {
  const { elements } = readSvgDocument(svg, resolveLimits(limits).maxBytes);
  const element = elements[0];
  if (!element) return null;
  const verifyAttr = element.open.attrs.find((a) => a.name === 'verify');
  const verify = verifyAttr ? decodeEntities(verifyAttr.rawValue).trim() : '';
  const content = elementContent(svg, element);
  if (element.version === 2) {
    if (!verify && !content) throw new BakingError('bad-payload', 'The OB 2.0 SVG assertion element is empty');
    return { version: 2, ...(verify ? { verify } : {}), ...(content ? { assertion: content } : {}) };
  }
  if (verify) return { version: 3, jwt: verify };
  if (!content) throw new BakingError('bad-payload', 'The OB 3.0 SVG credential element is empty');
  return { version: 3, credential: content };
}
