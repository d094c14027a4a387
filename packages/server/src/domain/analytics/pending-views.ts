import type { CredentialRef } from './ports.js';
import type { RequestSignal } from './privacy.js';

/**
 * Views recorded since the last write and not yet counted: what the batch needs to hash their visitor (the credential,
 * the UTC day, the address and user agent), in parallel arrays reused from batch to batch, so that a view costs its
 * request four stores and no object. Held in memory only, until the next write starts (at most the recorder's
 * interval, 1 s by default); `clear` drops the references as soon as the batch has hashed them.
 */
export class PendingViews {
  readonly credentials: Array<CredentialRef | undefined> = [];
  readonly days: string[] = [];
  readonly addresses: Array<string | undefined> = [];
  readonly agents: Array<string | undefined> = [];
  private count = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.count;
  }

  /** Appends a view; false when `capacity` views wait already (the view is not kept). */
  push(credential: CredentialRef, day: string, signal: RequestSignal): boolean {
    const at = this.count;
    if (at >= this.capacity) return false;
    this.credentials[at] = credential;
    this.days[at] = day;
    this.addresses[at] = signal.address;
    this.agents[at] = signal.userAgent;
    this.count = at + 1;
    return true;
  }

  /** Forgets every view (the arrays keep their length for the next batch; their strings are released). */
  clear(): void {
    const n = this.count;
    this.credentials.fill(undefined, 0, n);
    this.addresses.fill(undefined, 0, n);
    this.agents.fill(undefined, 0, n);
    this.count = 0;
  }
}
