import { IndicatorChartLoader } from './chart-loader';

/** `actualLabel`: what the figure is, by indicator kind — 累计完成 (the default) or 月度数值 for a rate, a growth or a ceiling. */
export type IndicatorChartProps = { series: { month: string; actual: number | null }[]; target: number; unit: string; name: string; actualLabel?: string };

/** Actual (cumulative, or the month's figure) against target over the months of the plan, as a line chart over its figures as a visually hidden table. */
export function IndicatorChart({ series, target, unit, name, actualLabel = '累计完成' }: IndicatorChartProps) {
  return <IndicatorChartLoader series={series} target={target} unit={unit} name={name} actualLabel={actualLabel} />;
}
