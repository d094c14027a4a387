/**
 * Badge outlines on a 512 × 512 canvas, as SVG path data, with the box each one leaves for the
 * icon and the text (centre x is always 256).
 */
export const BADGE_SHAPES = ['circle', 'shield', 'hexagon', 'ribbon', 'square'] as const;
export type BadgeShape = (typeof BADGE_SHAPES)[number];

export interface ShapeLayout {
  /** The outline, filled with the primary colour. */
  outline: string;
  /** Drawn behind the outline (ribbon tails). */
  behind?: string;
  /** Centre the inner ring is scaled around. */
  centre: [number, number];
  icon: { cy: number; size: number };
  title: { cy: number; maxWidth: number; maxHeight: number };
  subtitle: { cy: number; maxWidth: number };
}

const circle = (cx: number, cy: number, r: number): string => `M${cx - r} ${cy}A${r} ${r} 0 1 0 ${cx + r} ${cy}A${r} ${r} 0 1 0 ${cx - r} ${cy}Z`;

function hexagon(r: number): string {
  const points = [0, 1, 2, 3, 4, 5].map((i) => {
    const a = (Math.PI / 3) * i - Math.PI / 2;
    return `${(256 + r * Math.cos(a)).toFixed(1)} ${(256 + r * Math.sin(a)).toFixed(1)}`;
  });
  return `M${points.join('L')}Z`;
}

export const SHAPE_LAYOUTS: Record<BadgeShape, ShapeLayout> = {
  circle: {
    outline: circle(256, 256, 240),
    centre: [256, 256],
    icon: { cy: 178, size: 150 },
    title: { cy: 330, maxWidth: 340, maxHeight: 110 },
    subtitle: { cy: 408, maxWidth: 250 },
  },
  square: {
    outline: 'M88 24H424A64 64 0 0 1 488 88V424A64 64 0 0 1 424 488H88A64 64 0 0 1 24 424V88A64 64 0 0 1 88 24Z',
    centre: [256, 256],
    icon: { cy: 172, size: 150 },
    title: { cy: 326, maxWidth: 390, maxHeight: 110 },
    subtitle: { cy: 410, maxWidth: 360 },
  },
  hexagon: {
    outline: hexagon(248),
    centre: [256, 256],
    icon: { cy: 172, size: 140 },
    title: { cy: 318, maxWidth: 350, maxHeight: 110 },
    subtitle: { cy: 392, maxWidth: 230 },
  },
  shield: {
    outline: 'M256 20L466 86V250C466 366 382 446 256 496C130 446 46 366 46 250V86Z',
    centre: [256, 250],
    icon: { cy: 160, size: 140 },
    title: { cy: 300, maxWidth: 340, maxHeight: 110 },
    subtitle: { cy: 372, maxWidth: 230 },
  },
  ribbon: {
    outline: circle(256, 218, 200),
    behind: 'M170 340L120 500L180 468L214 506L250 390ZM342 340L392 500L332 468L298 506L262 390Z',
    centre: [256, 218],
    icon: { cy: 150, size: 120 },
    title: { cy: 268, maxWidth: 300, maxHeight: 90 },
    subtitle: { cy: 330, maxWidth: 220 },
  },
};
