'use client';

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { IndicatorChartProps } from './indicator-chart';

/** The recharts drawing behind IndicatorChart; loaded on demand by chart-loader.tsx (recharts is ~100 kB gzipped). */
export default function IndicatorChartImpl({ series, target, unit, actualLabel = '累计完成' }: IndicatorChartProps) {
  const data = series.map((s) => ({ label: `${Number(s.month.slice(5, 7))}月`, actual: s.actual, target }));
  const max = Math.max(target, ...series.map((s) => s.actual ?? 0)) * 1.15 || 1;
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis dataKey="label" fontSize={12} />
        <YAxis fontSize={12} domain={[0, Math.ceil(max)]} />
        <Tooltip formatter={(v) => `${v} ${unit}`} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <ReferenceLine y={target} stroke="#a1262b" strokeDasharray="6 3" label={{ value: `目标 ${target}`, fontSize: 11, fill: '#a1262b', position: 'insideTopRight' }} />
        <Line type="monotone" dataKey="actual" name={actualLabel} stroke="#2563eb" strokeWidth={2} connectNulls dot={{ r: 3 }} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
