import { contrast, edgeOf, inkOn, mix } from './colours.js';
import type { BadgeDesign } from './design.js';
import { BADGE_ICONS } from './icons.js';
import { SHAPE_LAYOUTS } from './shapes.js';
import { fitText, type FittedText } from './text-fit.js';

const SIZE = 512;
const FONT = "font-family=\"'DejaVu Sans', Verdana, Arial, sans-serif\" font-weight=\"bold\"";

const escapeXml = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function textBlock(fitted: FittedText, cy: number, maxWidth: number, fill: string, lineHeight: number): string {
  const step = fitted.fontSize * lineHeight;
  const first = cy - ((fitted.lines.length - 1) * step) / 2;
  return fitted.lines
    .map((line, i) => {
      // Baseline a third of the size below the line's centre: cap-height centred on `cy`.
      const y = (first + i * step + fitted.fontSize * 0.36).toFixed(1);
      const squeeze = fitted.squeezed.includes(i) ? ` textLength="${maxWidth}" lengthAdjust="spacingAndGlyphs"` : '';
      return `<text x="256" y="${y}" text-anchor="middle" font-size="${fitted.fontSize}" ${FONT} fill="${fill}"${squeeze}>${escapeXml(line)}</text>`;
    })
    .join('');
}

function icon(design: BadgeDesign, cy: number, size: number, colour: string): string {
  const scale = size / 24;
  const x = 256 - size / 2;
  const y = cy - size / 2;
  const parts = BADGE_ICONS[design.icon]
    .map((p) => (p.mode === 'fill' ? `<path d="${p.d}" fill="${colour}" fill-rule="evenodd"/>` : `<path d="${p.d}" fill="none" stroke="${colour}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>`))
    .join('');
  return `<g transform="translate(${x} ${y}) scale(${scale})">${parts}</g>`;
}

/** Scale `d` around `centre` by `k` (the inner ring). */
const scaled = (d: string, [cx, cy]: [number, number], k: number, attrs: string): string =>
  `<path d="${d}" transform="translate(${cx} ${cy}) scale(${k}) translate(${-cx} ${-cy})" ${attrs}/>`;

/**
 * A badge as SVG: the shape in the primary colour with a secondary ring, the icon, the title wrapped
 * and shrunk to fit, and an optional subtitle. Self-contained (no fonts, links or scripts), 512 × 512.
 */
export function badgeSvg(design: BadgeDesign): string {
  const layout = SHAPE_LAYOUTS[design.shape];
  const ink = inkOn(design.primary);
  // A secondary colour that vanishes against the primary gives way to the ink colour.
  const accent = contrast(design.secondary, design.primary) >= 1.6 ? design.secondary : ink;
  const edge = edgeOf(design.primary);
  const title = fitText(design.title, { maxWidth: layout.title.maxWidth, maxLines: 3, maxSize: 52, minSize: 24, maxHeight: layout.title.maxHeight });
  const subtitle = design.subtitle ? fitText(design.subtitle, { maxWidth: layout.subtitle.maxWidth, maxLines: 1, maxSize: 28, minSize: 16 }) : null;
  const behind = layout.behind ? `<path d="${layout.behind}" fill="${mix(design.secondary, '#000000', 0.15)}" stroke="${edgeOf(design.secondary)}" stroke-width="6" stroke-linejoin="round"/>` : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}" role="img" aria-label="${escapeXml([design.title, design.subtitle].filter(Boolean).join(' — '))}">`,
    `<defs><radialGradient id="shine" cx="0.35" cy="0.25" r="0.8"><stop offset="0" stop-color="#ffffff" stop-opacity="0.28"/><stop offset="0.6" stop-color="#ffffff" stop-opacity="0"/></radialGradient></defs>`,
    behind,
    `<path d="${layout.outline}" fill="${design.primary}" stroke="${edge}" stroke-width="12" stroke-linejoin="round"/>`,
    `<path d="${layout.outline}" fill="url(#shine)"/>`,
    scaled(layout.outline, layout.centre, 0.88, `fill="none" stroke="${accent}" stroke-width="6" stroke-linejoin="round"`),
    icon(design, layout.icon.cy, layout.icon.size, accent),
    textBlock(title, layout.title.cy, layout.title.maxWidth, ink, 1.12),
    subtitle ? textBlock(subtitle, layout.subtitle.cy, layout.subtitle.maxWidth, contrast(accent, design.primary) >= 3 ? accent : ink, 1.1) : '',
    '</svg>',
  ].join('');
}
