import { useI18n } from '../../i18n/useI18n';

export interface Bar {
  label: string;
  value: number;
  /** Shown after the value, e.g. a share of the first bar. */
  note?: string;
}

const ROW = 28;
const LABEL_W = 130;
const VALUE_W = 80;
const WIDTH = 460;

/** Horizontal bars (funnel, shares per network, distributions): label, bar, value. Hand-drawn SVG. */
export function BarChart({ bars, label }: { bars: readonly Bar[]; label: string }) {
  const { locale } = useI18n();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const room = WIDTH - LABEL_W - VALUE_W;
  return (
    <svg className="chart-svg" viewBox={`0 0 ${WIDTH} ${bars.length * ROW + 4}`} role="img" aria-label={label} preserveAspectRatio="xMinYMin meet">
      {bars.map((b, i) => {
        const y = i * ROW + 4;
        const w = b.value === 0 ? 0 : Math.max(2, (b.value / max) * room);
        return (
          <g key={b.label}>
            <text x={LABEL_W - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" className="chart-label">
              {b.label}
            </text>
            <rect x={LABEL_W} y={y + 4} width={w} height={ROW - 10} className="chart-bar" rx={2} />
            <text x={LABEL_W + w + 6} y={y + ROW / 2} dominantBaseline="middle" className="chart-value">
              {b.value.toLocaleString(locale)}
              {b.note ? ` (${b.note})` : ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
