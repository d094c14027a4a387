/**
 * A tiny, safe-by-default HTML templating helper: every interpolated value is escaped unless it is
 * already `SafeHtml` (the result of another `html` template or of `raw`). Arrays are joined.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escape text for an element body or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Trusted markup (constant strings written in this codebase only). */
export const raw = (markup: string): SafeHtml => new SafeHtml(markup);

/**
 * JSON for a `<script type="application/ld+json">` data block: `<`, `>`, `&` and the JS line
 * separators become \u escapes, so `</script>` or `<!--` inside a value cannot end the block.
 * The result still parses to the same JSON.
 */
export function jsonForScript(json: string): SafeHtml {
  return new SafeHtml(json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Only http(s) and mailto URLs are ever written into href/src; anything else becomes `#`. */
export function safeUrl(url: string | null | undefined): string {
  if (!url) return '#';
  return /^(https?:|mailto:)/i.test(url.trim()) ? url.trim() : '#';
}
