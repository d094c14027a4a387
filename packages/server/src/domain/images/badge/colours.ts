/** Hex colours: parsing, mixing and contrast (WCAG relative luminance). */
export type Rgb = [number, number, number];

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** `#abc`, `abc`, `#aabbcc` or `aabbcc` -> `#aabbcc`; anything else -> null. */
export function normaliseHex(value: string): string | null {
  const match = HEX.exec(value.trim());
  if (!match) return null;
  const digits = match[1]!.toLowerCase();
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
  return `#${full}`;
}

export const toRgb = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
export const toHex = (rgb: Rgb): string => `#${rgb.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;

/** `amount` 0..1 of the way from `hex` to `towards`. */
export function mix(hex: string, towards: string, amount: number): string {
  const a = toRgb(hex);
  const b = toRgb(towards);
  return toHex([0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * amount) as Rgb);
}

function luminance(hex: string): number {
  const [r, g, b] = toRgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio, 1..21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export const INK_DARK = '#1a202c';
export const INK_LIGHT = '#ffffff';

/** The more readable of white or near-black on `background`. */
export const inkOn = (background: string): string => (contrast(background, INK_LIGHT) >= contrast(background, INK_DARK) ? INK_LIGHT : INK_DARK);

/** Darker when light, lighter when dark: an edge that shows against the colour itself. */
export const edgeOf = (hex: string): string => (luminance(hex) > 0.4 ? mix(hex, '#000000', 0.3) : mix(hex, '#000000', 0.35));
