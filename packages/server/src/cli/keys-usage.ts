/** The `laurel keys` lines of the CLI's usage text (kept apart so `laurel help` loads no storage). */
export const KEYS_USAGE = `  keys rotate-data [--batch N] [--settle-seconds N]
        New data key for personal data; re-seal every row in batches while
        the servers keep running (they read old and new values alike).
  keys rotate-index [--batch N] [--settle-seconds N]
        New blind-index key; compute every address index and search token
        again while the servers keep running (lookups try both keys).
  keys status
        The personal-data keys (ids, states, dates; no key material).`;
