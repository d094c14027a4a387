import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** DejaVu fonts from the `dejavu-fonts-ttf` npm package: wide Unicode coverage, no system fonts needed. */
export const FONT_FILES = {
  serifBold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf'),
  serifBoldItalic: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-BoldItalic.ttf'),
  serifItalic: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Italic.ttf'),
  sans: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  sansBold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
} as const;

const cache = new Map<string, Uint8Array>();

/** The bytes of a bundled font, read once. */
export function fontBytes(name: keyof typeof FONT_FILES): Uint8Array {
  let bytes = cache.get(name);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(FONT_FILES[name]));
    cache.set(name, bytes);
  }
  return bytes;
}
