/**
 * Hostile input on every action of the task life cycle (issue 12: sign-for, milestones,
 * extensions, closure, problems), through the action pipeline as a browser would send it, by each
 * role allowed to call it: wrong types, missing or extra fields, out-of-range ids, oversized and
 * script-laden text, dates that are not dates. Every call must end in a clean refusal (never an
 * unhandled fault, never a success), and a refused call must leave every table exactly as it was.
 */
import * as extensionActions from '@/app/(app)/extension-actions';
import * as milestoneActions from '@/app/(app)/my/milestones/actions';
import * as signActions from '@/app/(app)/my/sign-actions';
import * as problemActions from '@/app/(app)/problems/actions';
import * as closureActions from '@/app/(app)/tasks/[id]/closure-actions';
import { hostileInputSuite, type PipelineAction } from './hostile-input.fixture';

const NOW = new Date('2023-11-22T09:30:00+08:00');
const HUGE = '督'.repeat(100_000);
const SCRIPT = '<script>alert(1)</script>';

/** Inputs no form sends. `{}` is left out on purpose: signAll takes no fields and is fine with it. */
const HOSTILE: unknown[] = [
  null,
  undefined,
  'x',
  42,
  [],
  [1, 2],
  { taskId: -1 },
  { taskId: 0 },
  { taskId: 1.5 },
  { taskId: '1; drop table tasks' },
  { taskId: Number.MAX_SAFE_INTEGER + 2 },
  { requestId: 'abc', decision: 'approve' },
  { requestId: 1, decision: 'burn' },
  { planId: 1, version: -3, decision: 'approve', comment: HUGE },
  { taskId: 1, content: HUGE, addressedTo: 'office' },
  { taskId: 1, content: SCRIPT, addressedTo: 'emperor' },
  { taskId: 1, summary: '', evidence: SCRIPT },
  { subject: 'task_deadline', taskId: 1, toDate: '2023-13-45', reason: SCRIPT },
  { subject: 'everything', taskId: 1, toDate: '2023-12-31', reason: '理由' },
  { milestoneId: 1, doneOn: 'yesterday', evidence: HUGE },
  { taskId: 1, version: 1, items: 'not a list' },
  { taskId: 1, version: 1, items: [{ dueOn: '2023-02-30', deliverable: '' }] },
  { __proto__: { isAdmin: true }, taskId: 1 },
  JSON.parse('{"constructor":{"prototype":{"polluted":true}},"taskId":1}'),
];

const ACTIONS = {
  ...signActions,
  ...milestoneActions,
  ...extensionActions,
  ...closureActions,
  ...problemActions,
} as Record<string, PipelineAction>;

hostileInputSuite(
  'hostile input on the task life-cycle actions',
  ACTIONS,
  [
    'signTaskAction',
    'signAllAction',
    'saveMilestonePlanAction',
    'reviewMilestonePlanAction',
    'tickMilestoneAction',
    'untickMilestoneAction',
    'requestExtensionAction',
    'withdrawExtensionAction',
    'decideExtensionAction',
    'leaderDecideExtensionAction',
    'requestClosureAction',
    'decideClosureAction',
    'reopenTaskAction',
    'raiseProblemAction',
    'answerProblemAction',
    'escalateProblemAction',
    'closeProblemAction',
  ],
  // signAll has no fields: an object's extra keys are dropped by its schema and it signs, as it should.
  (name) => (name === 'signAllAction' ? HOSTILE.filter((i) => i === null || typeof i !== 'object' || Array.isArray(i)) : HOSTILE),
  NOW,
);
