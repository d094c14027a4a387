import type { FastifyPluginAsync } from 'fastify';
import { deflateSync } from 'node:zlib';

/** Laurel's mark: a green disc with a white ring. The same drawing as the ICO below. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32"><circle cx="16" cy="16" r="15" fill="#205e3b"/><circle cx="16" cy="16" r="9" fill="none" stroke="#ffffff" stroke-width="2.5"/></svg>';

const GREEN = [0x20, 0x5e, 0x3b] as const;
const SIZE = 32;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** The mark as a 32x32 RGBA PNG, drawn with 4x4 supersampling (no image library needed). */
function faviconPng(): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
    for (let x = 0; x < SIZE; x++) {
      let disc = 0;
      let ring = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const d = Math.hypot(x + (sx + 0.5) / 4 - 16, y + (sy + 0.5) / 4 - 16);
          if (d <= 15) disc++;
          if (Math.abs(d - 9) <= 1.25) ring++;
        }
      }
      const white = ring / 16;
      const o = 1 + x * 4;
      for (let i = 0; i < 3; i++) row[o + i] = Math.round(GREEN[i]! * (1 - white) + 255 * white);
      row[o + 3] = Math.round((disc / 16) * 255);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** An ICO file holding one PNG image (every current browser reads PNG-in-ICO). */
function faviconIco(): Buffer {
  const png = faviconPng();
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(1, 4); // one image
  header[6] = SIZE;
  header[7] = SIZE;
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(header.length, 18);
  return Buffer.concat([header, png]);
}

const ICO = faviconIco();
const CACHE = 'public, max-age=86400';

/** `/favicon.ico` (what browsers ask for unprompted) and `/favicon.svg` (what the pages link). */
export const faviconRoutes: FastifyPluginAsync = async (app) => {
  const hidden = { schema: { hide: true } };
  app.get('/favicon.ico', hidden, async (_request, reply) => reply.type('image/x-icon').header('cache-control', CACHE).send(ICO));
  app.get('/favicon.svg', hidden, async (_request, reply) =>
    reply.type('image/svg+xml; charset=utf-8').header('cache-control', CACHE).header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(FAVICON_SVG),
  );
};
