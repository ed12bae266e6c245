'use client';

import dynamic from 'next/dynamic';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ChartFigure } from './chart-figure';
import type { IndicatorChartProps } from './indicator-chart';
import type { OnTimeDatum } from './on-time-chart';

// recharts stays out of the routes' first-load JS: each drawing is its own chunk, fetched only in
// the browser and only once its (fixed-size) box comes near the viewport.
const OnTimeChartImpl = dynamic(() => import('./on-time-chart-impl'), { ssr: false });
const IndicatorChartImpl = dynamic(() => import('./indicator-chart-impl'), { ssr: false });

/** Fills its fixed-height parent; renders `children` once that box is within 200 px of the viewport. */
function WhenNearViewport({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (typeof IntersectionObserver === 'undefined') {
      setNear(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setNear(true);
          observer.disconnect();
        }
      },
      { rootMargin: '200px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className="h-full w-full">
      {near && children}
    </div>
  );
}

// The figure with its visually hidden table is rendered here, in a client component, so that the
// table's rows travel once as the chart's data in the RSC payload (and once as HTML), not as markup.
export function OnTimeChartLoader({ data }: { data: OnTimeDatum[] }) {
  return (
    <ChartFigure
      label="按时报送率逐月图"
      className="h-56 w-full"
      chart={
        <WhenNearViewport>
          <OnTimeChartImpl data={data} />
        </WhenNearViewport>
      }
      caption="按时报送率逐月数据"
      columns={['按时报送率', '按时报送 / 应报送']}
      rows={data.map((d) => ({ month: d.month, cells: [`${d.rate}%`, `${d.onTime} / ${d.due}`] }))}
    />
  );
}

export function IndicatorChartLoader(props: Required<IndicatorChartProps>) {
  const { series, target, unit, name, actualLabel } = props;
  return (
    <ChartFigure
      label={`${name}：实际完成与目标对比图`}
      className="h-48 w-full"
      chart={
        <WhenNearViewport>
          <IndicatorChartImpl {...props} />
        </WhenNearViewport>
      }
      caption={`${name}：逐月${actualLabel}与目标（${unit}）`}
      columns={[actualLabel, '目标']}
      rows={series.map((s) => ({ month: s.month, cells: [s.actual === null ? '暂无数据' : `${s.actual} ${unit}`, `${target} ${unit}`] }))}
    />
  );
}
