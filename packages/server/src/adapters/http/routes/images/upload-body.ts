import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../../domain/shared/errors.js';

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml'];

const invalid = (message: string) => new AppError('validation', message, { fields: [{ path: '/file', message }] });
/** Answered as 413 by the error handler, like a body over Fastify's own limit. */
const tooLarge = (maxBytes: number) => Object.assign(new Error(`the file is larger than ${maxBytes} bytes`), { statusCode: 413 });

/** The uploaded bytes: the one multipart `file` part, or a raw image/* body. */
export async function uploadedBytes(request: FastifyRequest, maxBytes: number): Promise<Uint8Array> {
  if (request.isMultipart()) {
    let bytes: Uint8Array | undefined;
    for await (const part of request.parts()) {
      if (part.type !== 'file' || part.fieldname !== 'file' || bytes) throw invalid('send one image, as the `file` field');
      bytes = new Uint8Array(await part.toBuffer());
      if (part.file.truncated || bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
    }
    if (!bytes) throw invalid('send the image as the `file` field');
    return bytes;
  }
  if (Buffer.isBuffer(request.body)) return new Uint8Array(request.body.buffer, request.body.byteOffset, request.body.byteLength);
  throw invalid(`send the image as multipart/form-data (field \`file\`) or as the body with Content-Type ${IMAGE_TYPES.join(', ')}`);
}
