/**
 * The three warning signals (红黄绿灯): 报送 (late or returned reports), 进度 (self-reported progress
 * against 序时进度) and 指标 (indicator completion against 序时进度). Pure functions: `today` is
 * always passed in as a Beijing 'YYYY-MM-DD' date.
 */
import { daysUntil } from '@/lib/reporting/calendar';
import { DEFAULT_WORK_CALENDAR, type WorkCalendar, workingDaysBetween } from './working-days';
import type { IndicatorStanding } from '@/lib/indicators/indicator-kinds';

export type SignalLevel = 'green' | 'yellow' | 'red';
export type Signal = { level: SignalLevel; rule: string; reason: string };

export type WarningSettings = {
  /** Gap (percentage points behind 序时进度) above which the signal turns yellow. */
  yellowGap: number;
  /** Gap above which the signal turns red. */
  redGap: number;
  /** Days before a deadline (inclusive) at which an unsubmitted report turns yellow. */
  dueSoonDays: number;
  /** Working days after being returned within which a report must be resubmitted. */
  resubmitWorkingDays: number;
  /** 时间节点: working days after a milestone's date, not done, at which its yellow turns red. */
  milestoneRedWorkingDays: number;
  /** 签收时限: working days after assignment within which a unit signs for its task (later: a red 报送 light). */
  signForWorkingDays: number;
  /** 延期需领导审批（天）: an extension longer than this goes on to a leader after the office. */
  extensionLeaderDays: number;
  calendar: WorkCalendar;
};

export const DEFAULT_WARNING_SETTINGS: WarningSettings = Object.freeze({
  yellowGap: 15,
  redGap: 30,
  dueSoonDays: 3,
  resubmitWorkingDays: 5,
  milestoneRedWorkingDays: 5,
  signForWorkingDays: 3,
  extensionLeaderDays: 30,
  calendar: DEFAULT_WORK_CALENDAR,
});

export const SIGNAL_LEVEL_ORDER: Record<SignalLevel, number> = Object.freeze({ green: 0, yellow: 1, red: 2 });

export const GREEN: Signal = Object.freeze({ level: 'green', rule: 'ok', reason: '正常' });

/** 序时进度: share of the plan year elapsed at the end of `today` (Jan 1 → 1/365, Dec 31 → 1), clamped to [0,1]. */
export function yearElapsedShare(today: string, year: number): number {
  const jan1 = `${String(year).padStart(4, '0')}-01-01`;
  const nextJan1 = `${String(year + 1).padStart(4, '0')}-01-01`;
  const dayOfYear = daysUntil(today, jan1) + 1; // Jan 1 → 1
  const daysInYear = daysUntil(nextJan1, jan1);
  return Math.min(1, Math.max(0, dayOfYear / daysInYear));
}

/** Round to one decimal, so that the decision matches the number shown in the reason. */
function round1(x: number): number {
  const r = Math.round(x * 10) / 10;
  return r === 0 ? 0 : r; // no '-0'
}

function gapLevel(gap: number, s: WarningSettings): SignalLevel {
  if (gap > s.redGap) return 'red';
  if (gap > s.yellowGap) return 'yellow';
  return 'green';
}

const LATE_SUBJECT = { lead: '牵头单位月度进展', part: '参与单位协办情况' } as const;

/** 报送: a report/part due on `deadline` (inclusive: the whole day counts). */
export function lateSignal(
  input: { kind: 'lead' | 'part'; deadline: string; submittedOn: string | null; today: string },
  s: WarningSettings = DEFAULT_WARNING_SETTINGS,
): Signal {
  if (input.submittedOn !== null) return GREEN;
  const left = daysUntil(input.deadline, input.today);
  if (left < 0) {
    return { level: 'red', rule: `late.${input.kind}.overdue`, reason: `${LATE_SUBJECT[input.kind]}已逾期 ${-left} 天未报送` };
  }
  if (left <= s.dueSoonDays) {
    return {
      level: 'yellow',
      rule: `late.${input.kind}.due_soon`,
      reason: left === 0 ? '今天截止，尚未报送' : `距报送截止还有 ${left} 天，尚未报送`,
    };
  }
  return GREEN;
}

/**
 * A returned report must be resubmitted within `resubmitWorkingDays` working days after the day it
 * was returned (weekends and holidays don't count; 调休 Saturdays do). It turns red on the first
 * working day after that window.
 */
export function returnedSignal(
  input: { returnedOn: string; resubmittedOn: string | null; today: string },
  s: WarningSettings = DEFAULT_WARNING_SETTINGS,
): Signal {
  if (input.resubmittedOn !== null) return GREEN;
  const n = s.resubmitWorkingDays;
  const used = workingDaysBetween(input.returnedOn, input.today, s.calendar);
  if (used > n) {
    return { level: 'red', rule: 'late.returned.overdue', reason: `退回后超过 ${n} 个工作日未重新报送` };
  }
  const left = n - used;
  return {
    level: 'yellow',
    rule: 'late.returned.pending',
    reason: `已退回，需在 ${n} 个工作日内重新报送（${left > 0 ? `剩 ${left} 个工作日` : '已到最后期限'}）`,
  };
}

/** '60' / '85.1': integers without decimals, otherwise one decimal. */
function formatPercent(p: number): string {
  return String(round1(p));
}

/** 进度: how far the self-reported percentDone (0–100) lags 序时进度. */
export function paceSignal(
  input: { percentDone: number | null; today: string; year: number },
  s: WarningSettings = DEFAULT_WARNING_SETTINGS,
): Signal {
  const done = input.percentDone;
  if (done === null || !Number.isFinite(done)) return { level: 'green', rule: 'no_data', reason: '暂无完成进度' };
  const elapsed = yearElapsedShare(input.today, input.year) * 100;
  const gap = round1(elapsed - done);
  const level = gapLevel(gap, s);
  if (level === 'green') return GREEN;
  return {
    level,
    rule: level === 'red' ? 'pace.far_behind' : 'pace.behind',
    reason: `完成 ${formatPercent(done)}%，落后序时进度（${elapsed.toFixed(1)}%）${gap.toFixed(1)} 个百分点`,
  };
}

/**
 * 指标: the indicator furthest off target decides. An indicator given as `{ name, completion }` is a
 * cumulative one (completion is a ratio; above 1 counts as 1), paced by 序时进度; one given with its
 * `standing` (lib/indicators/indicator-kinds.ts) is judged by its kind — a level, growth or ceiling
 * figure against the target as it stands, a binary one against its deadline.
 */
export function targetSignal(
  input: { indicators: ({ name: string; completion: number | null } | { name: string; standing: IndicatorStanding })[]; today: string; year: number },
  s: WarningSettings = DEFAULT_WARNING_SETTINGS,
): Signal {
  const elapsed = yearElapsedShare(input.today, input.year) * 100;
  let worst: { name: string; gap: number; reason: string } | null = null;
  for (const ind of input.indicators) {
    let gap: number;
    let reason: string;
    if ('standing' in ind) {
      if (ind.standing.gap === null) continue;
      gap = ind.standing.offTarget ? ind.standing.gap : 0;
      reason = ind.standing.reason;
    } else {
      const { completion } = ind;
      if (completion === null || !Number.isFinite(completion)) continue;
      gap = round1(elapsed - Math.min(completion, 1) * 100);
      reason = `完成 ${(completion * 100).toFixed(1)}%，落后序时进度 ${gap.toFixed(1)} 个百分点`;
    }
    if (worst === null || gap > worst.gap) worst = { name: ind.name, gap, reason };
  }
  if (worst === null) return { level: 'green', rule: 'no_data', reason: '暂无指标完成数据' };
  const level = gapLevel(worst.gap, s);
  if (level === 'green') return GREEN;
  return {
    level,
    rule: level === 'red' ? 'target.far_behind' : 'target.behind',
    reason: `“${worst.name}”${worst.reason}`,
  };
}

/** The most severe signal (the first one wins a tie); GREEN for an empty list. */
export function worstSignal(signals: Signal[]): Signal {
  let worst: Signal = GREEN;
  let first = true;
  for (const signal of signals) {
    if (first || SIGNAL_LEVEL_ORDER[signal.level] > SIGNAL_LEVEL_ORDER[worst.level]) worst = signal;
    first = false;
  }
  return worst;
}
