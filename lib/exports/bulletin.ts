import { and, eq, inArray } from 'drizzle-orm';
import { contributions, plans, reportingPeriods, reports, submissionSnapshots, taskUnits, tasks, units } from '@/db/schema';
import { getMonthRanking } from '@/lib/assessment/ranking';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { districtScopeOf, inActorDistrict } from '@/lib/districts/district-scope';
import { NotFoundError } from '@/lib/errors';
import { listNotices, listOverdueNotices } from '@/lib/notices/notice-views';
import { NOTICE_LEVEL_LABELS, NOTICE_STATUS_LABELS } from '@/lib/notices/schemas';
import { activePlans, planShortName, taskLabel, type PlanSummary } from '@/lib/plans/plan-scope';
import { daysUntil, dueInPeriod, isOnTime, isPeriodOpen, monthDate, monthLabel, shanghaiDate, type DueInPeriod } from '@/lib/reporting/calendar';
import { listPeriodsOfPlans, periodsOfMonth } from '@/lib/reporting/period-service';
import type { WarningSettings } from '@/lib/warnings/rules';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { signalsForTasks } from '@/lib/warnings/task-signals';
import { addWorkingDays } from '@/lib/warnings/working-days';
import { exportDistrict, keyTasksTitle } from './export-district';

/**
 * 月度调度通报: everything the monthly bulletin says about one month, over every active list that
 * has a period in it (a quarterly list only in March, June, September and December), as plain data.
 * The A4 print page and the .docx writer both render this one model. Supervisors, leaders and
 * admins only ('bulletin.read'); gathered in bulk, a few queries per list.
 *
 * Dates: the bulletin is issued today. Overdue items and days overdue are counted as of today; the
 * warning lights are judged at the end of the month (or today, if the month is not over yet), as
 * the assessment scores are. Commended and lagging units come from the month's combined
 * assessment (综合得分 over the lists, weighted by the lists' weights).
 *
 * A bulletin is one district's: its lists, its title (河东区重点工作任务) and its office as the
 * issuer, from the district's row. The city office (every district) names the district it wants;
 * without one it is refused (export-district.ts).
 */

export const BULLETIN_SUBTITLE = '月度调度通报';
/** How many units are named as commended / lagging (ties at the edge are all named). */
export const BULLETIN_TOP_N = 5;

export type SignalCount = { red: number; yellow: number };
export type BulletinSummary = {
  tasks: number;
  /** Tasks with at least one lead unit (the 组织实施 tasks have none). */
  tasksWithLead: number;
  leadDue: number;
  /** Sent at least once: 已报送 + 已通过 + 已退回. */
  leadSubmitted: number;
  leadOnTime: number;
  leadApproved: number;
  leadPendingReview: number;
  leadReturned: number;
  leadMissing: number;
  partsDue: number;
  partsSent: number;
  partsOnTime: number;
  /** Lead reports first sent by the lead deadline ÷ due; null with nothing due. */
  leadOnTimeRate: number | null;
  /** Reports and parts sent on time ÷ all due (as the assessment counts it). */
  onTimeRate: number | null;
  signals: { late: SignalCount; pace: SignalCount; target: SignalCount; flag: SignalCount };
};
/** One list of the month, with its period, deadlines and its own summary. */
export type BulletinList = {
  planId: number;
  code: string;
  title: string;
  /** 简称: 重点任务, 民生实事 … */
  name: string;
  year: number;
  weight: number;
  periodId: number;
  leadDeadline: string;
  contributionDeadline: string;
  summary: BulletinSummary;
};
export type BulletinUnit = { unitId: number; unitName: string; total: number | null; rank: number | null; reasons: string[] };
export type OverdueKind = 'lead' | 'part' | 'returned' | 'notice';
export const OVERDUE_KIND_LABELS: Record<OverdueKind, string> = {
  lead: '牵头单位月度进展未报送',
  part: '参与单位协办情况未报送',
  returned: '退回后未重新报送',
  notice: '督办事项逾期未反馈',
};
export type OverdueItem = {
  kind: OverdueKind;
  kindLabel: string;
  planId: number;
  taskNo: number;
  /** How the task is named: its number with one list, 重点任务 15 with several. */
  taskRef: string;
  taskTitle: string;
  unitName: string;
  /** The date it was due (for a returned report: the last day to resubmit). */
  dueDate: string;
  /** Whole days past due as of the issue date; 0 = not yet past due (returned, still in time). */
  daysOverdue: number;
  note: string;
};
export type BulletinNotice = {
  no: string;
  levelLabel: string;
  taskNo: number;
  taskRef: string;
  taskTitle: string;
  units: string[];
  issuedOn: string;
  dueDate: string;
  statusLabel: string;
};
export type Bulletin = {
  /** The active lists with a period in the month, in the order of the lists. */
  lists: BulletinList[];
  /** How the text names them: the list's title with one list, 重点任务、民生实事 with several. */
  listsText: string;
  period: { month: string; label: string };
  /** （2023年第11期）: the issue is numbered by the month. */
  issue: { year: number; number: number; label: string };
  title: string;
  subtitle: string;
  issuer: string;
  issuedOn: string;
  /** The date the warning lights and scores are judged at. */
  asOf: string;
  /** All lists together. */
  summary: BulletinSummary;
  ranking: { locked: boolean; units: number };
  commended: BulletinUnit[];
  lagging: BulletinUnit[];
  overdue: OverdueItem[];
  notices: BulletinNotice[];
};

export type BulletinMonth = { month: string; label: string; issueLabel: string };

function issueOf(month: string) {
  const year = Number(month.slice(0, 4));
  const number = Number(month.slice(5, 7));
  return { year, number, label: `（${year}年第${number}期）` };
}

/**
 * The months a bulletin can be issued for: months of the district's active lists' periods that have
 * begun, newest first. The city office without a district chosen: none (a bulletin is one district's).
 */
export async function listBulletinMonths(ctx: ServiceContext, districtId?: number): Promise<BulletinMonth[]> {
  const { db, actor, today } = ctx;
  assertCan(actor, 'bulletin.read');
  if (districtScopeOf(actor).kind === 'all' && districtId === undefined) return [];
  const district = await exportDistrict(db, actor, { requested: districtId });
  const months = (
    await listPeriodsOfPlans(
      db,
      (await activePlans(db, { kind: 'district', districtId: district.id })).map((p) => p.id),
    )
  )
    .map((p) => p.month)
    .filter((m) => isPeriodOpen(m, today));
  return [...new Set(months)]
    .sort()
    .reverse()
    .map((month) => ({ month, label: monthLabel(month), issueLabel: issueOf(month).label }));
}

/**
 * The month a bulletin address names: YYYY-MM, or (older links) the id of a reporting period, read
 * as that period's month. Refused before anything is looked up to those who may not read bulletins.
 */
export async function resolveBulletinMonth(ctx: ServiceContext, param: string): Promise<string> {
  const { db, actor } = ctx;
  assertCan(actor, 'bulletin.read');
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(param)) return param;
  if (/^\d{1,9}$/.test(param)) {
    // A period of another district's list is no period at all.
    const [period] = await db
      .select({ month: reportingPeriods.month })
      .from(reportingPeriods)
      .innerJoin(plans, eq(plans.id, reportingPeriods.planId))
      .where(and(eq(reportingPeriods.id, Number(param)), inActorDistrict(plans.districtId, actor)))
      .limit(1);
    if (period) return period.month;
  }
  throw new NotFoundError('找不到该调度月份');
}

const rate = (n: number, d: number) => (d > 0 ? n / d : null);
const emptySignals = () => ({ late: { red: 0, yellow: 0 }, pace: { red: 0, yellow: 0 }, target: { red: 0, yellow: 0 }, flag: { red: 0, yellow: 0 } });

function withRates(s: Omit<BulletinSummary, 'leadMissing' | 'leadOnTimeRate' | 'onTimeRate'>): BulletinSummary {
  return {
    ...s,
    leadMissing: s.leadDue - s.leadSubmitted,
    leadOnTimeRate: rate(s.leadOnTime, s.leadDue),
    onTimeRate: rate(s.leadOnTime + s.partsOnTime, s.leadDue + s.partsDue),
  };
}

/** The bulletin of a month (YYYY-MM) over every active list of the district that has a period in it. */
export async function getBulletin(ctx: ServiceContext, month: string, districtId?: number): Promise<Bulletin> {
  const { db, actor, today } = ctx;
  assertCan(actor, 'bulletin.read');
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new NotFoundError('找不到该调度月份');
  const district = await exportDistrict(db, actor, { requested: districtId }, '找不到该调度月份');
  const active = await activePlans(db, { kind: 'district', districtId: district.id });
  const planOf = new Map(active.map((p) => [p.id, p]));
  const periods = await periodsOfMonth(
    db,
    active.map((p) => p.id),
    month,
  );
  if (periods.length === 0) throw new NotFoundError('找不到该调度月份');
  if (!isPeriodOpen(month, today)) throw new NotFoundError('该月份尚未开始，还不能生成调度通报');
  const monthEnd = monthDate(month, 31);
  const asOf = today < monthEnd ? today : monthEnd;
  const several = periods.length > 1;
  const refOf = (plan: Pick<PlanSummary, 'shortName' | 'kind'>, no: number) => (several ? taskLabel(plan, no) : String(no));
  const settings = await getWarningSettings(db, district.id);
  const key = (taskId: number, unitId: number) => `${taskId}:${unitId}`;
  const wasSent = (status: string, submittedAt: Date | null) => status !== 'draft' && submittedAt !== null;

  const lists: BulletinList[] = [];
  const overdue: OverdueItem[] = [];
  const taskById = new Map<number, { planId: number; no: number; title: string }>();
  const leadUnitName = new Map<number, string>();
  /** Per unit: the tasks whose lead report is overdue, as { list, numbers }. */
  const overdueLeadUnits = new Map<number, Map<number, number[]>>();

  for (const period of periods) {
    const plan = planOf.get(period.planId)!;
    const taskRows = await db.select({ id: tasks.id, no: tasks.no, title: tasks.title, deadline: tasks.deadline }).from(tasks).where(eq(tasks.planId, plan.id));
    for (const t of taskRows) taskById.set(t.id, { planId: plan.id, no: t.no, title: t.title });
    // Whether each task is due this month and by when (dueInPeriod): a per-item task only in its deadline's month.
    const dueOf = new Map<number, DueInPeriod>(taskRows.map((t) => [t.id, dueInPeriod(plan, t, period)]));
    const ids = taskRows.map((t) => t.id);
    const links = ids.length
      ? await db
          .select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId, role: taskUnits.role, unitName: units.name })
          .from(taskUnits)
          .innerJoin(units, eq(units.id, taskUnits.unitId))
          .where(inArray(taskUnits.taskId, ids))
      : [];
    const reportRows = await db
      .select({ id: reports.id, taskId: reports.taskId, unitId: reports.unitId, status: reports.status, submittedAt: reports.submittedAt, reviewedAt: reports.reviewedAt })
      .from(reports)
      .where(eq(reports.periodId, period.id));
    const partRows = await db
      .select({ id: contributions.id, taskId: contributions.taskId, unitId: contributions.unitId, status: contributions.status, submittedAt: contributions.submittedAt, reviewedAt: contributions.reviewedAt })
      .from(contributions)
      .where(eq(contributions.periodId, period.id));
    const reportBy = new Map(reportRows.map((r) => [key(r.taskId, r.unitId), r]));
    const partBy = new Map(partRows.map((r) => [key(r.taskId, r.unitId), r]));

    // On time means first sent by the deadline: a resubmission after a return does not make it late.
    const firstSent = new Map<string, number>();
    const snapshotOwners = async (type: 'report' | 'contribution', ownerIds: number[]) =>
      ownerIds.length
        ? await db
            .select({ ownerId: submissionSnapshots.ownerId, at: submissionSnapshots.at })
            .from(submissionSnapshots)
            .where(and(eq(submissionSnapshots.ownerType, type), eq(submissionSnapshots.event, 'submitted'), inArray(submissionSnapshots.ownerId, ownerIds)))
        : [];
    for (const [type, rows] of [
      ['report', reportRows],
      ['contribution', partRows],
    ] as const) {
      for (const s of await snapshotOwners(
        type,
        rows.map((r) => r.id),
      )) {
        const k = `${type}:${s.ownerId}`;
        firstSent.set(k, Math.min(firstSent.get(k) ?? Infinity, s.at.getTime()));
      }
    }
    const sentAt = (type: 'report' | 'contribution', r: { id: number; submittedAt: Date | null }) => {
      const t = firstSent.get(`${type}:${r.id}`);
      return t !== undefined ? new Date(t) : r.submittedAt;
    };

    const leadLinks = links.filter((l) => l.role === 'lead' && dueOf.get(l.taskId)!.due);
    const partLinks = links.filter((l) => l.role === 'participating' && dueOf.get(l.taskId)!.due);
    const taskOf = (taskId: number) => {
      const t = taskById.get(taskId)!;
      return { planId: plan.id, no: t.no, ref: refOf(plan, t.no), title: t.title };
    };

    let leadSubmitted = 0;
    let leadOnTime = 0;
    let leadApproved = 0;
    let leadPendingReview = 0;
    let leadReturned = 0;
    for (const l of leadLinks) {
      leadUnitName.set(l.unitId, l.unitName);
      const r = reportBy.get(key(l.taskId, l.unitId));
      const task = taskOf(l.taskId);
      const leadDeadline = dueOf.get(l.taskId)!.leadDeadline;
      const leadDaysLate = daysUntil(leadDeadline, today) * -1;
      if (r && wasSent(r.status, r.submittedAt)) {
        leadSubmitted += 1;
        const at = sentAt('report', r);
        if (at && isOnTime(at, leadDeadline)) leadOnTime += 1;
        if (r.status === 'approved') leadApproved += 1;
        if (r.status === 'submitted') leadPendingReview += 1;
        if (r.status === 'returned') {
          leadReturned += 1;
          overdue.push(returnedItem(task, l.unitName, r.reviewedAt, '牵头单位月度进展', settings, today));
        }
      } else if (leadDaysLate > 0) {
        overdue.push(overdueItem('lead', task, l.unitName, leadDeadline, leadDaysLate, r?.status === 'draft' ? '草稿未报送' : '未填报'));
        const mine = overdueLeadUnits.get(l.unitId) ?? new Map<number, number[]>();
        mine.set(plan.id, [...(mine.get(plan.id) ?? []), task.no]);
        overdueLeadUnits.set(l.unitId, mine);
      }
    }
    let partsSent = 0;
    let partsOnTime = 0;
    for (const l of partLinks) {
      const c = partBy.get(key(l.taskId, l.unitId));
      const task = taskOf(l.taskId);
      const contributionDeadline = dueOf.get(l.taskId)!.contributionDeadline;
      const partDaysLate = daysUntil(contributionDeadline, today) * -1;
      if (c && wasSent(c.status, c.submittedAt)) {
        partsSent += 1;
        const at = sentAt('contribution', c);
        if (at && isOnTime(at, contributionDeadline)) partsOnTime += 1;
        if (c.status === 'returned') overdue.push(returnedItem(task, l.unitName, c.reviewedAt, '参与单位协办情况', settings, today));
      } else if (partDaysLate > 0) {
        overdue.push(overdueItem('part', task, l.unitName, contributionDeadline, partDaysLate, c?.status === 'draft' ? '草稿未报送' : '未报送'));
      }
    }

    // Warning lights: how many tasks show red / yellow on each of the three signals.
    const signals = await signalsForTasks({ ...ctx, today: asOf }, plan.id, { taskIds: ids });
    const signalCounts = emptySignals();
    for (const s of signals.values()) {
      for (const k of ['late', 'pace', 'target'] as const) {
        const level = s[k].level;
        if (level !== 'green') signalCounts[k][level] += 1;
      }
      if (s.flag) signalCounts.flag[s.flag.level] += 1;
    }

    const summary = withRates({
      tasks: taskRows.length,
      tasksWithLead: new Set(links.filter((l) => l.role === 'lead').map((l) => l.taskId)).size,
      leadDue: leadLinks.length,
      leadSubmitted,
      leadOnTime,
      leadApproved,
      leadPendingReview,
      leadReturned,
      partsDue: partLinks.length,
      partsSent,
      partsOnTime,
      signals: signalCounts,
    });
    lists.push({
      planId: plan.id,
      code: plan.code,
      title: plan.title,
      name: planShortName(plan),
      year: plan.year,
      weight: plan.weight,
      periodId: period.id,
      leadDeadline: period.leadDeadline,
      contributionDeadline: period.contributionDeadline,
      summary,
    });
  }

  const sumOf = (k: 'tasks' | 'tasksWithLead' | 'leadDue' | 'leadSubmitted' | 'leadOnTime' | 'leadApproved' | 'leadPendingReview' | 'leadReturned' | 'partsDue' | 'partsSent' | 'partsOnTime') =>
    lists.reduce((a, l) => a + l.summary[k], 0);
  const signalSum = emptySignals();
  for (const l of lists) {
    for (const k of ['late', 'pace', 'target', 'flag'] as const) {
      signalSum[k].red += l.summary.signals[k].red;
      signalSum[k].yellow += l.summary.signals[k].yellow;
    }
  }
  const summary = withRates({
    tasks: sumOf('tasks'),
    tasksWithLead: sumOf('tasksWithLead'),
    leadDue: sumOf('leadDue'),
    leadSubmitted: sumOf('leadSubmitted'),
    leadOnTime: sumOf('leadOnTime'),
    leadApproved: sumOf('leadApproved'),
    leadPendingReview: sumOf('leadPendingReview'),
    leadReturned: sumOf('leadReturned'),
    partsDue: sumOf('partsDue'),
    partsSent: sumOf('partsSent'),
    partsOnTime: sumOf('partsOnTime'),
    signals: signalSum,
  });

  // Notices past due on the tasks of these lists.
  for (const n of await listOverdueNotices(ctx)) {
    const task = taskById.get(n.task.id);
    if (!task || n.dueDate > monthEnd) continue;
    const plan = planOf.get(task.planId)!;
    overdue.push({
      kind: 'notice',
      kindLabel: OVERDUE_KIND_LABELS.notice,
      planId: plan.id,
      taskNo: n.task.no,
      taskRef: refOf(plan, n.task.no),
      taskTitle: n.task.title,
      unitName: n.unit.name,
      dueDate: n.dueDate,
      daysOverdue: n.daysOverdue,
      note: `${n.no}（${NOTICE_LEVEL_LABELS[n.level]}）`,
    });
  }
  const listOrder = (planId: number) => periods.findIndex((p) => p.planId === planId);
  const KIND_ORDER: OverdueKind[] = ['lead', 'returned', 'part', 'notice'];
  overdue.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      b.daysOverdue - a.daysOverdue ||
      listOrder(a.planId) - listOrder(b.planId) ||
      a.taskNo - b.taskNo ||
      a.unitName.localeCompare(b.unitName, 'zh-CN'),
  );

  // Commended and lagging units, from the month's combined assessment ranking.
  const ranking = await getMonthRanking(
    ctx,
    periods.map((p) => planOf.get(p.planId)!),
    month,
  );
  const scores = [...ranking.scores].sort((a, b) => a.rank - b.rank || a.unitName.localeCompare(b.unitName, 'zh-CN'));
  const scoreText = (s: { total: number; rank: number }) => `考核得分 ${s.total}（第 ${s.rank} 名）`;
  const lateText = (byList: Map<number, number[]>) => {
    const count = [...byList.values()].reduce((a, nos) => a + nos.length, 0);
    const refs = [...byList.entries()]
      .sort(([a], [b]) => listOrder(a) - listOrder(b))
      .map(([planId, nos]) => {
        const sorted = [...nos].sort((a, b) => a - b).join('、');
        return several ? `${planShortName(planOf.get(planId)!)} ${sorted}` : sorted;
      })
      .join('；');
    return `牵头任务月度进展逾期未报送 ${count} 项（${several ? refs : `任务 ${refs}`}）`;
  };
  // A unit with an overdue lead report is not commended, whatever its score.
  const commended: BulletinUnit[] = scores
    .filter((s) => s.rank <= BULLETIN_TOP_N && !overdueLeadUnits.has(s.unitId))
    .map((s) => ({ unitId: s.unitId, unitName: s.unitName, total: s.total, rank: s.rank, reasons: [scoreText(s)] }));
  const commendedIds = new Set(commended.map((u) => u.unitId));
  const ascending = [...scores].reverse();
  const threshold = ascending.length ? ascending[Math.min(BULLETIN_TOP_N, ascending.length) - 1]!.total : -Infinity;
  const lagging = new Map<number, BulletinUnit>();
  for (const s of ascending) {
    if (s.total > threshold || commendedIds.has(s.unitId)) continue;
    lagging.set(s.unitId, { unitId: s.unitId, unitName: s.unitName, total: s.total, rank: s.rank, reasons: [scoreText(s)] });
  }
  for (const [unitId, byList] of overdueLeadUnits) {
    const existing = lagging.get(unitId);
    if (existing) {
      existing.reasons.push(lateText(byList));
      continue;
    }
    const s = scores.find((x) => x.unitId === unitId);
    const name = s?.unitName ?? leadUnitName.get(unitId)!;
    lagging.set(unitId, { unitId, unitName: name, total: s?.total ?? null, rank: s?.rank ?? null, reasons: [...(s ? [scoreText(s)] : []), lateText(byList)] });
  }
  const laggingList = [...lagging.values()].sort(
    (a, b) => (a.total ?? Infinity) - (b.total ?? Infinity) || a.unitName.localeCompare(b.unitName, 'zh-CN'),
  );

  // Notices issued in the month on the tasks of these lists.
  const notices: BulletinNotice[] = (await listNotices(ctx, {}))
    .filter((n) => taskById.has(n.task.id) && shanghaiDate(n.issuedAt).slice(0, 7) === month)
    .sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime() || a.id - b.id)
    .map((n) => ({
      no: n.no,
      levelLabel: NOTICE_LEVEL_LABELS[n.level],
      taskNo: n.task.no,
      taskRef: refOf(planOf.get(taskById.get(n.task.id)!.planId)!, n.task.no),
      taskTitle: n.task.title,
      units: n.targets.map((t) => t.unit.name),
      issuedOn: shanghaiDate(n.issuedAt),
      dueDate: n.dueDate,
      statusLabel: n.overdueDays !== null ? `逾期 ${n.overdueDays} 天` : NOTICE_STATUS_LABELS[n.status],
    }));

  return {
    lists,
    listsText: several ? lists.map((l) => l.name).join('、') : lists[0]!.title,
    period: { month, label: monthLabel(month) },
    issue: issueOf(month),
    title: keyTasksTitle(district),
    subtitle: BULLETIN_SUBTITLE,
    issuer: district.officeName,
    issuedOn: today,
    asOf,
    summary,
    ranking: { locked: ranking.locked !== null, units: scores.length },
    commended,
    lagging: laggingList,
    overdue,
    notices,
  };
}

/** A returned report or part: due again N working days after the return. */
type BulletinTask = { planId: number; no: number; ref: string; title: string };

function overdueItem(kind: OverdueItem['kind'], task: BulletinTask, unitName: string, dueDate: string, daysOverdue: number, note: string): OverdueItem {
  return { kind, kindLabel: OVERDUE_KIND_LABELS[kind], planId: task.planId, taskNo: task.no, taskRef: task.ref, taskTitle: task.title, unitName, dueDate, daysOverdue, note };
}

function returnedItem(task: BulletinTask, unitName: string, reviewedAt: Date | null, what: string, settings: WarningSettings, today: string): OverdueItem {
  const returnedOn = reviewedAt ? shanghaiDate(reviewedAt) : today;
  const due = addWorkingDays(returnedOn, settings.resubmitWorkingDays, settings.calendar);
  const late = Math.max(0, -daysUntil(due, today));
  return overdueItem('returned', task, unitName, due, late, `${what}于${Number(returnedOn.slice(5, 7))}月${Number(returnedOn.slice(8, 10))}日退回`);
}

/** 百分比 with one decimal, or — */
export function percentText(r: number | null): string {
  return r === null ? '—' : `${(r * 100).toFixed(1)}%`;
}

/** 2023年11月22日 */
export function chineseDateText(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}
