'use client';

import dynamic from 'next/dynamic';
import { useEffect, useRef, useState, type ReactNode } from 'react';
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

export function OnTimeChartLoader({ data }: { data: OnTimeDatum[] }) {
  return (
    <WhenNearViewport>
      <OnTimeChartImpl data={data} />
    </WhenNearViewport>
  );
}

export function IndicatorChartLoader(props: IndicatorChartProps) {
  return (
    <WhenNearViewport>
      <IndicatorChartImpl {...props} />
    </WhenNearViewport>
  );
}
