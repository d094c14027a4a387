import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { BakingError, type BakingErrorCode } from './errors.js';
import { bakeSvg, unbakeSvg } from './svg.js';

const ARTWORK = `<?xml version="1.0" encoding="UTF-8"?>
<!-- badge artwork, <svg> in a comment must not confuse the baker -->
<?xml-stylesheet href="badge.css" type="text/css"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" data-note="a > b">
  <title>Badge</title>
  <circle cx="5" cy="5" r="4"/>
</svg>
`;

const assertion = JSON.stringify({ type: 'Assertion', id: 'https://example.org/a/1', narrative: 'tricky ]]> & <tags>' });
const credential = JSON.stringify({ type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'Ünïcode ✓ ]]>' });
const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln';

const parser = new XMLParser({ ignoreAttributes: false, preserveOrder: true, cdataPropName: '#cdata', processEntities: false });

/** The name of the first element child of <svg>, according to fast-xml-parser. */
function firstChildOfSvg(svg: string): { name: string; node: Record<string, unknown> } {
  expect(XMLValidator.validate(svg)).toBe(true);
  const doc = parser.parse(svg) as Record<string, unknown>[];
  const root = doc.find((n) => 'svg' in n)!;
  const children = root['svg'] as Record<string, unknown>[];
  const node = children.find((c) => !('#text' in c))!;
  return { name: Object.keys(node).find((k) => k !== ':@')!, node };
}

function codeOf(fn: () => unknown): BakingErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof BakingError) return error.code;
    throw error;
  }
  return undefined;
}

describe('bakeSvg / unbakeSvg', () => {
  it('round-trips an OB 2.0 hosted assertion (verify URL + CDATA)', () => {
    const baked = bakeSvg(ARTWORK, { version: 2, verify: 'https://example.org/a/1?x=1&y=2', assertion });
    expect(unbakeSvg(baked)).toEqual({ version: 2, verify: 'https://example.org/a/1?x=1&y=2', assertion });
    const { name, node } = firstChildOfSvg(baked);
    expect(name).toBe('openbadges:assertion');
    expect(node[':@']).toEqual({ '@_verify': 'https://example.org/a/1?x=1&amp;y=2' });
    expect(baked).toContain('data-note="a > b" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify=');
    expect(baked.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<!-- badge artwork')).toBe(true);
  });

  it('round-trips an OB 2.0 signed badge (JWS in verify, no CDATA)', () => {
    const baked = bakeSvg(ARTWORK, { version: 2, verify: jwt });
    expect(unbakeSvg(baked)).toEqual({ version: 2, verify: jwt });
  });

  it('round-trips an OB 3.0 credential in CDATA, directly after <svg>', () => {
    const baked = bakeSvg(ARTWORK, { version: 3, credential });
    expect(unbakeSvg(baked)).toEqual({ version: 3, credential });
    expect(firstChildOfSvg(baked).name).toBe('openbadges:credential');
    expect(baked).toMatch(/xmlns:openbadges="https:\/\/purl.imsglobal.org\/ob\/v3p0"><openbadges:credential><!\[CDATA\[/);
  });

  it('round-trips an OB 3.0 VC-JWT in the verify attribute', () => {
    const baked = bakeSvg(ARTWORK, { version: 3, jwt });
    expect(unbakeSvg(baked)).toEqual({ version: 3, jwt });
  });

  it('re-bakes instead of baking twice, even across versions, and fixes the namespace', () => {
    const once = bakeSvg(ARTWORK, { version: 2, verify: 'https://example.org/a/1', assertion });
    const twice = bakeSvg(once, { version: 3, credential });
    const thrice = bakeSvg(twice, { version: 3, jwt });
    expect(thrice.match(/<openbadges:/g)).toHaveLength(1);
    expect(thrice.match(/xmlns:openbadges=/g)).toHaveLength(1);
    expect(thrice).toContain('xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"');
    expect(unbakeSvg(thrice)).toEqual({ version: 3, jwt });
    expect(thrice).toContain('<title>Badge</title>');
  });

  it('handles a self-closing <svg/> root and a single-quoted, multi-line root tag', () => {
    const baked = bakeSvg(`<svg xmlns='http://www.w3.org/2000/svg'\n  width='10'/>`, { version: 3, jwt });
    expect(baked.endsWith('</openbadges:credential></svg>')).toBe(true);
    expect(unbakeSvg(baked)).toEqual({ version: 3, jwt });
  });

  it('reads an element under another prefix bound to the OB namespace', () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="http://openbadges.org"><ob:assertion verify="https://e.org/a"/></svg>`;
    expect(unbakeSvg(svg)).toEqual({ version: 2, verify: 'https://e.org/a' });
  });

  it('returns null for artwork with no baked element', () => {
    expect(unbakeSvg(ARTWORK)).toBeNull();
  });

  it('refuses payloads that are not what they claim', () => {
    expect(codeOf(() => bakeSvg(ARTWORK, { version: 3, credential: 'not json' }))).toBe('bad-payload');
    expect(codeOf(() => bakeSvg(ARTWORK, { version: 2, verify: '' }))).toBe('bad-payload');
  });
});

describe('SVG on hostile input', () => {
  const xxe = `<?xml version="1.0"?>
<!DOCTYPE svg [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text>&xxe;</text></svg>`;

  it('refuses an external entity (with a script) quickly, for unbake and bake', () => {
    const started = performance.now();
    expect(codeOf(() => unbakeSvg(xxe))).toBe('xml-unsafe');
    expect(codeOf(() => bakeSvg(xxe, { version: 3, jwt }))).toBe('xml-unsafe');
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('refuses an entity-expansion (billion laughs) document', () => {
    const lol = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><svg>&lol2;</svg>`;
    expect(codeOf(() => unbakeSvg(lol))).toBe('xml-unsafe');
  });

  it('refuses scripts, event handlers and javascript: URLs', () => {
    const base = (inner: string) => `<svg xmlns="http://www.w3.org/2000/svg">${inner}</svg>`;
    expect(codeOf(() => unbakeSvg(base('<script>alert(1)</script>')))).toBe('svg-active-content');
    expect(codeOf(() => unbakeSvg(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`))).toBe('svg-active-content');
    expect(codeOf(() => unbakeSvg(base('<a href=" javascript:alert(1)">x</a>')))).toBe('svg-active-content');
    expect(codeOf(() => bakeSvg(base('<foreignObject><div/></foreignObject>'), { version: 3, jwt }))).toBe('svg-active-content');
  });

  it('refuses oversized, malformed and non-SVG documents', () => {
    expect(codeOf(() => unbakeSvg(ARTWORK, { maxBytes: 100 }))).toBe('too-large');
    expect(codeOf(() => unbakeSvg('<svg><g></svg>'))).toBe('xml-malformed');
    expect(codeOf(() => unbakeSvg('<svg><!-- never closed'))).toBe('xml-malformed');
    expect(codeOf(() => unbakeSvg('<html><svg/></html>'))).toBe('not-svg');
    expect(codeOf(() => unbakeSvg('hello <svg/>'))).toBe('not-svg');
    expect(codeOf(() => unbakeSvg(''))).toBe('not-svg');
  });
});
