/**
 * 签收: a unit signs for each task assigned to it. Pure rules: `today` is passed in (YYYY-MM-DD,
 * Shanghai); the window is counted in working days from the day of assignment (交办).
 */
import type { Signal, WarningSettings } from '@/lib/warnings/rules';
import { addWorkingDays, workingDaysBetween } from '@/lib/warnings/working-days';

/**
 * Where a unit's assignment stands: signed; not (yet) assigned (a draft's task, or a row from
 * before 签收 existed without a date); pending within the window (待签收, no light); or overdue.
 */
export type SignForState =
  | { kind: 'signed'; signedAt: Date }
  | { kind: 'unassigned' }
  | { kind: 'pending'; assignedOn: string; dueOn: string; workingDays: number }
  | { kind: 'overdue'; assignedOn: string; dueOn: string; workingDays: number };

export type SignForSettings = Pick<WarningSettings, 'signForWorkingDays' | 'calendar'>;

export function signForState(input: { assignedOn: string | null; signedAt: Date | null; today: string }, s: SignForSettings): SignForState {
  if (input.signedAt) return { kind: 'signed', signedAt: input.signedAt };
  if (!input.assignedOn) return { kind: 'unassigned' };
  const workingDays = workingDaysBetween(input.assignedOn, input.today, s.calendar);
  const dueOn = addWorkingDays(input.assignedOn, s.signForWorkingDays, s.calendar);
  // The last day of the window still counts: red from the first working day after it.
  return { kind: workingDays > s.signForWorkingDays ? 'overdue' : 'pending', assignedOn: input.assignedOn, dueOn, workingDays };
}

/** Whether the unit still has to sign (pending or overdue). */
export function awaitsSigning(state: SignForState): boolean {
  return state.kind === 'pending' || state.kind === 'overdue';
}

/** The red 报送 light of an overdue assignment (null otherwise): "区发展和改革局 未签收（交办已 5 个工作日）". */
export function signOverdueSignal(unitName: string, state: SignForState): Signal | null {
  if (state.kind !== 'overdue') return null;
  return { level: 'red', rule: 'sign.overdue', reason: `${unitName} 未签收（交办已 ${state.workingDays} 个工作日）` };
}

/** The instant recorded for an assignment counted as signed on a day (lists already in use): 09:00 Beijing time. */
export function signedOnDay(day: string): Date {
  return new Date(`${day}T09:00:00+08:00`);
}
