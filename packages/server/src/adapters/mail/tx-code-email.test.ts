import { describe, expect, it } from 'vitest';
import { renderTxCodeEmail } from './tx-code-email.js';

describe('the tx_code e-mail', () => {
  it('carries the code on a line of its own, in English or French, and escapes the issuer name in HTML', () => {
    const en = renderTxCodeEmail({ locale: 'en', issuerName: 'Acme <Badges>', code: '012345', expiresAt: '2026-12-07T10:00:00Z' });
    expect(en.subject).toBe("Your code to add Acme <Badges>'s credential to your wallet");
    expect(en.text.split('\n')).toContain('012345');
    expect(en.text).toContain('7 December 2026');
    expect(en.html).toContain('Acme &#60;Badges&#62;');
    expect(en.html).not.toContain('<Badges>');
    const fr = renderTxCodeEmail({ locale: 'fr-FR', issuerName: 'Acme', code: '987654', expiresAt: '2026-12-07T10:00:00Z' });
    expect(fr.subject).toBe('Votre code pour ajouter le titre de Acme à votre portefeuille');
    expect(fr.text.split('\n')).toContain('987654');
    expect(fr.text).toContain('7 décembre 2026');
  });
});
