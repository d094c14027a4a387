import { Unzlib } from 'fflate';
import { BakingError } from './errors.js';

/** Input is fed in small slices so one push can only ever produce a bounded amount of output. */
const SLICE = 1024;

/**
 * Inflate zlib data, refusing (code `inflate-limit`) as soon as the output passes `maxBytes`.
 * A decompression bomb is stopped after at most `maxBytes` plus one slice's worth of output.
 */
export function inflateWithCeiling(compressed: Uint8Array, maxBytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const stream = new Unzlib((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) throw new BakingError('inflate-limit', `Compressed text inflates past ${maxBytes} bytes`);
    parts.push(chunk);
    if (final) done = true;
  });
  try {
    for (let offset = 0; offset < compressed.length; offset += SLICE) {
      const end = Math.min(offset + SLICE, compressed.length);
      stream.push(compressed.subarray(offset, end), end === compressed.length);
    }
    if (compressed.length === 0) stream.push(compressed, true);
  } catch (error) {
    if (error instanceof BakingError) throw error;
    throw new BakingError('inflate-failed', 'Compressed text is not valid zlib data', { cause: error });
  }
  if (!done) throw new BakingError('inflate-failed', 'Compressed text ends early');
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
