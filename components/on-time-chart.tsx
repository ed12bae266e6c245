import { OnTimeChartLoader } from './chart-loader';

export type OnTimeDatum = { month: string; rate: number; due: number; onTime: number };

/** On-time submission rate by month, as a bar chart over its figures as a visually hidden table. */
export function OnTimeChart({ data }: { data: OnTimeDatum[] }) {
  return <OnTimeChartLoader data={data} />;
}
