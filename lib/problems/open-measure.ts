/**
 * 无措施: a task with a red light and no open measure. What counts as an open measure (decided):
 *
 * - 督办单: a notice on the task that is not closed (办理中), answered or not;
 * - 问题协调: a problem on the task still waiting for its answer (status open). Once answered the
 *   coordination has given what it can: a light still red after that needs a new measure;
 * - 领导批示: a leader's instruction on the task within the last 30 calendar days (counted from
 *   the day it was written, that day included as day 0);
 * - 人工亮灯: a manual flag by the office in force (not lifted) — the office has looked at the
 *   task and said so on it.
 *
 * Anything else (an overdue report reminder, a review comment) is routine, not a measure.
 */

export const INSTRUCTION_MEASURE_DAYS = 30;

export type MeasureKind = 'notice' | 'problem' | 'instruction' | 'flag';

export const MEASURE_LABELS: Record<MeasureKind, string> = { notice: '督办单办理中', problem: '问题协调中', instruction: '近期领导批示', flag: '督查室亮灯' };

export type MeasureFacts = {
  /** 督办单 on the task that are not closed. */
  openNotices: number;
  /** Problems on the task still waiting for an answer. */
  openProblems: number;
  /** The day (YYYY-MM-DD, Beijing) of the task's latest leader's instruction, or null. */
  lastInstructionOn: string | null;
  /** A manual flag in force on the task. */
  flagInForce: boolean;
};

/** Calendar days from `from` to `to` (YYYY-MM-DD). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The open measures of a task as of `today` (YYYY-MM-DD), in a fixed order. */
export function openMeasures(facts: MeasureFacts, today: string): MeasureKind[] {
  const out: MeasureKind[] = [];
  if (facts.openNotices > 0) out.push('notice');
  if (facts.openProblems > 0) out.push('problem');
  if (facts.lastInstructionOn !== null) {
    const age = daysBetween(facts.lastInstructionOn, today);
    if (age >= 0 && age <= INSTRUCTION_MEASURE_DAYS) out.push('instruction');
  }
  if (facts.flagInForce) out.push('flag');
  return out;
}

/** 无措施: at least one red light (`reds` > 0, see lib/warnings/lagging.ts redCount) and no open measure. */
export function lacksMeasure(reds: number, facts: MeasureFacts, today: string): boolean {
  return reds > 0 && openMeasures(facts, today).length === 0;
}
