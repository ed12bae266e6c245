'use client';

import { IndicatorChartLoader } from '@/components/chart-loader';

/**
 * One 目标指标 of the task page, in the words the page shows. `values` line up with the page's
 * `months` (or the indicator's own `months` where its calendar differs); `chart` is null where
 * figures are not shown to this reader, and has no `values` where nothing was reported yet.
 */
export type IndicatorView = {
  id: number;
  name: string;
  /** 目标 ≥ 100 % */
  goal: string;
  /** [累计完成 | 最新数值, the figure, its unit or ''] */
  latest: [label: string, figure: string, unit: string] | null;
  /** Completion in whole percent. */
  completion: number | null;
  /** Why the indicator is off target, when it is. */
  standing: string | null;
  sourcePhrase: string;
  chart: { values: (number | null)[] | null; months?: string[]; target: number; unit: string; actualLabel: string } | null;
};

/**
 * The task's indicators. A client component so that they travel once as data in the RSC payload
 * and once as HTML, not twice as markup; the month labels travel once for all of them.
 */
export function TaskIndicators({ months, items }: { months: string[]; items: IndicatorView[] }) {
  return items.map((ind) => (
    <section key={ind.id} aria-label={ind.name} data-indicator={ind.name} className="flex flex-col gap-1">
      <h3 className="font-medium">{ind.name}</h3>
      {/* Whole strings, not text around expressions: React marks every seam with a comment. */}
      <p className="text-sm text-muted-foreground">
        {ind.goal}
        {ind.latest && (
          <>
            {`，${ind.latest[0]} `}
            <span className="font-semibold text-foreground">{ind.latest[1]}</span>
            {` ${ind.latest[2]}`}
          </>
        )}
        {ind.completion !== null && (
          <span className="ml-1" data-testid="completion">
            {`（完成率 ${ind.completion}%）`}
          </span>
        )}
      </p>
      {ind.standing && (
        <p className="text-sm text-amber-800" data-testid="indicator-standing">
          {ind.standing}
        </p>
      )}
      <p className="text-xs text-muted-foreground">{`原文：“${ind.sourcePhrase}”`}</p>
      {ind.chart?.values ? (
        <IndicatorChartLoader
          series={(ind.chart.months ?? months).map((month, i) => ({ month, actual: ind.chart!.values![i] ?? null }))}
          target={ind.chart.target}
          unit={ind.chart.unit}
          name={ind.name}
          actualLabel={ind.chart.actualLabel}
        />
      ) : ind.chart ? (
        <p className="text-sm text-muted-foreground">暂无报送数据</p>
      ) : null}
    </section>
  ));
}
