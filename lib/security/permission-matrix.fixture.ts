/**
 * Test fixture (not a test) of the permission matrix: one seeded database with everything the rows
 * act on, built once through the services (as the units, the office and the leader would), then
 * closed; every cell of the matrix runs on its own copy of that database and its files
 * (`inCell`), so no cell sees another cell's changes. On SQLite a copy is a copy of the file; on
 * PostgreSQL a new database made with the base database as its template.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, desc, eq, getTableColumns, getTableName, is, sql } from 'drizzle-orm';
import { getTableConfig, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { closeDatabase, endDatabase, ENGINE, openDatabase, type AppDatabase } from '@/db/client';
import { queryRows } from '@/db/dialect';
import * as activeSchema from '@/db/schema';
import { indicators, instructionReceipts, noticeTargets, notifications, plans, reportingPeriods, taskFlags, tasks, taskUnits, units, users } from '@/db/schema';
import * as sqliteSchema from '@/db/schema-sqlite';
import { addAttachment } from '@/lib/attachments/attachment-service';
import { FileStore } from '@/lib/attachments/file-store';
import type { Actor } from '@/lib/auth/actor';
import type { ServiceContext } from '@/lib/context';
import { acknowledgeInstruction, createInstruction } from '@/lib/instructions/instruction-service';
import { issueNotice, respondToNotice } from '@/lib/notices/notice-commands';
import { issueNoticeSchema } from '@/lib/notices/schemas';
import { importNoticeText } from '@/lib/plan-import/import-plan';
import { saveContribution } from '@/lib/reporting/contribution-service';
import { saveReport } from '@/lib/reporting/lead-report-service';
import { saveContributionSchema, saveReportSchema } from '@/lib/reporting/schemas';
import type { Result } from '@/lib/result';
import { createPgTestDatabase, databaseNameOf, dropPgTestDatabase } from '@/lib/testing/pg-test-db';
import { actorFor, contextFor, createSeededDb } from '@/lib/testing/temp-db';
import { addSecondDistrict } from '@/lib/testing/second-district';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { raiseFlag } from '@/lib/warnings/flag-service';
import { decideClosureRequest, requestClosure } from '@/lib/lifecycle/closure-service';
import { getTaskMilestones, reviewPlan, savePlan, tickMilestone } from '@/lib/milestones/milestone-service';
import { savePlanSchema } from '@/lib/milestones/schemas';

/** The demo clock: November 2023 is the open month, October's explanation window has closed. */
export const TODAY = '2023-11-22';
export const NOW = new Date('2023-11-22T09:30:00+08:00');
export const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'));

export type ActorName = 'reporterA' | 'reporterB' | 'headA' | 'supervisor' | 'leader' | 'admin' | 'securityAdmin' | 'auditAdmin' | 'city';
/** The actors of every row. */
export const ACTORS = ['reporterA', 'reporterB', 'headA', 'supervisor', 'leader', 'admin'] as const satisfies readonly ActorName[];
/**
 * 三员分立: the security and audit administrators. They have cells only in the rows of their own
 * actions; on every other row a focused block of the test expects them refused (CI time: two
 * actors more on every row would double it).
 */
export const THREE_ADMINS_EXTRA = ['securityAdmin', 'auditAdmin'] as const satisfies readonly ActorName[];

/**
 * 市督查员: the city office, viewing this district (as it does after 查看 on /city). It has cells
 * only in the rows of its own actions; on every other row a focused block of the test checks that
 * it changes nothing at all.
 */
export const CITY_EXTRA = ['city'] as const satisfies readonly ActorName[];

/**
 * Unit A = 区发展和改革局 (a lead of tasks 1 and 4, a participant of 40), unit B = 区科学技术局
 * (lead of 15, a participant of 40).
 */
export const UNIT_A = '区发展和改革局';
export const UNIT_B = '区科学技术局';

/** The ids every row may refer to (all in the base database, so in every copy). */
export type Fixture = {
  userIds: Record<ActorName, number>;
  unitA: number;
  unitB: number;
  task1: number;
  task4: number;
  task15: number;
  task40: number;
  /** Two tasks where A participates and B has no part. */
  taskAJoins: number;
  taskAJoins2: number;
  planId: number;
  oct: number;
  nov: number;
  /** A's report on task 1 for November, submitted (with an attachment added while it was a draft). */
  reportA: { id: number; version: number };
  /** A's draft report on task 4 for November. */
  draftReportA: { id: number; version: number };
  /** A's draft part of `taskAJoins` (November), with `attachmentOnDraft`. */
  draftPartA: { id: number; version: number };
  /** A's part of `taskAJoins2` (November), sent to the lead unit. */
  submittedPartA: { id: number; version: number };
  attachmentOnDraft: number;
  attachmentOnSubmitted: number;
  /** 督办单 to A, not yet answered. */
  pendingNotice: { noticeId: number; targetId: number };
  /** 督办单 to A, answered, waiting for the office. */
  answeredNotice: { noticeId: number; targetId: number };
  /** 领导批示 on task 1: A's receipt not yet acknowledged; on task 4: A's receipt acknowledged. */
  receiptA: number;
  acknowledgedReceiptA: number;
  /** A supervisor's yellow flag on task 1. */
  flagId: number;
  indicatorId: number;
  /** A work report imported as a draft list (分解中), and its first task. */
  draftPlan: number;
  draftTask: number;
  draftCadence: string;
  /** A notification of A's reporter (the 督办单 issued to A). */
  notificationOfA: number;
  /** A unit that leads nothing and has no accounts (may be deactivated), and two units that can be merged. */
  idleUnit: number;
  mergeSource: number;
  mergeTarget: number;
  /** 签收: A's part of `taskAJoins` assigned today, not yet signed. 办结: tasks A leads (B has no part): one active, one with A's pending application, one closed. */
  closureTaskA: number;
  pendingClosureTaskA: number;
  closureRequestA: number;
  closedTaskA: number;
  /** milestone: A's approved plan on task 4 (A leads, B has no part): a milestone missed and not done, one done in November (from A's draft report: may be undone). */
  milestonePlanA: { id: number; version: number };
  milestoneOpenA: number;
  milestoneDoneA: number;
  /** milestone: A's plan on task 1, submitted and waiting for the office. */
  milestoneSubmittedA: { id: number; version: number };
  /** milestone: a task A leads alone, without a plan (task 36). */
  milestoneFreeTaskA: number;
  /** extension: A's pending request (November report deadline of task 4), and A's long one on the pending 督办单, agreed by the office and waiting for a leader. */
  extensionPendingA: number;
  extensionLongA: number;
  /** A's problems on task 1: to the office (open, from `reportA`), to a leader (open), answered by the office, closed. */
  problems: { toOffice: number; toLeader: number; answered: number; closed: number };
  /** 安全管理: gxj (not an actor of the rows), locked out now, with a second factor and one open session. */
  securityTarget: { userId: number; username: string };
};

/** A real account as a service sees it (the session's user id, username and unit). */
export type Actors = Record<ActorName, Actor>;

/**
 * The base: its files under `dir` (on SQLite also the database file, dir/app.db); on PostgreSQL
 * `pgDatabase` names the base database the copies are made from (null on SQLite).
 */
export type Base = { dir: string; pgDatabase: string | null; fixture: Fixture; actors: Actors; otherDistrict: OtherDistrict };

/**
 * 行政区: a second district (兰山区) in the same database, with the same notice imported (units of the
 * same names, tasks of the same numbers, other ids) and its own office, leader, administrator and
 * staff of its 区发展和改革局. Named by the first district's actor they mirror, so a row's input for
 * that actor is the call they make — on the first district's ids.
 */
export const OTHER_DISTRICT_ACTORS = ['reporterA', 'headA', 'supervisor', 'leader', 'admin'] as const satisfies readonly ActorName[];
export type OtherDistrict = {
  districtId: number;
  actors: Record<(typeof OTHER_DISTRICT_ACTORS)[number], Actor>;
  /** Ids of its records (list, tasks, periods, units, accounts), for the hostile-input property test. */
  ids: number[];
};

/** Texts only the first district's records hold (A's reports, notices, instructions …): none may reach the other district. */
export const FIRST_DISTRICT_CANARIES = ['A 的进展', 'A的报告附件', 'A 的协办情况', 'A的材料', '进度滞后', '材料不全', '已补齐材料', '抓紧推进', '加强调度', '进度偏慢', '已完成全年目标', '完成项目选址', '数据汇总延误', '整改需跨年度实施', '项目用地指标不足', '跨部门审批周期长'];

export async function actorsOf(db: AppDatabase, f: Fixture): Promise<Actors> {
  const named = async (role: Actor['role'], unit: string | null, who: ActorName, username: string, displayName: string): Promise<Actor> => ({
    ...(await actorFor(db, role, unit, f.userIds[who])),
    username,
    displayName,
  });
  return {
    reporterA: await named('reporter', UNIT_A, 'reporterA', 'fgj', '发改局填报员'),
    reporterB: await named('reporter', UNIT_B, 'reporterB', 'kjj', '科技局填报员'),
    headA: await named('unit_head', UNIT_A, 'headA', 'fgj_head', '发改局负责人'),
    supervisor: await named('supervisor', '区政府督查室', 'supervisor', 'duchashi', '督查室'),
    leader: await named('leader', null, 'leader', 'lingdao', '区领导'),
    admin: await named('admin', null, 'admin', 'admin', '管理员'),
    securityAdmin: await named('security_admin', null, 'securityAdmin', 'anquan', '安全管理员'),
    auditAdmin: await named('audit_admin', null, 'auditAdmin', 'shenji', '审计管理员'),
    city: { ...(await named('city_supervisor', null, 'city', 'shi', '市督查员')), districtId: FIRST_DISTRICT_ID },
  };
}

function must<T extends object>(result: Result<T>, what: string): { ok: true } & T {
  if (!result.ok) throw new Error(`fixture: ${what}: ${result.error}`);
  return result;
}

/** Builds the base database once (in beforeAll); `dispose` removes it. */
export async function buildBase(): Promise<Base & { dispose: () => Promise<void> }> {
  const env = await createSeededDb();
  const db = env.db;
  const store = new FileStore(path.join(env.dir, 'files'));
  const userId = async (username: string) => (await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1))[0]!.id;
  const taskId = async (no: number) => (await db.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.no, no), eq(tasks.planId, 1))).limit(1))[0]!.id;
  const periodId = async (month: string) => (await db.select({ id: reportingPeriods.id }).from(reportingPeriods).where(and(eq(reportingPeriods.month, month), eq(reportingPeriods.planId, 1))).limit(1))[0]!.id;
  const unitId = async (name: string) => (await db.select({ id: units.id }).from(units).where(eq(units.name, name)).limit(1))[0]!.id;
  // The city office's account, viewing this district.
  await db.insert(users).values({ username: 'shi', displayName: '市督查员', passwordHash: '!', role: 'city_supervisor', districtId: null, viewDistrictId: FIRST_DISTRICT_ID });

  const f = {
    userIds: {
      reporterA: await userId('fgj'),
      reporterB: await userId('kjj'),
      headA: await userId('fgj_head'),
      supervisor: await userId('duchashi'),
      leader: await userId('lingdao'),
      admin: await userId('admin'),
      securityAdmin: await userId('anquan'),
      auditAdmin: await userId('shenji'),
      city: await userId('shi'),
    },
    unitA: await unitId(UNIT_A),
    unitB: await unitId(UNIT_B),
    task1: await taskId(1),
    task4: await taskId(4),
    task15: await taskId(15),
    task40: await taskId(40),
    planId: 1,
    oct: await periodId('2023-10'),
    nov: await periodId('2023-11'),
  } as Fixture;
  const actors = await actorsOf(db, f);
  const ctx = (who: ActorName): ServiceContext => contextFor(db, actors[who], NOW);

  // Tasks of the key-task list where A takes part and B has no role.
  const joins = await db
    .select({ id: taskUnits.taskId })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .where(
      and(
        eq(tasks.planId, 1),
        eq(taskUnits.unitId, f.unitA),
        eq(taskUnits.role, 'participating'),
        sql`not exists (select 1 from ${taskUnits} b where b.task_id = ${taskUnits.taskId} and b.unit_id = ${f.unitB})`,
      ),
    )
    .orderBy(asc(tasks.no))
    .limit(2);
  if (joins.length < 2) throw new Error('fixture: A takes part in fewer than two tasks without B');
  f.taskAJoins = joins[0]!.id;
  f.taskAJoins2 = joins[1]!.id;

  // Reports and parts of unit A, as A's reporter makes them (parsed like the form's action does).
  const report = (over: Record<string, unknown>) =>
    saveReportSchema.parse({ periodId: f.nov, version: 0, progress: 'A 的进展', percentDone: 80, problems: '', nextSteps: '', indicatorValues: [], ...over });
  const part = (over: Record<string, unknown>) => saveContributionSchema.parse({ periodId: f.nov, version: 0, content: 'A 的协办情况', ...over });

  const draft1 = must(await saveReport(ctx('reporterA'), report({ taskId: f.task1, intent: 'save' })), 'draft report on task 1');
  const up1 = must(await addAttachment(ctx('reporterA'), store, { ownerType: 'report', taskId: f.task1, periodId: f.nov }, { name: 'A的报告附件.pdf', bytes: PDF }, { maxBytes: 1e7 }), 'attachment on the report');
  f.attachmentOnSubmitted = up1.attachment.id;
  const sent1 = must(await saveReport(ctx('reporterA'), report({ taskId: f.task1, version: draft1.version, intent: 'submit' })), 'submit the report on task 1');
  f.reportA = { id: sent1.id, version: sent1.version };

  const draft4 = must(await saveReport(ctx('reporterA'), report({ taskId: f.task4, intent: 'save' })), 'draft report on task 4');
  f.draftReportA = { id: draft4.id, version: draft4.version };

  const draftPart = must(await saveContribution(ctx('reporterA'), part({ taskId: f.taskAJoins, intent: 'save' })), 'draft part');
  f.draftPartA = { id: draftPart.id, version: draftPart.version };
  const upPart = must(
    await addAttachment(ctx('reporterA'), store, { ownerType: 'contribution', taskId: f.taskAJoins, periodId: f.nov }, { name: 'A的材料.pdf', bytes: new Uint8Array(Buffer.from('%PDF-1.4\n% part\n%%EOF\n')) }, { maxBytes: 1e7 }),
    'attachment on the draft part',
  );
  f.attachmentOnDraft = upPart.attachment.id;

  const sentPart = must(await saveContribution(ctx('reporterA'), part({ taskId: f.taskAJoins2, intent: 'submit' })), 'part sent to the lead unit');
  f.submittedPartA = { id: sentPart.id, version: sentPart.version };

  // Two 督办单 to A: one waiting for A's answer, one answered and waiting for the office.
  const notice = (problem: string) =>
    issueNoticeSchema(TODAY).parse({ taskId: f.task1, level: 'yellow', unitIds: [f.unitA], problem, requirement: '限期整改', dueDate: '2023-11-30', triggerRule: '', triggerReason: '' });
  const targetOf = async (noticeId: number) => (await db.select({ id: noticeTargets.id }).from(noticeTargets).where(eq(noticeTargets.noticeId, noticeId)).limit(1))[0]!.id;
  const pending = must(await issueNotice(ctx('supervisor'), notice('进度滞后')), 'notice waiting for A');
  f.pendingNotice = { noticeId: pending.id, targetId: await targetOf(pending.id) };
  const answered = must(await issueNotice(ctx('supervisor'), notice('材料不全')), 'notice A answers');
  f.answeredNotice = { noticeId: answered.id, targetId: await targetOf(answered.id) };
  must(await respondToNotice(ctx('reporterA'), { targetId: f.answeredNotice.targetId, response: '已补齐材料' }), 'A answers the notice');

  // 领导批示 on tasks 1 and 4; A acknowledges the one on task 4.
  const receiptOfA = async (instructionId: number) =>
    (
      await db
        .select({ id: instructionReceipts.id })
        .from(instructionReceipts)
        .where(and(eq(instructionReceipts.instructionId, instructionId), eq(instructionReceipts.unitId, f.unitA)))
        .limit(1)
    )[0]!.id;
  const on1 = must(await createInstruction(ctx('leader'), { taskId: f.task1, content: '抓紧推进' }), 'instruction on task 1');
  f.receiptA = await receiptOfA(on1.id);
  const on4 = must(await createInstruction(ctx('leader'), { taskId: f.task4, content: '加强调度' }), 'instruction on task 4');
  f.acknowledgedReceiptA = await receiptOfA(on4.id);
  must(await acknowledgeInstruction(ctx('reporterA'), f.acknowledgedReceiptA), 'A acknowledges the instruction on task 4');

  must(await raiseFlag(ctx('supervisor'), { taskId: f.task1, level: 'yellow', reason: '进度偏慢' }), 'flag on task 1');
  f.flagId = (await db.select({ id: taskFlags.id }).from(taskFlags).orderBy(asc(taskFlags.id)).limit(1))[0]!.id;
  f.indicatorId = (await db.select({ id: indicators.id }).from(indicators).orderBy(asc(indicators.id)).limit(1))[0]!.id;

  // A work report imported as a draft (分解中).
  const workReport = fs.readFileSync(path.resolve('db/seed-data/hedong-2023-government-work-report.txt'), 'utf8');
  f.draftPlan = (await importNoticeText(db, FIRST_DISTRICT_ID, workReport, { kind: 'work_report' })).summary.planId!;
  f.draftTask = (await db.select({ id: tasks.id }).from(tasks).where(eq(tasks.planId, f.draftPlan)).orderBy(asc(tasks.no)).limit(1))[0]!.id;
  f.draftCadence = (await db.select({ cadence: plans.cadence }).from(plans).where(eq(plans.id, f.draftPlan)).limit(1))[0]!.cadence;

  f.notificationOfA = (await db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, f.userIds.reporterA)).orderBy(asc(notifications.id)).limit(1))[0]!.id;

  // Units without a lead task in an active list and without accounts.
  const idle = await db
    .select({ id: units.id })
    .from(units)
    .where(
      and(
        eq(units.active, true),
        sql`not exists (select 1 from ${taskUnits} where ${taskUnits.unitId} = ${units.id} and ${taskUnits.role} = 'lead')`,
        sql`not exists (select 1 from ${users} where ${users.unitId} = ${units.id})`,
      ),
    )
    .orderBy(asc(units.id))
    .limit(3);
  if (idle.length < 3) throw new Error('fixture: not enough idle units');
  f.idleUnit = idle[0]!.id;
  f.mergeSource = idle[1]!.id;
  f.mergeTarget = idle[2]!.id;

  await db.update(taskUnits).set({ assignedOn: TODAY, signedAt: null, signedBy: null }).where(and(eq(taskUnits.taskId, f.taskAJoins), eq(taskUnits.unitId, f.unitA)));
  const aLeadsAlone = await db
    .select({ id: taskUnits.taskId })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .where(
      and(
        eq(tasks.planId, 1),
        eq(taskUnits.unitId, f.unitA),
        eq(taskUnits.role, 'lead'),
        sql`${tasks.no} not in (1, 4, 36)`,
        sql`not exists (select 1 from ${taskUnits} b where b.task_id = ${taskUnits.taskId} and b.unit_id = ${f.unitB})`,
      ),
    )
    .orderBy(desc(tasks.no))
    .limit(3);
  if (aLeadsAlone.length < 3) throw new Error('fixture: A leads fewer than three tasks without B');
  [f.closureTaskA, f.pendingClosureTaskA, f.closedTaskA] = aLeadsAlone.map((t) => t.id) as [number, number, number];
  f.closureRequestA = must(await requestClosure(ctx('reporterA'), { taskId: f.pendingClosureTaskA, summary: '已完成全年目标' }), 'A applies to close a task').id;
  const closing = must(await requestClosure(ctx('reporterA'), { taskId: f.closedTaskA, summary: '已完成' }), 'A applies to close another task');
  must(await decideClosureRequest(ctx('supervisor'), { requestId: closing.id, decision: 'approve', comment: '' }), 'the office closes it');
  {
    // milestone: plans of A filed, submitted and decided through the services, as the unit and the office would.
    const row = (dueOn: string, deliverable: string) => ({ id: null, dueOn, deliverable, indicatorId: null, indicatorValue: null });
    const filed = must(
      await savePlan(ctx('reporterA'), savePlanSchema.parse({ taskId: f.task4, version: 0, intent: 'submit', milestones: [row('2023-11-10', '完成项目选址'), row('2023-11-15', '完成方案编制'), row('2023-12-20', '项目开工')] })),
      'milestone plan on task 4',
    );
    const approved = must(await reviewPlan(ctx('supervisor'), { planId: filed.id, version: filed.version, decision: 'approve', comment: '' }), 'approve the plan on task 4');
    f.milestonePlanA = { id: filed.id, version: approved.version };
    const ms = (await getTaskMilestones(ctx('reporterA'), f.task4)).milestones;
    f.milestoneOpenA = ms.find((m) => m.deliverable === '完成项目选址')!.id;
    f.milestoneDoneA = ms.find((m) => m.deliverable === '完成方案编制')!.id;
    must(await tickMilestone(ctx('reporterA'), { milestoneId: f.milestoneDoneA, doneOn: '2023-11-20', evidence: '方案已印发' }), 'tick a milestone off');
    const waiting = must(await savePlan(ctx('reporterA'), savePlanSchema.parse({ taskId: f.task1, version: 0, intent: 'submit', milestones: [row('2023-12-15', '完成年度目标')] })), 'milestone plan on task 1');
    f.milestoneSubmittedA = { id: waiting.id, version: waiting.version };
    f.milestoneFreeTaskA = await taskId(36);
  }
  {
    // extension: A's requests made and decided through the services, as the unit and the office would.
    const { decideExtension, requestExtension } = await import('@/lib/extensions/extension-service');
    const pending = must(
      await requestExtension(ctx('reporterA'), { subject: 'report', taskId: f.task4, periodId: f.nov, toDate: '2023-11-30', reason: '数据汇总延误，申请延期报送' }),
      'A asks to move its November report deadline of task 4',
    );
    f.extensionPendingA = pending.id;
    const long = must(
      await requestExtension(ctx('reporterA'), { subject: 'notice', taskId: f.task1, noticeId: f.pendingNotice.noticeId, toDate: '2024-01-15', reason: '整改需跨年度实施' }),
      'A asks to move the due date of the 督办单 by 46 days',
    );
    f.extensionLongA = long.id;
    must(await decideExtension(ctx('supervisor'), { requestId: long.id, decision: 'approve', comment: '同意，报领导审批' }), 'the office agrees to the long extension');
  }
  {
    const { answerProblem, closeProblem, raiseProblem } = await import('@/lib/problems/problem-service');
    const raise = async (addressedTo: 'office' | 'leader', content: string, reportId: number | null = null) =>
      must(await raiseProblem(ctx('reporterA'), { taskId: f.task1, reportId, addressedTo, content }), `A raises「${content}」`).id;
    const toOffice = await raise('office', '项目用地指标不足', f.reportA.id);
    const toLeader = await raise('leader', '跨部门审批周期长');
    const answered = await raise('office', '配套资金未到位');
    must(await answerProblem(ctx('supervisor'), { problemId: answered, answer: '已协调区财政局' }), 'the office answers A');
    const closed = await raise('office', '数据口径不一致');
    must(await closeProblem(ctx('reporterA'), { problemId: closed }), 'A closes its problem');
    f.problems = { toOffice, toLeader, answered, closed };
  }

  {
    // 安全管理: an account locked out (wrong passwords), enrolled in TOTP, logged in once.
    const { loginThrottle } = await import('@/db/schema');
    const { startSession } = await import('@/lib/auth/user-sessions');
    f.securityTarget = { userId: await userId('gxj'), username: 'gxj' };
    await db.insert(loginThrottle).values({ usernameKey: 'gxj', failedCount: 5, lockedUntil: new Date(NOW.getTime() + 15 * 60_000), lastFailedAt: new Date(NOW.getTime() - 60_000) });
    await db.update(users).set({ totpSecret: 'sealed-test-secret', totpEnabledAt: NOW }).where(eq(users.id, f.securityTarget.userId));
    await startSession(db, { userId: f.securityTarget.userId, method: 'password', ip: '10.0.0.8', userAgent: null, now: NOW });
  }

  const second = await addSecondDistrict(db);
  const otherDistrict: OtherDistrict = {
    districtId: second.districtId,
    actors: {
      reporterA: await second.actor('reporter', UNIT_A),
      headA: await second.actor('unit_head', UNIT_A),
      supervisor: await second.actor('supervisor', '区政府督查室'),
      leader: await second.actor('leader'),
      admin: await second.actor('admin'),
    },
    ids: [],
  };
  {
    const unitIdIn = async (name: string) =>
      (await db.select({ id: units.id }).from(units).where(and(eq(units.districtId, second.districtId), eq(units.name, name))).limit(1))[0]!.id;
    otherDistrict.ids = [
      second.districtId,
      second.planId,
      ...[1, 4, 15, 40].map((no) => second.taskId(no)),
      second.periodId('2023-10'),
      second.periodId('2023-11'),
      await unitIdIn(UNIT_A),
      await unitIdIn(UNIT_B),
      ...Object.values(otherDistrict.actors).map((a) => a.userId),
    ];
  }

  // No connection may stay open: on PostgreSQL the copies are made with this database as their template.
  await endDatabase(db);
  const pgDatabase = ENGINE === 'postgres' ? databaseNameOf(env.file) : null;
  return {
    dir: env.dir,
    pgDatabase,
    fixture: f,
    actors,
    otherDistrict,
    dispose: async () => {
      if (pgDatabase) await dropPgTestDatabase(pgDatabase);
      fs.rmSync(env.dir, { recursive: true, force: true });
    },
  };
}

export type Cell = { db: AppDatabase; store: FileStore; dir: string };

/** A fresh copy of the base database and its files, open until `close` (which removes it). */
export async function openCopy(base: Pick<Base, 'dir' | 'pgDatabase'>, prefix = 'keytasks-matrix-'): Promise<Cell & { close: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(base.dir, dir, { recursive: true });
  const store = new FileStore(path.join(dir, 'files'));
  if (base.pgDatabase) {
    const copy = await createPgTestDatabase(base.pgDatabase);
    return {
      db: copy.db,
      store,
      dir,
      close: async () => {
        await copy.drop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const db = openDatabase(path.join(dir, 'app.db'));
  return {
    db,
    store,
    dir,
    close: async () => {
      closeDatabase(db);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` on a fresh copy of the base database and its files, then closes and removes the copy. */
export async function inCell<T>(base: Pick<Base, 'dir' | 'pgDatabase'>, fn: (cell: Cell) => Promise<T>): Promise<T> {
  const { close, ...cell } = await openCopy(base);
  try {
    return await fn(cell);
  } finally {
    await close();
  }
}

/**
 * A table of the schema: its name, the table of the engine the process runs on (db/schema.ts),
 * its columns (SQL name → the active table's column) and its primary key's columns in key order.
 * Read off the SQLite definitions (db/schema-sqlite.ts, the source of both engines' schemas).
 */
export type SchemaTable = { name: string; table: SQLiteTable; columns: Map<string, SQLiteColumn>; key: string[] };

let schemaTables: SchemaTable[] | undefined;

export function schemaTablesOf(): SchemaTable[] {
  const active = activeSchema as unknown as Record<string, SQLiteTable>;
  schemaTables ??= Object.entries(sqliteSchema as Record<string, unknown>)
    .filter((entry): entry is [string, SQLiteTable] => is(entry[1], SQLiteTable))
    .map(([exportName, definition]) => {
      const config = getTableConfig(definition);
      const table = active[exportName]!;
      const byKey = getTableColumns(table) as Record<string, SQLiteColumn>;
      const columns = new Map(Object.entries(getTableColumns(definition)).map(([key, col]) => [col.name, byKey[key]!]));
      const primary = config.primaryKeys[0]?.columns.map((c) => c.name) ?? config.columns.filter((c) => c.primary).map((c) => c.name);
      // A table without a primary key (none so far) is ordered by all its columns.
      return { name: getTableName(definition), table, columns, key: primary.length ? primary : [...columns.keys()] };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return schemaTables;
}

/** `order by` the table's primary key (the same order on every engine, where rowid was SQLite's). */
export function orderByKey(t: SchemaTable): string {
  return `order by ${t.key.map((c) => `"${c}"`).join(', ')}`;
}

function schemaTable(name: string): SchemaTable {
  const t = schemaTablesOf().find((s) => s.name === name);
  if (!t) throw new Error(`fixture: no table ${name} in the schema`);
  return t;
}

/** Tables whose rows a refused call must leave exactly as they were. */
const WATCHED = [
  'reports',
  'report_indicator_values',
  'contributions',
  'attachments',
  'supervision_notices',
  'notice_targets',
  'notice_notes',
  'instructions',
  'instruction_receipts',
  'task_flags',
  'indicators',
  'assessment_explanations',
  'assessment_locks',
  'reporting_periods',
  'plans',
  'tasks',
  'task_units',
  'units',
  'unit_aliases',
  'unit_groups',
  'users',
  'settings',
  'districts',
  'district_settings',
  'milestone_plans',
  'milestones',
  'extension_requests',
  'closure_requests',
  'problems',
  'month_sign_offs',
  'login_throttle',
  'user_sessions',
] as const;

/** A digest per watched table of everything in it, to compare before and after a call. */
export async function digest(db: AppDatabase): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of WATCHED) {
    const rows = await queryRows(db, sql.raw(`select * from "${table}" ${orderByKey(schemaTable(table))}`));
    out[table] = createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
  }
  return out;
}

/** Unit A's own rows (its reports, parts, files, answers and receipts), for the cross-unit checks. */
export async function rowsOfUnit(db: AppDatabase, unitId: number): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of ['reports', 'contributions', 'attachments', 'notice_targets', 'instruction_receipts', 'assessment_explanations', 'month_sign_offs']) {
    out[table] = await queryRows(db, sql`select * from ${sql.identifier(table)} where unit_id = ${unitId} order by id`);
  }
  return out;
}

/** Every watched row by table and primary key, as JSON: what the other district's calls are checked against. */
export type Snapshot = Map<string, Map<string, string>>;

export async function snapshot(db: AppDatabase): Promise<Snapshot> {
  const out: Snapshot = new Map();
  // The messages too: a call of one district must not reach the other's accounts.
  for (const table of [...WATCHED, 'notifications']) {
    const t = schemaTable(table);
    const rows = await queryRows<Record<string, unknown>>(db, sql.raw(`select * from "${table}" ${orderByKey(t)}`));
    out.set(table, new Map(rows.map((r) => [t.key.map((k) => String(r[k])).join('|'), JSON.stringify(r)])));
  }
  return out;
}

/** The first district's ids a new row may not name (its tasks, units, lists, periods, accounts). */
export type DistrictIds = { districtId: number; tasks: Set<number>; units: Set<number>; plans: Set<number>; periods: Set<number>; users: Set<number> };

export async function idsOfDistrict(db: AppDatabase, districtId: number): Promise<DistrictIds> {
  const ids = async (q: ReturnType<typeof sql>) => new Set((await queryRows<{ id: number }>(db, q)).map((r) => Number(r.id)));
  return {
    districtId,
    tasks: await ids(sql`select id from tasks where district_id = ${districtId}`),
    units: await ids(sql`select id from units where district_id = ${districtId}`),
    plans: await ids(sql`select id from plans where district_id = ${districtId}`),
    periods: await ids(sql`select p.id from reporting_periods p join plans l on l.id = p.plan_id where l.district_id = ${districtId}`),
    users: await ids(sql`select id from users where district_id = ${districtId}`),
  };
}

/**
 * Whether a row belongs to the first district: its own district_id; a unit, task, list, period or
 * account of it by id; or a column naming one of those. Accounts of no district (the deployment's
 * administrators and the city office) count as the first district's too: no district's call may touch them.
 */
function ofFirstDistrict(table: string, row: Record<string, unknown>, first: DistrictIds): boolean {
  if (row.district_id !== undefined) return row.district_id === null ? table === 'users' : Number(row.district_id) === first.districtId;
  const own: Record<string, Set<number>> = { units: first.units, tasks: first.tasks, plans: first.plans, reporting_periods: first.periods, users: first.users };
  if (own[table]?.has(Number(row.id))) return true;
  const names: [string, Set<number>][] = [
    ['task_id', first.tasks],
    ['unit_id', first.units],
    ['plan_id', first.plans],
    ['period_id', first.periods],
    ['user_id', first.users],
  ];
  return names.some(([column, set]) => row[column] !== undefined && row[column] !== null && set.has(Number(row[column])));
}

/**
 * What a call did to the first district's data: its rows changed or removed, and new rows in it or
 * naming one of its units, tasks, lists, periods or accounts. Rows of the caller's own district may change.
 */
export function touchedRows(before: Snapshot, after: Snapshot, first: DistrictIds): string[] {
  const out: string[] = [];
  for (const [table, rows] of after) {
    const old = before.get(table) ?? new Map<string, string>();
    for (const [key, json] of old) {
      const now = rows.get(key);
      if (now === json) continue;
      const touched = ofFirstDistrict(table, JSON.parse(json) as Record<string, unknown>, first) || (now !== undefined && ofFirstDistrict(table, JSON.parse(now) as Record<string, unknown>, first));
      if (touched) out.push(`${table} ${key} ${now === undefined ? 'removed' : 'changed'}`);
    }
    for (const [key, json] of rows) {
      if (!old.has(key) && ofFirstDistrict(table, JSON.parse(json) as Record<string, unknown>, first)) out.push(`${table} ${key} added in the first district`);
    }
  }
  return out;
}
