/**
 * Paths whose next segment is a secret token (e-mailed links and the API routes they call; the handle of an
 * OAuth consent request, its page and its API; a wallet exchange). Request logs and problem documents show `[redacted]` in its
 * place, and never a query string.
 */
const TOKEN_PATH = /^(\/(?:api\/v1\/)?(?:claim|claims|unsubscribe|magic|verify-address|activate|join|oid4vci\/offers|connect|me\/authorizations|change-email|exchanges))\/[^/?#]+/;

/** The path of a request URL as it may be logged: no query string, no token segment. */
export function redactPath(url: string): string {
  const path = url.split('?')[0]!.split('#')[0]!;
  return path.replace(TOKEN_PATH, '$1/[redacted]');
}
