import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '../../i18n/useI18n';

export interface Series {
  name: string;
  values: readonly number[];
}

/** Colours with at least 3:1 contrast on white (WCAG 1.4.11), told apart by dash pattern and marker too. */
const SERIES_STYLES = [
  { colour: '#1f5a3a', dash: '' },
  { colour: '#1a5fb4', dash: '6 3' },
  { colour: '#b42318', dash: '2 3' },
  { colour: '#6b3fa0', dash: '10 4 2 4' },
  { colour: '#7a4a00', dash: '1 5' },
] as const;
/** The console's text colour (--color-text). */
const TEXT = { fill: '#1a1f1c', fontSize: 13 };
const style = (i: number) => SERIES_STYLES[i % SERIES_STYLES.length]!;

/**
 * Lines over the periods (days or weeks), one per metric, with a legend (Recharts). The SVG is an image
 * named by `label`; Recharts' accessibility layer lets the keyboard step its tooltip through the periods.
 */
export function TrendChart({ periods, series, label }: { periods: readonly string[]; series: readonly Series[]; label: string }) {
  const { locale } = useI18n();
  const data = periods.map((period, i) => Object.fromEntries([['period', period], ...series.map((s, si) => [`s${si}`, s.values[i] ?? 0])]) as Record<string, string | number>);
  const fmt = (v: unknown) => (typeof v === 'number' ? v.toLocaleString(locale) : String(v));
  return (
    <>
      <LineChart responsive style={{ width: '100%', height: 260 }} data={data} role="img" aria-label={label} accessibilityLayer margin={{ top: 12, right: 12, bottom: 4, left: 0 }}>
        <CartesianGrid vertical={false} className="chart-gridline" />
        <XAxis dataKey="period" tickFormatter={(p: string) => p.slice(5)} minTickGap={24} tickMargin={6} tick={TEXT} />
        <YAxis allowDecimals={false} tickFormatter={fmt} width={48} tick={TEXT} />
        <Tooltip formatter={fmt} isAnimationActive={false} />
        {series.map((s, si) => (
          <Line
            key={s.name}
            dataKey={`s${si}`}
            name={s.name}
            type="linear"
            stroke={style(si).colour}
            strokeWidth={2}
            strokeDasharray={style(si).dash || undefined}
            dot={periods.length <= 45 ? { r: 2.5, fill: style(si).colour, strokeWidth: 0 } : false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
      <ul className="chart-legend" aria-hidden="true">
        {series.map((s, si) => (
          <li key={s.name}>
            <svg width="28" height="10" aria-hidden="true">
              <line x1="0" x2="28" y1="5" y2="5" stroke={style(si).colour} strokeWidth={2} strokeDasharray={style(si).dash || undefined} />
            </svg>{' '}
            {s.name}
          </li>
        ))}
      </ul>
    </>
  );
}
