/**
 * Object streams (/Type /ObjStm) checked before pdf-lib parses them. pdf-lib parses entry i from its
 * offset to wherever that object ends, so entries whose offsets all point before a long run of
 * whitespace, or into one large object, make it scan (and build) the same bytes once per entry: a
 * 1 MB file held the event loop for 30 s. Here every entry must own the bytes up to the next
 * offset: offsets increasing, each span holding one object that closes inside it, and no span
 * starting inside another's token. Linear in the stream's length.
 */

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));
const [PAREN_OPEN, PAREN_CLOSE, BACKSLASH, LT, GT, BRACKET_OPEN, BRACKET_CLOSE, PERCENT] = [...'()\\<>[]%'].map((c) => c.charCodeAt(0));

function skipComment(b: Uint8Array, i: number, end: number): number {
  while (i < end && b[i] !== 0x0a && b[i] !== 0x0d) i++;
  return i;
}

function skipSpace(b: Uint8Array, i: number, end: number): number {
  for (;;) {
    while (i < end && WHITESPACE.has(b[i]!)) i++;
    if (i < end && b[i] === PERCENT) i = skipComment(b, i, end);
    else return i;
  }
}

/** The header's `objectNumber offset` pairs; undefined when it is not that (pdf-lib then refuses the PDF). */
function offsetsOf(b: Uint8Array, n: number, first: number): number[] | undefined {
  const offsets: number[] = [];
  let i = 0;
  const int = (): number | undefined => {
    i = skipSpace(b, i, first);
    const start = i;
    while (i < first && b[i]! >= 0x30 && b[i]! <= 0x39) i++;
    return i > start && i - start < 16 ? Number(Buffer.from(b.subarray(start, i)).toString('latin1')) : undefined;
  };
  for (let k = 0; k < n; k++) {
    if (int() === undefined) return undefined;
    const offset = int();
    if (offset === undefined) return undefined;
    offsets.push(offset);
  }
  return offsets;
}

/** Whether the span [start, end) holds exactly the start of one object that also closes in it. */
function spanProblem(b: Uint8Array, start: number, end: number): string | undefined {
  let i = skipSpace(b, start, end);
  if (i >= end) return 'an object stream entry that holds no object';
  let depth = 0;
  while (i < end) {
    const c = b[i]!;
    if (c === PAREN_OPEN) {
      let nest = 1;
      for (i++; i < end && nest > 0; i++) {
        if (b[i] === BACKSLASH) i++;
        else if (b[i] === PAREN_OPEN) nest++;
        else if (b[i] === PAREN_CLOSE) nest--;
      }
      if (nest > 0) return 'object stream entries that overlap';
      continue;
    }
    if (c === LT && b[i + 1] === LT) (depth++, (i += 2));
    else if (c === GT && b[i + 1] === GT) (depth--, (i += 2));
    else if (c === LT) {
      while (i < end && b[i] !== GT) i++;
      if (i >= end) return 'object stream entries that overlap';
      i++;
    } else if (c === BRACKET_OPEN) (depth++, i++);
    else if (c === BRACKET_CLOSE) (depth--, i++);
    else if (c === PERCENT) i = skipComment(b, i, end);
    else i++;
  }
  return depth === 0 ? undefined : 'object stream entries that overlap';
}

/** Why pdf-lib must not parse this object stream (decoded bytes, /N, /First), or undefined. */
export function objectStreamProblem(b: Uint8Array, n: number, first: number): string | undefined {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(first) || n < 0 || first < 0 || first > b.length) return undefined;
  const offsets = offsetsOf(b, n, first);
  if (!offsets) return undefined;
  for (let k = 0; k < offsets.length; k++) {
    const start = first + offsets[k]!;
    const end = k + 1 < offsets.length ? first + offsets[k + 1]! : b.length;
    if (end <= start || end > b.length) return 'object stream offsets that are not increasing';
    const problem = spanProblem(b, start, end);
    if (problem) return problem;
    // The next entry must not start in the middle of this one's last token.
    if (end < b.length && !WHITESPACE.has(b[end - 1]!) && !DELIMITERS.has(b[end - 1]!) && !DELIMITERS.has(b[end]!)) return 'an object stream entry that starts inside another';
  }
  return undefined;
}
