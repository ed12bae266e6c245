import { OnTimeChartLoader } from './chart-loader';

export type OnTimeDatum = { month: string; rate: number; due: number; onTime: number };

/**
 * On-time submission rate by month. The box has a fixed height, so the bar chart (loaded in the
 * browser after first paint) causes no layout shift; the figures are also rendered here, on the
 * server, as a visually hidden table for screen readers and for pages without JavaScript.
 */
export function OnTimeChart({ data }: { data: OnTimeDatum[] }) {
  return (
    <figure className="h-56 w-full" aria-label="按时报送率逐月图">
      <OnTimeChartLoader data={data} />
      {/* sr-only on the wrapper: a table ignores the 1px width and would widen the page. */}
      <div className="sr-only">
        <table>
          <caption>按时报送率逐月数据</caption>
          <thead>
            <tr>
              <th scope="col">月份</th>
              <th scope="col">按时报送率</th>
              <th scope="col">按时报送 / 应报送</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.month}>
                <th scope="row">{`${d.month.slice(0, 4)}年${Number(d.month.slice(5, 7))}月`}</th>
                <td>{`${d.rate}%`}</td>
                <td>{`${d.onTime} / ${d.due}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
