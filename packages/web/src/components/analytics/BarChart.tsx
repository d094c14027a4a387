import { Bar as RechartsBar, BarChart as RechartsBarChart, LabelList, Rectangle, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import { useI18n } from '../../i18n/useI18n';

export interface Bar {
  label: string;
  value: number;
  /** Shown after the value, e.g. a share of the first bar. */
  note?: string;
}

const ROW = 32;
/** The console's primary green: 8.1:1 on white (WCAG 1.4.11 asks 3:1). */
const BAR_COLOUR = '#1f5a3a';
/** The console's text colour (--color-text). */
const TEXT = { fill: '#1a1f1c', fontSize: 13 };
/** A shape of its own keeps a zero bar in the tree, so its value ("0") is still written after it. */
const barShape = (props: BarShapeProps) => <Rectangle {...props} />;

/**
 * Horizontal bars (funnel, shares per network, distributions): label, bar, value (Recharts). The SVG is
 * an image named by `label`; Recharts' accessibility layer lets the keyboard step its tooltip through the bars.
 */
export function BarChart({ bars, label }: { bars: readonly Bar[]; label: string }) {
  const { t, locale } = useI18n();
  const data = bars.map((b) => ({ ...b, text: `${b.value.toLocaleString(locale)}${b.note ? ` (${b.note})` : ''}` }));
  return (
    <RechartsBarChart
      layout="vertical"
      responsive
      style={{ width: '100%', height: bars.length * ROW + 8 }}
      data={data}
      role="img"
      aria-label={label}
      accessibilityLayer
      margin={{ top: 4, right: 80, bottom: 4, left: 0 }}
      barCategoryGap={6}
    >
      <XAxis type="number" hide allowDecimals={false} domain={[0, (max: number) => Math.max(1, max)]} />
      <YAxis type="category" dataKey="label" width={130} tickLine={false} axisLine={false} tick={TEXT} />
      <Tooltip formatter={(v: unknown) => (typeof v === 'number' ? v.toLocaleString(locale) : String(v))} isAnimationActive={false} cursor={{ fill: '#eef1ef' }} />
      <RechartsBar dataKey="value" name={t('analytics.count')} fill={BAR_COLOUR} radius={2} shape={barShape} minPointSize={(v) => (typeof v === 'number' && v > 0 ? 2 : 0)} isAnimationActive={false}>
        <LabelList dataKey="text" position="right" {...TEXT} />
      </RechartsBar>
    </RechartsBarChart>
  );
}
