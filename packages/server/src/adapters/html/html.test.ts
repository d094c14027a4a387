import { describe, expect, it } from 'vitest';
import { escapeHtml, html, jsonForScript, raw, safeUrl } from './html.js';

describe('html templates', () => {
  it('escapes every interpolation unless it is already safe markup', () => {
    const name = `<img src=x onerror="alert('1')">&`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;">&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;</p>',
    );
    expect(html`<ul>${['<a>', html`<li>${'b&'}</li>`]}</ul>`.value).toBe('<ul>&lt;a&gt;<li>b&amp;</li></ul>');
    expect(html`${null}${undefined}${false}${0}${raw('<br>')}`.value).toBe('0<br>');
    expect(escapeHtml('`')).toBe('&#96;');
  });

  it('writes JSON into a script data block that cannot be closed early and parses back the same', () => {
    const value = { name: '</script><script>alert(1)</script><!--', sep: '\u2028\u2029', amp: 'a&b' };
    const text = jsonForScript(JSON.stringify(value)).value;
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('lets only web and mail URLs into links', () => {
    expect(safeUrl('https://example.org/a')).toBe('https://example.org/a');
    expect(safeUrl('mailto:a@example.org')).toBe('mailto:a@example.org');
    for (const bad of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'data:text/html,x', 'vbscript:x', '', null, undefined]) expect(safeUrl(bad)).toBe('#');
  });
});
