import { SIGNAL_LEVEL_ORDER } from './rules';
import type { TaskSignals } from './signal-service';

type Lights = Pick<TaskSignals, 'late' | 'pace' | 'target' | 'flag'>;

/** The most severe light of a task (0 green, 1 yellow, 2 red), the manual flag included. */
export function worstLevel(s: Lights): number {
  return Math.max(SIGNAL_LEVEL_ORDER[s.late.level], SIGNAL_LEVEL_ORDER[s.pace.level], SIGNAL_LEVEL_ORDER[s.target.level], s.flag ? SIGNAL_LEVEL_ORDER[s.flag.level] : 0);
}

/** Red lights of a task, the manual flag included: lagging tasks with more reds come first. */
export function redCount(s: Lights): number {
  return [s.late.level, s.pace.level, s.target.level].filter((l) => l === 'red').length + (s.flag?.level === 'red' ? 1 : 0);
}

/** 滞后任务: at least one yellow or red light. */
export function isLagging(s: Lights): boolean {
  return worstLevel(s) > 0;
}
