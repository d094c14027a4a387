import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState, PDFRawStream, type PDFDocument, type PDFName, type PDFPage, type PDFRef } from 'pdf-lib';
import QRCode from 'qrcode';
import sharp from 'sharp';

/** An image ready to write into any PDF: pixels already deflated (once), so each PDF only copies bytes. */
export interface PreparedImage {
  width: number;
  height: number;
  colorSpace: 'DeviceGray' | 'DeviceRGB';
  data: Uint8Array;
  /** Nearest-neighbour scaling: hard edges (QR modules). */
  crisp?: boolean;
}

const PIXELS_PER_MODULE = 4;

/**
 * A QR code of a URL as a grey image (error correction M, a one-module quiet zone), a few pixels
 * per module and drawn without smoothing: crisp at any print size, cheap to make.
 */
export function qrImage(url: string): PreparedImage {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const side = (modules.size + 2) * PIXELS_PER_MODULE;
  const pixels = new Uint8Array(side * side).fill(255);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      for (let dy = 0; dy < PIXELS_PER_MODULE; dy++) {
        const start = ((row + 1) * PIXELS_PER_MODULE + dy) * side + (col + 1) * PIXELS_PER_MODULE;
        pixels.fill(0, start, start + PIXELS_PER_MODULE);
      }
    }
  }
  return { width: side, height: side, colorSpace: 'DeviceGray', data: deflateSync(pixels), crisp: true };
}

const prepared = new Map<string, Promise<PreparedImage>>();
const CACHE_SIZE = 64;

/**
 * A PNG (the badge artwork: already made safe by the image pipeline) decoded and deflated once per
 * content, kept in a small cache: a thousand certificates of one achievement decode its artwork once.
 */
export function preparePng(png: Uint8Array): Promise<PreparedImage> {
  const key = createHash('sha256').update(png).digest('base64');
  let image = prepared.get(key);
  if (!image) {
    image = decode(png);
    image.catch(() => prepared.delete(key));
    prepared.set(key, image);
    if (prepared.size > CACHE_SIZE) prepared.delete(prepared.keys().next().value!);
  }
  return image;
}

/**
 * Decoded to opaque RGB, transparent pixels laid on white (the certificate's paper): a PDF/A
 * certificate carries no soft masks. The seal, logo and signatures sit on white, so they look the same.
 */
async function decode(png: Uint8Array): Promise<PreparedImage> {
  const { data, info } = await sharp(png).flatten({ background: '#ffffff' }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, colorSpace: info.channels === 1 ? 'DeviceGray' : 'DeviceRGB', data: deflateSync(data) };
}

function imageStream(doc: PDFDocument, image: PreparedImage): PDFRef {
  const dict = doc.context.obj({
    Type: 'XObject',
    Subtype: 'Image',
    Width: image.width,
    Height: image.height,
    ColorSpace: image.colorSpace,
    BitsPerComponent: 8,
    Filter: 'FlateDecode',
    Length: image.data.length,
    ...(image.crisp ? { Interpolate: false } : {}),
  });
  return doc.context.register(PDFRawStream.of(dict, image.data));
}

/** Draw a prepared image into the box (x, y, width, height) of a page. */
export function drawPrepared(doc: PDFDocument, page: PDFPage, image: PreparedImage, box: { x: number; y: number; width: number; height: number }): void {
  const ref = imageStream(doc, image);
  const name = page.node.newXObject('Image', ref);
  page.pushOperators(...imageOperators(name, box));
}

function imageOperators(name: PDFName, box: { x: number; y: number; width: number; height: number }) {
  return [pushGraphicsState(), concatTransformationMatrix(box.width, 0, 0, box.height, box.x, box.y), drawObject(name), popGraphicsState()];
}
