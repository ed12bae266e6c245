/**
 * Hostile input on every action of the month page (issue 13: autosave, 一并报送, 负责人审阅 and
 * its setting, 共用佐证材料), through the action pipeline as a browser would send it, by each
 * role: wrong types, missing or extra fields, out-of-range and unknown ids, oversized and
 * script-laden text, malformed months, an autosave that tries to submit. Every call must end in a
 * clean refusal (never an unhandled fault, never a success), and a refused call must leave every
 * table exactly as it was. Same pattern as lifecycle-hostile-input.test.ts.
 */
import * as monthActions from '@/app/(app)/my/month/actions';
import { hostileInputSuite, type PipelineAction } from './hostile-input.fixture';

const NOW = new Date('2023-11-22T09:30:00+08:00');
const HUGE = '督'.repeat(100_000);
const SCRIPT = '<script>alert(1)</script>';

/** A row as the page sends it, and a report draft, both valid except where a case breaks them. */
const ITEM = { kind: 'report', taskId: 1, periodId: 1, version: 1 };
const REPORT = { taskId: 1, periodId: 1, version: 0, progress: '进展', percentDone: 50, problems: '', nextSteps: '', indicatorValues: [], intent: 'save' };

/**
 * Inputs no form sends. A valid request is left out on purpose (e.g. `{ required: true }`, which the
 * head may send); the unknown ids below are well-formed and must be refused by the services.
 */
const HOSTILE: unknown[] = [
  null,
  undefined,
  'x',
  42,
  [],
  [1, 2],
  {},
  // 一并报送 / 负责人审阅
  { month: '2023-11', items: 'not a list' },
  { month: '2023-11', items: [] },
  { month: '2023-11', items: [null] },
  { month: '2023-13', items: [ITEM] },
  { month: "2023-11'; drop table reports; --", items: [ITEM] },
  { month: 202311, items: [ITEM] },
  { month: '2023-11', items: [{ ...ITEM, kind: 'notice' }] },
  { month: '2023-11', items: [{ ...ITEM, taskId: -1 }] },
  { month: '2023-11', items: [{ ...ITEM, taskId: 1.5 }] },
  { month: '2023-11', items: [{ ...ITEM, taskId: '1; drop table tasks' }] },
  { month: '2023-11', items: [{ ...ITEM, taskId: Number.MAX_SAFE_INTEGER + 2 }] },
  { month: '2023-11', items: [{ ...ITEM, version: 0 }] },
  { month: '2023-11', items: [{ ...ITEM, version: -3 }] },
  { month: '2023-11', items: Array.from({ length: 301 }, (_, i) => ({ ...ITEM, taskId: i + 1 })) },
  // Well-formed, but ids that are nobody's: a period that does not exist, a task that does not exist.
  { month: '2023-11', items: [{ ...ITEM, periodId: 999_999 }] },
  { month: '2023-11', items: [{ ...ITEM, taskId: 999_999 }] },
  // Whether the unit asks for a sign-off
  { required: 'yes' },
  { required: 1 },
  { required: null },
  // 共用佐证材料
  { attachmentId: 'abc', targets: [] },
  { attachmentId: 1, targets: 'all' },
  { attachmentId: -5, targets: [{ ownerType: 'report', taskId: 1, periodId: 1 }] },
  { attachmentId: 1, targets: [{ ownerType: 'notice_response', taskId: 1, periodId: 1 }] },
  { attachmentId: 1, targets: Array.from({ length: 51 }, () => ({ ownerType: 'report', taskId: 1, periodId: 1 })) },
  { attachmentId: 999_999, targets: [{ ownerType: 'report', taskId: 1, periodId: 1 }] },
  // 自动保存: what a draft may not hold, and an autosave that tries to submit
  { ...REPORT, progress: HUGE },
  { ...REPORT, progress: SCRIPT, intent: 'submit' },
  { ...REPORT, intent: 'approve' },
  { ...REPORT, percentDone: 101 },
  { ...REPORT, percentDone: '50' },
  { ...REPORT, version: -1 },
  { ...REPORT, indicatorValues: [{ indicatorId: 1, value: -1 }] },
  { ...REPORT, indicatorValues: 'none' },
  { taskId: 1, periodId: 1, version: 0, content: HUGE, intent: 'save' },
  { taskId: 1, periodId: 1, version: 0, content: SCRIPT, intent: 'submit' },
  { __proto__: { isAdmin: true }, taskId: 1 },
  JSON.parse('{"constructor":{"prototype":{"polluted":true}},"month":"2023-11","items":[]}'),
];

const ACTIONS = { ...monthActions } as Record<string, PipelineAction>;

hostileInputSuite(
  'hostile input on the month page’s actions',
  ACTIONS,
  ['autosaveReportAction', 'autosaveContributionAction', 'submitMonthAction', 'signOffMonthAction', 'setSignOffRequiredAction', 'shareEvidenceAction'],
  () => HOSTILE,
  NOW,
);
