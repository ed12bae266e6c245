import { ChartFigure } from './chart-figure';
import { OnTimeChartLoader } from './chart-loader';

export type OnTimeDatum = { month: string; rate: number; due: number; onTime: number };

/** On-time submission rate by month, as a bar chart. */
export function OnTimeChart({ data }: { data: OnTimeDatum[] }) {
  return (
    <ChartFigure
      label="按时报送率逐月图"
      className="h-56 w-full"
      chart={<OnTimeChartLoader data={data} />}
      caption="按时报送率逐月数据"
      columns={['按时报送率', '按时报送 / 应报送']}
      rows={data.map((d) => ({ month: d.month, cells: [`${d.rate}%`, `${d.onTime} / ${d.due}`] }))}
    />
  );
}
