import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider';
import { CheckboxGroup, RadioGroup } from './Choice';

const html = (node: ReactNode, locale: 'en' | 'fr' = 'en') => renderToStaticMarkup(createElement(I18nProvider, { initial: locale, children: node }));

describe('CheckboxGroup', () => {
  const scopes = [
    { value: 'laurel.read', label: 'Read' },
    { value: 'laurel.issue', label: 'Issue', hint: 'Award and revoke' },
  ] as const;

  it('ties the hint and the error to the fieldset, and gives the first box the field id an error summary links to', () => {
    const out = html(createElement(CheckboxGroup<'laurel.read' | 'laurel.issue'>, { name: 'scopes', legend: 'Scopes', hint: 'Pick one', error: 'Pick at least one', options: scopes, defaultChecked: (v) => v === 'laurel.read' }));
    expect(out).toContain('<fieldset class="fieldset choices" aria-describedby="field-scopes-hint field-scopes-error"><legend class="field-label">Scopes</legend>');
    expect(out).toContain('<p id="field-scopes-hint" class="field-hint">Pick one</p><p id="field-scopes-error" class="field-error">Pick at least one</p>');
    expect(out).toContain('<input id="field-scopes" type="checkbox" name="scopes" checked="" value="laurel.read"/>');
    expect(out).toContain('<input id="field-scopes-laurel-issue" aria-describedby="field-scopes-laurel-issue-hint" type="checkbox" name="scopes" value="laurel.issue"/>');
    expect(out).toContain('<label for="field-scopes-laurel-issue">Issue<span id="field-scopes-laurel-issue-hint" class="choice-hint">Award and revoke</span></label>');
  });

  it('names no description that is not shown', () => {
    const out = html(createElement(CheckboxGroup<string>, { name: 'events', legend: 'Events', options: [{ value: 'a', label: 'A' }] }));
    expect(out).toContain('<fieldset class="fieldset choices"><legend');
    expect(out).not.toContain('aria-describedby');
    expect(out).not.toContain('checked');
  });

  it('escapes a hostile value and label rather than writing markup', () => {
    const out = html(createElement(CheckboxGroup<string>, { name: 'x', legend: '<b>L</b>', options: [{ value: 'a', label: 'A' }, { value: '"><script>alert(1)</script>', label: '<img src=x onerror=alert(1)>' }] }));
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;b&gt;L&lt;/b&gt;');
  });
});

describe('RadioGroup', () => {
  it('keeps its option ids and ties the error to the fieldset', () => {
    const out = html(createElement(RadioGroup, { name: 'kind', legend: 'Kind', value: 'b', onChange: () => {}, error: 'Choose', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B', hint: 'The other' }] }));
    expect(out).toContain('<fieldset class="fieldset choices" aria-describedby="field-kind-error">');
    expect(out).toContain('<input id="field-kind" type="radio" name="kind" value="a"/>');
    expect(out).toContain('<input id="field-kind-b" aria-describedby="field-kind-b-hint" type="radio" name="kind" checked="" value="b"/>');
  });
});
