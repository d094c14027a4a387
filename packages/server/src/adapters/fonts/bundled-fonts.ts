import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const noto = (file: string): string => fileURLToPath(new URL(`../../../fonts/noto/${file}`, import.meta.url));

/**
 * Bundled font files, nothing fetched at run time: DejaVu from the `dejavu-fonts-ttf` npm package
 * (Latin, Greek, Cyrillic) and Noto from Debian's packages, copied into `packages/server/fonts/noto`
 * (Arabic, Hebrew, Devanagari, Chinese, Japanese, Korean; SOURCE.md there gives sizes and licence).
 */
export const FONT_FILES = {
  serifBold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf'),
  serifBoldItalic: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-BoldItalic.ttf'),
  serifItalic: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Italic.ttf'),
  sans: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  sansBold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  arabic: noto('NotoNaskhArabic-Regular.ttf'),
  arabicBold: noto('NotoNaskhArabic-Bold.ttf'),
  hebrew: noto('NotoSerifHebrew-Regular.ttf'),
  hebrewBold: noto('NotoSerifHebrew-Bold.ttf'),
  devanagari: noto('NotoSerifDevanagari-Regular.ttf'),
  devanagariBold: noto('NotoSerifDevanagari-Bold.ttf'),
  cjk: noto('NotoSansCJK-Regular.ttc'),
} as const;

export type FontFile = keyof typeof FONT_FILES;

/** The faces of the CJK collection, by the region whose glyph forms they draw. */
export const CJK_FACES = { jp: 0, kr: 1, sc: 2, tc: 3, hk: 4 } as const;
export type CjkRegion = keyof typeof CJK_FACES;

const cache = new Map<string, Uint8Array>();

/** The bytes of a bundled font, read once. */
export function fontBytes(name: FontFile): Uint8Array {
  let bytes = cache.get(name);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(FONT_FILES[name]));
    cache.set(name, bytes);
  }
  return bytes;
}
