import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { contributions, indicators, reportIndicatorValues, reports, sections, taskUnits, tasks, units, type IndicatorComparator } from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import { unitScopeOf } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import { completionRatio } from '@/lib/indicators/indicator-service';
import { inActorDistrict } from '@/lib/districts/district-scope';
import { planShortName, plansInDistrict, taskLabel, type PlanSummary } from '@/lib/plans/plan-scope';
import { isPeriodOpen, monthLabel } from '@/lib/reporting/calendar';
import { listPeriodsOfPlans } from '@/lib/reporting/period-service';
import { REPORT_FIELDS } from '@/lib/reporting/report-fields';
import { CONTRIBUTION_STATE_LABELS, REPORT_STATE_LABELS, type ContributionState, type ReportState } from '@/lib/reporting/report-state';
import type { SignalLevel } from '@/lib/warnings/rules';
import { signalsForPlans } from '@/lib/warnings/task-signals';
import { exportDistrict, type ExportDistrict } from './export-district';

/**
 * 工作台账 export: one plain row per task of the lists in view (each row names its list and the task
 * as 重点任务 40), gathered in bulk (one query per kind, never one per task). The .xlsx and .csv
 * writers both render this model through `ledgerTable`.
 *
 * Scope: supervisors, leaders and admins get every task with every lead unit's state and submitted
 * text. Unit staff get only the tasks their unit leads or joins, and only their own unit's report
 * text, state and monthly figures; the unit comes from the session and sits in the WHERE clauses.
 */

export const SIGNAL_WORDS: Record<SignalLevel, '红' | '黄' | '绿'> = { red: '红', yellow: '黄', green: '绿' };

export type SignalCell = { level: SignalLevel; word: '红' | '黄' | '绿'; reason: string };
export type LedgerIndicator = {
  name: string;
  unit: string;
  comparator: IndicatorComparator;
  target: number;
  targetMax: number | null;
  /** Latest cumulative figure from a submitted or approved report; null when nothing reported. */
  actual: number | null;
  /** actual ÷ target (0–1+), null without a figure. */
  completion: number | null;
};
/** One lead unit's text for the period (several lead units: each shown with 【unit】). */
export type UnitText = { unitName: string; text: string };
export type LeadState = { unitName: string; state: ReportState };
export type MonthEntry = { unitName: string; state: ReportState; percentDone: number | null };
/** A month of the lists in view (a quarterly list has periods in March, June, September, December only). */
export type LedgerMonth = { month: string; label: string; begun: boolean };

export type LedgerExportRow = {
  taskId: number;
  planId: number;
  /** The list's short name (清单). */
  planName: string;
  /** 重点任务 40 */
  label: string;
  no: number;
  sectionNo: number;
  section: string;
  title: string;
  lead: string[];
  participating: string[];
  openEnded: boolean;
  /** 责任领导 */
  leaders: string[];
  /** 完成时限, as written (or the date). */
  deadline: string;
  indicators: LedgerIndicator[];
  /** The month of the list's current period (this month's, else the latest begun); null without periods. */
  periodMonth: string | null;
  /** This period's progress and problems, from the report(s) the actor may read. */
  progress: UnitText[];
  problems: UnitText[];
  /** This period's state per lead unit the actor may see. */
  states: LeadState[];
  /** Unit staff on a task they only join: their own part's state this period. */
  ownPart: ContributionState | null;
  multiLead: boolean;
  signals: { late: SignalCell; pace: SignalCell; target: SignalCell };
  flag: SignalCell | null;
  /** Per month of the lists in view: state and percent done of each visible lead unit; `scheduled` false when the task's list has no period that month. */
  months: { month: string; begun: boolean; scheduled: boolean; entries: MonthEntry[] }[];
};

export type LedgerExport = {
  /** The district the file speaks for (its name as the workbook's author). */
  district: ExportDistrict;
  plans: PlanSummary[];
  today: string;
  /** The current month common to every list in view; null when the lists' current periods differ (or there is none). */
  period: LedgerMonth | null;
  months: LedgerMonth[];
  scope: { kind: 'all' } | { kind: 'unit'; unitId: number; unitName: string };
  /** The most confirmed indicators any exported task has: the number of indicator column groups. */
  maxIndicators: number;
  rows: LedgerExportRow[];
};

/** Oversight roles read submitted text only; a unit's drafts stay with the unit. */
const READABLE_BY_OFFICE: ReadonlySet<ReportState> = new Set(['submitted', 'approved', 'returned']);

function signalCell(s: { level: SignalLevel; reason: string }): SignalCell {
  return { level: s.level, word: SIGNAL_WORDS[s.level], reason: s.reason };
}

/** A list's current period: the one of today's month, else the latest that has begun, else its first. */
function currentOf<P extends { month: string }>(periods: readonly P[], today: string): P | null {
  const month = today.slice(0, 7);
  return periods.find((p) => p.month === month) ?? [...periods].reverse().find((p) => isPeriodOpen(p.month, today)) ?? periods[0] ?? null;
}

export async function getLedgerExport(ctx: ServiceContext, inView: readonly PlanSummary[]): Promise<LedgerExport> {
  const { db, actor, today } = ctx;
  assertCan(actor, 'exports.read');
  const unitScope = unitScopeOf(actor);
  const ownUnit = unitScope.kind === 'all' ? null : unitScope.unitId;
  // Lists of another district among those in view export nothing (and are not named).
  const plans = await plansInDistrict(db, actor, inView);
  const planIds = plans.map((p) => p.id);
  const district = await exportDistrict(db, actor, { planIds });
  const planOf = new Map(plans.map((p) => [p.id, p]));

  const periods = await listPeriodsOfPlans(db, planIds);
  const months: LedgerMonth[] = [...new Set(periods.map((p) => p.month))].sort().map((month) => ({ month, label: monthLabel(month), begun: isPeriodOpen(month, today) }));
  const periodAt = new Map(periods.map((p) => [`${p.planId}:${p.month}`, p.id]));
  const currentOfPlan = new Map(plans.map((plan) => [plan.id, currentOf(periods.filter((p) => p.planId === plan.id), today)]));
  const currentMonths = new Set([...currentOfPlan.values()].map((p) => p?.month ?? null));
  const common = currentMonths.size === 1 ? [...currentMonths][0]! : null;
  const period = common ? (months.find((m) => m.month === common) ?? null) : null;
  const scope: LedgerExport['scope'] = ownUnit === null ? { kind: 'all' } : { kind: 'unit', unitId: ownUnit, unitName: actor.unitName ?? '' };
  if (planIds.length === 0) return { district, plans, today, period, months, scope, maxIndicators: 0, rows: [] };

  const inDistrictOfActor = inActorDistrict(tasks.districtId, actor);
  const conditions: SQL[] = [inArray(tasks.planId, planIds), ...(inDistrictOfActor ? [inDistrictOfActor] : [])];
  if (ownUnit !== null) {
    // The outer task named with its table (a bare "id" inside the subquery would be tu.id).
    conditions.push(sql`exists (select 1 from task_units tu where tu.task_id = ${tasks}.${sql.identifier('id')} and tu.unit_id = ${ownUnit})`);
  }
  const taskRows = (
    await db
      .select({
        id: tasks.id,
        planId: tasks.planId,
        no: tasks.no,
        title: tasks.title,
        openEnded: tasks.openEnded,
        leaders: tasks.leaders,
        deadline: tasks.deadline,
        deadlineText: tasks.deadlineText,
        sectionNo: sections.no,
        numeral: sections.numeral,
        sectionTitle: sections.title,
      })
      .from(tasks)
      .innerJoin(sections, eq(sections.id, tasks.sectionId))
      .where(and(...conditions))
      .orderBy(asc(tasks.no))
  ).sort((a, b) => planIds.indexOf(a.planId) - planIds.indexOf(b.planId) || a.no - b.no);
  const ids = taskRows.map((t) => t.id);
  if (ids.length === 0) return { district, plans, today, period, months, scope, maxIndicators: 0, rows: [] };

  const links = await db
    .select({ taskId: taskUnits.taskId, role: taskUnits.role, unitId: units.id, name: units.name })
    .from(taskUnits)
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(inArray(taskUnits.taskId, ids))
    .orderBy(asc(taskUnits.taskId), asc(taskUnits.position));

  const inds = await db
    .select({
      id: indicators.id,
      taskId: indicators.taskId,
      name: indicators.name,
      unit: indicators.unit,
      comparator: indicators.comparator,
      target: indicators.target,
      targetMax: indicators.targetMax,
    })
    .from(indicators)
    .where(and(inArray(indicators.taskId, ids), eq(indicators.status, 'confirmed')))
    .orderBy(asc(indicators.taskId), asc(indicators.position), asc(indicators.id));

  // Latest reported figure per indicator (latest month, then latest submission), as on the task page.
  const begunMonth = new Map(periods.filter((p) => isPeriodOpen(p.month, today)).map((p) => [p.id, p.month]));
  const values = inds.length
    ? await db
        .select({ indicatorId: reportIndicatorValues.indicatorId, value: reportIndicatorValues.value, periodId: reports.periodId, submittedAt: reports.submittedAt })
        .from(reportIndicatorValues)
        .innerJoin(reports, eq(reports.id, reportIndicatorValues.reportId))
        .where(and(inArray(reports.taskId, ids), inArray(reports.status, ['submitted', 'approved'])))
    : [];
  const latest = new Map<number, { month: string; at: number; value: number }>();
  for (const v of values) {
    const month = begunMonth.get(v.periodId);
    if (!month) continue;
    const at = v.submittedAt?.getTime() ?? 0;
    const prev = latest.get(v.indicatorId);
    if (!prev || month > prev.month || (month === prev.month && at > prev.at)) latest.set(v.indicatorId, { month, at, value: v.value });
  }

  // Reports: every unit's for the office, only the own unit's for unit staff (in the query).
  const reportRows = await db
    .select({
      taskId: reports.taskId,
      unitId: reports.unitId,
      periodId: reports.periodId,
      status: reports.status,
      progress: reports.progress,
      problems: reports.problems,
      percentDone: reports.percentDone,
    })
    .from(reports)
    .where(ownUnit === null ? inArray(reports.taskId, ids) : and(inArray(reports.taskId, ids), eq(reports.unitId, ownUnit)));
  const reportBy = new Map(reportRows.map((r) => [`${r.taskId}:${r.unitId}:${r.periodId}`, r]));

  const currentIds = [...currentOfPlan.values()].flatMap((p) => (p ? [p.id] : []));
  const ownParts =
    ownUnit !== null && currentIds.length
      ? new Map(
          (
            await db
              .select({ taskId: contributions.taskId, periodId: contributions.periodId, status: contributions.status })
              .from(contributions)
              .where(and(inArray(contributions.taskId, ids), eq(contributions.unitId, ownUnit), inArray(contributions.periodId, currentIds)))
          ).map((c) => [`${c.taskId}:${c.periodId}`, c.status]),
        )
      : new Map<string, ContributionState>();

  const signals = await signalsForPlans(ctx, plans, { taskIds: ids });

  const rows = taskRows.map((t): LedgerExportRow => {
    const plan = planOf.get(t.planId)!;
    const current = currentOfPlan.get(t.planId) ?? null;
    const taskLinks = links.filter((l) => l.taskId === t.id);
    const leads = taskLinks.filter((l) => l.role === 'lead');
    const visibleLeads = ownUnit === null ? leads : leads.filter((l) => l.unitId === ownUnit);
    const textOf = (state: ReportState) => ownUnit !== null || READABLE_BY_OFFICE.has(state);

    const progress: UnitText[] = [];
    const problems: UnitText[] = [];
    const states: LeadState[] = [];
    for (const l of visibleLeads) {
      const r = current ? reportBy.get(`${t.id}:${l.unitId}:${current.id}`) : undefined;
      const state: ReportState = r?.status ?? 'none';
      states.push({ unitName: l.name, state });
      if (r && textOf(state)) {
        if (r.progress.trim()) progress.push({ unitName: l.name, text: r.progress.trim() });
        if (r.problems.trim()) problems.push({ unitName: l.name, text: r.problems.trim() });
      }
    }

    const s = signals.get(t.id);
    const green = { level: 'green' as const, reason: '正常' };
    return {
      taskId: t.id,
      planId: t.planId,
      planName: planShortName(plan),
      label: taskLabel(plan, t.no),
      no: t.no,
      sectionNo: t.sectionNo,
      section: `${t.numeral}、${t.sectionTitle}`,
      title: t.title,
      lead: leads.map((l) => l.name),
      participating: taskLinks.filter((l) => l.role === 'participating').map((l) => l.name),
      openEnded: t.openEnded,
      leaders: t.leaders,
      deadline: t.deadlineText?.trim() || t.deadline || '',
      periodMonth: current?.month ?? null,
      indicators: inds
        .filter((i) => i.taskId === t.id)
        .map((i) => {
          const actual = latest.get(i.id)?.value ?? null;
          return { name: i.name, unit: i.unit, comparator: i.comparator, target: i.target, targetMax: i.targetMax, actual, completion: completionRatio(actual, i.target, i.comparator) };
        }),
      progress,
      problems,
      states,
      ownPart: ownUnit !== null && !leads.some((l) => l.unitId === ownUnit) ? ((current && ownParts.get(`${t.id}:${current.id}`)) ?? 'none') : null,
      multiLead: leads.length > 1,
      signals: { late: signalCell(s?.late ?? green), pace: signalCell(s?.pace ?? green), target: signalCell(s?.target ?? green) },
      flag: s?.flag ? signalCell(s.flag) : null,
      months: months.map((m) => {
        const periodId = periodAt.get(`${t.planId}:${m.month}`);
        return {
          month: m.month,
          begun: m.begun,
          scheduled: periodId !== undefined,
          entries:
            m.begun && periodId !== undefined
              ? visibleLeads.map((l) => {
                  const r = reportBy.get(`${t.id}:${l.unitId}:${periodId}`);
                  const state: ReportState = r?.status ?? 'none';
                  return { unitName: l.name, state, percentDone: r && textOf(state) ? r.percentDone : null };
                })
              : [],
        };
      }),
    };
  });

  const perTask = new Map<number, number>();
  for (const i of inds) perTask.set(i.taskId, (perTask.get(i.taskId) ?? 0) + 1);
  return { district, plans, today, period, months, scope, maxIndicators: Math.max(0, ...perTask.values()), rows };
}

// ---------------------------------------------------------------------------------------------
// The table both file formats write

export type LedgerColumnKind = 'text' | 'number' | 'percent';
export type LedgerColumn = { key: string; header: string; width: number; kind: LedgerColumnKind };
export type LedgerCell = string | number | null;
export type LedgerTable = { title: string; columns: LedgerColumn[]; rows: LedgerCell[][] };

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/** How an indicator's target reads: 85, 1-2, or ≤35 for a ceiling. */
export function targetText(i: Pick<LedgerIndicator, 'target' | 'targetMax' | 'comparator'>): string {
  if (i.targetMax !== null) return `${formatNumber(i.target)}-${formatNumber(i.targetMax)}`;
  return i.comparator === 'at_most' ? `≤${formatNumber(i.target)}` : formatNumber(i.target);
}

/** 已通过 60% */
function monthEntryText(e: MonthEntry): string {
  return e.percentDone === null ? REPORT_STATE_LABELS[e.state] : `${REPORT_STATE_LABELS[e.state]} ${e.percentDone}%`;
}

function prefixed(items: { unitName: string; text: string }[], multi: boolean): string {
  return items.map((i) => (multi ? `【${i.unitName}】${i.text}` : i.text)).join('\n');
}

export function signalText(s: SignalCell | null): string {
  if (!s) return '无';
  return `${s.word}：${s.reason}`;
}

/** Columns and cells of the ledger, the same for .xlsx and .csv. */
export function ledgerTable(m: LedgerExport): LedgerTable {
  // Lists whose current periods differ (a quarterly list mid-quarter): each row says which month.
  const mixed = m.period === null && new Set(m.rows.map((r) => r.periodMonth)).size > 1;
  const periodLabel = m.period?.label ?? (mixed ? '各清单本期' : '本期');
  const columns: LedgerColumn[] = [
    { key: 'no', header: '序号', width: 6, kind: 'number' },
    { key: 'section', header: '部分', width: 16, kind: 'text' },
    { key: 'title', header: '任务', width: 28, kind: 'text' },
    { key: 'lead', header: '牵头单位', width: 20, kind: 'text' },
    { key: 'participating', header: '参与单位', width: 20, kind: 'text' },
  ];
  for (let i = 1; i <= m.maxIndicators; i += 1) {
    columns.push(
      { key: `ind${i}.name`, header: `指标${i}名称`, width: 18, kind: 'text' },
      { key: `ind${i}.target`, header: `指标${i}目标`, width: 9, kind: 'number' },
      { key: `ind${i}.actual`, header: `指标${i}累计完成`, width: 10, kind: 'number' },
      { key: `ind${i}.completion`, header: `指标${i}完成率`, width: 9, kind: 'percent' },
    );
  }
  columns.push(
    { key: 'plan', header: '清单', width: 12, kind: 'text' },
    { key: 'label', header: '任务编号', width: 14, kind: 'text' },
    { key: 'leaders', header: '责任领导', width: 14, kind: 'text' },
    { key: 'deadline', header: '完成时限', width: 14, kind: 'text' },
  );
  if (mixed) columns.push({ key: 'periodMonth', header: '本期月份', width: 10, kind: 'text' });
  columns.push(
    { key: 'progress', header: `本期进展（${periodLabel}）`, width: 44, kind: 'text' },
    { key: 'problems', header: REPORT_FIELDS.problems.label, width: 24, kind: 'text' },
    { key: 'state', header: '报送状态', width: 16, kind: 'text' },
    { key: 'late', header: '报送预警', width: 22, kind: 'text' },
    { key: 'pace', header: '进度预警', width: 22, kind: 'text' },
    { key: 'target', header: '指标预警', width: 22, kind: 'text' },
    { key: 'flag', header: '督查亮灯', width: 18, kind: 'text' },
  );
  for (const month of m.months) columns.push({ key: `month.${month.month}`, header: month.label, width: 14, kind: 'text' });

  const rows = m.rows.map((r): LedgerCell[] => {
    const cells: LedgerCell[] = [
      r.no,
      r.section,
      r.title,
      r.lead.join('、') || '—',
      r.participating.join('、') + (r.openEnded ? '等' : ''),
    ];
    for (let i = 0; i < m.maxIndicators; i += 1) {
      const ind = r.indicators[i];
      if (!ind) {
        cells.push(null, null, null, null);
        continue;
      }
      const name = `${ind.name}（${ind.unit}${ind.comparator === 'at_most' ? '，不高于' : ''}）`;
      cells.push(name, ind.targetMax === null && ind.comparator === 'at_least' ? ind.target : targetText(ind), ind.actual, ind.completion);
    }
    cells.push(r.planName, r.label, r.leaders.join('、'), r.deadline);
    if (mixed) cells.push(r.periodMonth ? monthLabel(r.periodMonth) : '—');
    const multi = r.multiLead;
    let state: string;
    if (r.states.length) state = r.states.map((s) => (multi ? `【${s.unitName}】${REPORT_STATE_LABELS[s.state]}` : REPORT_STATE_LABELS[s.state])).join('\n');
    else if (r.ownPart !== null) state = `协办：${CONTRIBUTION_STATE_LABELS[r.ownPart]}`;
    else state = '—';
    cells.push(
      prefixed(r.progress, multi),
      prefixed(r.problems, multi),
      state,
      signalText(r.signals.late),
      signalText(r.signals.pace),
      signalText(r.signals.target),
      signalText(r.flag),
    );
    for (const month of r.months) {
      if (!month.scheduled) cells.push('不调度');
      else if (!month.begun) cells.push('未开始');
      else if (month.entries.length === 0) cells.push('—');
      else cells.push(month.entries.map((e) => (multi ? `【${e.unitName}】${monthEntryText(e)}` : monthEntryText(e))).join('\n'));
    }
    return cells;
  });

  const scope = m.scope.kind === 'unit' ? `（${m.scope.unitName}）` : '';
  const lists = m.plans.length === 1 ? m.plans[0]!.title : m.plans.map((p) => planShortName(p)).join('、');
  return { title: `${lists}工作台账${scope}　导出日期：${m.today}`, columns, rows };
}
