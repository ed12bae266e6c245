/**
 * The security checklist's permission table. Every server action of the app (every export of
 * every action module, found on disk) runs through its pipeline — parse, permission, service,
 * error mapping — as a browser would call it minus the cookie (`traceActionAs`), for each kind of
 * actor: a reporter of unit A, a reporter of unit B, a unit head of A, a supervisor, a leader, an
 * admin; unit-scoped rows name unit A's records, so B's cell is the IDOR check. The services behind
 * pages and route handlers (which are not actions) are called as the page or route calls them.
 *
 * Every cell runs on its own copy of one fixture database (permission-matrix.fixture.ts): no cell
 * depends on what another did. A cell that is refused must leave the data exactly as it was.
 *
 * Anonymous callers never reach a service: actions authenticate in the pipeline before anything
 * else (checked below: every export of an action module is a pipeline action, except the login
 * form's public actions), route handlers through the `route()` preamble (checked below), and
 * e2e/security.spec.ts probes both over HTTP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import { isRedirectError } from 'next/dist/client/components/redirect-error';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as appActions from '@/app/(app)/actions';
import * as calendarActions from '@/app/(app)/admin/calendar/actions';
import * as settingsActions from '@/app/(app)/admin/settings/actions';
import * as unitGroupActions from '@/app/(app)/admin/unit-groups/actions';
import * as unitActions from '@/app/(app)/admin/units/actions';
import * as userActions from '@/app/(app)/admin/users/actions';
import * as assessmentActions from '@/app/(app)/assessment/actions';
import * as attachmentActions from '@/app/(app)/attachment-actions';
import * as indicatorActions from '@/app/(app)/indicators/actions';
import * as listActions from '@/app/(app)/lists/actions';
import * as reportActions from '@/app/(app)/my/tasks/[id]/actions';
import * as noticeActions from '@/app/(app)/notices/actions';
import * as notificationActions from '@/app/(app)/notifications/actions';
import * as reviewActions from '@/app/(app)/review/actions';
import * as taskActions from '@/app/(app)/tasks/[id]/actions';
import * as passwordActions from '@/app/change-password/actions';
import * as securityActions from '@/app/(app)/security/actions';
import * as milestoneActions from '@/app/(app)/my/milestones/actions';
import * as extensionActions from '@/app/(app)/extension-actions';
import { listExtensionQueue, listNoticeExtensions, listTaskExtensions } from '@/lib/extensions/extension-service';
import { getTaskMilestones, listSubmittedPlans, milestonesForReport, unitMilestones } from '@/lib/milestones/milestone-service';
import * as problemActions from '@/app/(app)/problems/actions';
import * as monthActions from '@/app/(app)/my/month/actions';
import { getMonthSheet } from '@/lib/reporting/month-sheet';
import { listProblems, problemsForTask } from '@/lib/problems/problem-service';
import * as loginActions from '@/app/login/actions';
import * as accountSecurityActions from '@/app/(app)/account/security-actions';
import * as signActions from '@/app/(app)/my/sign-actions';
import * as closureActions from '@/app/(app)/tasks/[id]/closure-actions';
import * as cityActions from '@/app/(app)/city/actions';
import { userIdentities } from '@/db/schema';
import { transaction } from '@/lib/db';
import { assessmentExplanations, attachments, auditLog, contributions, loginThrottle, monthSignOffs, notifications, reports, settings, tasks, taskUnits, units, users, userSessions } from '@/db/schema';
import { isPipelineAction, runActionAs, traceActionAs, type ActionOutcome } from '@/lib/actions/action-client';
import { generateSync } from 'otplib';
import { totpStatus } from '@/lib/auth/totp-service';
import { ADMIN_ROLES } from '@/lib/auth/roles';
import { importPlanFromConsole, listPlans, previewHashOf, previewPlanImport } from '@/lib/admin/plan-admin-service';
import { planImportSchema, planPreviewSchema } from '@/lib/admin/schemas';
import { listUsers } from '@/lib/admin/user-admin-service';
import { listLockedAccounts, searchUsersForSecurity } from '@/lib/admin/security-admin-service';
import { auditActionOptions, auditFilterSchema, auditUnitOptions, exportAuditLog, searchAuditLog } from '@/lib/audit/audit-query';
import { getPeriodRanking, getUnitBreakdown } from '@/lib/assessment/ranking';
import { addAttachment, findReadableAttachment } from '@/lib/attachments/attachment-service';
import type { FileStore } from '@/lib/attachments/file-store';
import { today as clockToday } from '@/lib/clock';
import type { ServiceContext } from '@/lib/context';
import { ConflictError, ForbiddenError, NotFoundError, RefusalError } from '@/lib/errors';
import { resolveBulletinMonth, getBulletin } from '@/lib/exports/bulletin';
import { exportBulletinDocx, exportLedger } from '@/lib/exports/export-service';
import { getLedgerExport } from '@/lib/exports/ledger-export';
import { getLedger, ledgerFilterSchema } from '@/lib/ledger/ledger-service';
import { loadTaskPage } from '@/lib/ledger/task-page';
import { listIndicatorsForReview } from '@/lib/indicators/indicator-service';
import { getNotice, listNotices } from '@/lib/notices/notice-views';
import { getDashboard } from '@/lib/oversight/dashboard-service';
import { listOverdue, overdueFilterSchema } from '@/lib/oversight/overdue-service';
import { planScope, setListFilter } from '@/lib/plans/plan-scope';
import { getDecomposition } from '@/lib/plans/plan-service';
import { getReportEditor } from '@/lib/reporting/report-editor';
import { getWorkbench } from '@/lib/reporting/workbench';
import { listPendingClosures } from '@/lib/lifecycle/closure-service';
import { compareDistricts } from '@/lib/districts/city-service';
import type { Result } from '@/lib/result';
import { getReviewDetail, listReviewQueue } from '@/lib/review/review-service';
import { reviewQueueFilterSchema } from '@/lib/review/schemas';
import { DEMO_PASSWORD } from '@/lib/seed/demo-accounts';
import { contextFor } from '@/lib/testing/temp-db';
import { listUnitGroups } from '@/lib/units/unit-group-service';
import { resolveUnitFilter, unitFilterField } from '@/lib/units/unit-service';
import {
  ACTORS,
  buildBase,
  CITY_EXTRA,
  digest,
  FIRST_DISTRICT_CANARIES,
  idsOfDistrict,
  inCell,
  NOW,
  OTHER_DISTRICT_ACTORS,
  PDF,
  rowsOfUnit,
  snapshot,
  THREE_ADMINS_EXTRA,
  touchedRows,
  type ActorName,
  type Actors,
  type Base,
  type Cell,
  type Fixture,
} from './permission-matrix.fixture';

// The attachment actions use the server's file store (DATA_DIR/files): here, the cell's copy.
const cellStore = vi.hoisted(() => ({ current: undefined as FileStore | undefined }));
vi.mock('@/lib/attachments/file-store-instance', () => ({
  fileStore: () => {
    if (!cellStore.current) throw new Error('no cell is running');
    return cellStore.current;
  },
  maxUploadBytes: () => 20 * 1024 * 1024,
}));
// Logout and the password change end the sessions in the database (what is under test), then
// clear the browser's cookie with next-auth's signOut, which needs a request: here it only does
// what it does last, Next's redirect (or nothing with `redirect: false`).
vi.mock('@/lib/auth/next-auth', async (importOriginal) => {
  const { redirect } = await import('next/navigation');
  return {
    ...(await importOriginal<typeof import('@/lib/auth/next-auth')>()),
    signOut: async (options?: { redirectTo?: string; redirect?: boolean }) => {
      if (options?.redirect === false) return undefined;
      redirect(options?.redirectTo ?? '/');
    },
  };
});

/** Every action module of the app, by its path (checked against the files on disk below). */
const ACTION_MODULES: Record<string, Record<string, unknown>> = {
  'app/(app)/actions.ts': appActions,
  'app/(app)/admin/calendar/actions.ts': calendarActions,
  'app/(app)/admin/settings/actions.ts': settingsActions,
  'app/(app)/admin/unit-groups/actions.ts': unitGroupActions,
  'app/(app)/admin/units/actions.ts': unitActions,
  'app/(app)/admin/users/actions.ts': userActions,
  'app/(app)/assessment/actions.ts': assessmentActions,
  'app/(app)/attachment-actions.ts': attachmentActions,
  'app/(app)/indicators/actions.ts': indicatorActions,
  'app/(app)/lists/actions.ts': listActions,
  'app/(app)/my/tasks/[id]/actions.ts': reportActions,
  'app/(app)/notices/actions.ts': noticeActions,
  'app/(app)/notifications/actions.ts': notificationActions,
  'app/(app)/review/actions.ts': reviewActions,
  'app/(app)/tasks/[id]/actions.ts': taskActions,
  'app/change-password/actions.ts': passwordActions,
  'app/login/actions.ts': loginActions,
  'app/(app)/my/sign-actions.ts': signActions,
  'app/(app)/tasks/[id]/closure-actions.ts': closureActions,
  'app/(app)/my/milestones/actions.ts': milestoneActions,
  'app/(app)/extension-actions.ts': extensionActions,
  'app/(app)/problems/actions.ts': problemActions,
  'app/(app)/my/month/actions.ts': monthActions,
  'app/(app)/security/actions.ts': securityActions,
  'app/(app)/account/security-actions.ts': accountSecurityActions,
  'app/(app)/city/actions.ts': cityActions,
};

/**
 * The one door open to anonymous callers: the login form (`publicAction`, no session to check; its
 * refusals and throttling are tested in lib/auth, its HTTP behaviour in e2e/auth.spec.ts), and the
 * start of a 统一身份认证 (OIDC) login beside it.
 */
const PUBLIC_ACTIONS = new Set(['app/login/actions.ts#loginAction', 'app/login/actions.ts#loginFormAction', 'app/login/actions.ts#oidcLoginAction']);

/** `file#export` of every pipeline action, by the function. */
const pipelineActions = new Map<unknown, string>();
for (const [file, mod] of Object.entries(ACTION_MODULES)) {
  for (const [name, value] of Object.entries(mod)) if (isPipelineAction(value)) pipelineActions.set(value, `${file}#${name}`);
}

// ---------------------------------------------------------------------------------------------
// Outcomes

type Outcome = Exclude<ActionOutcome, 'fault'>;
/** Every row has a cell for each of ACTORS; the security and audit administrators only in their own rows. */
type Expected = Record<(typeof ACTORS)[number], Outcome> & Partial<Record<(typeof THREE_ADMINS_EXTRA)[number] | (typeof CITY_EXTRA)[number], Outcome>>;
/** The actors with a cell in a row: every one of ACTORS, the others where the row names them. */
const EXTRA_ACTORS = [...THREE_ADMINS_EXTRA, ...CITY_EXTRA] as const;
const cellActors = (row: { expected: Expected }): ActorName[] => [...ACTORS, ...EXTRA_ACTORS.filter((a) => row.expected[a] !== undefined)];
type AnyAction = (input: never) => Promise<Result<object>>;

/**
 * An action's outcome as the pipeline traces it. Actions that end in Next's redirect (logout, the
 * list switch, the password change) throw it from `run`: that is their success. An edit conflict
 * comes back as a refusal carrying the other editor's version (`conflict`): counted as 'conflict'.
 */
async function actionOutcome(action: AnyAction, ctx: ServiceContext, input: unknown): Promise<{ outcome: ActionOutcome; result?: Result<object> }> {
  try {
    const { outcome, result } = await traceActionAs(action, ctx, input);
    if (outcome === 'refused' && !result.ok && result.conflict !== undefined) return { outcome: 'conflict', result };
    return { outcome, result };
  } catch (err) {
    if (isRedirectError(err)) return { outcome: 'ok' };
    throw err;
  }
}

/** A service's outcome: thrown refusals by kind, a returned `{ ok: false }` is a rule's refusal, null is "not found". */
async function serviceOutcome(call: () => Promise<unknown>): Promise<{ outcome: ActionOutcome; result?: unknown }> {
  try {
    const result = await call();
    if (result === null || result === undefined) return { outcome: 'notFound', result };
    if (typeof result === 'object' && 'ok' in result && result.ok === false) {
      return { outcome: 'conflict' in result && result.conflict !== undefined ? 'conflict' : 'refused', result };
    }
    return { outcome: 'ok', result };
  } catch (err) {
    if (err instanceof ForbiddenError) return { outcome: 'forbidden' };
    if (err instanceof NotFoundError) return { outcome: 'notFound' };
    if (err instanceof ConflictError) return { outcome: 'conflict' };
    if (err instanceof RefusalError) return { outcome: 'refused' };
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Rows

type Env = { cell: Cell; f: Fixture; who: ActorName; actors: Actors };
type RowOptions = {
  /** The request's instant (default NOW). */
  at?: Date;
  /** A rule's refusal shown beside the row where the same call succeeds (exempt from "some cell is ok"). */
  refusal?: true;
  /** Unit A's record is named: B's cell must be 'forbidden' or 'notFound' (B learns nothing about A's record). */
  crossUnit?: true;
  /** Checked in the cell after the call (what it wrote, or did not). */
  after?: (env: Env, result: unknown) => Promise<void>;
};
type Row = RowOptions & { name: string; expected: Expected } & (
    | { kind: 'action'; action: AnyAction; input: (f: Fixture, who: ActorName) => unknown }
    | { kind: 'service'; services: readonly unknown[]; call: (ctx: ServiceContext, env: Env) => Promise<unknown> }
  );

/** `ok` for the actors named, `otherwise` for the rest, then the exceptions. */
function cells(allowed: readonly ActorName[] | 'all', otherwise: Outcome = 'forbidden', exceptions: Partial<Expected> = {}): Expected {
  const base = Object.fromEntries(ACTORS.map((a) => [a, allowed === 'all' || allowed.includes(a) ? 'ok' : otherwise])) as Expected;
  for (const a of THREE_ADMINS_EXTRA) if (allowed !== 'all' && allowed.includes(a)) base[a] = 'ok';
  return { ...base, ...exceptions };
}
const UNIT_A_STAFF = ['reporterA', 'headA'] as const;
const OFFICE = ['supervisor', 'admin'] as const;
const OVERSIGHT = ['supervisor', 'leader', 'admin'] as const;

function act(name: string, action: AnyAction, expected: Expected, input: (f: Fixture, who: ActorName) => unknown, options: RowOptions = {}): Row {
  return { kind: 'action', name, action, expected, input, ...options };
}
function svc(name: string, services: readonly unknown[], expected: Expected, call: (ctx: ServiceContext, env: Env) => Promise<unknown>, options: RowOptions = {}): Row {
  return { kind: 'service', name, services, expected, call, ...options };
}
const inView = async (ctx: ServiceContext) => (await planScope(ctx.db, ctx.actor)).plans;

const report = (f: Fixture, over: Record<string, unknown>) => ({ periodId: f.nov, progress: '本月进展', percentDone: 60, problems: '', nextSteps: '', indicatorValues: [], ...over });
/** 月度填报: A's draft report on task 4 and draft part of `taskAJoins`, at the versions the page shows. */
const monthItemsOfA = (f: Fixture) => [
  { kind: 'report', taskId: f.task4, periodId: f.nov, version: f.draftReportA.version },
  { kind: 'contribution', taskId: f.taskAJoins, periodId: f.nov, version: f.draftPartA.version },
];
const PLAN_TEXT = '临东政办字〔2022〕1号\n一、测试\n1.测试任务。(牵头单位:区民政局)';
const NEW_PASSWORD = 'Hedong#Key2024x';

const ROWS: Row[] = [
  // --- Reporting (my/tasks/[id]): only the task's own unit writes; the unit comes from the session.
  act('saveReportAction: A’s draft on task 4 (A leads)', reportActions.saveReportAction, cells(UNIT_A_STAFF), (f) => ({ ...report(f, { taskId: f.task4, version: f.draftReportA.version }), intent: 'save' }), { crossUnit: true }),
  act('saveReportAction: a new report on task 15 (B leads)', reportActions.saveReportAction, cells(['reporterB']), (f) => ({ ...report(f, { taskId: f.task15, version: 0 }), intent: 'submit' })),
  act('saveReportAction: A’s report on task 1, already submitted', reportActions.saveReportAction, cells([], 'forbidden', { reporterA: 'refused', headA: 'refused' }), (f) => ({ ...report(f, { taskId: f.task1, version: f.reportA.version }), intent: 'save' }), { refusal: true, crossUnit: true }),
  act('saveReportAction: A’s draft on task 4, stale version', reportActions.saveReportAction, cells([], 'forbidden', { reporterA: 'conflict', headA: 'conflict' }), (f) => ({ ...report(f, { taskId: f.task4, version: f.draftReportA.version + 5 }), intent: 'save' }), { refusal: true, crossUnit: true }),
  act('saveContributionAction: A’s draft part (B takes no part in the task)', reportActions.saveContributionAction, cells(UNIT_A_STAFF), (f) => ({ taskId: f.taskAJoins, periodId: f.nov, version: f.draftPartA.version, content: '协办进展', intent: 'submit' }), { crossUnit: true }),
  act('saveContributionAction: A’s part already sent', reportActions.saveContributionAction, cells([], 'forbidden', { reporterA: 'refused', headA: 'refused' }), (f) => ({ taskId: f.taskAJoins2, periodId: f.nov, version: f.submittedPartA.version, content: '改动', intent: 'save' }), { refusal: true, crossUnit: true }),
  svc('getReportEditor: task 1 (A leads)', [getReportEditor], cells(UNIT_A_STAFF), (ctx, { f }) => getReportEditor(ctx, f.task1, '2023-11'), { crossUnit: true }),
  svc('getReportEditor: A’s part (A takes part)', [getReportEditor], cells(UNIT_A_STAFF), (ctx, { f }) => getReportEditor(ctx, f.taskAJoins, '2023-11'), { crossUnit: true }),
  svc('getWorkbench', [getWorkbench], cells(['reporterA', 'reporterB', 'headA']), async (ctx) => getWorkbench(ctx, await inView(ctx))),

  // --- Attachments: a unit's files are its own; drafts are seen by nobody else.
  svc('addAttachment: to A’s draft report on task 4', [addAttachment], cells(UNIT_A_STAFF), (ctx, { f, cell }) => addAttachment(ctx, cell.store, { ownerType: 'report', taskId: f.task4, periodId: f.nov }, { name: '新材料.pdf', bytes: PDF }, { maxBytes: 1e7 }), {
    crossUnit: true,
  }),
  svc('addAttachment: to B’s report on task 15', [addAttachment], cells(['reporterB']), (ctx, { f, cell }) => addAttachment(ctx, cell.store, { ownerType: 'report', taskId: f.task15, periodId: f.nov }, { name: 'x.pdf', bytes: PDF }, { maxBytes: 1e7 })),
  svc('addAttachment: to A’s answer to a 督办单', [addAttachment], cells(UNIT_A_STAFF, 'forbidden', { reporterB: 'notFound' }), (ctx, { f, cell }) => addAttachment(ctx, cell.store, { ownerType: 'notice_response', noticeTargetId: f.pendingNotice.targetId }, { name: '整改.pdf', bytes: PDF }, { maxBytes: 1e7 }), {
    crossUnit: true,
  }),
  svc('findReadableAttachment: on A’s draft part', [findReadableAttachment], cells(UNIT_A_STAFF, 'notFound'), (ctx, { f }) => findReadableAttachment(ctx, f.attachmentOnDraft), { crossUnit: true }),
  svc('findReadableAttachment: on A’s submitted report', [findReadableAttachment], cells([...UNIT_A_STAFF, ...OVERSIGHT], 'notFound'), (ctx, { f }) => findReadableAttachment(ctx, f.attachmentOnSubmitted), { crossUnit: true }),
  act('deleteAttachmentAction: A’s file on its draft part', attachmentActions.deleteAttachmentAction, cells(UNIT_A_STAFF, 'forbidden', { reporterB: 'notFound' }), (f) => f.attachmentOnDraft, {
    crossUnit: true,
    after: async ({ cell, f, who }) => {
      if (who !== 'reporterA' && who !== 'headA') return;
      const left = (await rowsOfUnit(cell.db, f.unitA)).attachments as { id: number }[];
      expect(left.map((a) => a.id)).toEqual([f.attachmentOnSubmitted]);
      expect(cell.store.list()).toHaveLength(1);
    },
  }),
  act('deleteAttachmentAction: A’s file on its submitted report', attachmentActions.deleteAttachmentAction, cells([], 'forbidden', { reporterA: 'refused', headA: 'refused', reporterB: 'notFound' }), (f) => f.attachmentOnSubmitted, {
    refusal: true,
    crossUnit: true,
  }),

  // --- Review (the office decides; leaders and the admin read).
  svc('listReviewQueue', [listReviewQueue], cells(OVERSIGHT), async (ctx) => listReviewQueue(ctx, await inView(ctx), reviewQueueFilterSchema.parse({}))),
  svc('listReviewQueue page 2', [listReviewQueue], cells(OVERSIGHT), async (ctx) => listReviewQueue(ctx, await inView(ctx), reviewQueueFilterSchema.parse({ page: '2' }), 1)),
  svc('getReviewDetail: A’s submitted report', [getReviewDetail], cells(OVERSIGHT), (ctx, { f }) => getReviewDetail(ctx, 'report', f.reportA.id)),
  svc('getReviewDetail: A’s draft report', [getReviewDetail], cells([], 'forbidden', { supervisor: 'notFound', leader: 'notFound', admin: 'notFound' }), (ctx, { f }) => getReviewDetail(ctx, 'report', f.draftReportA.id), { refusal: true }),
  act('reviewAction: approve A’s report', reviewActions.reviewAction, cells(['supervisor']), (f) => ({ kind: 'report', id: f.reportA.id, version: f.reportA.version, decision: 'approve' })),
  act('reviewAction: return A’s part', reviewActions.reviewAction, cells(['supervisor']), (f) => ({ kind: 'contribution', id: f.submittedPartA.id, version: f.submittedPartA.version, decision: 'return', comment: '请补充数据' })),
  act('reviewAction: stale version', reviewActions.reviewAction, cells([], 'forbidden', { supervisor: 'refused' }), (f) => ({ kind: 'report', id: f.reportA.id, version: f.reportA.version + 5, decision: 'approve' }), { refusal: true }),
  act('remindAction', reviewActions.remindAction, cells(['supervisor']), () => ({})),

  // --- Task page: flags (the office), instructions (leaders write, the task's units answer their own receipt).
  act('raiseFlagAction', taskActions.raiseFlagAction, cells(['supervisor']), (f) => ({ taskId: f.task1, level: 'red', reason: '测试' })),
  act('liftFlagAction', taskActions.liftFlagAction, cells(['supervisor']), (f) => ({ flagId: f.flagId, reason: '已整改' })),
  act('instructAction', taskActions.instructAction, cells(['leader']), (f) => ({ taskId: f.task1, content: '抓紧推进' })),
  act('acknowledgeAction: A’s receipt', taskActions.acknowledgeAction, cells(UNIT_A_STAFF, 'forbidden', { reporterB: 'notFound' }), (f) => f.receiptA, { crossUnit: true, after: receiptUntouchedByB }),
  act('acknowledgeAction: A’s receipt, already acknowledged', taskActions.acknowledgeAction, cells([], 'forbidden', { reporterA: 'refused', headA: 'refused', reporterB: 'notFound' }), (f) => f.acknowledgedReceiptA, {
    refusal: true,
    crossUnit: true,
  }),
  act('replyAction: A’s receipt', taskActions.replyAction, cells(UNIT_A_STAFF, 'forbidden', { reporterB: 'notFound' }), (f) => ({ receiptId: f.receiptA, reply: '已落实' }), { crossUnit: true, after: receiptUntouchedByB }),

  // --- 督办单: the office manages; only the addressed unit answers; others don't even see it.
  act('issueNoticeAction', noticeActions.issueNoticeAction, cells(['supervisor']), (f) => ({
    taskId: f.task15,
    unitIds: [f.unitB],
    level: 'hint',
    problem: '进度滞后',
    requirement: '限期整改',
    // The form's schema checks the due date against the real clock; the service against the request's day.
    dueDate: clockToday(),
    triggerRule: '',
    triggerReason: '',
  })),
  act('respondAction: the 督办单 to A', noticeActions.respondAction, cells(UNIT_A_STAFF, 'forbidden', { reporterB: 'notFound' }), (f) => ({ targetId: f.pendingNotice.targetId, response: '已整改' }), { crossUnit: true }),
  act('respondAction: A’s answer already sent', noticeActions.respondAction, cells([], 'forbidden', { reporterA: 'refused', headA: 'refused', reporterB: 'notFound' }), (f) => ({ targetId: f.answeredNotice.targetId, response: '再改' }), {
    refusal: true,
    crossUnit: true,
  }),
  act('acceptAction: A’s answer', noticeActions.acceptAction, cells(['supervisor']), (f) => ({ targetId: f.answeredNotice.targetId })),
  act('acceptAction: not answered yet', noticeActions.acceptAction, cells([], 'forbidden', { supervisor: 'refused' }), (f) => ({ targetId: f.pendingNotice.targetId }), { refusal: true }),
  act('sendBackAction: A’s answer', noticeActions.sendBackAction, cells(['supervisor']), (f) => ({ targetId: f.answeredNotice.targetId, comment: '补充材料' })),
  act('closeNoticeAction: every unit answered', noticeActions.closeNoticeAction, cells(['supervisor']), (f) => ({ noticeId: f.answeredNotice.noticeId })),
  act('closeNoticeAction: A has not answered', noticeActions.closeNoticeAction, cells([], 'forbidden', { supervisor: 'refused' }), (f) => ({ noticeId: f.pendingNotice.noticeId }), { refusal: true }),
  act('addNoteAction', noticeActions.addNoteAction, cells(['supervisor']), (f) => ({ noticeId: f.pendingNotice.noticeId, kind: 'interview', content: '约谈记录' })),
  svc('listNotices: shows the 督办单 to A', [listNotices], cells([...UNIT_A_STAFF, ...OVERSIGHT], 'forbidden', { reporterB: 'notFound' }), async (ctx, { f }) =>
    (await listNotices(ctx, {})).some((n) => n.id === f.pendingNotice.noticeId) ? [] : null,
  { crossUnit: true }),
  svc('getNotice: the 督办单 to A', [getNotice], cells([...UNIT_A_STAFF, ...OVERSIGHT], 'forbidden', { reporterB: 'notFound' }), (ctx, { f }) => getNotice(ctx, f.pendingNotice.noticeId), { crossUnit: true }),

  // --- Indicators, calendar, settings.
  svc('listIndicatorsForReview', [listIndicatorsForReview], cells(OFFICE), async (ctx) => listIndicatorsForReview(ctx, await inView(ctx), {})),
  act('updateIndicatorAction', indicatorActions.updateIndicatorAction, cells(OFFICE), (f) => ({ id: f.indicatorId, name: '高新技术企业', target: 85, targetMax: null, unit: '家', comparator: 'at_least', kind: 'cumulative', confirm: true })),
  act('createIndicatorAction', indicatorActions.createIndicatorAction, cells(OFFICE), (f) => ({ taskId: f.task1, name: '新指标', target: 1, targetMax: null, unit: '个', comparator: 'at_least', kind: 'level', sourcePhrase: '原文' })),
  act('deleteIndicatorAction', indicatorActions.deleteIndicatorAction, cells(OFFICE), (f) => f.indicatorId),
  act('updateDeadlinesAction', calendarActions.updateDeadlinesAction, cells(['admin']), (f) => ({ periodId: f.nov, contributionDeadline: '2023-11-20', leadDeadline: '2023-11-27' })),
  act('setRangeAction', calendarActions.setRangeAction, cells(['admin']), (f) => ({ planId: f.planId, from: '2023-09', to: '2024-01' })),
  act('setCadenceAction: of the draft list', calendarActions.setCadenceAction, cells(OFFICE), (f) => ({ planId: f.draftPlan, cadence: f.draftCadence === 'quarterly' ? 'monthly' : 'quarterly' })),
  act('saveWarningSettingsAction', settingsActions.saveWarningSettingsAction, cells(['admin']), () => ({ yellowGap: 15, redGap: 30, dueSoonDays: 3, resubmitWorkingDays: 5, signForWorkingDays: 3, holidays: [], extraWorkdays: [] })),

  // --- Assessment: everyone reads the ranking; breakdowns only of one's own unit; the office locks; units explain their own.
  svc('getPeriodRanking', [getPeriodRanking], cells('all'), (ctx, { f }) => getPeriodRanking(ctx, f.oct)),
  svc('getUnitBreakdown: of unit A', [getUnitBreakdown], cells([...UNIT_A_STAFF, ...OVERSIGHT], 'forbidden'), async (ctx, { f }) => getUnitBreakdown(ctx, await inView(ctx), '2023-10', f.unitA), { crossUnit: true }),
  act('lockMonthAction: October (its explanation window has closed)', assessmentActions.lockMonthAction, cells(['supervisor']), () => '2023-10'),
  act('lockMonthAction: November (before the window closes)', assessmentActions.lockMonthAction, cells([], 'forbidden', { supervisor: 'refused' }), () => '2023-11', { refusal: true }),
  // An explanation is always of the session's own unit: B cannot name A's, it explains its own (checked after).
  act('explainAction: October, inside the window', assessmentActions.explainAction, cells(['reporterA', 'reporterB', 'headA']), (f) => ({ periodId: f.oct, content: '情况说明' }), {
    at: new Date('2023-10-27T10:00:00+08:00'),
    after: async ({ cell, f, who, actors }) => {
      if (!['reporterA', 'reporterB', 'headA'].includes(who)) return;
      const rows = await cell.db.select({ unitId: assessmentExplanations.unitId }).from(assessmentExplanations);
      expect(rows).toEqual([{ unitId: actors[who].unitId }]);
      expect(rows[0]!.unitId).toBe(who === 'reporterB' ? f.unitB : f.unitA);
    },
  }),
  act('explainAction: October, after the window', assessmentActions.explainAction, cells([], 'forbidden', { reporterA: 'refused', reporterB: 'refused', headA: 'refused' }), (f) => ({ periodId: f.oct, content: '说明' }), { refusal: true }),
  act('saveAssessmentSettingsAction', assessmentActions.saveAssessmentSettingsAction, cells(['admin']), () => ({ weights: { onTime: 30, firstPass: 20, warnings: 20, notices: 15, indicators: 15 }, explanationWorkingDays: 5 })),
  act('saveListWeightsAction', assessmentActions.saveListWeightsAction, cells(OFFICE), (f) => ({ weights: [{ planId: f.planId, weight: 1 }] })),

  // --- Leaders' views and exports: everyone, limited to their unit (checked in their own tests).
  svc('getDashboard', [getDashboard], cells('all'), async (ctx) => getDashboard(ctx, await inView(ctx))),
  // The ledger and the task page (issue 16: kept until the next write, per district and per reader).
  svc('getLedger', [getLedger], cells('all'), async (ctx) => getLedger(ctx, await inView(ctx), ledgerFilterSchema.parse({}))),
  svc('loadTaskPage: task 40', [loadTaskPage], cells('all'), (ctx, { f }) => loadTaskPage(ctx, f.task40)),
  svc('listOverdue', [listOverdue], cells('all'), async (ctx) => listOverdue(ctx, await inView(ctx), overdueFilterSchema.parse({}))),
  // Paged and cached lists (issue 6): a unit's cached list is never another unit's — A asking for
  // B's overdue items, right after the district list was cached, gets only its own.
  svc('listOverdue: B’s unit, after the district list is cached', [listOverdue], cells('all'), async (ctx, { f, actors, cell }) => {
    const leader = contextFor(cell.db, actors.leader, ctx.now);
    await listOverdue(leader, await inView(leader), overdueFilterSchema.parse({}));
    const { items } = await listOverdue(ctx, await inView(ctx), overdueFilterSchema.parse({ unit: String(f.unitB) }));
    const own = ctx.actor.role === 'reporter' || ctx.actor.role === 'unit_head' ? ctx.actor.unitId : f.unitB;
    expect(items.length).toBeGreaterThan(0);
    expect(items.filter((i) => i.unitId !== own)).toEqual([]);
    return items;
  }),
  svc('unitFilterField', [unitFilterField], cells('all'), (ctx) => unitFilterField(ctx)),
  svc('resolveUnitFilter', [resolveUnitFilter], cells('all'), (ctx) => resolveUnitFilter(ctx, { unitName: '发改' })),
  svc('getLedgerExport', [getLedgerExport], cells('all'), async (ctx) => getLedgerExport(ctx, await inView(ctx))),
  svc('exportLedger (ledger.csv route)', [exportLedger], cells('all'), async (ctx) => exportLedger(ctx, await inView(ctx), 'csv')),
  svc('getBulletin', [getBulletin], cells(OVERSIGHT), (ctx) => getBulletin(ctx, '2023-10')),
  svc('exportBulletinDocx (bulletin route, an older link by period id)', [resolveBulletinMonth, exportBulletinDocx], cells(OVERSIGHT), async (ctx, { f }) => exportBulletinDocx(ctx, await resolveBulletinMonth(ctx, String(f.oct)))),

  // --- Admin console: units, accounts, plan import.
  act('renameUnitAction', unitActions.renameUnitAction, cells(['admin']), (f) => ({ unitId: f.unitB, name: '区科学技术和创新局' })),
  act('renameUnitAction: to another unit’s name', unitActions.renameUnitAction, cells([], 'forbidden', { admin: 'refused' }), (f) => ({ unitId: f.unitB, name: '区发展和改革局' }), { refusal: true }),
  act('addUnitAliasAction', unitActions.addUnitAliasAction, cells(['admin']), (f) => ({ unitId: f.unitA, alias: '区发改测试局' })),
  act('mergeUnitAction', unitActions.mergeUnitAction, cells(['admin']), (f) => ({ sourceId: f.mergeSource, targetId: f.mergeTarget, confirm: true })),
  act('setUnitActiveAction: a unit without tasks or accounts', unitActions.setUnitActiveAction, cells(['admin']), (f) => ({ unitId: f.idleUnit, active: false })),
  act('saveUnitGroupAction', unitGroupActions.saveUnitGroupAction, cells(['admin']), (f) => ({ name: '测试组', phrases: '测试说法', unitIds: [f.unitA] })),
  svc('listUnitGroups', [listUnitGroups], cells(['admin']), (ctx) => listUnitGroups(ctx)),
  svc('listUsers', [listUsers], cells(['admin']), (ctx) => listUsers(ctx)),
  act('createUserAction', userActions.createUserAction, cells(['admin']), (f) => ({ username: 'new.user', displayName: '新用户', role: 'reporter', unitId: f.unitA, email: '', passwordMode: 'generate', password: '' })),
  act('updateUserAction: B’s reporter', userActions.updateUserAction, cells(['admin']), (f) => ({ userId: f.userIds.reporterB, displayName: '科技局填报员', role: 'reporter', unitId: f.unitB, email: 'kjj@example.gov.cn' })),
  act('resetUserPasswordAction: B’s reporter', userActions.resetUserPasswordAction, cells(['admin']), (f) => ({ userId: f.userIds.reporterB, passwordMode: 'generate', password: '' })),
  act('setUserActiveAction: disable B’s reporter', userActions.setUserActiveAction, cells(['admin']), (f) => ({ userId: f.userIds.reporterB, active: false })),
  act('setUserActiveAction: disable oneself', userActions.setUserActiveAction, cells([], 'forbidden', { admin: 'refused' }), (f, who) => ({ userId: f.userIds[who], active: false }), { refusal: true }),
  svc('previewPlanImport (preview route)', [previewPlanImport], cells(['admin']), (ctx) => previewPlanImport(ctx, planPreviewSchema.parse({ text: PLAN_TEXT }))),
  svc('importPlanFromConsole (commit route)', [importPlanFromConsole], cells(['admin']), (ctx) => {
    const preview = planPreviewSchema.parse({ text: PLAN_TEXT });
    return importPlanFromConsole(ctx, planImportSchema.parse({ text: PLAN_TEXT, previewHash: previewHashOf(PLAN_TEXT, preview.options) }));
  }),
  svc('importPlanFromConsole: stale preview', [importPlanFromConsole], cells([], 'forbidden', { admin: 'refused' }), (ctx) => importPlanFromConsole(ctx, planImportSchema.parse({ text: PLAN_TEXT, previewHash: '0'.repeat(64) })), { refusal: true }),

  // --- Several lists (issue 10): the list filter is each user's own; lists are managed by the office.
  act('chooseListAction (then a redirect)', appActions.chooseListAction, cells('all'), (f) => ({ plan: String(f.planId), back: '/ledger' }), {
    after: async ({ cell, f, who }) => {
      const [row] = await cell.db.select({ planId: users.listFilterPlanId }).from(users).where(eq(users.id, f.userIds[who])).limit(1);
      // The security and audit administrators belong to no district: they have no list to choose (the page comes back as it was).
      expect(row?.planId).toBe(who === 'securityAdmin' || who === 'auditAdmin' ? null : f.planId);
    },
  }),
  svc('setListFilter: all lists', [setListFilter], cells('all'), (ctx) => setListFilter(ctx.db, ctx.actor, { plan: 'all' })),
  svc('setListFilter: a list that does not exist', [setListFilter], cells([], 'refused'), (ctx) => setListFilter(ctx.db, ctx.actor, { plan: 999_999 }), { refusal: true }),
  svc('listPlans', [listPlans], cells(OFFICE), (ctx) => listPlans(ctx)),
  svc('getDecomposition: of the draft list', [getDecomposition], cells(OFFICE), (ctx, { f }) => getDecomposition(ctx, f.draftPlan)),
  act('updatePlanSettingsAction', listActions.updatePlanSettingsAction, cells(OFFICE), (f) => ({ planId: f.planId, shortName: '重点任务', kind: 'key_tasks' })),
  act('setPlanStatusAction: archive the key-task list', listActions.setPlanStatusAction, cells(OFFICE), (f) => ({ planId: f.planId, status: 'archived' })),
  act('setPlanStatusAction: a list that does not exist', listActions.setPlanStatusAction, cells([], 'forbidden', { supervisor: 'refused', admin: 'refused' }), () => ({ planId: 999_999, status: 'archived' }), { refusal: true }),
  act('assignTaskAction: in the draft list', listActions.assignTaskAction, cells(OFFICE), (f) => ({ taskId: f.draftTask, lead: '区发改局', participating: '区财政局', leaders: '', deadline: '2023-12-31' })),
  act('assignTaskAction: in an active list', listActions.assignTaskAction, cells([], 'forbidden', { supervisor: 'refused', admin: 'refused' }), (f) => ({ taskId: f.task15, lead: '区发改局', participating: '', leaders: '', deadline: '' }), { refusal: true }),
  act('registerItemAction', listActions.registerItemAction, cells(['supervisor']), () => ({ kind: 'meeting', source: '区政府第12次常务会议', title: '推进测试事项', content: '会议议定的测试事项', lead: '区发改局', participating: '', leaders: '', deadline: '2023-12-20' })),

  // --- Everyone's own account and messages.
  act('markReadAction: all of one’s own', notificationActions.markReadAction, cells('all'), () => null),
  // A notification of A's reporter named by someone else: nothing of it changes (`marked` counts only the caller's own).
  act('markReadAction: A’s reporter’s notification', notificationActions.markReadAction, cells('all'), (f) => f.notificationOfA, {
    after: async ({ cell, f, who }, result) => {
      const [row] = await cell.db.select({ readAt: notifications.readAt }).from(notifications).where(eq(notifications.id, f.notificationOfA)).limit(1);
      expect(row!.readAt === null).toBe(who !== 'reporterA');
      expect(result).toMatchObject({ ok: true, marked: who === 'reporterA' ? 1 : 0 });
    },
  }),
  act('changePasswordAction (then a redirect)', passwordActions.changePasswordAction, cells('all'), () => ({ currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }), {
    after: sessionsEnded,
  }),
  // 退出 ends this request's session only (the actors here carry none): the session version stays, other devices stay logged in.
  act('logoutAction (then a redirect)', appActions.logoutAction, cells('all'), () => undefined, { after: sessionVersionKept }),
  act('logoutEverywhereAction (then a redirect)', appActions.logoutEverywhereAction, cells('all'), () => undefined, { after: sessionsEnded }),
  // 动态口令 and 统一身份 on one's own account (账户与安全): every role alike.
  act('startTotpAction (a new key, pending until confirmed)', accountSecurityActions.startTotpAction, cells('all'), () => undefined, {
    after: async ({ cell, f, who }) => {
      const [row] = await cell.db.select({ secret: users.totpSecret, enabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, f.userIds[who]));
      expect(row!.secret).not.toBeNull();
      expect(row!.enabledAt).toBeNull();
    },
  }),
  svc('confirmTotpAction with a code from the new key', [accountSecurityActions.confirmTotpAction], cells('all'), async (ctx) => {
    const started = await runActionAs(accountSecurityActions.startTotpAction, ctx, undefined);
    if (!started.ok) return started;
    const { pending } = await totpStatus(ctx.db, ctx.actor);
    return runActionAs(accountSecurityActions.confirmTotpAction, ctx, { code: generateSync({ secret: pending!.secret, epoch: Math.floor(Date.now() / 1000) }) });
  }),
  // Not an own-account row: the administrators must keep their second factor (refused, whatever its state).
  svc('disableTotpAction with a current code (the administrators may not)', [accountSecurityActions.disableTotpAction], cells(['reporterA', 'reporterB', 'headA', 'supervisor', 'leader'], 'refused', { securityAdmin: 'refused', auditAdmin: 'refused' }), async (ctx) => {
    if (ADMIN_ROLES.includes(ctx.actor.role)) return runActionAs(accountSecurityActions.disableTotpAction, ctx, { code: '123456' });
    const at = Math.floor(Date.now() / 1000);
    await runActionAs(accountSecurityActions.startTotpAction, ctx, undefined);
    const secret = (await totpStatus(ctx.db, ctx.actor)).pending!.secret;
    const confirmed = await runActionAs(accountSecurityActions.confirmTotpAction, ctx, { code: generateSync({ secret, epoch: at }) });
    if (!confirmed.ok) return confirmed;
    // The next step's code: the one just used may not be used again.
    return runActionAs(accountSecurityActions.disableTotpAction, ctx, { code: generateSync({ secret, epoch: at + 30 }) });
  }),
  act('confirmTotpAction without a pending key', accountSecurityActions.confirmTotpAction, cells([], 'refused'), () => ({ code: '123456' }), { refusal: true }),
  act('disableTotpAction with TOTP off', accountSecurityActions.disableTotpAction, cells([], 'refused', { securityAdmin: 'refused', auditAdmin: 'refused' }), () => ({ code: '123456' }), { refusal: true }),
  act('bindIdentityAction with OIDC not configured', accountSecurityActions.bindIdentityAction, cells([], 'refused'), () => undefined, { refusal: true }),
  svc('unbindIdentityAction: one’s own binding', [accountSecurityActions.unbindIdentityAction], cells('all'), async (ctx) => {
    const [bound] = await transaction(ctx.db, (tx) =>
      tx.insert(userIdentities).values({ userId: ctx.actor.userId, issuer: 'https://idp.example.gov.cn', subject: `s-${ctx.actor.userId}`, createdAt: ctx.now }).returning({ id: userIdentities.id }),
    );
    return runActionAs(accountSecurityActions.unbindIdentityAction, ctx, { id: bound!.id });
  }),
  act('unbindIdentityAction: a binding that is not one’s own', accountSecurityActions.unbindIdentityAction, cells([], 'notFound'), () => ({ id: 999_999 }), { refusal: true }),

  // --- 签收: a unit signs for its own tasks (another unit's: not found). 办结: the lead unit applies; the office decides and reopens.
  act('signTaskAction: A’s part of a task (B takes no part)', signActions.signTaskAction, cells(UNIT_A_STAFF, 'forbidden', { reporterB: 'notFound' }), (f) => ({ taskId: f.taskAJoins }), {
    crossUnit: true,
    after: async ({ cell, f, who }) => {
      const [link] = await cell.db.select({ signedAt: taskUnits.signedAt }).from(taskUnits).where(and(eq(taskUnits.taskId, f.taskAJoins), eq(taskUnits.unitId, f.unitA)));
      expect(link!.signedAt !== null).toBe(who === 'reporterA' || who === 'headA');
    },
  }),
  act('signTaskAction: a task A leads, signed already', signActions.signTaskAction, cells([], 'forbidden', { reporterA: 'refused', headA: 'refused', reporterB: 'notFound' }), (f) => ({ taskId: f.closureTaskA }), { refusal: true, crossUnit: true }),
  act('signAllAction (the unit’s own tasks in view)', signActions.signAllAction, cells(['reporterA', 'reporterB', 'headA']), () => ({})),
  act('requestClosureAction: a task A leads', closureActions.requestClosureAction, cells(UNIT_A_STAFF, 'forbidden', { reporterB: 'notFound' }), (f) => ({ taskId: f.closureTaskA, summary: '已完成全年目标' }), { crossUnit: true }),
  act('requestClosureAction: a task A only takes part in', closureActions.requestClosureAction, cells([], 'forbidden', { reporterB: 'notFound' }), (f) => ({ taskId: f.taskAJoins, summary: '已完成' }), { refusal: true, crossUnit: true }),
  act('requestClosureAction: A’s application already pending', closureActions.requestClosureAction, cells([], 'forbidden', { reporterA: 'refused', headA: 'refused', reporterB: 'notFound' }), (f) => ({ taskId: f.pendingClosureTaskA, summary: '再次申请' }), {
    refusal: true,
    crossUnit: true,
  }),
  act('decideClosureAction: approve A’s application', closureActions.decideClosureAction, cells(['supervisor']), (f) => ({ requestId: f.closureRequestA, decision: 'approve', comment: '' }), {
    after: async ({ cell, f, who }) => {
      const [task] = await cell.db.select({ status: tasks.status }).from(tasks).where(eq(tasks.id, f.pendingClosureTaskA));
      expect(task!.status).toBe(who === 'supervisor' ? 'closed' : 'active');
    },
  }),
  act('decideClosureAction: return A’s application', closureActions.decideClosureAction, cells(['supervisor']), (f) => ({ requestId: f.closureRequestA, decision: 'return', comment: '请补充佐证材料' })),
  act('reopenTaskAction: the task A closed', closureActions.reopenTaskAction, cells(['supervisor']), (f) => ({ taskId: f.closedTaskA, reason: '发现遗留问题' })),
  act('reopenTaskAction: an active task', closureActions.reopenTaskAction, cells([], 'forbidden', { supervisor: 'refused' }), (f) => ({ taskId: f.closureTaskA, reason: '误操作' }), { refusal: true }),
  act('saveReportAction: A’s closed task (任务已办结)', reportActions.saveReportAction, cells([], 'forbidden', { reporterA: 'refused', headA: 'refused' }), (f) => ({ ...report(f, { taskId: f.closedTaskA, version: 0 }), intent: 'save' }), {
    refusal: true,
    crossUnit: true,
  }),
  svc('listPendingClosures (待审批)', [listPendingClosures], cells(OVERSIGHT), (ctx) => listPendingClosures(ctx)),
  svc('addAttachment: to A’s pending application to close', [addAttachment], cells(UNIT_A_STAFF, 'forbidden', { reporterB: 'notFound' }), (ctx, { f, cell }) =>
    addAttachment(ctx, cell.store, { ownerType: 'closure_request', closureRequestId: f.closureRequestA }, { name: '验收材料.pdf', bytes: PDF }, { maxBytes: 1e7 }),
  { crossUnit: true }),
  // --- 时间节点: the lead unit files and ticks off (another unit: not found; a participant: refused); the office decides.
  act('saveMilestonePlanAction: A files a plan on task 36 (A leads alone)', milestoneActions.saveMilestonePlanAction, cells(UNIT_A_STAFF, 'forbidden', { reporterB: 'notFound' }), (f) => ({
    taskId: f.milestoneFreeTaskA,
    version: 0,
    intent: 'submit',
    milestones: [{ id: null, dueOn: '2023-12-10', deliverable: '完成试点验收', indicatorId: null, indicatorValue: null }],
  }), { crossUnit: true }),
  act('saveMilestonePlanAction: A’s approved plan on task 4 (dates move by extension only)', milestoneActions.saveMilestonePlanAction, cells([], 'forbidden', { reporterA: 'refused', headA: 'refused', reporterB: 'notFound' }), (f) => ({
    taskId: f.task4,
    version: f.milestonePlanA.version,
    intent: 'save',
    milestones: [{ id: f.milestoneOpenA, dueOn: '2023-12-31', deliverable: '完成项目选址', indicatorId: null, indicatorValue: null }],
  }), { refusal: true, crossUnit: true }),
  act('saveMilestonePlanAction: A’s submitted plan on task 1, stale version', milestoneActions.saveMilestonePlanAction, cells([], 'forbidden', { reporterA: 'conflict', headA: 'conflict', reporterB: 'notFound' }), (f) => ({
    taskId: f.task1,
    version: f.milestoneSubmittedA.version + 5,
    intent: 'save',
    milestones: [{ id: null, dueOn: '2023-12-31', deliverable: '改动', indicatorId: null, indicatorValue: null }],
  }), { refusal: true, crossUnit: true }),
  act('saveMilestonePlanAction: task 40, where A and B take part (participants read only)', milestoneActions.saveMilestonePlanAction, cells([]), (f) => ({
    taskId: f.task40,
    version: 0,
    intent: 'save',
    milestones: [{ id: null, dueOn: '2023-12-31', deliverable: '参与单位不能填报', indicatorId: null, indicatorValue: null }],
  }), { refusal: true }),
  act('reviewMilestonePlanAction: approve A’s plan on task 1', milestoneActions.reviewMilestonePlanAction, cells(['supervisor']), (f) => ({ planId: f.milestoneSubmittedA.id, version: f.milestoneSubmittedA.version, decision: 'approve', comment: '' })),
  act('reviewMilestonePlanAction: return A’s approved plan on task 4 for revision', milestoneActions.reviewMilestonePlanAction, cells(['supervisor']), (f) => ({ planId: f.milestonePlanA.id, version: f.milestonePlanA.version, decision: 'return', comment: '请细化节点' })),
  act('reviewMilestonePlanAction: stale version', milestoneActions.reviewMilestonePlanAction, cells([], 'forbidden', { supervisor: 'conflict' }), (f) => ({ planId: f.milestoneSubmittedA.id, version: f.milestoneSubmittedA.version + 5, decision: 'approve', comment: '' }), { refusal: true }),
  act('tickMilestoneAction: A’s missed milestone on task 4', milestoneActions.tickMilestoneAction, cells(UNIT_A_STAFF, 'forbidden', { reporterB: 'notFound' }), (f) => ({ milestoneId: f.milestoneOpenA, doneOn: '2023-11-21', evidence: '选址意见书已取得' }), { crossUnit: true }),
  act('tickMilestoneAction: A’s milestone already done', milestoneActions.tickMilestoneAction, cells([], 'forbidden', { reporterA: 'refused', headA: 'refused', reporterB: 'notFound' }), (f) => ({ milestoneId: f.milestoneDoneA, doneOn: '2023-11-21', evidence: '重复' }), { refusal: true, crossUnit: true }),
  act('untickMilestoneAction: A’s tick-off of November (its report still a draft)', milestoneActions.untickMilestoneAction, cells(UNIT_A_STAFF, 'forbidden', { reporterB: 'notFound' }), (f) => ({ milestoneId: f.milestoneDoneA }), { crossUnit: true }),
  svc('getTaskMilestones: task 4 (A leads)', [getTaskMilestones], cells([...UNIT_A_STAFF, ...OVERSIGHT], 'notFound'), (ctx, { f }) => getTaskMilestones(ctx, f.task4), { crossUnit: true }),
  svc('milestonesForReport: task 4, November (the lead unit’s report editor)', [milestonesForReport], cells(UNIT_A_STAFF, 'forbidden', { reporterB: 'notFound' }), (ctx, { f }) => milestonesForReport(ctx, f.task4, '2023-11'), { crossUnit: true }),
  svc('listSubmittedPlans (待审批)', [listSubmittedPlans], cells(OVERSIGHT), (ctx) => listSubmittedPlans(ctx)),
  svc('unitMilestones: unit A’s timeline', [unitMilestones], cells([...UNIT_A_STAFF, ...OVERSIGHT], 'notFound'), (ctx, { f }) => unitMilestones(ctx, f.unitA), { crossUnit: true }),
  // --- 延期申请: a unit asks for its own dates (another unit's: not found) and withdraws its own; the office decides; a leader decides the long ones.
  act('requestExtensionAction: A’s missed milestone on task 4', extensionActions.requestExtensionAction, cells(UNIT_A_STAFF, 'forbidden', { reporterB: 'notFound' }), (f) => ({ subject: 'milestone', taskId: f.task4, milestoneId: f.milestoneOpenA, toDate: '2023-11-30', reason: '选址调整，申请延期' }), { crossUnit: true }),
  act('requestExtensionAction: B’s own November report deadline of task 15', extensionActions.requestExtensionAction, cells(['reporterB'], 'forbidden', { reporterA: 'notFound', headA: 'notFound' }), (f) => ({ subject: 'report', taskId: f.task15, periodId: f.nov, toDate: '2023-11-30', reason: '数据核对中，申请延期' })),
  act('requestExtensionAction: A’s report deadline of task 4, already asked', extensionActions.requestExtensionAction, cells([], 'forbidden', { reporterA: 'refused', headA: 'refused', reporterB: 'notFound' }), (f) => ({ subject: 'report', taskId: f.task4, periodId: f.nov, toDate: '2023-12-01', reason: '再次申请延期' }), { refusal: true, crossUnit: true }),
  act('withdrawExtensionAction: A’s pending request', extensionActions.withdrawExtensionAction, cells(UNIT_A_STAFF, 'forbidden', { reporterB: 'notFound' }), (f) => ({ requestId: f.extensionPendingA }), { crossUnit: true }),
  act('decideExtensionAction: approve A’s request', extensionActions.decideExtensionAction, cells(['supervisor']), (f) => ({ requestId: f.extensionPendingA, decision: 'approve', comment: '' })),
  act('decideExtensionAction: refuse A’s request', extensionActions.decideExtensionAction, cells(['supervisor']), (f) => ({ requestId: f.extensionPendingA, decision: 'refuse', comment: '理由不充分' })),
  act('decideExtensionAction: the long one, already with the leader', extensionActions.decideExtensionAction, cells([], 'forbidden', { supervisor: 'refused' }), (f) => ({ requestId: f.extensionLongA, decision: 'approve', comment: '' }), { refusal: true }),
  act('leaderDecideExtensionAction: approve the long one', extensionActions.leaderDecideExtensionAction, cells(['leader']), (f) => ({ requestId: f.extensionLongA, decision: 'approve', comment: '同意' })),
  act('leaderDecideExtensionAction: one the office has not decided', extensionActions.leaderDecideExtensionAction, cells([], 'forbidden', { leader: 'refused' }), (f) => ({ requestId: f.extensionPendingA, decision: 'approve', comment: '' }), { refusal: true }),
  svc('addAttachment: evidence of A’s pending extension request', [addAttachment], cells(UNIT_A_STAFF, 'forbidden', { reporterB: 'notFound' }), (ctx, { f, cell }) =>
    addAttachment(ctx, cell.store, { ownerType: 'extension_request', requestId: f.extensionPendingA }, { name: '延期说明.pdf', bytes: PDF }, { maxBytes: 1e7 }),
  { crossUnit: true }),
  svc('listExtensionQueue (待审批)', [listExtensionQueue], cells(OVERSIGHT, 'notFound'), (ctx) => listExtensionQueue(ctx)),
  svc('listTaskExtensions: task 4 (B sees none of A’s)', [listTaskExtensions], cells('all'), (ctx, { f }) => listTaskExtensions(ctx, f.task4), {
    after: async ({ who }, result) => expect((result as unknown[]).length).toBe(who === 'reporterB' ? 0 : 1),
  }),
  svc('listNoticeExtensions: the 督办单 to A (B sees none of A’s)', [listNoticeExtensions], cells('all'), (ctx, { f }) => listNoticeExtensions(ctx, f.pendingNotice.noticeId), {
    after: async ({ who }, result) => expect((result as unknown[]).length).toBe(who === 'reporterB' ? 0 : 1),
  }),
  // --- 问题协调: a unit raises on its own tasks and closes its own; the office answers, escalates and closes; a leader answers what is addressed to leaders.
  act('raiseProblemAction: from A’s report on task 1', problemActions.raiseProblemAction, cells(UNIT_A_STAFF, 'forbidden', { reporterB: 'notFound' }), (f) => ({ taskId: f.task1, reportId: f.reportA.id, addressedTo: 'office', content: '新的协调问题' }), {
    crossUnit: true,
  }),
  act('raiseProblemAction: task 15 (B leads), naming A’s report', problemActions.raiseProblemAction, cells([], 'forbidden', { reporterA: 'notFound', headA: 'notFound', reporterB: 'notFound' }), (f) => ({ taskId: f.task15, reportId: f.reportA.id, addressedTo: 'leader', content: '借用 A 的报告' }), {
    refusal: true,
    crossUnit: true,
  }),
  act('answerProblemAction: A’s problem to the office', problemActions.answerProblemAction, cells(['supervisor']), (f) => ({ problemId: f.problems.toOffice, answer: '已协调' }), { crossUnit: true }),
  act('answerProblemAction: A’s problem to a leader', problemActions.answerProblemAction, cells(['supervisor', 'leader']), (f) => ({ problemId: f.problems.toLeader, answer: '请尽快办理' }), { crossUnit: true }),
  act('answerProblemAction: already answered', problemActions.answerProblemAction, cells([], 'forbidden', { supervisor: 'refused' }), (f) => ({ problemId: f.problems.answered, answer: '再答' }), { refusal: true }),
  act('escalateProblemAction: A’s problem to the office', problemActions.escalateProblemAction, cells(['supervisor']), (f) => ({ problemId: f.problems.toOffice, note: '请区领导协调' }), { crossUnit: true }),
  act('escalateProblemAction: already to a leader', problemActions.escalateProblemAction, cells([], 'forbidden', { supervisor: 'refused' }), (f) => ({ problemId: f.problems.toLeader, note: '' }), { refusal: true }),
  act('closeProblemAction: A’s answered problem', problemActions.closeProblemAction, cells([...UNIT_A_STAFF, 'supervisor'], 'forbidden', { reporterB: 'notFound' }), (f) => ({ problemId: f.problems.answered }), { crossUnit: true }),
  act('closeProblemAction: A’s closed problem', problemActions.closeProblemAction, cells([], 'forbidden', { reporterA: 'refused', headA: 'refused', supervisor: 'refused', reporterB: 'notFound' }), (f) => ({ problemId: f.problems.closed }), {
    refusal: true,
    crossUnit: true,
  }),
  svc('listProblems: shows A’s problem', [listProblems], cells([...UNIT_A_STAFF, ...OVERSIGHT], 'forbidden', { reporterB: 'notFound' }), async (ctx, { f }) =>
    (await listProblems(ctx)).some((p) => p.id === f.problems.toOffice) ? [] : null,
  { crossUnit: true }),
  svc('problemsForTask: A’s problems on task 1', [problemsForTask], cells([...UNIT_A_STAFF, ...OVERSIGHT], 'forbidden', { reporterB: 'notFound' }), async (ctx, { f }) =>
    (await problemsForTask(ctx, f.task1)).some((p) => p.id === f.problems.toLeader) ? [] : null,
  { crossUnit: true }),
  // --- 月度填报 (issue 13): the unit's whole month on one page; the unit comes from the session, another unit's ids are refused.
  svc('getMonthSheet: A’s month (B sees none of A’s rows)', [getMonthSheet], cells(['reporterA', 'reporterB', 'headA']), (ctx) => getMonthSheet(ctx), {
    after: async ({ f, who }, result) => {
      if (who !== 'reporterA' && who !== 'reporterB' && who !== 'headA') return;
      const listed = (result as Awaited<ReturnType<typeof getMonthSheet>>).items.flatMap((i) => (i.id === null ? [] : [`${i.kind}:${i.id}`]));
      const ofA = [`report:${f.reportA.id}`, `report:${f.draftReportA.id}`, `contribution:${f.draftPartA.id}`, `contribution:${f.submittedPartA.id}`];
      if (who === 'reporterB') expect(listed.filter((id) => ofA.includes(id))).toEqual([]);
      else expect(listed).toEqual(expect.arrayContaining(ofA));
    },
  }),
  act('autosaveReportAction: A’s draft on task 4', monthActions.autosaveReportAction, cells(UNIT_A_STAFF), (f) => ({ ...report(f, { taskId: f.task4, version: f.draftReportA.version, progress: '自动保存的进展' }), intent: 'save' }), {
    crossUnit: true,
    after: async ({ cell, f, who }) => {
      if (who !== 'reporterA' && who !== 'headA') return;
      const [row] = await cell.db.select().from(reports).where(eq(reports.id, f.draftReportA.id));
      expect(row).toMatchObject({ status: 'draft', version: f.draftReportA.version + 1, progress: '自动保存的进展' });
    },
  }),
  act('autosaveReportAction: intent submit (an autosave never submits)', monthActions.autosaveReportAction, cells([], 'invalid'), (f) => ({ ...report(f, { taskId: f.task4, version: f.draftReportA.version }), intent: 'submit' }), { refusal: true }),
  act('autosaveReportAction: A’s draft on task 4, stale version', monthActions.autosaveReportAction, cells([], 'forbidden', { reporterA: 'conflict', headA: 'conflict' }), (f) => ({ ...report(f, { taskId: f.task4, version: f.draftReportA.version + 5 }), intent: 'save' }), {
    refusal: true,
    crossUnit: true,
  }),
  act('autosaveContributionAction: A’s draft part (B takes no part in the task)', monthActions.autosaveContributionAction, cells(UNIT_A_STAFF), (f) => ({ taskId: f.taskAJoins, periodId: f.nov, version: f.draftPartA.version, content: '协办进展（自动保存）', intent: 'save' }), { crossUnit: true }),
  act('autosaveContributionAction: A’s part already sent', monthActions.autosaveContributionAction, cells([], 'forbidden', { reporterA: 'refused', headA: 'refused' }), (f) => ({ taskId: f.taskAJoins2, periodId: f.nov, version: f.submittedPartA.version, content: '改动', intent: 'save' }), {
    refusal: true,
    crossUnit: true,
  }),
  act('submitMonthAction: A’s draft report and draft part together', monthActions.submitMonthAction, cells(UNIT_A_STAFF), (f) => ({ month: '2023-11', items: monthItemsOfA(f) }), {
    crossUnit: true,
    after: async ({ cell, f, who }) => {
      const sent = who === 'reporterA' || who === 'headA';
      const [r] = await cell.db.select({ status: reports.status }).from(reports).where(eq(reports.id, f.draftReportA.id));
      const [c] = await cell.db.select({ status: contributions.status }).from(contributions).where(eq(contributions.id, f.draftPartA.id));
      expect([r!.status, c!.status]).toEqual(sent ? ['submitted', 'submitted'] : ['draft', 'draft']);
    },
  }),
  act('submitMonthAction: with A’s report already sent (the whole batch refused)', monthActions.submitMonthAction, cells([], 'forbidden', { reporterA: 'refused', headA: 'refused' }), (f) => ({
    month: '2023-11',
    items: [...monthItemsOfA(f), { kind: 'report', taskId: f.task1, periodId: f.nov, version: f.reportA.version }],
  }), { refusal: true, crossUnit: true }),
  act('submitMonthAction: A’s rows named under another month', monthActions.submitMonthAction, cells([], 'forbidden', { reporterA: 'refused', headA: 'refused' }), (f) => ({ month: '2023-10', items: monthItemsOfA(f) }), { refusal: true, crossUnit: true }),
  act('submitMonthAction: B’s task 15, nothing saved (A names B’s task)', monthActions.submitMonthAction, cells([], 'forbidden', { reporterB: 'refused' }), (f) => ({ month: '2023-11', items: [{ kind: 'report', taskId: f.task15, periodId: f.nov, version: 1 }] }), { refusal: true }),
  act('signOffMonthAction: A’s drafts at the versions shown (the head only)', monthActions.signOffMonthAction, cells(['headA']), (f) => ({ month: '2023-11', items: monthItemsOfA(f) }), {
    crossUnit: true,
    after: async ({ cell, f, who }) => {
      const rows = await cell.db.select({ unitId: monthSignOffs.unitId, versions: monthSignOffs.versions }).from(monthSignOffs);
      if (who !== 'headA') return expect(rows).toEqual([]);
      expect(rows).toEqual([{ unitId: f.unitA, versions: JSON.stringify({ [`report:${f.draftReportA.id}`]: f.draftReportA.version, [`contribution:${f.draftPartA.id}`]: f.draftPartA.version }) }]);
    },
  }),
  act('signOffMonthAction: a version the head was not shown', monthActions.signOffMonthAction, cells([], 'forbidden', { headA: 'refused' }), (f) => ({
    month: '2023-11',
    items: [{ kind: 'report', taskId: f.task4, periodId: f.nov, version: f.draftReportA.version + 5 }],
  }), { refusal: true, crossUnit: true }),
  act('setSignOffRequiredAction: A asks for its head’s sign-off (the head only, of the own unit)', monthActions.setSignOffRequiredAction, cells(['headA']), () => ({ required: true }), {
    after: async ({ cell, f, who }) => {
      const flags = await cell.db.select({ id: units.id, required: units.requiresSignOff }).from(units).where(eq(units.requiresSignOff, true));
      expect(flags.map((u) => u.id)).toEqual(who === 'headA' ? [f.unitA] : []);
    },
  }),
  act('shareEvidenceAction: A’s file onto A’s draft report on task 4', monthActions.shareEvidenceAction, cells(UNIT_A_STAFF), (f) => ({ attachmentId: f.attachmentOnDraft, targets: [{ ownerType: 'report', taskId: f.task4, periodId: f.nov }] }), {
    crossUnit: true,
    after: async ({ cell, f, who }) => {
      const [source] = await cell.db.select().from(attachments).where(eq(attachments.id, f.attachmentOnDraft));
      const listed = await cell.db.select({ ownerType: attachments.ownerType, ownerId: attachments.ownerId }).from(attachments).where(eq(attachments.sha256, source!.sha256)).orderBy(asc(attachments.id));
      const onReport = { ownerType: 'report', ownerId: f.draftReportA.id };
      expect(listed).toEqual(who === 'reporterA' || who === 'headA' ? [{ ownerType: 'contribution', ownerId: f.draftPartA.id }, onReport] : [{ ownerType: 'contribution', ownerId: f.draftPartA.id }]);
      // Stored once: the share adds no file.
      expect(cell.store.list()).toHaveLength(2);
    },
  }),
  act('shareEvidenceAction: A’s file named by B for B’s report on task 15', monthActions.shareEvidenceAction, cells([], 'forbidden', { reporterB: 'notFound' }), (f) => ({
    attachmentId: f.attachmentOnDraft,
    targets: [{ ownerType: 'report', taskId: f.task15, periodId: f.nov }],
  }), { refusal: true, crossUnit: true }),
  act('shareEvidenceAction: onto A’s report already sent', monthActions.shareEvidenceAction, cells([], 'forbidden', { reporterA: 'refused', headA: 'refused' }), (f) => ({
    attachmentId: f.attachmentOnDraft,
    targets: [{ ownerType: 'report', taskId: f.task1, periodId: f.nov }],
  }), { refusal: true, crossUnit: true }),

  // --- 三员分立: the security administrator's console (安全管理) and the audit administrator's log (审计日志).
  // Both appear here with cells of their own; on every other row the block below expects them refused.
  act('saveSecurityPolicyAction', securityActions.saveSecurityPolicyAction, cells(['securityAdmin'], 'forbidden', { auditAdmin: 'forbidden' }), () => ({ passwordExpiryDays: 60, passwordHistoryCount: 5, sessionIdleMinutes: 20, sessionAbsoluteHours: 10 }), {
    after: async ({ cell, who }) => {
      const [row] = await cell.db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'security')).limit(1);
      expect(row ? (JSON.parse(row.value) as { sessionIdleMinutes: number }).sessionIdleMinutes : null).toBe(who === 'securityAdmin' ? 20 : null);
    },
  }),
  act('unlockAccountAction: gxj, locked out', securityActions.unlockAccountAction, cells(['securityAdmin'], 'forbidden', { auditAdmin: 'forbidden' }), (f) => ({ username: f.securityTarget.username }), {
    after: async ({ cell, f, who }) => {
      const rows = await cell.db.select().from(loginThrottle).where(eq(loginThrottle.usernameKey, f.securityTarget.username));
      expect(rows).toHaveLength(who === 'securityAdmin' ? 0 : 1);
    },
  }),
  act('unlockAccountAction: an account not locked', securityActions.unlockAccountAction, cells([], 'forbidden', { securityAdmin: 'refused', auditAdmin: 'forbidden' }), () => ({ username: 'kjj' }), { refusal: true }),
  act('resetUserTotpAction: gxj', securityActions.resetUserTotpAction, cells(['securityAdmin'], 'forbidden', { auditAdmin: 'forbidden' }), (f) => ({ userId: f.securityTarget.userId }), {
    after: async ({ cell, f, who }) => {
      const [row] = await cell.db.select({ secret: users.totpSecret, enabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, f.securityTarget.userId));
      expect(row!.secret === null && row!.enabledAt === null).toBe(who === 'securityAdmin');
    },
  }),
  act('resetUserTotpAction: one’s own', securityActions.resetUserTotpAction, cells([], 'forbidden', { securityAdmin: 'refused', auditAdmin: 'forbidden' }), (f, who) => ({ userId: f.userIds[who] }), { refusal: true }),
  act('endUserSessionsAction: gxj (强制下线)', securityActions.endUserSessionsAction, cells(['securityAdmin'], 'forbidden', { auditAdmin: 'forbidden' }), (f) => ({ userId: f.securityTarget.userId }), {
    after: async ({ cell, f, who }) => {
      const open = await cell.db.select().from(userSessions).where(and(eq(userSessions.userId, f.securityTarget.userId), isNull(userSessions.endedAt)));
      expect(open).toHaveLength(who === 'securityAdmin' ? 0 : 1);
    },
  }),
  svc('listLockedAccounts', [listLockedAccounts], cells(['securityAdmin'], 'forbidden', { auditAdmin: 'forbidden' }), (ctx) => listLockedAccounts(ctx), {
    after: async ({ who }, result) => {
      if (who === 'securityAdmin') expect((result as { username: string }[]).map((a) => a.username)).toEqual(['gxj']);
    },
  }),
  svc('searchUsersForSecurity', [searchUsersForSecurity], cells(['securityAdmin'], 'forbidden', { auditAdmin: 'forbidden' }), (ctx) => searchUsersForSecurity(ctx, 'gxj')),
  svc('searchAuditLog (审计日志 page)', [searchAuditLog, auditActionOptions, auditUnitOptions], cells(['auditAdmin'], 'forbidden', { securityAdmin: 'forbidden' }), async (ctx) => {
    await auditActionOptions(ctx);
    await auditUnitOptions(ctx);
    return searchAuditLog(ctx, auditFilterSchema.parse({ person: 'fgj' }), 1);
  }),
  svc('exportAuditLog (audit/export route)', [exportAuditLog], cells(['auditAdmin'], 'forbidden', { securityAdmin: 'forbidden' }), (ctx) => exportAuditLog(ctx, auditFilterSchema.parse({ from: '2023-11-01', to: '2023-11-30' }))),

  // --- 市督查室: the city office compares the districts and views one at a time (read-only).
  act('viewDistrictAction: this district', cityActions.viewDistrictAction, cells([], 'forbidden', { city: 'ok', securityAdmin: 'forbidden', auditAdmin: 'forbidden' }), () => ({ district: 1 }), {
    after: async ({ cell, f, who }) => {
      const [row] = await cell.db.select({ viewing: users.viewDistrictId, own: users.districtId }).from(users).where(eq(users.id, f.userIds.city)).limit(1);
      // The city office views this district and stays no district's account; a refused caller changed nothing (checked for every refusal).
      if (who === 'city') expect(row).toEqual({ viewing: 1, own: null });
    },
  }),
  svc('compareDistricts (全市对比 page)', [compareDistricts], cells([], 'forbidden', { city: 'ok', securityAdmin: 'forbidden', auditAdmin: 'forbidden' }), (ctx) => compareDistricts(ctx), {
    after: async ({ who }, result) => {
      if (who === 'city') expect((result as { code: string }[]).map((d) => d.code)).toEqual(['371312', '371302']);
    },
  }),
];

/** B's cell: A's receipt is as it was (neither acknowledged nor answered). */
async function receiptUntouchedByB({ cell, f, who }: Env): Promise<void> {
  if (who !== 'reporterB') return;
  const receipts = (await rowsOfUnit(cell.db, f.unitA)).instruction_receipts as { id: number; acknowledged_at: unknown; reply: unknown }[];
  const receipt = receipts.find((r) => r.id === f.receiptA);
  expect(receipt).toMatchObject({ acknowledged_at: null, reply: null });
}

/** The session version moved on: every token issued before is refused. */
async function sessionsEnded({ cell, f, who }: Env): Promise<void> {
  const [row] = await cell.db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, f.userIds[who])).limit(1);
  expect(row!.sv).toBe(sessionVersions[who] + 1);
}

/** The session version did not move: tokens of the user's other sessions still name a live version. */
async function sessionVersionKept({ cell, f, who }: Env): Promise<void> {
  const [row] = await cell.db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, f.userIds[who])).limit(1);
  expect(row!.sv).toBe(sessionVersions[who]);
}

// ---------------------------------------------------------------------------------------------

let base: Base & { dispose: () => Promise<void> };
const sessionVersions = {} as Record<ActorName, number>;
const started = Date.now();

beforeAll(async () => {
  base = await buildBase();
  await inCell(base, async ({ db }) => {
    for (const who of [...ACTORS, ...EXTRA_ACTORS]) {
      const [row] = await db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, base.fixture.userIds[who])).limit(1);
      sessionVersions[who] = row!.sv;
    }
  });
}, 60_000);
afterAll(async () => {
  await base?.dispose();
  const cellCount = ROWS.reduce((n, r) => n + cellActors(r).length, 0);
  console.info(`[permission matrix] ${ROWS.length} rows, ${cellCount} cells, ${pipelineActions.size} actions: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

const auditLines = async (cell: Cell) => (await cell.db.select({ n: count() }).from(auditLog))[0]!.n;
/**
 * 三员: every command of an administrator that changed something is audited, and so are the audit
 * administrator's reads (searches and exports). Their own-account rows (list switch, notifications)
 * are not administration.
 */
async function mustAudit(row: Row, who: ActorName, before: Record<string, string>, cell: Cell): Promise<boolean> {
  if (who !== 'admin' && who !== 'securityAdmin' && who !== 'auditAdmin') return false;
  if (isOwnAccountRow(row)) return false;
  if (row.kind === 'service') return who === 'auditAdmin';
  return JSON.stringify(await digest(cell.db)) !== JSON.stringify(before);
}

/** Runs one cell on its own copy: the call, then its checks; a refused call must change nothing. */
async function runCell(row: Row, who: ActorName, expected: Outcome | undefined = row.expected[who as keyof Expected]): Promise<ActionOutcome> {
  return inCell(base, async (cell) => {
    cellStore.current = cell.store;
    try {
      const env: Env = { cell, f: base.fixture, who, actors: base.actors };
      const ctx = contextFor(cell.db, base.actors[who], row.at ?? NOW);
      const before = await digest(cell.db);
      const auditBefore = await auditLines(cell);
      const { outcome, result } = row.kind === 'action' ? await actionOutcome(row.action, ctx, row.input(base.fixture, who)) : await serviceOutcome(() => row.call(ctx, env));
      if (outcome !== 'ok') expect(await digest(cell.db), `${row.name}: ${who} was refused but something changed`).toEqual(before);
      if (outcome === 'ok' && (await mustAudit(row, who, before, cell))) expect(await auditLines(cell), `${row.name}: ${who}'s success wrote no audit line`).toBeGreaterThan(auditBefore);
      if (outcome === expected) {
        await row.after?.(env, result);
      }
      return outcome;
    } finally {
      cellStore.current = undefined;
    }
  });
}

describe('permission matrix: every action and every service behind a page or route × each kind of actor', () => {
  for (const row of ROWS) {
    describe(row.name, () => {
      for (const who of cellActors(row)) {
        const expected = row.expected[who];
        it(`${who} → ${expected}`, async () => {
          expect(await runCell(row, who)).toBe(expected);
        });
      }
    });
  }

  it('refused calls of B on A’s records changed nothing of A’s (all of them, one after another, on one copy)', async () => {
    const crossUnit = ROWS.filter((r) => r.expected.reporterB !== 'ok');
    expect(crossUnit.length).toBeGreaterThan(10);
    await inCell(base, async (cell) => {
      cellStore.current = cell.store;
      try {
        const f = base.fixture;
        const before = await rowsOfUnit(cell.db, f.unitA);
        expect(before.reports!.length).toBeGreaterThan(0);
        const env: Env = { cell, f, who: 'reporterB', actors: base.actors };
        for (const row of crossUnit) {
          const ctx = contextFor(cell.db, base.actors.reporterB, row.at ?? NOW);
          const { outcome } = row.kind === 'action' ? await actionOutcome(row.action, ctx, row.input(f, 'reporterB')) : await serviceOutcome(() => row.call(ctx, env));
          expect(outcome, row.name).toBe(row.expected.reporterB);
        }
        expect(await rowsOfUnit(cell.db, f.unitA)).toEqual(before);
        const [a] = await cell.db.select().from(reports).where(eq(reports.id, f.reportA.id)).limit(1);
        expect(a!.unitId).toBe(f.unitA);
        expect(await cell.db.select().from(contributions).where(and(eq(contributions.unitId, f.unitB), eq(contributions.taskId, f.taskAJoins)))).toEqual([]);
      } finally {
        cellStore.current = undefined;
      }
    });
  });
});

/**
 * 三员分立: the security and audit administrators on every row that is not theirs. Their own account
 * and messages (the list switch, notifications, password, logout) they use like anyone; everything
 * else — the business and the system administrator's console — is refused as not allowed and
 * changes nothing. The refusals run one after another on one copy per administrator (each call is
 * checked to change nothing); the own-account rows each on a copy of its own.
 */
const OWN_ACCOUNT: readonly unknown[] = [
  ...Object.values(accountSecurityActions).filter((a) => a !== accountSecurityActions.disableTotpAction),
  appActions.chooseListAction,
  appActions.logoutAction,
  appActions.logoutEverywhereAction, passwordActions.changePasswordAction, notificationActions.markReadAction, setListFilter];
const isOwnAccountRow = (row: Row) => (row.kind === 'action' ? OWN_ACCOUNT.includes(row.action) : row.services.every((s) => OWN_ACCOUNT.includes(s)));
/** An own-account row gives every actor the same outcome; the two administrators get it too. */
function commonOutcome(row: Row): Outcome {
  const outcomes = new Set(ACTORS.map((a) => row.expected[a]));
  if (outcomes.size !== 1) throw new Error(`${row.name}: an own-account row with different outcomes per actor`);
  return [...outcomes][0]!;
}

/**
 * Refused as not allowed or not found (a download or queue that does not exist for them); a list
 * they see nothing of; or input every actor has refused before any permission is asked.
 */
function refusedOrEmpty(row: Row, outcome: ActionOutcome, result: unknown): boolean {
  if (outcome === 'forbidden' || outcome === 'notFound') return true;
  if (outcome === 'ok') return Array.isArray(result) && result.length === 0;
  return outcome === 'invalid' && ACTORS.every((a) => row.expected[a] === 'invalid');
}

describe('三员分立: the security and audit administrators on every other row', () => {
  const others = ROWS.filter((r) => EXTRA_ACTORS.every((a) => r.expected[a] === undefined));
  for (const who of THREE_ADMINS_EXTRA) {
    it(`${who} is refused (or sees nothing) on every row of the business and of the system administrator, changing nothing`, async () => {
      const refused = others.filter((r) => !isOwnAccountRow(r));
      expect(refused.length).toBeGreaterThan(100);
      const wrong = await inCell(base, async (cell) => {
        cellStore.current = cell.store;
        try {
          const env: Env = { cell, f: base.fixture, who, actors: base.actors };
          const out: string[] = [];
          for (const row of refused) {
            const ctx = contextFor(cell.db, base.actors[who], row.at ?? NOW);
            const before = await digest(cell.db);
            const { outcome, result } = row.kind === 'action' ? await actionOutcome(row.action, ctx, row.input(base.fixture, who)) : await serviceOutcome(() => row.call(ctx, env));
            if (!refusedOrEmpty(row, outcome, result)) out.push(`${row.name}: ${outcome}`);
            expect(await digest(cell.db), `${row.name}: ${who} changed something`).toEqual(before);
          }
          return out;
        } finally {
          cellStore.current = undefined;
        }
      });
      expect(wrong).toEqual([]);
    }, 120_000);
    for (const row of others.filter(isOwnAccountRow)) {
      const expected = commonOutcome(row);
      it(`${who}: ${row.name} → ${expected} (one’s own account, like everyone)`, async () => {
        expect(await runCell(row, who, expected)).toBe(expected);
      });
    }
  }
});

/**
 * 行政区: the second district's accounts (its office, leader, administrator and the staff of its own
 * 区发展和改革局) make every call of the matrix as the first district's actor of the same kind makes
 * it — on the first district's ids. Whatever the outcome, nothing they get back holds a record of
 * the first district (its records' texts), and nothing of the first district is changed, removed
 * or added to (a call that is fine in their own district, such as importing a list or saving
 * settings, writes there). Refused calls change nothing at all. All rows on one copy per actor.
 */
describe('行政区: another district’s accounts on every row, naming this district’s records', () => {
  const rows = ROWS.filter((r) => !isOwnAccountRow(r));
  for (const who of OTHER_DISTRICT_ACTORS) {
    it(`${who} of the other district gets nothing of this district and changes nothing of it`, async () => {
      expect(rows.length).toBeGreaterThan(100);
      const wrong = await inCell(base, async (cell) => {
        cellStore.current = cell.store;
        try {
          const actor = base.otherDistrict.actors[who];
          const env: Env = { cell, f: base.fixture, who, actors: { ...base.actors, [who]: actor } };
          const first = await idsOfDistrict(cell.db, 1);
          const out: string[] = [];
          for (const row of rows) {
            const ctx = contextFor(cell.db, actor, row.at ?? NOW);
            const before = await snapshot(cell.db);
            const whole = await digest(cell.db);
            let outcome: ActionOutcome;
            let result: unknown;
            try {
              ({ outcome, result } = row.kind === 'action' ? await actionOutcome(row.action, ctx, row.input(base.fixture, who)) : await serviceOutcome(() => row.call(ctx, env)));
            } catch (err) {
              // A row's own checks of what this district's actor gets (e.g. "the overdue list is not
              // empty") do not hold for the other district's: only what it gets of this one counts.
              if (!(err instanceof Error && err.name === 'AssertionError')) throw err;
              outcome = 'ok';
              result = null;
            }
            const shown = JSON.stringify(result ?? null);
            for (const canary of FIRST_DISTRICT_CANARIES) if (shown.includes(canary)) out.push(`${row.name}: shows 「${canary}」`);
            for (const t of touchedRows(before, await snapshot(cell.db), first)) out.push(`${row.name}: ${t}`);
            if (outcome !== 'ok' && JSON.stringify(await digest(cell.db)) !== JSON.stringify(whole)) out.push(`${row.name}: refused (${outcome}) but wrote`);
          }
          return out;
        } finally {
          cellStore.current = undefined;
        }
      });
      expect(wrong).toEqual([]);
    }, 300_000);
  }
});

/**
 * 市督查室: the city office, viewing this district, makes every call of the matrix but its own rows
 * and one's-own-account rows (as the supervisor would make it). It reads what the district's pages
 * show; it writes nothing: every call leaves every table as it was.
 */
describe('市督查室: the city office on every other row', () => {
  it('changes nothing on any row, and reads the district’s pages', async () => {
    const rows = ROWS.filter((r) => r.expected.city === undefined && !isOwnAccountRow(r));
    expect(rows.length).toBeGreaterThan(100);
    const { wrong, reads } = await inCell(base, async (cell) => {
      cellStore.current = cell.store;
      try {
        const env: Env = { cell, f: base.fixture, who: 'supervisor', actors: base.actors };
        const out: string[] = [];
        let ok = 0;
        for (const row of rows) {
          const ctx = contextFor(cell.db, base.actors.city, row.at ?? NOW);
          const before = await digest(cell.db);
          const { outcome } = row.kind === 'action' ? await actionOutcome(row.action, ctx, row.input(base.fixture, 'supervisor')) : await serviceOutcome(() => row.call(ctx, env));
          if (JSON.stringify(await digest(cell.db)) !== JSON.stringify(before)) out.push(`${row.name}: ${outcome}, and wrote`);
          if (outcome === 'ok') ok += 1;
        }
        return { wrong: out, reads: ok };
      } finally {
        cellStore.current = undefined;
      }
    });
    expect(wrong).toEqual([]);
    expect(reads).toBeGreaterThan(20);
  }, 300_000);
});

describe('the matrix covers every action through the pipeline', () => {
  const covered = new Set(ROWS.flatMap((r) => (r.kind === 'action' ? [r.action] : [])));

  it('imports every action module of the app', () => {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name === 'actions.ts' || e.name.endsWith('-actions.ts')) found.push(path.relative(process.cwd(), p).split(path.sep).join('/'));
      }
    };
    walk(path.resolve('app'));
    expect(found.length).toBeGreaterThan(10);
    expect(found.sort()).toEqual(Object.keys(ACTION_MODULES).sort());
  });

  it('every export of an action module is a pipeline action (login’s public actions excepted)', () => {
    const exports = Object.entries(ACTION_MODULES).flatMap(([file, mod]) => Object.entries(mod).map(([name, value]) => ({ id: `${file}#${name}`, value })));
    expect(exports.length).toBeGreaterThan(40);
    expect(exports.filter((e) => !isPipelineAction(e.value) && !PUBLIC_ACTIONS.has(e.id)).map((e) => e.id)).toEqual([]);
    // The exemption names real exports (and only publicActions: no session is asked for).
    for (const id of PUBLIC_ACTIONS) expect(exports.some((e) => e.id === id && typeof e.value === 'function' && !isPipelineAction(e.value)), id).toBe(true);
  });

  it('every pipeline action has a row', () => {
    expect(pipelineActions.size).toBeGreaterThan(40);
    const missing = [...pipelineActions].filter(([fn]) => !covered.has(fn as AnyAction)).map(([, id]) => id);
    expect(missing, `actions without a row in the permission matrix: ${missing.join(', ')}`).toEqual([]);
  });

  it('every row acts through a pipeline action of the app', () => {
    for (const row of ROWS) if (row.kind === 'action') expect(pipelineActions.has(row.action), row.name).toBe(true);
  });

  it('every row shows someone succeeding (a rule’s refusal sits beside a row of the same call that succeeds)', () => {
    const succeeding = new Set(ROWS.filter((r) => Object.values(r.expected).includes('ok')).flatMap((r) => (r.kind === 'action' ? [r.action] : r.services)));
    // 绑定统一身份 succeeds only through a real identity provider: lib/auth/oidc.test.ts and e2e/oidc.spec.ts show it.
    succeeding.add(accountSecurityActions.bindIdentityAction);
    for (const row of ROWS) {
      if (row.refusal) expect((row.kind === 'action' ? [row.action] : row.services).some((s) => succeeding.has(s)), row.name).toBe(true);
      else expect(Object.values(row.expected), row.name).toContain('ok');
    }
  });

  it('rows naming unit A’s records refuse B as forbidden or not found', () => {
    const crossUnit = ROWS.filter((r) => r.crossUnit);
    expect(crossUnit.length).toBeGreaterThan(10);
    for (const row of crossUnit) expect(['forbidden', 'notFound'], row.name).toContain(row.expected.reporterB);
  });

  it('covers the services behind the pages and route handlers', () => {
    const services = new Set(ROWS.flatMap((r) => (r.kind === 'service' ? r.services : [])));
    const required = [
      listReviewQueue, getReviewDetail, listNotices, getNotice, getDashboard, getLedger, loadTaskPage, listOverdue, getLedgerExport, exportLedger, getBulletin, exportBulletinDocx, resolveBulletinMonth,
      addAttachment, findReadableAttachment, previewPlanImport, importPlanFromConsole, listUsers, listPlans, getDecomposition, listUnitGroups, unitFilterField, resolveUnitFilter,
      getPeriodRanking, getUnitBreakdown, getWorkbench, getReportEditor, listIndicatorsForReview, setListFilter, getMonthSheet,
      listLockedAccounts, searchUsersForSecurity, searchAuditLog, auditActionOptions, auditUnitOptions, exportAuditLog,
    ];
    expect(required.filter((s) => !services.has(s)).map((s) => s.name)).toEqual([]);
  });
});

describe('every route handler goes through the route() preamble', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'route.ts') files.push(path.relative(process.cwd(), p).split(path.sep).join('/'));
    }
  };
  walk(path.resolve('app'));
  // next-auth's own handlers (sign-in, session) are the one exception.
  const NEXT_AUTH = 'app/api/auth/[...nextauth]/route.ts';

  it('found the route handlers', () => {
    expect(files.length).toBeGreaterThan(5);
    expect(files).toContain(NEXT_AUTH);
  });

  const METHOD = '(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)';
  for (const file of files.filter((f) => f !== NEXT_AUTH)) {
    it(file, () => {
      const src = fs.readFileSync(file, 'utf8');
      const handlers = [...src.matchAll(new RegExp(`export\\s+(?:async\\s+)?(?:const|let|var|function)\\s+${METHOD}\\b`, 'g'))].map((m) => m[1]);
      expect(handlers.length).toBeGreaterThan(0);
      for (const method of handlers) expect(src, `${method} in ${file}`).toMatch(new RegExp(`export const ${method} = route(<[^\\n]*?>)?\\(`));
      // No handler exported any other way (destructured, re-exported, a function).
      expect(src).not.toMatch(new RegExp(`export\\s+(?:const|let|var)\\s*\\{`));
      expect(src).not.toMatch(new RegExp(`export\\s*\\{[^}]*\\b${METHOD}\\b`));
      expect(src).not.toMatch(new RegExp(`export\\s+(?:async\\s+)?function\\s+${METHOD}\\b`));
    });
  }
});
