import type { Indicator } from '@/db/schema';
import { rng } from './rng';

/**
 * A demo figure for one indicator in one month, by kind (lib/indicators/indicator-kinds.ts), so
 * the demo's 指标 lights read like real ones: a cumulative figure grows with the year (paced as
 * the task's report), a rate or a growth stands near its target all year (below it on a
 * lagging task), a ceiling stays under its limit, a done/not-done one is done late in the year.
 * 国省控断面水质达标率 (task 40) is the demo's level indicator below target: 4 of its 5 sections
 * meet the standard, 80% against 100% in every month — off target in March as in October.
 */
export function demoIndicatorFigure(
  ind: Pick<Indicator, 'id' | 'name' | 'kind' | 'target' | 'unit'>,
  month: { monthNo: number; yearShare: number },
  pace: number,
): number {
  const round1 = (x: number) => Math.round(x * 10) / 10;
  const percentCap = (x: number) => (ind.unit === '%' ? Math.min(100, x) : x);
  const r = rng(ind.id * 100 + month.monthNo);
  switch (ind.kind) {
    case 'cumulative':
      return round1(ind.target * month.yearShare * pace);
    case 'level':
      if (ind.name === '国省控断面水质达标率') return 80;
      // A lagging task's rate sits 10–18% under its target (never as far under as task 40's 80%).
      return round1(percentCap(ind.target * (pace < 0.8 ? 0.82 + r() * 0.08 : 0.97 + r() * 0.06)));
    case 'growth':
      return round1(ind.target * pace);
    case 'ceiling':
      return round1(ind.target * (0.85 + r() * 0.15));
    case 'binary':
      return month.monthNo >= 10 && pace >= 0.8 ? 1 : 0;
  }
}
