/** The `laurel jobs` lines of the CLI's usage text (kept apart so `laurel help` loads no storage). */
export const JOBS_USAGE = `  jobs failed [--limit N]
        Jobs that failed or wait for a retry, newest first, with their last
        error in the clear (stored sealed: a mail server's refusal may quote
        the address). JSON.`;
