import { BakingError } from './errors.js';

/** An attribute as written; `start` includes the whitespace before it, `end` is after its closing quote. */
export interface XmlAttr {
  readonly name: string;
  readonly rawValue: string;
  readonly start: number;
  readonly end: number;
}

export type XmlToken =
  | { readonly kind: 'start'; readonly name: string; readonly attrs: readonly XmlAttr[]; readonly selfClosing: boolean; readonly start: number; readonly end: number }
  | { readonly kind: 'end'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly kind: 'text' | 'cdata' | 'comment' | 'pi'; readonly start: number; readonly end: number };

const isWs = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
/** Characters that end a name: whitespace / > = < " ' */
const endsName = (c: number): boolean => isWs(c) || c === 0x2f || c === 0x3e || c === 0x3d || c === 0x3c || c === 0x22 || c === 0x27;

function closeOf(text: string, from: number, marker: string, what: string): number {
  const at = text.indexOf(marker, from);
  if (at < 0) throw new BakingError('xml-malformed', `Unterminated ${what} at offset ${from}`);
  return at + marker.length;
}

function skipWs(text: string, i: number): number {
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  return i;
}

function readName(text: string, i: number): number {
  while (i < text.length && !endsName(text.charCodeAt(i))) i++;
  return i;
}

function scanStartTag(text: string, from: number): XmlToken {
  const nameEnd = readName(text, from + 1);
  if (nameEnd === from + 1) throw new BakingError('xml-malformed', `Bad tag at offset ${from}`);
  const attrs: XmlAttr[] = [];
  let i = nameEnd;
  while (true) {
    const attrStart = i;
    i = skipWs(text, i);
    if (text.startsWith('/>', i)) return { kind: 'start', name: text.slice(from + 1, nameEnd), attrs, selfClosing: true, start: from, end: i + 2 };
    if (text[i] === '>') return { kind: 'start', name: text.slice(from + 1, nameEnd), attrs, selfClosing: false, start: from, end: i + 1 };
    const attrNameEnd = readName(text, i);
    const eq = skipWs(text, attrNameEnd);
    const quoteAt = skipWs(text, eq + 1);
    const quote = text[quoteAt];
    if (attrNameEnd === i || text[eq] !== '=' || (quote !== '"' && quote !== "'")) {
      throw new BakingError('xml-malformed', `Bad attribute at offset ${i}`);
    }
    const valueEnd = text.indexOf(quote, quoteAt + 1);
    if (valueEnd < 0) throw new BakingError('xml-malformed', `Unterminated attribute at offset ${i}`);
    attrs.push({ name: text.slice(i, attrNameEnd), rawValue: text.slice(quoteAt + 1, valueEnd), start: attrStart, end: valueEnd + 1 });
    i = valueEnd + 1;
  }
}

/**
 * A minimal, linear XML tokenizer that records where every construct starts and ends, so baking can
 * splice the source text. It never resolves anything: DOCTYPE and any other `<!` declaration
 * (the doors to XXE and entity expansion) are refused outright.
 */
export function* scanXml(text: string): Generator<XmlToken> {
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      yield { kind: 'text', start: i, end: text.length };
      return;
    }
    if (lt > i) yield { kind: 'text', start: i, end: lt };
    if (text.startsWith('<!--', lt)) {
      i = closeOf(text, lt + 4, '-->', 'comment');
      yield { kind: 'comment', start: lt, end: i };
    } else if (text.startsWith('<![CDATA[', lt)) {
      i = closeOf(text, lt + 9, ']]>', 'CDATA section');
      yield { kind: 'cdata', start: lt, end: i };
    } else if (text.startsWith('<!', lt)) {
      throw new BakingError('xml-unsafe', 'DOCTYPE and ENTITY declarations are refused (no DTDs, no external entities)');
    } else if (text.startsWith('<?', lt)) {
      i = closeOf(text, lt + 2, '?>', 'processing instruction');
      yield { kind: 'pi', start: lt, end: i };
    } else if (text.startsWith('</', lt)) {
      i = closeOf(text, lt + 2, '>', 'end tag');
      yield { kind: 'end', name: text.slice(lt + 2, i - 1).trim(), start: lt, end: i };
    } else {
      const token = scanStartTag(text, lt);
      i = token.end;
      yield token;
    }
  }
}

const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Replace the five predefined entities and character references; anything else is malformed. */
export function decodeEntities(raw: string): string {
  return raw.replace(/&([^;&\s]{1,10});/g, (match, body: string) => {
    const named = NAMED[body];
    if (named !== undefined) return named;
    const code = body.startsWith('#x') ? parseInt(body.slice(2), 16) : body.startsWith('#') ? parseInt(body.slice(1), 10) : NaN;
    if (!Number.isInteger(code) || code < 1 || code > 0x10ffff) throw new BakingError('xml-malformed', `Unknown entity ${match}`);
    return String.fromCodePoint(code);
  });
}

/** Escape text for a double-quoted attribute value, keeping newlines and tabs intact. */
export function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** Wrap text in CDATA, splitting any `]]>` it contains across two sections. */
export function toCdata(value: string): string {
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}
