import { ChartFigure } from './chart-figure';
import { IndicatorChartLoader } from './chart-loader';

export type IndicatorChartProps = { series: { month: string; actual: number | null }[]; target: number; unit: string; name: string };

/** Actual (cumulative) against target over the months of the plan, as a line chart. */
export function IndicatorChart({ series, target, unit, name }: IndicatorChartProps) {
  return (
    <ChartFigure
      label={`${name}：实际完成与目标对比图`}
      className="h-48 w-full"
      chart={<IndicatorChartLoader series={series} target={target} unit={unit} name={name} />}
      caption={`${name}：逐月累计完成与目标（${unit}）`}
      columns={['累计完成', '目标']}
      rows={series.map((s) => ({ month: s.month, cells: [s.actual === null ? '暂无数据' : `${s.actual} ${unit}`, `${target} ${unit}`] }))}
    />
  );
}
