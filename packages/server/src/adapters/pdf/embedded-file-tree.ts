import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFRawStream, PDFString, type PDFDocument } from 'pdf-lib';
import { PDF_LIMITS, type PdfLimits } from './pdf-guard.js';

/** A file embedded in a PDF; `bytes` is undefined when larger than the cap (it is then not decoded). */
export interface PdfAttachment {
  name: string;
  mimeType: string | undefined;
  bytes: Uint8Array | undefined;
}

/** Thrown while walking the document; the reader turns it into a refusal. */
export class Refused extends Error {
  constructor(
    readonly refusal: 'unreadable' | 'too-complex',
    message: string,
  ) {
    super(message);
  }
}

const text = (value: unknown): string | undefined => (value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined);

/** The decoded bytes of an embedded file stream, or undefined when they are larger than the cap. */
function decoded(stream: PDFRawStream, name: string, max: number): Uint8Array | undefined {
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  const filters = filter instanceof PDFArray ? filter.asArray().map((f) => stream.dict.context.lookup(f)) : filter === undefined ? [] : [filter];
  const flate = filters.length === 1 && filters[0] === PDFName.of('FlateDecode');
  if (filters.length > 0 && !flate) throw new Refused('unreadable', `the embedded file ${name} uses a filter other than FlateDecode`);
  if (!flate) return stream.contents.length > max ? undefined : stream.contents;
  try {
    return new Uint8Array(inflateSync(stream.contents, { maxOutputLength: max }));
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    throw new Refused('unreadable', `the embedded file ${name} could not be inflated`);
  }
}

function fileOf(spec: PDFDict, key: string | undefined, limits: PdfLimits): PdfAttachment | undefined {
  const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict);
  const stream = ef?.lookup(PDFName.of('UF')) ?? ef?.lookup(PDFName.of('F'));
  if (!(stream instanceof PDFRawStream)) return undefined;
  const name = text(spec.lookup(PDFName.of('UF'))) ?? text(spec.lookup(PDFName.of('F'))) ?? key ?? '';
  const subtype = stream.dict.lookup(PDFName.of('Subtype'));
  return { name, mimeType: subtype instanceof PDFName ? subtype.decodeText() : undefined, bytes: decoded(stream, name, limits.maxFileBytes) };
}

/** Walks one node of the /EmbeddedFiles name tree: its /Names pairs, then its /Kids, depth-limited. */
function collect(node: PDFDict, depth: number, found: PdfAttachment[], limits: PdfLimits): void {
  if (depth > limits.maxTreeDepth) throw new Refused('too-complex', `the embedded files name tree is nested deeper than ${limits.maxTreeDepth} levels`);
  const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
  for (let i = 0; names && i + 1 < names.size(); i += 2) {
    const spec = names.lookup(i + 1);
    const file = spec instanceof PDFDict ? fileOf(spec, text(names.lookup(i)), limits) : undefined;
    if (file) found.push(file);
    if (found.length > limits.maxFiles) throw new Refused('too-complex', `more than ${limits.maxFiles} embedded files`);
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  for (let i = 0; kids && i < kids.size(); i++) {
    const kid = kids.lookup(i);
    if (kid instanceof PDFDict) collect(kid, depth + 1, found, limits);
  }
}

/** Embedded files of a loaded PDF (catalog /Names /EmbeddedFiles), read with pdf-lib's low-level objects. */
export function embeddedFilesOf(pdf: PDFDocument, limits: PdfLimits = PDF_LIMITS): PdfAttachment[] {
  const names = pdf.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const found: PdfAttachment[] = [];
  if (tree) collect(tree, 0, found, limits);
  return found;
}
