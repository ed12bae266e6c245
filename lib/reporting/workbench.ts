import { and, asc, eq, inArray } from 'drizzle-orm';
import { contributions, reports, tasks, taskUnits, units, type ReportingPeriod } from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import { ownUnitId } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import { ownDistrictId } from '@/lib/districts/district-scope';
import type { UnitRef } from '@/lib/ledger/ledger-service';
import { plansInDistrict, taskLabel, type PlanSummary } from '@/lib/plans/plan-scope';
import { signForState, type SignForState } from '@/lib/lifecycle/sign-for-rules';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { dueInPeriod, isPeriodOpen, shanghaiDate } from './calendar';
import { currentPeriodOf, listPeriods } from './period-service';
import type { ContributionState, ReportState } from './report-state';
import { approvedReportDeadlinesOfPlan } from '@/lib/extensions/extension-queries';
import { overrideKey } from '@/lib/extensions/extension-rules';
import { memoByGeneration } from '@/lib/cache/generation-memo';

/**
 * This period for one task (dueInPeriod): whether it is due and by when. A task of a per-item list is
 * not due outside its deadline's month (the deadlines are then the item's own). Null deadlines: no period.
 */
type RowDue = {
  due: boolean;
  leadDeadline: string | null;
  contributionDeadline: string | null;
  signFor: SignForState;
  /** 延期: this month's deadline as it was, when an approved extension moved the unit's (the deadline above is the new one). */
  movedFrom?: string | null;
};

export type WorkbenchLeadRow = RowDue & {
  task: { id: number; no: number; label: string; title: string; deadline: string | null };
  state: ReportState;
  submittedAt: Date | null;
  partsExpected: number;
  partsReceived: number;
  missingParts: string[];
  history: Record<string, ReportState>;
  /** The months of `periods` in which the task is not due (a per-item list's other months). */
  notDue: string[];
};
export type WorkbenchPartRow = RowDue & {
  task: { id: number; no: number; label: string; title: string; deadline: string | null; leadNames: string[] };
  state: ContributionState;
  submittedAt: Date | null;
  history: Record<string, ContributionState>;
  notDue: string[];
};
export type Workbench = {
  plan: PlanSummary;
  unit: UnitRef;
  today: string;
  period: ReportingPeriod | null;
  periods: ReportingPeriod[];
  leading: WorkbenchLeadRow[];
  joining: WorkbenchPartRow[];
  /** 已办结: closed tasks of the unit, out of its monthly reporting. */
  closed: WorkbenchClosedRow[];
};
export type WorkbenchClosedRow = { task: { id: number; no: number; label: string; title: string }; role: 'lead' | 'participating'; closedOn: string };

/**
 * 填报工作台: for each list in view, this period at a glance for the actor's unit, plus the months
 * before. A unit sees all its tasks from all lists in one place; lists where it has no task are left out.
 */
export async function getWorkbench(ctx: ServiceContext, inView: PlanSummary[]): Promise<Workbench[]> {
  assertCan(ctx.actor, 'reports.write');
  const districtId = ownDistrictId(ctx.actor);
  const unit: UnitRef = { id: ownUnitId(ctx.actor), name: ctx.actor.unitName ?? '' };
  // Kept until the next write (the page is opened far more often than anything on it changes); the
  // key holds all it depends on besides the data: the district, the unit, the lists asked for and the day.
  const key = ['workbench', `d${districtId}`, `u${unit.id}`, unit.name, inView.map((p) => p.id).join(','), ctx.today].join('|');
  return memoByGeneration(
    ctx.db,
    key,
    async () => {
      const lists: Workbench[] = [];
      // A list of another district in view (a stale or forged choice) is left out before anything of it is read.
      const plans = await plansInDistrict(ctx.db, { kind: 'district', districtId }, inView);
      // The lists' reads are independent: on PostgreSQL they go out side by side.
      for (const wb of await Promise.all(plans.map((plan) => workbenchOfPlan(ctx, districtId, unit, plan)))) {
        if (wb.leading.length + wb.joining.length + wb.closed.length > 0) lists.push(wb);
      }
      return lists;
    },
    { view: true },
  );
}

async function workbenchOfPlan(ctx: ServiceContext, districtId: number, unit: UnitRef, plan: PlanSummary): Promise<Workbench> {
  const { db, today } = ctx;
  const unitId = unit.id;
  const periods = (await listPeriods(db, plan.id)).filter((p) => isPeriodOpen(p.month, today));
  const period = await currentPeriodOf(db, plan.id, today);
  const monthOf = new Map(periods.map((p) => [p.id, p.month]));

  const myTasks = await db
    .select({ id: tasks.id, no: tasks.no, title: tasks.title, deadline: tasks.deadline, role: taskUnits.role, closedAt: tasks.closedAt, assignedOn: taskUnits.assignedOn, signedAt: taskUnits.signedAt })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    // The district as well as the unit and the list: a task counts only in its own district.
    .where(and(eq(taskUnits.unitId, unitId), eq(tasks.planId, plan.id), eq(tasks.districtId, districtId)))
    .orderBy(asc(tasks.no));
  // 办结销号: a closed task leaves the monthly reporting (listed apart as 已办结).
  const closed: WorkbenchClosedRow[] = myTasks.flatMap((t) => (t.closedAt ? [{ task: { id: t.id, no: t.no, label: taskLabel(plan, t.no), title: t.title }, role: t.role, closedOn: shanghaiDate(t.closedAt) }] : []));
  const openTasks = myTasks.filter((t) => !t.closedAt);
  const taskIds = openTasks.map((t) => t.id);
  if (taskIds.length === 0) {
    return { plan, unit, today, period, periods, leading: [], joining: [], closed };
  }
  const settings = await getWarningSettings(db, districtId);

  // One query per kind, never one per task.
  const myReports = await db
    .select({ taskId: reports.taskId, periodId: reports.periodId, status: reports.status, submittedAt: reports.submittedAt })
    .from(reports)
    .where(and(eq(reports.unitId, unitId), inArray(reports.taskId, taskIds)));
  const myParts = await db
    .select({ taskId: contributions.taskId, periodId: contributions.periodId, status: contributions.status, submittedAt: contributions.submittedAt })
    .from(contributions)
    .where(and(eq(contributions.unitId, unitId), inArray(contributions.taskId, taskIds)));
  const unitsOnTasks = await db
    .select({ taskId: taskUnits.taskId, role: taskUnits.role, unitId: units.id, name: units.name })
    .from(taskUnits)
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(inArray(taskUnits.taskId, taskIds))
    .orderBy(asc(taskUnits.position));
  const partsThisPeriod = period
    ? await db
        .select({ taskId: contributions.taskId, unitId: contributions.unitId })
        .from(contributions)
        .where(and(eq(contributions.periodId, period.id), inArray(contributions.status, ['submitted', 'approved']), inArray(contributions.taskId, taskIds)))
    : [];

  // 延期: the unit's deadlines of this month moved by approved extensions (lib/extensions).
  const moved = period ? await approvedReportDeadlinesOfPlan(db, plan.id, taskIds, [period.id]) : new Map<string, string>();
  const leading: WorkbenchLeadRow[] = [];
  const joining: WorkbenchPartRow[] = [];
  for (const t of openTasks) {
    const planned = period ? dueInPeriod(plan, t, period) : null;
    const movedTo = period ? moved.get(overrideKey(t.id, period.id, unitId)) : undefined;
    const thisPeriod = planned && movedTo ? { ...planned, leadDeadline: t.role === 'lead' ? movedTo : planned.leadDeadline, contributionDeadline: t.role === 'lead' ? planned.contributionDeadline : movedTo } : planned;
    const rowDue: RowDue = {
      due: thisPeriod?.due ?? true,
      leadDeadline: thisPeriod?.leadDeadline ?? null,
      contributionDeadline: thisPeriod?.contributionDeadline ?? null,
      signFor: signForState({ assignedOn: t.assignedOn, signedAt: t.signedAt, today }, settings),
      movedFrom: movedTo && planned ? (t.role === 'lead' ? planned.leadDeadline : planned.contributionDeadline) : null,
    };
    const notDue = periods.filter((p) => !dueInPeriod(plan, t, p).due).map((p) => p.month);
    if (t.role === 'lead') {
      const history: Record<string, ReportState> = {};
      for (const r of myReports.filter((r) => r.taskId === t.id)) {
        const m = monthOf.get(r.periodId);
        if (m) history[m] = r.status;
      }
      const current = period ? myReports.find((r) => r.taskId === t.id && r.periodId === period.id) : undefined;
      const expected = unitsOnTasks.filter((u) => u.taskId === t.id && u.role === 'participating');
      const received = new Set(partsThisPeriod.filter((p) => p.taskId === t.id).map((p) => p.unitId));
      leading.push({
        ...rowDue,
        task: { id: t.id, no: t.no, label: taskLabel(plan, t.no), title: t.title, deadline: t.deadline },
        state: current?.status ?? 'none',
        submittedAt: current?.submittedAt ?? null,
        partsExpected: expected.length,
        partsReceived: expected.filter((u) => received.has(u.unitId)).length,
        missingParts: expected.filter((u) => !received.has(u.unitId)).map((u) => u.name),
        history,
        notDue,
      });
    } else {
      const history: Record<string, ContributionState> = {};
      for (const c of myParts.filter((c) => c.taskId === t.id)) {
        const m = monthOf.get(c.periodId);
        if (m) history[m] = c.status;
      }
      const current = period ? myParts.find((c) => c.taskId === t.id && c.periodId === period.id) : undefined;
      joining.push({
        ...rowDue,
        task: {
          id: t.id,
          no: t.no,
          label: taskLabel(plan, t.no),
          title: t.title,
          deadline: t.deadline,
          leadNames: unitsOnTasks.filter((u) => u.taskId === t.id && u.role === 'lead').map((u) => u.name),
        },
        state: current?.status ?? 'none',
        submittedAt: current?.submittedAt ?? null,
        history,
        notDue,
      });
    }
  }
  return { plan, unit, today, period, periods, leading, joining, closed };
}
