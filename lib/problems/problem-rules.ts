import type { ProblemStatus } from '@/db/schema';

export type { ProblemStatus };

/**
 * 问题协调, pure rules: a unit raises a problem (需协调解决的问题) to the office (督查室) or to a
 * leader (区领导); it is answered, then closed — open → answered → closed.
 *
 * - 答复 (answer): only an open problem. A problem to the office is answered by the office; a
 *   problem to a leader by a leader, or by the office on the leader's behalf (the office
 *   coordinates everything).
 * - 关闭 (close): the raising unit (its problem is solved, answered or not) or the office; a closed
 *   problem stays closed.
 * - 转呈领导 (escalate): the office hands an open problem addressed to it to a leader
 *   (addressedTo office → leader); the leader then answers it. Audited by the service.
 * - No reopening (decided): an answered problem whose answer does not solve it stays answered and
 *   the unit raises it again (a new problem, quoting what is still missing). Each answer then
 *   stays on record as given, and the office sees a second request rather than an old one
 *   silently coming back.
 */

export type ProblemAddressee = 'office' | 'leader';
export type ProblemCommand = 'answer' | 'close' | 'escalate';
/** Who is acting, as far as a problem is concerned. */
export type ProblemActorKind = 'raisingUnit' | 'office' | 'leader' | 'other';

export const PROBLEM_STATUS_LABELS: Record<ProblemStatus, string> = { open: '待答复', answered: '已答复', closed: '已关闭' };
export const PROBLEM_ADDRESSEE_LABELS: Record<ProblemAddressee, string> = { office: '督查室', leader: '区领导' };

export type ProblemState = { status: ProblemStatus; addressedTo: ProblemAddressee };

/** Whether this kind of actor may do this at all, whatever the state (false: a permission refusal). */
export function mayAttempt(command: ProblemCommand, who: ProblemActorKind, addressedTo: ProblemAddressee): boolean {
  switch (command) {
    case 'answer':
      return who === 'office' || (who === 'leader' && addressedTo === 'leader');
    case 'close':
      return who === 'raisingUnit' || who === 'office';
    case 'escalate':
      return who === 'office';
  }
}

/** Why the command is refused in this state (a rule, not a permission), or null when it may go ahead. */
export function stateRefusal(state: ProblemState, command: ProblemCommand): string | null {
  if (state.status === 'closed') return '该问题已关闭';
  switch (command) {
    case 'answer':
      return state.status === 'answered' ? '该问题已答复（可能其他人刚刚答复过），请刷新页面' : null;
    case 'close':
      return null;
    case 'escalate':
      if (state.status !== 'open') return '只有待答复的问题可以转呈领导';
      return state.addressedTo === 'leader' ? '该问题已提交区领导' : null;
  }
}

/** The commands an actor is offered on a problem (both checks pass). */
export function availableCommands(state: ProblemState, who: ProblemActorKind): ProblemCommand[] {
  return (['answer', 'escalate', 'close'] as const).filter((c) => mayAttempt(c, who, state.addressedTo) && stateRefusal(state, c) === null);
}
