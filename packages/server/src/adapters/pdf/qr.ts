import QRCode from 'qrcode';

/** A QR code of a URL as PNG bytes: error correction M, a one-module quiet zone, crisp at print size. */
export async function qrPng(url: string): Promise<Uint8Array> {
  const buffer = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 360, color: { dark: '#000000ff', light: '#ffffffff' } });
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
