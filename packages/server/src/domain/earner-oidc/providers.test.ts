import { describe, expect, it } from 'vitest';
import { parseEarnerProviders } from './providers.js';

describe('LAUREL_EARNER_OIDC_PROVIDERS', () => {
  it('fills label and issuer from the presets, and takes a provider of any other issuer', () => {
    const { providers, problems } = parseEarnerProviders(JSON.stringify([
      { id: 'google', clientId: 'g', clientSecret: 'gs' },
      { id: 'microsoft', clientId: 'm', clientSecret: 'ms' },
      { id: 'linkedin', clientId: 'l', clientSecret: 'ls' },
      { id: 'edu-id', label: 'eduID', issuer: 'https://login.eduid.example', clientId: 'e', clientSecret: 'es' },
    ]));
    expect(problems).toEqual([]);
    expect(providers.map((p) => [p.id, p.label, p.issuer])).toEqual([
      ['google', 'Google', 'https://accounts.google.com'],
      ['microsoft', 'Microsoft', 'https://login.microsoftonline.com/common/v2.0'],
      ['linkedin', 'LinkedIn', 'https://www.linkedin.com/oauth'],
      ['edu-id', 'eduID', 'https://login.eduid.example'],
    ]);
  });

  it('says what is wrong, without repeating secrets', () => {
    expect(parseEarnerProviders('').providers).toEqual([]);
    expect(parseEarnerProviders('{').problems).toHaveLength(1);
    expect(parseEarnerProviders('{}').problems).toHaveLength(1);
    const { problems } = parseEarnerProviders(JSON.stringify([
      { id: 'Bad Id', clientId: 'x', clientSecret: 'y' },
      { id: 'custom', clientId: 'x', clientSecret: 'y' },
      { id: 'google', clientSecret: 'top-secret' },
      { id: 'other', label: 'Other', issuer: 'ftp://x', clientId: 'x', clientSecret: 'y' },
      { id: 'linkedin', clientId: 'x', clientSecret: 'y' },
      { id: 'linkedin', clientId: 'x', clientSecret: 'y' },
    ]));
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).not.toContain('top-secret');
  });
});
