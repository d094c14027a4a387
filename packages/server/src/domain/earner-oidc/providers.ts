import type { EarnerProvider } from './ports.js';

/**
 * Well-known providers: only the client id and secret need configuring. Microsoft's `common` endpoint
 * serves every tenant and personal accounts; its discovery names the issuer
 * `https://login.microsoftonline.com/{tenantid}/v2.0`, which openid-client fills in from each ID token's
 * `tid` before comparing (the token's issuer must still be that tenant's).
 */
export const EARNER_PROVIDER_PRESETS: Record<string, { label: string; issuer: string }> = {
  google: { label: 'Google', issuer: 'https://accounts.google.com' },
  microsoft: { label: 'Microsoft', issuer: 'https://login.microsoftonline.com/common/v2.0' },
  linkedin: { label: 'LinkedIn', issuer: 'https://www.linkedin.com/oauth' },
};

const ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

/**
 * Parses LAUREL_EARNER_OIDC_PROVIDERS: a JSON array of `{ id, label?, issuer?, clientId, clientSecret }`
 * (label and issuer default to the preset named by `id`). Returns the providers and what is wrong.
 */
export function parseEarnerProviders(raw: string | undefined): { providers: EarnerProvider[]; problems: string[] } {
  const problems: string[] = [];
  if (raw === undefined || raw.trim() === '') return { providers: [], problems };
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    return { providers: [], problems: ['LAUREL_EARNER_OIDC_PROVIDERS must be a JSON array of { id, label, issuer, clientId, clientSecret }'] };
  }
  if (!Array.isArray(list)) return { providers: [], problems: ['LAUREL_EARNER_OIDC_PROVIDERS must be a JSON array'] };
  const providers: EarnerProvider[] = [];
  for (const [i, entry] of list.entries()) {
    const e = (entry ?? {}) as Record<string, unknown>;
    const at = `LAUREL_EARNER_OIDC_PROVIDERS[${i}]`;
    const id = typeof e.id === 'string' ? e.id : '';
    if (!ID.test(id)) { problems.push(`${at}.id must be lower case letters, digits and dashes (e.g. "google")`); continue; }
    if (providers.some((p) => p.id === id)) { problems.push(`${at}.id "${id}" is listed twice`); continue; }
    const preset = EARNER_PROVIDER_PRESETS[id];
    const issuer = typeof e.issuer === 'string' ? e.issuer : preset?.issuer;
    const label = typeof e.label === 'string' && e.label.trim() ? e.label.trim().slice(0, 60) : preset?.label;
    if (!issuer) { problems.push(`${at}.issuer is required for "${id}" (no preset)`); continue; }
    try {
      const url = new URL(issuer);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    } catch {
      problems.push(`${at}.issuer must be an https URL`);
      continue;
    }
    if (!label) { problems.push(`${at}.label is required for "${id}" (no preset)`); continue; }
    if (typeof e.clientId !== 'string' || !e.clientId) { problems.push(`${at}.clientId is required`); continue; }
    if (typeof e.clientSecret !== 'string' || !e.clientSecret) { problems.push(`${at}.clientSecret is required`); continue; }
    providers.push({ id, label, issuer, clientId: e.clientId, clientSecret: e.clientSecret });
  }
  return { providers, problems };
}
