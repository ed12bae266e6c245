import { IndicatorChartLoader } from './chart-loader';

export type IndicatorChartProps = { series: { month: string; actual: number | null }[]; target: number; unit: string; name: string };

/**
 * Actual (cumulative) against target over the months of the plan. The box has a fixed height, so
 * the line chart (loaded in the browser after first paint) causes no layout shift; the figures are
 * also rendered here, on the server, as a visually hidden table.
 */
export function IndicatorChart({ series, target, unit, name }: IndicatorChartProps) {
  return (
    <figure className="h-48 w-full" aria-label={`${name}：实际完成与目标对比图`}>
      <IndicatorChartLoader series={series} target={target} unit={unit} name={name} />
      {/* sr-only on the wrapper: a table ignores the 1px width and would widen the page. */}
      <div className="sr-only">
        <table>
          <caption>{`${name}：逐月累计完成与目标（${unit}）`}</caption>
          <thead>
            <tr>
              <th scope="col">月份</th>
              <th scope="col">累计完成</th>
              <th scope="col">目标</th>
            </tr>
          </thead>
          <tbody>
            {series.map((s) => (
              <tr key={s.month}>
                <th scope="row">{`${s.month.slice(0, 4)}年${Number(s.month.slice(5, 7))}月`}</th>
                <td>{s.actual === null ? '暂无数据' : `${s.actual} ${unit}`}</td>
                <td>{`${target} ${unit}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
