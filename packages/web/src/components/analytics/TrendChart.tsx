import { useI18n } from '../../i18n/useI18n';

export interface Series {
  name: string;
  values: readonly number[];
}

const W = 720;
const H = 260;
const PAD = { left: 48, right: 12, top: 12, bottom: 36 };
/** Colours with at least 3:1 contrast on white (WCAG 1.4.11), told apart by dash pattern and marker too. */
export const SERIES_STYLES = [
  { colour: '#1f5a3a', dash: '' },
  { colour: '#1a5fb4', dash: '6 3' },
  { colour: '#b42318', dash: '2 3' },
  { colour: '#6b3fa0', dash: '10 4 2 4' },
  { colour: '#7a4a00', dash: '1 5' },
] as const;

/** Lines over the periods (days or weeks), one per metric, with a legend. Hand-drawn SVG. */
export function TrendChart({ periods, series, label }: { periods: readonly string[]; series: readonly Series[]; label: string }) {
  const { locale } = useI18n();
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (periods.length <= 1 ? innerW / 2 : (i / (periods.length - 1)) * innerW);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const ticks = [0, Math.round(max / 2), max].filter((v, i, a) => a.indexOf(v) === i);
  const labelEvery = Math.max(1, Math.ceil(periods.length / 6));
  return (
    <>
      <svg className="chart-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="chart-gridline" />
            <text x={PAD.left - 6} y={y(v)} textAnchor="end" dominantBaseline="middle" className="chart-label">
              {v.toLocaleString(locale)}
            </text>
          </g>
        ))}
        {periods.map((p, i) =>
          i % labelEvery === 0 || i === periods.length - 1 ? (
            <text key={p} x={x(i)} y={H - 12} textAnchor="middle" className="chart-label">
              {p.slice(5)}
            </text>
          ) : null,
        )}
        {series.map((s, si) => {
          const style = SERIES_STYLES[si % SERIES_STYLES.length]!;
          const points = s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ');
          return (
            <g key={s.name}>
              <polyline points={points} fill="none" stroke={style.colour} strokeWidth={2} strokeDasharray={style.dash || undefined} />
              {periods.length <= 45 && s.values.map((v, i) => <circle key={i} cx={x(i)} cy={y(v)} r={2.5} fill={style.colour} />)}
            </g>
          );
        })}
      </svg>
      <ul className="chart-legend" aria-hidden="true">
        {series.map((s, si) => {
          const style = SERIES_STYLES[si % SERIES_STYLES.length]!;
          return (
            <li key={s.name}>
              <svg width="28" height="10" aria-hidden="true">
                <line x1="0" x2="28" y1="5" y2="5" stroke={style.colour} strokeWidth={2} strokeDasharray={style.dash || undefined} />
              </svg>{' '}
              {s.name}
            </li>
          );
        })}
      </ul>
    </>
  );
}
