import type { PasswordHasher } from './organisations/ports.js';
import type { Clock, IdGenerator } from './shared/ports.js';
import type { Store } from './shared/store.js';

/** Everything a use case may need; each use case takes the narrowest `Pick<Deps, …>`. */
export interface Deps {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  passwords: PasswordHasher;
  /** How long a browser session lasts, in seconds. */
  sessionTtlSeconds: number;
}
