import { ChartFigure } from './chart-figure';
import { IndicatorChartLoader } from './chart-loader';

/** `actualLabel`: what the figure is, by indicator kind — 累计完成 (the default) or 月度数值 for a rate, a growth or a ceiling. */
export type IndicatorChartProps = { series: { month: string; actual: number | null }[]; target: number; unit: string; name: string; actualLabel?: string };

/** Actual (cumulative, or the month's figure) against target over the months of the plan, as a line chart. */
export function IndicatorChart({ series, target, unit, name, actualLabel = '累计完成' }: IndicatorChartProps) {
  return (
    <ChartFigure
      label={`${name}：实际完成与目标对比图`}
      className="h-48 w-full"
      chart={<IndicatorChartLoader series={series} target={target} unit={unit} name={name} actualLabel={actualLabel} />}
      caption={`${name}：逐月${actualLabel}与目标（${unit}）`}
      columns={[actualLabel, '目标']}
      rows={series.map((s) => ({ month: s.month, cells: [s.actual === null ? '暂无数据' : `${s.actual} ${unit}`, `${target} ${unit}`] }))}
    />
  );
}
