import { and, asc, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { districts, noticeNotes, noticeTargets, plans, supervisionNotices, taskUnits, tasks, units, users, type NoticeLevel, type NoticeTargetStatus } from '@/db/schema';
import { assertCan, can } from '@/lib/auth/permissions';
import { isUnitActor, unitScopeOf, type UnitScope } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import type { Reader } from '@/lib/db';
import { districtScopeOf, inDistrict, ownDistrictId } from '@/lib/districts/district-scope';
import type { UnitRef } from '@/lib/ledger/ledger-service';
import { planShortName, taskLabel, type PlanSummary } from '@/lib/plans/plan-scope';
import { daysUntil } from '@/lib/reporting/calendar';
import { attachmentsOf, type AttachmentMeta } from '@/lib/reporting/submission-snapshot';
import { NOTICE_TARGET_EDITABLE, noticeNumber, type NoticeFilters } from './schemas';

/**
 * 督办单, read side: the list, the overdue list, one notice and the issuing form's data.
 *
 * Authorisation lives here, with the district and the unit in the WHERE clause: supervisors,
 * leaders and admins read every notice of their district (the city office every district's); unit
 * staff read only notices addressed to their unit and see only their own unit's answer. Another
 * district's notice is "not found". The changes are in notice-commands.ts.
 */

/** Days past the due date (0 or less: not overdue). Due today is not overdue; tomorrow it is by 1. */
export function daysOverdue(dueDate: string, today: string): number {
  return -daysUntil(dueDate, today);
}

function isTargetOverdue(noticeStatus: 'open' | 'closed', dueDate: string, targetStatus: NoticeTargetStatus, today: string): boolean {
  return noticeStatus === 'open' && NOTICE_TARGET_EDITABLE.includes(targetStatus) && daysOverdue(dueDate, today) > 0;
}

async function userNames(db: Reader, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((i): i is number => i !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((u) => [u.id, u.name]));
}

/** The task of a notice: 重点任务 40 and its title, with its list. */
export type NoticeTaskRef = { id: number; planId: number; no: number; label: string; title: string; planTitle: string };

/** Columns of a task and its list (join tasks and plans), turned into a NoticeTaskRef by `toTaskRef`. */
const taskRefColumns = {
  taskId: tasks.id,
  taskNo: tasks.no,
  taskTitle: tasks.title,
  planId: plans.id,
  planTitle: plans.title,
  planShortName: plans.shortName,
  planKind: plans.kind,
  planStatus: plans.status,
};
type TaskRefRow = { taskId: number; taskNo: number; taskTitle: string; planId: number; planTitle: string; planShortName: string; planKind: PlanSummary['kind'] };

function toTaskRef(r: TaskRefRow): NoticeTaskRef {
  return { id: r.taskId, planId: r.planId, no: r.taskNo, label: taskLabel({ shortName: r.planShortName, kind: r.planKind }, r.taskNo), title: r.taskTitle, planTitle: r.planTitle };
}

/** A task of the district with its list's status (notices go only to tasks of active lists), or null (another district's too). */
export async function taskRefOf(db: Reader, districtId: number, taskId: number): Promise<(NoticeTaskRef & { status: PlanSummary['status'] }) | null> {
  const [row] = await db
    .select(taskRefColumns)
    .from(tasks)
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(tasks.id, taskId), eq(tasks.districtId, districtId)))
    .limit(1);
  return row ? { ...toTaskRef(row), status: row.planStatus } : null;
}

export type NoticeListRow = {
  id: number;
  no: string;
  level: NoticeLevel;
  status: 'open' | 'closed';
  dueDate: string;
  /** The due date as issued, when an approved extension moved it (延期申请). */
  originalDueDate: string | null;
  issuedAt: Date;
  task: NoticeTaskRef;
  /** All units for oversight roles; the actor's own unit only for unit staff. */
  targets: { id: number; unit: UnitRef; status: NoticeTargetStatus }[];
  /** Days past due with some (visible) unit not answered; null when not overdue. */
  overdueDays: number | null;
};

function addressedTo(unitId: number): SQL {
  // The notice named with its table: in a one-table select drizzle writes a bare "id", which inside the subquery would be the target's.
  return sql`exists (select 1 from ${noticeTargets} where ${noticeTargets.noticeId} = ${supervisionNotices}.${sql.identifier('id')} and ${noticeTargets.unitId} = ${unitId})`;
}

async function targetsOf(db: Reader, noticeIds: number[], scope: UnitScope) {
  if (noticeIds.length === 0) return [];
  const where = scope.kind === 'all' ? inArray(noticeTargets.noticeId, noticeIds) : and(inArray(noticeTargets.noticeId, noticeIds), eq(noticeTargets.unitId, scope.unitId));
  return db
    .select({ t: noticeTargets, unitName: units.name })
    .from(noticeTargets)
    .innerJoin(units, eq(units.id, noticeTargets.unitId))
    .where(where)
    .orderBy(asc(noticeTargets.id));
}

function overdueOf(status: 'open' | 'closed', dueDate: string, targetStatuses: NoticeTargetStatus[], today: string): number | null {
  const late = targetStatuses.some((s) => isTargetOverdue(status, dueDate, s, today));
  return late ? daysOverdue(dueDate, today) : null;
}

/** 督办单列表: every notice for oversight roles (optionally one unit's), the unit's own for its staff. */
export async function listNotices(ctx: ServiceContext, filters: NoticeFilters): Promise<NoticeListRow[]> {
  const { db, today } = ctx;
  const scope = unitScopeOf(ctx.actor);
  const conditions: (SQL | undefined)[] = [inDistrict(supervisionNotices.districtId, districtScopeOf(ctx.actor))];
  if (scope.kind === 'unit') conditions.push(addressedTo(scope.unitId));
  else if (filters.unit !== undefined) conditions.push(addressedTo(filters.unit));
  if (filters.status === 'closed') conditions.push(eq(supervisionNotices.status, 'closed'));
  if (filters.status === 'open' || filters.status === 'overdue') conditions.push(eq(supervisionNotices.status, 'open'));
  const rows = await db
    .select({ n: supervisionNotices, task: taskRefColumns })
    .from(supervisionNotices)
    .innerJoin(tasks, eq(tasks.id, supervisionNotices.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(...conditions))
    .orderBy(desc(supervisionNotices.issuedAt), desc(supervisionNotices.id));
  const targets = await targetsOf(
    db,
    rows.map((r) => r.n.id),
    scope,
  );
  const result = rows.map(({ n, task }): NoticeListRow => {
    const own = targets.filter((t) => t.t.noticeId === n.id);
    return {
      id: n.id,
      no: noticeNumber(n.year, n.seq),
      level: n.level,
      status: n.status,
      dueDate: n.dueDate,
      originalDueDate: n.originalDueDate,
      issuedAt: n.issuedAt,
      task: toTaskRef(task),
      targets: own.map((t) => ({ id: t.t.id, unit: { id: t.t.unitId, name: t.unitName }, status: t.t.status })),
      overdueDays: overdueOf(
        n.status,
        n.dueDate,
        own.map((t) => t.t.status),
        today,
      ),
    };
  });
  return filters.status === 'overdue' ? result.filter((r) => r.overdueDays !== null) : result;
}

export type OverdueNoticeRow = {
  noticeId: number;
  no: string;
  level: NoticeLevel;
  dueDate: string;
  daysOverdue: number;
  task: NoticeTaskRef;
  unit: UnitRef;
  status: NoticeTargetStatus;
};

/**
 * 逾期督办: one row per open notice and unit that has not answered (or was sent back) after the due
 * date (ctx.today), most overdue first. Oversight roles see all; unit staff only their own unit's.
 */
export async function listOverdueNotices(ctx: ServiceContext): Promise<OverdueNoticeRow[]> {
  const { db, today } = ctx;
  const scope = unitScopeOf(ctx.actor);
  const conditions: (SQL | undefined)[] = [
    inDistrict(supervisionNotices.districtId, districtScopeOf(ctx.actor)),
    eq(supervisionNotices.status, 'open'),
    lt(supervisionNotices.dueDate, today),
    inArray(noticeTargets.status, [...NOTICE_TARGET_EDITABLE]),
  ];
  if (scope.kind === 'unit') conditions.push(eq(noticeTargets.unitId, scope.unitId));
  const rows = await db
    .select({ n: supervisionNotices, t: noticeTargets, unitName: units.name, task: taskRefColumns })
    .from(noticeTargets)
    .innerJoin(supervisionNotices, eq(supervisionNotices.id, noticeTargets.noticeId))
    .innerJoin(units, eq(units.id, noticeTargets.unitId))
    .innerJoin(tasks, eq(tasks.id, supervisionNotices.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(...conditions));
  return rows
    .map(({ n, t, unitName, task }) => ({
      noticeId: n.id,
      no: noticeNumber(n.year, n.seq),
      level: n.level,
      dueDate: n.dueDate,
      daysOverdue: daysOverdue(n.dueDate, today),
      task: toTaskRef(task),
      unit: { id: t.unitId, name: unitName },
      status: t.status,
    }))
    .filter((r) => r.daysOverdue > 0)
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.noticeId - b.noticeId || a.unit.name.localeCompare(b.unit.name, 'zh-CN'));
}

export type NoticeAttachment = AttachmentMeta;

export type NoticeTargetView = {
  id: number;
  unit: UnitRef;
  status: NoticeTargetStatus;
  /** Empty until answered. */
  response: string;
  respondedAt: Date | null;
  respondedByName: string | null;
  reviewComment: string | null;
  reviewedAt: Date | null;
  attachments: NoticeAttachment[];
  overdueDays: number | null;
  /** The actor's own unit's part. */
  mine: boolean;
};

export type NoticeNoteView = { id: number; kind: 'interview' | 'note'; content: string; authorName: string; at: Date };

export type NoticeDetail = {
  id: number;
  no: string;
  year: number;
  seq: number;
  level: NoticeLevel;
  status: 'open' | 'closed';
  problem: string;
  requirement: string;
  dueDate: string;
  /** 延期: the due date as issued, when an approved extension moved it (else null). */
  originalDueDate: string | null;
  triggerRule: string | null;
  triggerReason: string | null;
  issuedAt: Date;
  issuedByName: string;
  closedAt: Date | null;
  closedByName: string | null;
  /** The issuing office: the notice's district's 督查室 (districts.officeName), printed as its organ. */
  issuer: string;
  task: NoticeTaskRef;
  /** Every addressed unit by name (as on the printed notice), in the order issued. */
  addressees: UnitRef[];
  /** Answers the actor may see: all for oversight roles, the own unit's only for unit staff. */
  targets: NoticeTargetView[];
  notes: NoticeNoteView[];
  overdueDays: number | null;
  /** The actor reads every unit's answer (supervisor, leader, admin). */
  oversight: boolean;
  canManage: boolean;
};

/**
 * One notice as the actor may see it, or null when it does not exist, is another district's or is
 * not addressed to the actor's unit (the same answer, so ids reveal nothing).
 */
export async function getNotice(ctx: ServiceContext, noticeId: number): Promise<NoticeDetail | null> {
  const { db, actor, today } = ctx;
  const scope = unitScopeOf(actor);
  const oversight = scope.kind === 'all';
  const [row] = await db
    .select({ n: supervisionNotices, task: taskRefColumns, issuer: districts.officeName })
    .from(supervisionNotices)
    .innerJoin(districts, eq(districts.id, supervisionNotices.districtId))
    .innerJoin(tasks, eq(tasks.id, supervisionNotices.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(
      and(
        eq(supervisionNotices.id, noticeId),
        inDistrict(supervisionNotices.districtId, districtScopeOf(actor)),
        scope.kind === 'all' ? undefined : addressedTo(scope.unitId),
      ),
    )
    .limit(1);
  if (!row) return null;
  const { n } = row;
  const addressees = await db
    .select({ id: units.id, name: units.name })
    .from(noticeTargets)
    .innerJoin(units, eq(units.id, noticeTargets.unitId))
    .where(eq(noticeTargets.noticeId, n.id))
    .orderBy(asc(noticeTargets.id));
  const targets = await targetsOf(db, [n.id], scope);
  // Oversight roles see a unit's files once it has answered; the unit sees its own at any time.
  const fileOwners = targets.filter((t) => !oversight || t.t.respondedAt !== null || t.t.unitId === actor.unitId).map((t) => t.t.id);
  const files = await attachmentsOf(db, 'notice_response', fileOwners);
  const notes = oversight
    ? await db
        .select({ id: noticeNotes.id, kind: noticeNotes.kind, content: noticeNotes.content, authorName: users.displayName, at: noticeNotes.at })
        .from(noticeNotes)
        .innerJoin(users, eq(users.id, noticeNotes.authorId))
        .where(eq(noticeNotes.noticeId, n.id))
        .orderBy(asc(noticeNotes.at), asc(noticeNotes.id))
    : [];
  const names = await userNames(db, [n.issuedBy, n.closedBy, ...targets.map((t) => t.t.respondedBy)]);
  const targetViews = targets.map(({ t, unitName }): NoticeTargetView => {
    const answeredOnce = t.respondedAt !== null;
    const mine = isUnitActor(actor) && t.unitId === actor.unitId;
    const showAnswer = mine || answeredOnce;
    return {
      id: t.id,
      unit: { id: t.unitId, name: unitName },
      status: t.status,
      response: showAnswer ? t.response : '',
      respondedAt: t.respondedAt,
      respondedByName: t.respondedBy !== null ? (names.get(t.respondedBy) ?? null) : null,
      reviewComment: t.reviewComment,
      reviewedAt: t.reviewedAt,
      attachments: files.get(t.id) ?? [],
      overdueDays: isTargetOverdue(n.status, n.dueDate, t.status, today) ? daysOverdue(n.dueDate, today) : null,
      mine,
    };
  });
  return {
    id: n.id,
    no: noticeNumber(n.year, n.seq),
    year: n.year,
    seq: n.seq,
    level: n.level,
    status: n.status,
    problem: n.problem,
    requirement: n.requirement,
    dueDate: n.dueDate,
    originalDueDate: n.originalDueDate,
    triggerRule: n.triggerRule,
    triggerReason: n.triggerReason,
    issuedAt: n.issuedAt,
    issuedByName: names.get(n.issuedBy) ?? '—',
    closedAt: n.closedAt,
    closedByName: n.closedBy !== null ? (names.get(n.closedBy) ?? null) : null,
    issuer: row.issuer,
    task: toTaskRef(row.task),
    addressees,
    targets: targetViews,
    notes,
    overdueDays: overdueOf(
      n.status,
      n.dueDate,
      targets.map((t) => t.t.status),
      today,
    ),
    oversight,
    canManage: can(actor, 'notices.manage'),
  };
}

export type IssueFormTask = { id: number; planId: number; no: number; label: string; title: string; lead: UnitRef[]; participating: UnitRef[] };
export type IssueFormData = { lists: { id: number; label: string }[]; tasks: IssueFormTask[]; units: UnitRef[] };

/**
 * What the issuing form offers: the tasks of the given lists (the page passes every active list:
 * a notice can concern a task of any list in the loop) with their units, and every active unit, of
 * the actor's district (a list of another district given is left out).
 */
export async function getIssueFormData(ctx: ServiceContext, lists: readonly PlanSummary[]): Promise<IssueFormData> {
  const { db } = ctx;
  assertCan(ctx.actor, 'notices.manage');
  const districtId = ownDistrictId(ctx.actor);
  const activeUnits = (await db.select({ id: units.id, name: units.name }).from(units).where(and(eq(units.districtId, districtId), eq(units.active, true)))).sort((a, b) =>
    a.name.localeCompare(b.name, 'zh-CN'),
  );
  const ownLists = new Set((await db.select({ id: plans.id }).from(plans).where(eq(plans.districtId, districtId))).map((p) => p.id));
  const inLoop = lists.filter((p) => p.status === 'active' && ownLists.has(p.id));
  if (inLoop.length === 0) return { lists: [], tasks: [], units: activeUnits };
  const planIds = inLoop.map((p) => p.id);
  const planOf = new Map(inLoop.map((p) => [p.id, p]));
  const taskRows = (
    await db
      .select({ id: tasks.id, planId: tasks.planId, no: tasks.no, title: tasks.title })
      .from(tasks)
      .where(and(eq(tasks.districtId, districtId), inArray(tasks.planId, planIds)))
      .orderBy(asc(tasks.no))
  ).sort((a, b) => planIds.indexOf(a.planId) - planIds.indexOf(b.planId));
  const links = await db
    .select({ taskId: taskUnits.taskId, role: taskUnits.role, id: units.id, name: units.name })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(and(eq(tasks.districtId, districtId), inArray(tasks.planId, planIds), eq(units.active, true)))
    .orderBy(asc(taskUnits.taskId), asc(taskUnits.position));
  const linksOf = new Map<number, typeof links>();
  for (const l of links) linksOf.set(l.taskId, [...(linksOf.get(l.taskId) ?? []), l]);
  return {
    lists: inLoop.map((p) => ({ id: p.id, label: planShortName(p) })),
    tasks: taskRows.map((t) => {
      const own = linksOf.get(t.id) ?? [];
      return {
        ...t,
        label: taskLabel(planOf.get(t.planId)!, t.no),
        lead: own.filter((l) => l.role === 'lead').map(({ id, name }) => ({ id, name })),
        participating: own.filter((l) => l.role === 'participating').map(({ id, name }) => ({ id, name })),
      };
    }),
    units: activeUnits,
  };
}
