/**
 * The security checklist's permission table: every service behind a server action or route
 * handler, called as that action calls it, by each kind of actor — a reporter of unit A, a
 * reporter of unit B, a unit head of A, a supervisor, a leader, an admin — with ids that belong
 * to another unit where that matters (IDOR). Anonymous callers never reach a service: every
 * action and route starts with requireActor()/getSessionUser(), which a static check below
 * enforces, and e2e/security.spec.ts probes over HTTP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contributions, noticeTargets, reportingPeriods, reports, supervisionNotices, tasks, users } from '@/db/schema';
import { getUnitBreakdown, getPeriodRanking, lockMonth, explainScore, updateAssessmentSettings, updateListWeights } from '@/lib/assessment/assessment-service';
import { addAttachment, deleteAttachment, findReadableAttachment } from '@/lib/attachments/attachment-service';
import { FileStore } from '@/lib/attachments/file-store';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError } from '@/lib/auth/permissions';
import { getBulletin } from '@/lib/exports/bulletin';
import { getLedgerExport } from '@/lib/exports/ledger-export';
import { createIndicator, deleteIndicator, listIndicatorsForReview, updateIndicator } from '@/lib/indicators/indicator-service';
import { acknowledgeInstruction, createInstruction } from '@/lib/instructions/instruction-service';
import { acceptResponse, addNoticeNote, closeNotice, issueNotice, listNotices, respondToNotice, sendBackResponse } from '@/lib/notices/notice-service';
import { sendPeriodReminders } from '@/lib/notifications/reminder-service';
import { getDashboard } from '@/lib/oversight/dashboard-service';
import { listOverdue, overdueFilterSchema } from '@/lib/oversight/overdue-service';
import { activePlans, planScope, setListFilter } from '@/lib/plans/plan-scope';
import { registerItem } from '@/lib/plans/item-service';
import { assignTask, getDecomposition, setPlanStatus, updatePlanSettings } from '@/lib/plans/plan-service';
import { importNoticeText } from '@/lib/plan-import/import-plan';
import { listUnitGroups, saveUnitGroup } from '@/lib/units/unit-group-service';
import { setPeriodRange, setPlanCadence, updatePeriodDeadlines } from '@/lib/reporting/period-service';
import { getReportEditor, getWorkbench, saveContribution, saveReport } from '@/lib/reporting/report-service';
import { getReviewDetail, listReviewQueue, reviewSubmission } from '@/lib/review/review-service';
import { reviewQueueFilterSchema } from '@/lib/review/schemas';
import { actorFor, createSeededDb } from '@/lib/testing/temp-db';
import { raiseFlag } from '@/lib/warnings/flag-service';
import { updateWarningSettings } from '@/lib/warnings/settings-service';
import { resolveUnitFilter, unitFilterField } from '@/lib/units/unit-service';
import { listUsers, setUserActiveByAdmin } from '@/lib/admin/user-admin-service';
import { renameUnit } from '@/lib/admin/unit-admin-service';
import { importPlanFromConsole, listPlans, previewPlanImport } from '@/lib/admin/plan-admin-service';
import { NO_META } from '@/lib/audit/audit-service';

const TODAY = '2023-11-22';
const NOW = new Date('2023-11-22T09:30:00+08:00');
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'));

type ActorName = 'reporterA' | 'reporterB' | 'headA' | 'supervisor' | 'leader' | 'admin';
const ACTORS: ActorName[] = ['reporterA', 'reporterB', 'headA', 'supervisor', 'leader', 'admin'];

let env: Awaited<ReturnType<typeof createSeededDb>>;
let store: FileStore;
const actors = {} as Record<ActorName, Actor>;
// Unit A = 区发展和改革局 (lead of task 1), unit B = 区科学技术局 (lead of task 15).
let task1: number;
let task15: number;
let nov: number;
let reportA: number; // A's submitted report on task 1
let attachmentA: number; // on A's draft part of task 40
let noticeForA: number;
let targetA: number;

/** What one call did: allowed, refused as forbidden, or refused as not found / not allowed here. */
type Outcome = 'ok' | 'forbidden' | 'refused';
async function outcome(fn: () => unknown): Promise<Outcome> {
  try {
    const r = (await fn()) as { ok?: boolean } | null | undefined | unknown[];
    if (r === null || r === undefined) return 'refused';
    if (typeof r === 'object' && !Array.isArray(r) && 'ok' in r && r.ok === false) return 'refused';
    return 'ok';
  } catch (err) {
    if (err instanceof ForbiddenError) return 'forbidden';
    if (err instanceof Error && err.name === 'NotFoundError') return 'refused';
    throw err;
  }
}

beforeAll(async () => {
  env = await createSeededDb();
  store = new FileStore(path.join(env.dir, 'files'));
  const id = (u: string) => env.db.select({ id: users.id }).from(users).where(eq(users.username, u)).get()!.id;
  actors.reporterA = actorFor(env.db, 'reporter', '区发展和改革局', id('fgj'));
  actors.reporterB = actorFor(env.db, 'reporter', '区科学技术局', id('kjj'));
  actors.headA = actorFor(env.db, 'unit_head', '区发展和改革局', id('fgj_head'));
  actors.supervisor = actorFor(env.db, 'supervisor', '区政府督查室', id('duchashi'));
  actors.leader = actorFor(env.db, 'leader', null, id('lingdao'));
  actors.admin = actorFor(env.db, 'admin', null, id('admin'));
  const taskId = (no: number) => env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.no, no)).get()!.id;
  task1 = taskId(1);
  task15 = taskId(15);
  nov = env.db.select().from(reportingPeriods).where(eq(reportingPeriods.month, '2023-11')).get()!.id;
  const r = saveReport(env.db, actors.reporterA, { taskId: task1, periodId: nov, version: 0, progress: 'A 的进展', percentDone: 80, problems: '', nextSteps: '', indicatorValues: [] }, 'submit', NOW, TODAY);
  reportA = (r as { id: number }).id;
  const up = await addAttachment(env.db, store, actors.reporterA, { ownerType: 'contribution', taskId: taskId(40), periodId: nov }, { name: 'A的材料.pdf', bytes: PDF }, { maxBytes: 1e7, now: NOW, today: TODAY });
  attachmentA = (up as { attachment: { id: number } }).attachment.id;
  const n = issueNotice(env.db, actors.supervisor, { taskId: task1, unitIds: [actors.reporterA.unitId!], level: 'yellow', problem: '进度滞后', requirement: '限期整改', dueDate: '2023-11-30', triggerRule: '', triggerReason: '' }, NOW, TODAY);
  noticeForA = env.db.select({ id: supervisionNotices.id }).from(supervisionNotices).get()!.id;
  expect(n.ok).toBe(true);
  targetA = env.db.select({ id: noticeTargets.id }).from(noticeTargets).where(eq(noticeTargets.noticeId, noticeForA)).get()!.id;
});
afterAll(() => env.cleanup());

/** [name, expected outcome per actor, the call as the action makes it]. */
type Case = [string, Record<ActorName, Outcome>, (a: Actor) => unknown];
const only = (allowed: ActorName[], otherwise: Outcome = 'forbidden'): Record<ActorName, Outcome> =>
  Object.fromEntries(ACTORS.map((a) => [a, allowed.includes(a) ? 'ok' : otherwise])) as Record<ActorName, Outcome>;

const CASES: Case[] = [
  // Reporting: only the task's own lead unit writes its report; B's ids in A's request are refused.
  ['saveReport on task 1 (A leads)', { ...only(['reporterA', 'headA']), reporterA: 'refused', headA: 'refused' }, (a) => saveReport(env.db, a, { taskId: task1, periodId: nov, version: 1, progress: 'x', percentDone: 1, problems: '', nextSteps: '', indicatorValues: [] }, 'save', NOW, TODAY)],
  ['saveReport on task 15 (B leads)', { ...only(['reporterB']), reporterA: 'forbidden', headA: 'forbidden' }, (a) => saveReport(env.db, a, { taskId: task15, periodId: nov, version: 0, progress: 'x', percentDone: null, problems: '', nextSteps: '', indicatorValues: [] }, 'save', NOW, TODAY)],
  ['saveContribution on task 15 (nobody here joins it)', only([]), (a) => saveContribution(env.db, a, { taskId: task15, periodId: nov, version: 0, content: 'x' }, 'save', NOW, TODAY)],
  ['getReportEditor task 1', { ...only(['reporterA', 'headA']) }, (a) => getReportEditor(env.db, a, task1, '2023-11', TODAY)],
  ['getWorkbench', only(['reporterA', 'reporterB', 'headA']), (a) => getWorkbench(env.db, a, planScope(env.db, a).plans, TODAY)],
  // Attachments: A's file is A's; nobody else reads a draft's file, nobody else deletes it.
  ['findReadableAttachment (A’s draft part)', only(['reporterA', 'headA'], 'refused'), (a) => findReadableAttachment(env.db, a, attachmentA)],
  ['addAttachment to B’s task 15 report', { ...only(['reporterB']), reporterA: 'forbidden', headA: 'forbidden' }, (a) => addAttachment(env.db, store, a, { ownerType: 'report', taskId: task15, periodId: nov }, { name: 'x.pdf', bytes: PDF }, { maxBytes: 1e7, now: NOW, today: TODAY })],
  // A deletes its own file; after that it is gone for everybody (B never could).
  ['deleteAttachment (A’s file)', { reporterA: 'ok', reporterB: 'refused', headA: 'refused', supervisor: 'forbidden', leader: 'forbidden', admin: 'forbidden' }, (a) => deleteAttachment(env.db, store, a, attachmentA, NOW)],
  // Review: supervisors decide; leaders and admins read.
  ['listReviewQueue', only(['supervisor', 'leader', 'admin']), (a) => listReviewQueue(env.db, a, planScope(env.db, a).plans, reviewQueueFilterSchema.parse({}))],
  ['getReviewDetail (A’s report)', only(['supervisor', 'leader', 'admin']), (a) => getReviewDetail(env.db, a, 'report', reportA)],
  // A supervisor passes the permission check; the stale version is then refused.
  ['reviewSubmission', { ...only([]), supervisor: 'refused' }, (a) => reviewSubmission(env.db, a, { kind: 'report', id: reportA, version: 99, decision: 'approve' }, NOW)],
  ['sendPeriodReminders', only(['supervisor']), (a) => sendPeriodReminders(env.db, a, planScope(env.db, a).plans, TODAY, NOW)],
  ['raiseFlag', only(['supervisor']), (a) => raiseFlag(env.db, a, { taskId: task1, level: 'yellow', reason: '测试' }, NOW)],
  // Notices: supervisors manage; only the addressed unit answers; others don't even see it.
  ['issueNotice', only(['supervisor']), (a) => issueNotice(env.db, a, { taskId: task15, unitIds: [actors.reporterB.unitId!], level: 'hint', problem: 'p', requirement: 'r', dueDate: '2023-12-01', triggerRule: '', triggerReason: '' }, NOW, TODAY)],
  // A answers; B is not addressed (refused, not found); A's head then finds it already answered.
  ['respondToNotice (addressed to A)', { ...only(['reporterA']), reporterB: 'refused', headA: 'refused' }, (a) => respondToNotice(env.db, a, { targetId: targetA, response: '已整改' }, NOW)],
  ['sendBackResponse', only(['supervisor']), (a) => sendBackResponse(env.db, a, { targetId: targetA, comment: '补充材料' }, NOW)],
  ['acceptResponse', { ...only(['supervisor']), supervisor: 'refused' }, (a) => acceptResponse(env.db, a, { targetId: targetA }, NOW)],
  ['closeNotice', { ...only(['supervisor']), supervisor: 'refused' }, (a) => closeNotice(env.db, a, { noticeId: noticeForA }, NOW)],
  ['addNoticeNote', only(['supervisor']), (a) => addNoticeNote(env.db, a, { noticeId: noticeForA, kind: 'interview', content: '约谈记录' }, NOW)],
  ['listNotices sees the notice to A', { ...only(['reporterA', 'headA', 'supervisor', 'leader', 'admin']), reporterB: 'refused' }, (a) => (listNotices(env.db, a, {}, TODAY).some((n) => n.id === noticeForA) ? [] : null)],
  // Instructions: leaders write; the units of the task acknowledge their own receipt.
  ['createInstruction', only(['leader']), (a) => createInstruction(env.db, a, { taskId: task1, content: '抓紧推进' }, NOW)],
  ['acknowledgeInstruction (A’s receipt)', { ...only(['reporterA'], 'refused'), supervisor: 'forbidden', leader: 'forbidden', admin: 'forbidden' }, (a) => acknowledgeInstruction(env.db, a, firstReceiptOfA(), NOW)],
  // Indicators, calendar, settings.
  ['listIndicatorsForReview', only(['supervisor', 'admin']), (a) => listIndicatorsForReview(env.db, a, planScope(env.db, a).plans, {})],
  ['updateIndicator', only(['supervisor', 'admin']), (a) => updateIndicator(env.db, a, { id: firstIndicator(), name: '高新技术企业', target: 85, targetMax: null, unit: '家', comparator: 'at_least' })],
  ['createIndicator', only(['supervisor', 'admin']), (a) => createIndicator(env.db, a, { taskId: task1, name: '新指标', target: 1, targetMax: null, unit: '个', comparator: 'at_least', sourcePhrase: '原文' })],
  ['deleteIndicator', only(['supervisor', 'admin']), (a) => (deleteIndicator(env.db, a, -1), 'done')],
  ['updatePeriodDeadlines', only(['admin']), (a) => updatePeriodDeadlines(env.db, a, { periodId: nov, contributionDeadline: '2023-11-20', leadDeadline: '2023-11-25' })],
  ['setPeriodRange', only(['admin']), (a) => setPeriodRange(env.db, a, { planId: 1, from: '2023-09', to: '2023-12' })],
  ['updateWarningSettings', only(['admin']), (a) => updateWarningSettings(env.db, a, { yellowGap: 15, redGap: 30, dueSoonDays: 3, resubmitWorkingDays: 5, holidays: [], extraWorkdays: [] }, NOW)],
  ['updateAssessmentSettings', only(['admin']), (a) => updateAssessmentSettings(env.db, a, { weights: { onTime: 30, firstPass: 20, warnings: 20, notices: 15, indicators: 15 }, explanationWorkingDays: 5 }, NOW)],
  // Assessment: everyone reads the ranking; breakdowns only of one's own unit; the office locks.
  ['getPeriodRanking', only(ACTORS), (a) => getPeriodRanking(env.db, a, octPeriod(), TODAY)],
  ['getUnitBreakdown of unit A', { ...only(['reporterA', 'headA', 'supervisor', 'leader', 'admin']), reporterB: 'forbidden' }, (a) => getUnitBreakdown(env.db, a, planScope(env.db, a).plans, '2023-10', actors.reporterA.unitId!, TODAY)],
  ['explainScore (outside the window)', { ...only([]), reporterA: 'refused', reporterB: 'refused', headA: 'refused' }, (a) => explainScore(env.db, a, { periodId: octPeriod(), content: '说明' }, TODAY, NOW)],
  ['lockMonth (before the window closes)', { ...only([]), supervisor: 'refused' }, (a) => lockMonth(env.db, a, '2023-11', TODAY, NOW)],
  // Leaders' views and exports: everyone, limited to their unit (checked in their own tests).
  ['listOverdue', only(ACTORS), (a) => listOverdue(env.db, a, planScope(env.db, a).plans, TODAY, overdueFilterSchema.parse({}))],
  ['getDashboard', only(ACTORS), (a) => getDashboard(env.db, a, planScope(env.db, a).plans, TODAY)],
  // Paged and cached lists (issue 6): page 2 is checked like page 1, and a unit's cached list is
  // never another unit's — A asking for B's overdue items gets only its own (null = refused).
  ['listReviewQueue page 2', only(['supervisor', 'leader', 'admin']), (a) => listReviewQueue(env.db, a, planScope(env.db, a).plans, reviewQueueFilterSchema.parse({ page: '2' }), 1)],
  [
    'listOverdue of B’s unit (after the district list is cached)',
    only(ACTORS),
    (a) => {
      listOverdue(env.db, actors.leader, planScope(env.db, actors.leader).plans, TODAY, overdueFilterSchema.parse({}));
      const items = listOverdue(env.db, a, planScope(env.db, a).plans, TODAY, overdueFilterSchema.parse({ unit: String(actors.reporterB.unitId) })).items;
      const own = a.role === 'reporter' || a.role === 'unit_head' ? a.unitId : actors.reporterB.unitId;
      return items.every((i) => i.unitId === own) ? items : null;
    },
  ],
  ['unitFilterField', only(['reporterA', 'reporterB', 'headA', 'supervisor', 'leader', 'admin']), (a) => unitFilterField(env.db, a)],
  ['resolveUnitFilter', only(['reporterA', 'reporterB', 'headA', 'supervisor', 'leader', 'admin']), (a) => resolveUnitFilter(env.db, a, { unitName: '发改' })],
  ['getLedgerExport', only(ACTORS), (a) => getLedgerExport(env.db, a, planScope(env.db, a).plans, TODAY)],
  ['getBulletin', only(['supervisor', 'leader', 'admin']), (a) => getBulletin(env.db, a, '2023-10', TODAY)],
  // Admin console.
  ['listUsers', only(['admin']), (a) => listUsers(env.db, a)],
  ['setUserActiveByAdmin', { ...only(['admin']), admin: 'refused' }, (a) => setUserActiveByAdmin(env.db, a, { userId: a.userId, active: false }, NO_META, NOW)],
  ['renameUnit', { ...only(['admin']), admin: 'refused' }, (a) => renameUnit(env.db, a, { unitId: actors.reporterB.unitId!, name: '区发展和改革局' }, NO_META, NOW)],
  ['previewPlanImport', only(['admin']), (a) => previewPlanImport(env.db, a, { text: '临东政办字〔2022〕1号\n一、测试\n1.测试任务。(牵头单位:区民政局)' })],
  // Several lists (issue 10): the list filter is each user's own; lists are managed by the office.
  ['setListFilter (own preference)', only(ACTORS), (a) => setListFilter(env.db, a, { plan: 'all' })],
  ['setListFilter to a list that does not exist', only([], 'refused'), (a) => setListFilter(env.db, a, { plan: 999_999 })],
  ['listPlans', only(['supervisor', 'admin']), (a) => listPlans(env.db, a)],
  ['updatePlanSettings', only(['supervisor', 'admin']), (a) => updatePlanSettings(env.db, a, { planId: firstPlan(), shortName: '重点任务', kind: 'key_tasks' }, NOW)],
  ['setPlanStatus of a list that does not exist', { ...only([]), supervisor: 'refused', admin: 'refused' }, (a) => setPlanStatus(env.db, a, { planId: 999_999, status: 'archived' }, NOW)],
  ['getDecomposition of a draft', only(['supervisor', 'admin']), (a) => getDecomposition(env.db, a, draftPlan())],
  ['assignTask in a draft', only(['supervisor', 'admin']), (a) => assignTask(env.db, a, { taskId: draftTask(), lead: '区发改局', participating: '区财政局', leaders: '', deadline: '2023-12-31' }, NOW)],
  ['assignTask of an active list (not a draft)', { ...only([]), supervisor: 'refused', admin: 'refused' }, (a) => assignTask(env.db, a, { taskId: task15, lead: '区发改局', participating: '', leaders: '', deadline: '' }, NOW)],
  ['registerItem', only(['supervisor']), (a) => registerItem(env.db, a, { kind: 'meeting', source: '区政府第12次常务会议', title: '推进测试事项', content: '会议议定的测试事项', lead: '区发改局', participating: '', leaders: '', deadline: '2023-12-20' }, TODAY, NOW)],
  ['importPlanFromConsole (stale preview)', { ...only(['admin']), admin: 'refused' }, (a) => importPlanFromConsole(env.db, a, { text: '临东政办字〔2022〕1号\n一、测试\n1.测试任务。(牵头单位:区民政局)', previewHash: '0'.repeat(64) }, NO_META, NOW)],
  ['listUnitGroups', only(['admin']), (a) => listUnitGroups(env.db, a)],
  // 清单权重 and 调度周期: the office ('plans.manage').
  ['updateListWeights', only(['supervisor', 'admin']), (a) => updateListWeights(env.db, a, { weights: [{ planId: firstPlan(), weight: 1 }] }, NOW)],
  ['setPlanCadence (of a draft list)', only(['supervisor', 'admin']), (a) => setPlanCadence(env.db, a, { planId: draftPlan(), cadence: cadenceOf(draftPlan()) === 'monthly' ? 'quarterly' : 'monthly' }, NOW)],
  ['saveUnitGroup', only(['admin']), (a) => saveUnitGroup(env.db, a, { name: `测试组${a.role}`, phrases: '测试说法', unitIds: [actors.reporterA.unitId!] }, NOW)],
];

let draftId: number | null = null;
/** A work report imported as a draft (分解中), once. */
function draftPlan(): number {
  draftId ??= importNoticeText(env.db, fs.readFileSync(path.resolve('db/seed-data/hedong-2023-government-work-report.txt'), 'utf8'), { kind: 'work_report' }).summary.planId!;
  return draftId;
}
function draftTask(): number {
  return env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.planId, draftPlan())).get()!.id;
}
function firstPlan(): number {
  return activePlans(env.db)[0]!.id;
}
function cadenceOf(planId: number): string {
  return (env.db.$client.prepare('select cadence from plans where id = ?').get(planId) as { cadence: string }).cadence;
}

function firstReceiptOfA(): number {
  const row = env.db.$client.prepare('select r.id from instruction_receipts r where r.unit_id = ? order by r.id limit 1').get(actors.reporterA.unitId) as { id: number } | undefined;
  return row?.id ?? -1;
}
function firstIndicator(): number {
  return (env.db.$client.prepare('select id from indicators order by id limit 1').get() as { id: number }).id;
}
function octPeriod(): number {
  return env.db.select().from(reportingPeriods).where(eq(reportingPeriods.month, '2023-10')).get()!.id;
}

describe('permission matrix: every service behind an action or route × each kind of actor', () => {
  for (const [name, expected, call] of CASES) {
    describe(name, () => {
      for (const who of ACTORS) {
        it(`${who} → ${expected[who]}`, async () => {
          expect(await outcome(() => call(actors[who]))).toBe(expected[who]);
        });
      }
    });
  }

  it('nothing of another unit was changed by the refused calls', () => {
    const a = env.db.select().from(reports).where(eq(reports.id, reportA)).get()!;
    expect(a.unitId).toBe(actors.reporterA.unitId);
    expect(env.db.select().from(contributions).where(and(eq(contributions.unitId, actors.reporterB.unitId!), eq(contributions.taskId, task15))).all()).toEqual([]);
  });
});

describe('every server action and route handler asks who is calling first', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/(actions|attachment-actions|plan-route)\.ts$/.test(e.name) || /^route\.ts$/.test(e.name)) files.push(p);
    }
  };
  walk(path.resolve('app'));

  it('found the actions and routes', () => {
    expect(files.length).toBeGreaterThan(15);
  });

  for (const file of files) {
    it(path.relative(process.cwd(), file), () => {
      const src = fs.readFileSync(file, 'utf8');
      // Split into exported functions and check each body before it touches a service.
      const fns = [...src.matchAll(/export (?:async )?function (\w+)(?:<[^(]*>)?\([\s\S]*?\)[^{]*\{([\s\S]*?)\n\}/g)];
      const exportedHandlers = [...src.matchAll(/export const \{ GET, POST \} = handlers/g)];
      if (exportedHandlers.length) return; // next-auth's own handlers
      expect(fns.length).toBeGreaterThan(0);
      for (const [, fnName, body] of fns) {
        // The login action is the one door that is open to anonymous callers.
        if (/^login/.test(fnName!) && file.includes(`${path.sep}login${path.sep}`)) continue;
        // Either it asks for the session itself, or it hands over to the shared plan-route guard
        // (which is itself in this list and asks for the session).
        expect(body, `${fnName} in ${file}`).toMatch(/requireActor\(|requireSessionUser\(|getSessionUser\(|handlePlanRequest\(/);
      }
    });
  }
});
