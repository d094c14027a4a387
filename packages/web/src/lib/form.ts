/** Read a form's named fields as trimmed strings. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new FormData(form)) {
    if (typeof value === 'string') out[key] = value.trim();
  }
  return out;
}

/** '' → undefined, so optional fields are left out of request bodies. */
export function optional(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** "safety, first aid,," → ['safety', 'first aid'] */
export function splitTags(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag, i, all) => tag !== '' && all.indexOf(tag) === i);
}

/** A yyyy-mm-dd date input → an ISO date-time at midnight UTC; empty → undefined. */
export function dateInputToIso(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value;
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
