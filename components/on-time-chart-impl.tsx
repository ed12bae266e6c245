'use client';

import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { OnTimeDatum } from './on-time-chart';

/** The recharts drawing behind OnTimeChart; loaded on demand by chart-loader.tsx (recharts is ~100 kB gzipped). */
export default function OnTimeChartImpl({ data }: { data: OnTimeDatum[] }) {
  const rows = data.map((d) => ({ ...d, label: `${Number(d.month.slice(5, 7))}月` }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={rows} margin={{ top: 16, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis dataKey="label" fontSize={12} />
        <YAxis domain={[0, 100]} fontSize={12} unit="%" />
        <Tooltip formatter={(v, _n, p) => [`${v}%（${p.payload.onTime}/${p.payload.due}）`, '按时报送率']} />
        <Bar dataKey="rate" fill="#a1262b" isAnimationActive={false}>
          <LabelList dataKey="rate" position="top" fontSize={11} formatter={(v) => `${v}%`} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
