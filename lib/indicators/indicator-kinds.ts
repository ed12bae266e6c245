/**
 * 指标类型 (indicator kinds): how a reported figure is judged against its target. Pure functions:
 * `today` is always passed in as a Beijing 'YYYY-MM-DD' date.
 *
 *  - cumulative 累计值: the figure is the total so far; it is paced by 序时进度 (the share of the
 *    year elapsed) exactly as before: shortfall = 序时进度 − completion (capped at 100%).
 *  - level 水平值(比率) and growth 同比增长: the figure as it stands (a rate, a share, a growth over
 *    last year) is compared with the target itself, with no pace: below target is off target in
 *    any month. Shortfall = (1 − figure ÷ target) in percentage points.
 *  - ceiling 上限(≤): off target once the figure is above the target. Shortfall = (figure ÷ target − 1)
 *    in percentage points. An indicator whose comparator is 'at_most' is judged as a ceiling
 *    whatever its kind (the 'at_most' rows were backfilled as ceilings).
 *  - binary 完成与否: figure 1 = done, 0 = not done; off target only once its deadline (the task's
 *    完成时限, else 12-31 of the list year) has passed without being done, then shortfall 100.
 *
 * Light: the shortfall is mapped with the warning settings as for 序时进度 — above `yellowGap`
 * points yellow, above `redGap` red, at or under `yellowGap` green (still listed as behind on the
 * dashboard). A target of 0 makes a ratio meaningless: the shortfall is then the plain difference.
 */
import type { IndicatorComparator, IndicatorKind } from '@/db/schema';
import { DEFAULT_WARNING_SETTINGS, yearElapsedShare, type SignalLevel, type WarningSettings } from '@/lib/warnings/rules';

export { INDICATOR_FIGURE_LABELS, INDICATOR_KIND_LABELS } from './indicator-kind-labels';

export type IndicatorStandingInput = {
  kind: IndicatorKind;
  target: number;
  targetMax: number | null;
  comparator: IndicatorComparator;
  unit?: string;
  /** The latest reported figure (binary: 1 done, 0 not done), or null without one. */
  latest: number | null;
  today: string;
  /** The list year (序时进度 and the default deadline of a binary indicator). */
  year: number;
  /** The task deadline (YYYY-MM-DD), for a binary indicator. */
  deadline?: string | null;
};

export type IndicatorStanding = {
  /** Latest figure as a share of the target (0–1+; ceiling: 1 at or under it), or null where nothing is reported. */
  completion: number | null;
  /** What is expected by today as a share of the target: 序时进度 for a cumulative indicator, 1 for the others, 0 for a binary one before its deadline. */
  expected: number;
  /** completion ÷ expected (capped at 1): the assessment's measure; null without a figure or with nothing expected yet. */
  attainment: number | null;
  offTarget: boolean;
  /** Shortfall in percentage points (≥ 0, one decimal), or null without a figure. */
  gap: number | null;
  level: SignalLevel;
  /** Chinese, without the indicator's name: `完成 60.0%，落后序时进度 29.0 个百分点`. Empty when nothing to say. */
  reason: string;
};

function round1(x: number): number {
  const r = Math.round(x * 10) / 10;
  return r === 0 ? 0 : r;
}

/** '60' / '85.1' / '1200'. */
function num(x: number): string {
  return String(round1(x));
}

function gapLevel(gap: number, s: WarningSettings): SignalLevel {
  if (gap > s.redGap) return 'red';
  if (gap > s.yellowGap) return 'yellow';
  return 'green';
}

/** Whether a figure is judged as a ceiling (≤). */
export function isCeiling(kind: IndicatorKind, comparator: IndicatorComparator): boolean {
  return kind === 'ceiling' || (kind !== 'binary' && comparator === 'at_most');
}

/** The latest figure as a share of the target, by kind; null without a figure. */
export function kindCompletion(actual: number | null, target: number, comparator: IndicatorComparator, kind: IndicatorKind = 'cumulative'): number | null {
  if (actual === null || !Number.isFinite(actual)) return null;
  if (kind === 'binary') return actual >= 1 ? 1 : 0;
  // For a ceiling, staying at or under it is full completion.
  if (isCeiling(kind, comparator)) return actual <= target ? 1 : actual <= 0 ? 1 : target / actual;
  return target === 0 ? (actual >= 0 ? 1 : 0) : actual / target;
}

/** The binary indicator's deadline: the task's 完成时限, else the last day of the list year. */
export function binaryDeadline(deadline: string | null | undefined, year: number): string {
  return deadline && /^\d{4}-\d{2}-\d{2}$/.test(deadline) ? deadline : `${year}-12-31`;
}

/** The standing of one indicator on `today` (see the rules at the top of this file). */
export function indicatorStanding(input: IndicatorStandingInput, s: WarningSettings = DEFAULT_WARNING_SETTINGS): IndicatorStanding {
  const { kind, target, comparator, latest, today, year } = input;
  const unit = input.unit ?? '';
  const completion = kindCompletion(latest, target, comparator, kind);
  const standing = (expected: number, gap: number | null, offTarget: boolean, reason: string): IndicatorStanding => {
    const level = gap === null || !offTarget ? 'green' : gapLevel(gap, s);
    const attainment = completion === null || expected <= 0 ? null : Math.min(1, Math.max(0, completion / expected));
    return { completion, expected, attainment, offTarget, gap, level, reason };
  };

  if (kind === 'binary') {
    const due = binaryDeadline(input.deadline, year);
    const done = completion === 1;
    const passed = today > due;
    // Not reported: a binary indicator is simply not done yet.
    const expected = passed ? 1 : 0;
    if (done) return { ...standing(expected, 0, false, '已完成'), completion: 1, attainment: 1 };
    if (!passed) return standing(0, latest === null ? null : 0, false, latest === null ? '' : `未完成，完成时限 ${due}`);
    return { ...standing(1, 100, true, `已过完成时限（${due}）仍未完成`), completion: 0, attainment: 0 };
  }

  if (latest === null || !Number.isFinite(latest) || completion === null) return standing(kind === 'cumulative' ? yearElapsedShare(today, year) : 1, null, false, '');

  if (isCeiling(kind, comparator)) {
    const over = latest > target;
    const gap = !over ? 0 : target > 0 ? round1((latest / target - 1) * 100) : round1(latest - target);
    return standing(1, gap, over, over ? `为 ${num(latest)}${unit}，超过上限 ${num(target)}${unit}（超出 ${gap.toFixed(1)} 个百分点）` : '');
  }

  if (kind === 'cumulative') {
    const elapsed = yearElapsedShare(today, year) * 100;
    const raw = round1(elapsed - Math.min(completion, 1) * 100);
    const gap = Math.max(0, raw);
    return standing(elapsed / 100, gap, raw > 0, raw > 0 ? `完成 ${(completion * 100).toFixed(1)}%，落后序时进度 ${raw.toFixed(1)} 个百分点` : '');
  }

  // level / growth: the figure as it stands against the target, no pace.
  const below = latest < target;
  const gap = !below ? 0 : target > 0 ? round1((1 - latest / target) * 100) : round1(target - latest);
  const what = kind === 'growth' ? '同比增长' : '为';
  const u = kind === 'growth' && unit === '' ? '%' : unit;
  return standing(
    1,
    gap,
    below,
    below ? `${what} ${num(latest)}${u}，低于目标 ${num(target)}${u}（差 ${gap.toFixed(1)} 个百分点）` : '',
  );
}
