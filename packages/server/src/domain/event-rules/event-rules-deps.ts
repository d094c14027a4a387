import type { Deps } from '../deps.js';

/** What the event and rule use cases need (apart from ports.ts, which the store's types import). */
export type EventRulesDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'vault'>;
export type EvaluateDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'random' | 'credentialSigner' | 'urls'> & { telemetry?: Deps['telemetry'] };
