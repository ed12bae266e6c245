/** Chinese labels of the indicator kinds (指标类型); no other imports, so client forms can use them. */
import type { IndicatorKind } from '@/db/schema';

/** The kind as chosen on the office's indicator page. */
export const INDICATOR_KIND_LABELS: Readonly<Record<IndicatorKind, string>> = Object.freeze({
  cumulative: '累计值',
  level: '水平值(比率)',
  growth: '同比增长',
  ceiling: '上限(≤)',
  binary: '完成与否',
});

/** The figure the monthly report asks for, by kind. */
export const INDICATOR_FIGURE_LABELS: Readonly<Record<IndicatorKind, string>> = Object.freeze({
  cumulative: '累计完成',
  level: '本月数值',
  growth: '同比增长（%）',
  ceiling: '本月数值',
  binary: '完成情况',
});

/** A binary figure as words: 1 完成, 0 未完成. */
export function binaryFigureText(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value >= 1 ? '完成' : '未完成';
}
