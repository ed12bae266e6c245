import { and, asc, desc, eq, inArray, isNull, lt, lte } from 'drizzle-orm';
import {
  contributions,
  milestonePlans,
  milestones,
  monthSignOffs,
  reportIndicatorValues,
  reportingPeriods,
  reports,
  tasks,
  taskUnits,
  units,
  users,
  type ContributionStatus,
  type ReportStatus,
  type ReportingPeriod,
} from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import { ownUnitId } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import type { Reader } from '@/lib/db';
import { ownDistrictId } from '@/lib/districts/district-scope';
import { approvedReportDeadlinesOfPlan } from '@/lib/extensions/extension-queries';
import { overrideKey } from '@/lib/extensions/extension-rules';
import type { UnitRef } from '@/lib/ledger/ledger-service';
import { activePlans, planShortName, taskLabel } from '@/lib/plans/plan-scope';
import { dueInPeriod, isPeriodOpen } from './calendar';
import { missingForSubmit } from './missing-for-submit';
import { itemKey, type MonthItemKey } from './month-rules';
import { confirmedIndicatorsOfTasks, type IndicatorField } from './report-editor';
import { isReportEditable } from './report-state';
import { attachmentsOf, type AttachmentMeta } from './submission-snapshot';

/** What a row of the month page shows of who saved it last and in what state it is. */
type MonthItemBase = {
  key: MonthItemKey;
  plan: { id: number; name: string };
  task: { id: number; label: string; title: string };
  periodId: number;
  /** Due this month (dueInPeriod); a per-item task is listed in another month only once the unit wrote on it. */
  due: boolean;
  deadline: string;
  /** 延期: the deadline as planned, when an approved extension moved the unit's (null otherwise). */
  movedFrom: string | null;
  /** The row's id (null before its first save), its version (0 before the first save) and state. */
  id: number | null;
  version: number;
  editable: boolean;
  updatedAt: Date | null;
  updatedByName: string | null;
  submittedAt: Date | null;
  reviewComment: string | null;
  attachments: AttachmentMeta[];
  /** What submitting would still need (empty: complete), by field label. */
  missing: string[];
};

export type MonthIndicator = IndicatorField & { previous: number | null };
export type MonthMilestone = { id: number; deliverable: string; dueOn: string; doneOn: string | null };
export type ReceivedPart = { unitName: string; content: string; submittedAt: Date | null; attachments: AttachmentMeta[] };

export type MonthLeadItem = MonthItemBase & {
  kind: 'report';
  state: ReportStatus | 'none';
  fields: { progress: string; percentDone: number | null; problems: string; nextSteps: string };
  indicatorValues: Record<number, number | null>;
  /** The month whose approved report pre-filled this one (减负), while nothing is saved yet. */
  prefilledFrom: string | null;
  indicators: MonthIndicator[];
  /** Approved milestones due by the end of this month and not yet done (时间节点, to tick). */
  milestones: MonthMilestone[];
  parts: ReceivedPart[];
  missingParts: string[];
};

export type MonthPartItem = MonthItemBase & {
  kind: 'contribution';
  state: ContributionStatus | 'none';
  content: string;
  leadNames: string[];
};

export type MonthItem = MonthLeadItem | MonthPartItem;

/** The head's sign-off: each row's version and its evidence (attachment ids, comma-separated) as signed, by signOffKey. */
export type MonthSignOffView = { signedByName: string; signedAt: Date; versions: Record<string, number>; files: Record<string, string> };

export type MonthSheet = {
  unit: UnitRef;
  today: string;
  month: string;
  /** The open months of the lists the unit has tasks on, newest first. */
  months: string[];
  items: MonthItem[];
  /** 负责人审阅: whether the unit asks for it, and the head's sign-off of this month. */
  signOffRequired: boolean;
  signOff: MonthSignOffView | null;
};

/** The month page's filter: everything of the month, or only what still has to be sent (the digest's links). */
export type MonthFilter = { month?: string; onlyOutstanding?: boolean };

/**
 * 月度填报: a unit's whole month on one page — every task it leads and every part it owes, across all
 * active lists, with what each row needs (fields pre-filled from the last approved month, indicators
 * by kind, milestones to tick, parts received). The unit comes from the session; a handful of queries
 * per kind, never one per task.
 */
export async function getMonthSheet(ctx: ServiceContext, filter: MonthFilter = {}): Promise<MonthSheet> {
  const { db, actor, today } = ctx;
  assertCan(actor, 'reports.write');
  const districtId = ownDistrictId(actor);
  const unitId = ownUnitId(actor);
  const [unitRow] = await db
    .select({ id: units.id, name: units.name, requiresSignOff: units.requiresSignOff })
    .from(units)
    .where(and(eq(units.id, unitId), eq(units.districtId, districtId)))
    .limit(1);
  const unit: UnitRef = { id: unitId, name: unitRow?.name ?? actor.unitName ?? '' };
  const plans = await activePlans(db, { kind: 'district', districtId });
  const planOf = new Map(plans.map((p) => [p.id, p]));

  const assignments = plans.length
    ? await db
        .select({ taskId: tasks.id, planId: tasks.planId, no: tasks.no, title: tasks.title, deadline: tasks.deadline, role: taskUnits.role })
        .from(taskUnits)
        .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
        .where(and(eq(taskUnits.unitId, unitId), eq(tasks.districtId, districtId), inArray(tasks.planId, plans.map((p) => p.id)), isNull(tasks.closedAt)))
        .orderBy(asc(tasks.planId), asc(tasks.no))
    : [];
  const planIds = [...new Set(assignments.map((a) => a.planId))];
  const periods = planIds.length
    ? (await db.select().from(reportingPeriods).where(inArray(reportingPeriods.planId, planIds))).filter((p) => isPeriodOpen(p.month, today))
    : [];
  const months = [...new Set(periods.map((p) => p.month))].sort().reverse();
  const thisMonth = today.slice(0, 7);
  const month = filter.month && months.includes(filter.month) ? filter.month : months.includes(thisMonth) ? thisMonth : (months[0] ?? thisMonth);
  const periodOfPlan = new Map<number, ReportingPeriod>(periods.filter((p) => p.month === month).map((p) => [p.planId, p]));

  const signOff = await signOffOf(db, unitId, month);
  const empty: MonthSheet = { unit, today, month, months, items: [], signOffRequired: unitRow?.requiresSignOff ?? false, signOff };
  const inMonth = assignments.filter((a) => periodOfPlan.has(a.planId));
  if (inMonth.length === 0) return empty;
  const taskIds = inMonth.map((a) => a.taskId);
  const periodIds = [...periodOfPlan.values()].map((p) => p.id);

  const reportRows = await db
    .select()
    .from(reports)
    .where(and(eq(reports.unitId, unitId), inArray(reports.taskId, taskIds), inArray(reports.periodId, periodIds)));
  const partRows = await db
    .select()
    .from(contributions)
    .where(and(eq(contributions.unitId, unitId), inArray(contributions.taskId, taskIds), inArray(contributions.periodId, periodIds)));
  const reportOf = new Map(reportRows.map((r) => [`${r.taskId}|${r.periodId}`, r]));
  const partOf = new Map(partRows.map((c) => [`${c.taskId}|${c.periodId}`, c]));

  const leadIds = inMonth.filter((a) => a.role === 'lead').map((a) => a.taskId);
  const previous = await previousApproved(db, unitId, leadIds, month);
  const indicatorRows = await confirmedIndicatorsOfTasks(db, leadIds);
  const valueRows = await indicatorValuesOf(db, [...reportRows.map((r) => r.id), ...[...previous.values()].map((p) => p.id)]);
  const milestoneRows = await openMilestones(db, leadIds, month);
  const unitRows = await db
    .select({ taskId: taskUnits.taskId, role: taskUnits.role, unitId: units.id, name: units.name })
    .from(taskUnits)
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(inArray(taskUnits.taskId, taskIds))
    .orderBy(asc(taskUnits.position));
  const received = leadIds.length
    ? await db
        .select({ c: contributions, unitName: units.name })
        .from(contributions)
        .innerJoin(units, eq(units.id, contributions.unitId))
        .where(and(inArray(contributions.taskId, leadIds), inArray(contributions.periodId, periodIds), inArray(contributions.status, ['submitted', 'approved'])))
        .orderBy(asc(contributions.submittedAt))
    : [];
  const reportFiles = await attachmentsOf(db, 'report', reportRows.map((r) => r.id));
  const partFiles = await attachmentsOf(db, 'contribution', [...partRows.map((c) => c.id), ...received.map((r) => r.c.id)]);
  const names = await userNames(db, [...reportRows.map((r) => r.updatedBy), ...partRows.map((c) => c.updatedBy)]);
  const moved = new Map<string, string>();
  for (const planId of planIds) {
    const period = periodOfPlan.get(planId);
    if (!period) continue;
    for (const [k, v] of await approvedReportDeadlinesOfPlan(db, planId, taskIds, [period.id])) moved.set(k, v);
  }

  const items: MonthItem[] = [];
  for (const a of inMonth) {
    const plan = planOf.get(a.planId)!;
    const period = periodOfPlan.get(a.planId)!;
    const planned = dueInPeriod(plan, a, period);
    const movedTo = moved.get(overrideKey(a.taskId, period.id, unitId));
    const plannedDeadline = a.role === 'lead' ? planned.leadDeadline : planned.contributionDeadline;
    const common = {
      plan: { id: plan.id, name: planShortName(plan) },
      task: { id: a.taskId, label: taskLabel(plan, a.no), title: a.title },
      periodId: period.id,
      due: planned.due,
      deadline: movedTo ?? plannedDeadline,
      movedFrom: movedTo ? plannedDeadline : null,
    };
    if (a.role === 'lead') {
      const row = reportOf.get(`${a.taskId}|${period.id}`);
      // A per-item task outside its month is listed only once the unit has written on it.
      if (!planned.due && !row) continue;
      const prev = previous.get(a.taskId);
      const base = row ?? prev?.row;
      const fields = { progress: row?.progress ?? '', percentDone: base?.percentDone ?? null, problems: base?.problems ?? '', nextSteps: base?.nextSteps ?? '' };
      const indicators = indicatorRows.filter((i) => i.taskId === a.taskId);
      const valuesOf = (reportId: number | undefined) => new Map(valueRows.filter((v) => v.reportId === reportId).map((v) => [v.indicatorId, v.value]));
      const current = valuesOf(base?.id);
      const last = valuesOf(prev?.row.id);
      const indicatorValues = Object.fromEntries(indicators.map((i) => [i.id, current.get(i.id) ?? null]));
      const state = row?.status ?? 'none';
      const parts = received.filter((r) => r.c.taskId === a.taskId && r.c.periodId === period.id);
      const expected = unitRows.filter((u) => u.taskId === a.taskId && u.role === 'participating');
      items.push({
        ...common,
        kind: 'report',
        key: itemKey('report', a.taskId, period.id),
        ...savedRow(row, names, reportFiles),
        state,
        fields,
        indicatorValues,
        prefilledFrom: !row && prev ? prev.month : null,
        indicators: indicators.map(({ taskId: _t, ...i }) => ({ ...i, previous: last.get(i.id) ?? null })),
        milestones: milestoneRows.filter((m) => m.taskId === a.taskId).map(({ taskId: _t, ...m }) => m),
        parts: parts.map((p) => ({ unitName: p.unitName, content: p.c.content, submittedAt: p.c.submittedAt, attachments: partFiles.get(p.c.id) ?? [] })),
        missingParts: expected.filter((u) => !parts.some((p) => p.c.unitId === u.unitId)).map((u) => u.name),
        missing: missingForSubmit('report', fields),
      });
    } else {
      const row = partOf.get(`${a.taskId}|${period.id}`);
      if (!planned.due && !row) continue;
      const state = row?.status ?? 'none';
      const content = row?.content ?? '';
      items.push({
        ...common,
        kind: 'contribution',
        key: itemKey('contribution', a.taskId, period.id),
        ...savedRow(row, names, partFiles),
        state,
        content,
        leadNames: unitRows.filter((u) => u.taskId === a.taskId && u.role === 'lead').map((u) => u.name),
        missing: missingForSubmit('contribution', { content }),
      });
    }
  }
  const shown = filter.onlyOutstanding ? items.filter((i) => i.editable) : items;
  return { ...empty, items: shown };
}

/** What a row shows of its saved report or part (none yet: id null, version 0, nothing to show). */
function savedRow(
  row: { id: number; status: ReportStatus | ContributionStatus; version: number; updatedAt: Date; updatedBy: number | null; submittedAt: Date | null; reviewComment: string | null } | undefined,
  names: Map<number, string>,
  files: Map<number, AttachmentMeta[]>,
) {
  return {
    id: row?.id ?? null,
    version: row?.version ?? 0,
    editable: isReportEditable(row?.status ?? 'none'),
    updatedAt: row?.updatedAt ?? null,
    updatedByName: row ? (names.get(row.updatedBy ?? -1) ?? '—') : null,
    submittedAt: row?.submittedAt ?? null,
    reviewComment: row?.reviewComment ?? null,
    attachments: row ? (files.get(row.id) ?? []) : [],
  };
}

/** The last approved report of each task before `month`, for the unit (the pre-fill of 减负). */
async function previousApproved(db: Reader, unitId: number, taskIds: number[], month: string) {
  const byTask = new Map<number, { row: typeof reports.$inferSelect; month: string; id: number }>();
  if (taskIds.length === 0) return byTask;
  const rows = await db
    .select({ r: reports, month: reportingPeriods.month })
    .from(reports)
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, reports.periodId))
    .where(and(eq(reports.unitId, unitId), inArray(reports.taskId, taskIds), eq(reports.status, 'approved'), lt(reportingPeriods.month, month)))
    .orderBy(desc(reportingPeriods.month));
  for (const { r, month: m } of rows) if (!byTask.has(r.taskId)) byTask.set(r.taskId, { row: r, month: m, id: r.id });
  return byTask;
}

async function indicatorValuesOf(db: Reader, reportIds: number[]) {
  if (reportIds.length === 0) return [];
  return db
    .select({ reportId: reportIndicatorValues.reportId, indicatorId: reportIndicatorValues.indicatorId, value: reportIndicatorValues.value })
    .from(reportIndicatorValues)
    .where(inArray(reportIndicatorValues.reportId, reportIds));
}

/** Approved plans' milestones due by the end of the month and not yet done. */
async function openMilestones(db: Reader, taskIds: number[], month: string) {
  if (taskIds.length === 0) return [];
  return db
    .select({ id: milestones.id, taskId: milestones.taskId, deliverable: milestones.deliverable, dueOn: milestones.dueOn, doneOn: milestones.doneOn })
    .from(milestones)
    .innerJoin(milestonePlans, eq(milestonePlans.id, milestones.planId))
    .where(and(inArray(milestones.taskId, taskIds), eq(milestonePlans.status, 'approved'), lte(milestones.dueOn, `${month}-31`), isNull(milestones.doneOn)))
    .orderBy(asc(milestones.dueOn), asc(milestones.position));
}

async function userNames(db: Reader, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((i): i is number => i !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The unit head's sign-off of a month, or null. */
export async function signOffOf(db: Reader, unitId: number, month: string): Promise<MonthSignOffView | null> {
  const [row] = await db
    .select({ versions: monthSignOffs.versions, files: monthSignOffs.files, signedAt: monthSignOffs.signedAt, name: users.displayName })
    .from(monthSignOffs)
    .innerJoin(users, eq(users.id, monthSignOffs.signedBy))
    .where(and(eq(monthSignOffs.unitId, unitId), eq(monthSignOffs.month, month)))
    .limit(1);
  if (!row) return null;
  return { signedByName: row.name, signedAt: row.signedAt, versions: JSON.parse(row.versions) as Record<string, number>, files: JSON.parse(row.files) as Record<string, string> };
}

