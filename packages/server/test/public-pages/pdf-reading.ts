import jsQRModule from 'jsqr';
import { decodePDFRawStream, PDFDict, PDFName, PDFNumber, PDFRawStream, type PDFDocument } from 'pdf-lib';
import { embeddedFilesOf } from '../../src/adapters/pdf/embedded-file-tree.js';

export interface Attachment {
  name: string;
  mimeType: string | undefined;
  data: Uint8Array;
}

// jsqr is CommonJS with an ES-style default in its types: take the function either way.
type JsQr = typeof import('jsqr').default;
const jsQR: JsQr = (jsQRModule as unknown as { default?: JsQr }).default ?? (jsQRModule as unknown as JsQr);

/** Embedded files of a PDF (catalog /Names /EmbeddedFiles): the verifier's own reader. */
export function attachments(pdf: PDFDocument): Attachment[] {
  return embeddedFilesOf(pdf).map((f) => ({ name: f.name, mimeType: f.mimeType, data: f.bytes ?? new Uint8Array() }));
}

/** Decode every image XObject on the first page and return the QR codes jsQR finds in them. */
export function qrCodesOnFirstPage(pdf: PDFDocument): string[] {
  const resources = pdf.getPage(0).node.Resources();
  const xObjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  const codes: string[] = [];
  for (const [, ref] of xObjects?.entries() ?? []) {
    const stream = pdf.context.lookup(ref);
    if (!(stream instanceof PDFRawStream) || stream.dict.lookup(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    const width = stream.dict.lookup(PDFName.of('Width'), PDFNumber).asNumber();
    const height = stream.dict.lookup(PDFName.of('Height'), PDFNumber).asNumber();
    const channels = stream.dict.lookup(PDFName.of('ColorSpace')) === PDFName.of('DeviceGray') ? 1 : 3;
    const pixels = decodePDFRawStream(stream).decode();
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      for (let c = 0; c < 3; c++) rgba[p * 4 + c] = pixels[p * channels + (channels === 1 ? 0 : c)]!;
      rgba[p * 4 + 3] = 255;
    }
    const code = jsQR(rgba, width, height);
    if (code) codes.push(code.data);
  }
  return codes;
}
