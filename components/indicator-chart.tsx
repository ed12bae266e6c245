/**
 * An indicator's chart: actual (cumulative, or the month's figure) against target over the months of
 * the plan, drawn by indicator-chart-impl.tsx over its figures as a visually hidden table
 * (IndicatorChartLoader in chart-loader.tsx). `actualLabel`: what the figure is, by indicator kind —
 * 累计完成 (the default) or 月度数值 for a rate, a growth or a ceiling.
 */
export type IndicatorChartProps = { series: { month: string; actual: number | null }[]; target: number; unit: string; name: string; actualLabel?: string };
