import { describe, expect, it } from 'vitest';
import { svgSanitiser } from './svg-sanitiser.js';

const sanitise = svgSanitiser();
const svg = (inner: string, attrs = '') => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"${attrs}>${inner}</svg>`;

function clean(input: string) {
  const result = sanitise(input);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

describe('svgSanitiser', () => {
  it('keeps ordinary drawing, camelCase names, gradients and fragment references as they were', () => {
    const input = svg('<defs><linearGradient id="g" gradientUnits="userSpaceOnUse"><stop offset="0" stop-color="#fff"/></linearGradient><circle id="c" r="2"/></defs><use href="#c" xlink:href="#c"/><rect width="10" height="10" fill="url(#g)" style="fill: url(#g)"/><text>A &amp; B</text>', ' viewBox="0 0 10 10" preserveAspectRatio="xMidYMid meet"');
    const { svg: out, removed } = clean(input);
    expect(removed).toEqual([]);
    for (const kept of ['viewBox="0 0 10 10"', 'preserveAspectRatio', '<linearGradient', 'gradientUnits', 'href="#c"', 'xlink:href="#c"', 'fill="url(#g)"', 'A &amp; B']) expect(out).toContain(kept);
    expect(clean(out)).toEqual({ svg: out, removed: [], rasters: [] }); // stable
  });

  it.each([
    ['script', svg('<script>alert(1)</script>'), /<script/i],
    ['event handler', svg('<rect onclick="x()" width="1" height="1"/>', ' onload="alert(1)"'), /onclick|onload/i],
    ['javascript: link', svg('<a href="javascript:alert(1)"><rect width="1" height="1"/></a>'), /javascript/i],
    ['external image', svg('<image href="https://evil.example/x.png" width="1" height="1"/>'), /evil/],
    ['file reference', svg('<image xlink:href="file:///etc/passwd" width="1" height="1"/>'), /file:/],
    ['nested SVG data URI', svg('<image href="data:image/svg+xml;base64,PHN2Zy8+" width="1" height="1"/>'), /data:image\/svg/],
    ['external use', svg('<use href="https://evil.example/s.svg#a"/>'), /evil/],
    ['foreignObject', svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'), /foreignObject|<div/i],
    ['CSS import', svg('<style>@import url(https://evil.example/a.css);</style>'), /@import|evil/],
    ['CSS url', svg('<rect width="1" height="1" style="fill:url(https://evil.example/a)"/>'), /evil/],
    ['animation', svg('<a><animate attributeName="href" to="javascript:alert(1)"/><set attributeName="href" to="javascript:x"/></a>'), /animate|<set|javascript/i],
    // An href in a namespace bound to XLink under another prefix is an href to an XML parser (and resvg).
    ['XLink href under another prefix', svg('<image foo:href="/tmp/secret.png" width="1" height="1"/>', ' xmlns:foo="http://www.w3.org/1999/xlink"'), /secret/],
    ['XLink href declared on the element', '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><image xmlns:l="http://www.w3.org/1999/xlink" l:href="/tmp/secret.png" width="1" height="1"/></svg>', /secret/],
    ['href in an unknown namespace', svg('<image x:href="/tmp/secret.png" width="1" height="1"/>', ' xmlns:x="urn:x"'), /secret/],
    ['absolute path', svg('<image href="/tmp/secret.png" width="1" height="1"/>'), /secret/],
    ['relative path', svg('<image href="secret.png" width="1" height="1"/>'), /secret/],
    ['feImage file', svg('<filter id="f"><feImage href="/tmp/secret.png"/></filter><rect width="1" height="1" filter="url(#f)"/>'), /secret/],
    ['image pointing at a fragment (read as a file name)', svg('<image href="#a" width="1" height="1"/>'), /href="#a"/],
    ['xml:base', svg('<g xml:base="file:///tmp/"><rect width="1" height="1"/></g>'), /xml:base|file:/],
    ['CSS hex escape', svg('<style>rect { fill: u\\72l(/tmp/secret.svg#a) }</style><rect width="1" height="1"/>'), /secret/],
    ['CSS six-digit escape', svg('<rect width="1" height="1" style="fill: \\000075rl(/tmp/secret.svg#a)"/>'), /secret/],
    ['CSS comment inside url', svg('<style>rect { fill: ur/**/l(/tmp/secret.svg#a) }</style><rect width="1" height="1"/>'), /secret/],
    ['CSS escaped import', svg('<style>@\\69mport "/tmp/secret.css";</style>'), /secret/],
    ['CSS url in a presentation attribute', svg('<rect width="1" height="1" filter="url(/tmp/secret.svg#f)"/>'), /secret/],
  ])('removes %s', (_name, input, forbidden) => {
    const { svg: out, removed } = clean(input);
    expect(out).not.toMatch(forbidden);
    expect(removed.length).toBeGreaterThan(0);
  });

  it('keeps embedded raster images', () => {
    const { svg: out, removed } = clean(svg('<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>'));
    expect(removed).toEqual([]);
    expect(out).toContain('data:image/png;base64,iVBORw0KGgo=');
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>', 'DOCTYPE'],
    ['external entities', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&e;</svg>', 'DOCTYPE'],
    ['malformed XML', '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>', 'well-formed'],
    ['a root that is not SVG', '<html xmlns="http://www.w3.org/1999/xhtml"/>', 'root element'],
    ['SVG without its namespace', '<svg><rect/></svg>', 'root element'],
    ['a <use> cycle', svg('<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g>'), '<use>'],
  ])('refuses %s', (_name, input, reason) => {
    const result = sanitise(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});
