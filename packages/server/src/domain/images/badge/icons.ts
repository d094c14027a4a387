/**
 * Built-in icons, drawn for this project on a 24 × 24 grid. Each is a few paths, filled or stroked
 * (2 units, round caps and joins) in one colour.
 */
export interface IconPart {
  d: string;
  mode: 'fill' | 'stroke';
}

function star(cx: number, cy: number, outer: number, inner: number): string {
  const points = Array.from({ length: 10 }, (_, i) => {
    const r = i % 2 === 0 ? outer : inner;
    const a = (Math.PI / 5) * i - Math.PI / 2;
    return `${(cx + r * Math.cos(a)).toFixed(2)} ${(cy + r * Math.sin(a)).toFixed(2)}`;
  });
  return `M${points.join('L')}Z`;
}

const ring = (cx: number, cy: number, r: number): string => `M${cx - r} ${cy}A${r} ${r} 0 1 0 ${cx + r} ${cy}A${r} ${r} 0 1 0 ${cx - r} ${cy}Z`;

const fill = (d: string): IconPart => ({ d, mode: 'fill' });
const stroke = (d: string): IconPart => ({ d, mode: 'stroke' });

export const BADGE_ICONS = {
  star: [fill(star(12, 12.6, 10.5, 4.4))],
  check: [stroke('M4.5 12.5L9.5 17.5L19.5 6.5')],
  book: [stroke('M12 6.5C9.5 4.8 6.5 4.5 3 5V18.5C6.5 18 9.5 18.3 12 20C14.5 18.3 17.5 18 21 18.5V5C17.5 4.5 14.5 4.8 12 6.5ZM12 6.5V20')],
  code: [stroke('M8 7L3 12L8 17M16 7L21 12L16 17M14 4L10 20')],
  shield: [fill('M12 2L20 5V11C20 16.5 16.6 20.7 12 22C7.4 20.7 4 16.5 4 11V5Z')],
  trophy: [
    fill('M7 3H17V9A5 5 0 0 1 7 9Z'),
    stroke('M7 5H4V7A3 3 0 0 0 7 10M17 5H20V7A3 3 0 0 1 17 10M12 14V18'),
    fill('M8 18.5H16V21.5H8Z'),
  ],
  heart: [fill('M12 21C12 21 2.5 14.8 2.5 8.6A4.8 4.8 0 0 1 12 6.4A4.8 4.8 0 0 1 21.5 8.6C21.5 14.8 12 21 12 21Z')],
  lightning: [fill('M13.5 1.5L4 13.5H11L9.5 22.5L20 9.5H13Z')],
  leaf: [fill('M4 20C4 10.5 9.5 3.5 21 3.5C21 14.5 14.5 20 4 20Z'), stroke('M3 21L13 11')],
  rocket: [
    { d: `M12 1.5C15.3 4 17 8 17 12.5V16H7V12.5C7 8 8.7 4 12 1.5Z${ring(12, 8.5, 2)}`, mode: 'fill' },
    fill('M7 11.5L3.5 15.5V19L7 16.5ZM17 11.5L20.5 15.5V19L17 16.5Z'),
    fill('M9.5 17.5H14.5L12 22.5Z'),
  ],
  graduation: [fill('M12 3.5L23 9L12 14.5L1 9Z'), fill('M6 11.8V16.2C6 17.8 9 19.5 12 19.5C15 19.5 18 17.8 18 16.2V11.8L12 14.8Z'), stroke('M21 9.5V15.5')],
  globe: [stroke(`${ring(12, 12, 9.5)}M2.5 12H21.5M12 2.5C9 5.5 8 9 8 12C8 15 9 18.5 12 21.5C15 18.5 16 15 16 12C16 9 15 5.5 12 2.5Z`)],
  flag: [stroke('M5 22V3'), fill('M5 3.5C9 1.5 12 5.5 19.5 3.5V13C12 15 9 11 5 13Z')],
  lightbulb: [fill('M12 2A7 7 0 0 0 8 14.7V17H16V14.7A7 7 0 0 0 12 2Z'), stroke('M9 19.5H15M10 22H14')],
  medal: [fill('M7 2H10.5L13 8H9.5ZM17 2H13.5L12.2 5.1L13.9 9.2Z'), fill(`${ring(12, 15, 6.5)}`)],
  people: [fill(`${ring(8.5, 7.5, 3.5)}${ring(16.5, 8.5, 3)}`), fill('M1.5 20C1.5 15.5 4.5 12.5 8.5 12.5C12.5 12.5 15.5 15.5 15.5 20Z'), fill('M16.5 20H22.5C22.5 16.3 20.3 13.3 16.5 13.3C15.6 13.3 14.9 13.5 14.2 13.8C15.6 15.3 16.5 17.4 16.5 20Z')],
} as const satisfies Record<string, readonly IconPart[]>;

export type BadgeIcon = keyof typeof BADGE_ICONS;
export const BADGE_ICON_NAMES = Object.keys(BADGE_ICONS) as BadgeIcon[];
export const isBadgeIcon = (value: string): value is BadgeIcon => Object.hasOwn(BADGE_ICONS, value);
