import type { Readable } from 'node:stream';
import yazl from 'yazl';

export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
}

/**
 * A zip archive streamed while its entries are produced: each entry is added as it arrives, and the
 * archive's bytes flow out as they are deflated. A failure part way destroys the stream (the client sees
 * a broken download, never a zip that looks whole); `onError` hears why.
 */
export function zipStream(entries: AsyncIterable<ZipEntry>, onError: (error: unknown) => void): Readable {
  const zip = new yazl.ZipFile();
  const output = zip.outputStream as Readable; // a PassThrough
  const mtime = new Date();
  void (async () => {
    try {
      for await (const entry of entries) zip.addBuffer(Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, entry.bytes.byteLength), entry.name, { mtime, mode: 0o100644 });
      zip.end();
    } catch (error) {
      onError(error);
      output.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return output;
}
