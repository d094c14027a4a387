import type { Deps } from '../deps.js';
import type { LtiHttp } from './ports.js';

/** What the LTI use cases need: the store, time, ids, the vault (tool keys) and the platform's HTTP. */
export type LtiDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'vault'> & { ltiHttp: LtiHttp };

/** The tool's own URLs, as the LMS is told them. */
export interface ToolUrls {
  base: string;
  login(platformId: string): string;
  launch: string;
  jwks(platformId: string): string;
}

export function toolUrls(base: string): ToolUrls {
  const b = base.replace(/\/$/, '');
  return { base: b, login: (id) => `${b}/lti/platforms/${id}/login`, launch: `${b}/lti/launch`, jwks: (id) => `${b}/lti/platforms/${id}/jwks` };
}
