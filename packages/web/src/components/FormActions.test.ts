// @vitest-environment jsdom
import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider';
import { FormActions } from './FormActions';

const html = (node: ReactNode, locale: 'en' | 'fr' = 'en') => renderToStaticMarkup(createElement(I18nProvider, { initial: locale, children: node }));

describe('FormActions', () => {
  it('gives a cancel button that closes in place, in the reader’s language', () => {
    expect(html(createElement(FormActions, { label: 'Save', busy: false, onCancel: () => {} }), 'fr')).toContain('<button type="button" class="btn btn-secondary">Annuler</button>');
    const danger = html(createElement(FormActions, { label: 'Refuse', busy: true, variant: 'danger', onCancel: () => {}, cancelLabel: 'Keep' }));
    expect(danger).toContain('<button type="submit" class="btn btn-danger" disabled="" aria-busy="true">');
    expect(danger).toContain('>Keep</button>');
  });

  it('shows no cancel when there is nothing to go back to', () => {
    expect(html(createElement(FormActions, { label: 'Save', busy: false }))).not.toContain('btn-secondary');
  });
});
