import { and, eq, inArray } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { contributions, plans, reportingPeriods, reports, submissionSnapshots, taskUnits, tasks, units, type ReportingPeriod } from '@/db/schema';
import { getPeriodRanking } from '@/lib/assessment/assessment-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import type { PlanSummary } from '@/lib/ledger/ledger-service';
import { listNotices, listOverdueNotices } from '@/lib/notices/notice-service';
import { NOTICE_LEVEL_LABELS, NOTICE_STATUS_LABELS } from '@/lib/notices/schemas';
import { daysUntil, isOnTime, isPeriodOpen, monthDate, monthLabel, shanghaiDate } from '@/lib/reporting/calendar';
import { listPeriods } from '@/lib/reporting/period-service';
import { NotFoundError } from '@/lib/reporting/report-service';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { signalsForTasks } from '@/lib/warnings/task-signals';
import { addWorkingDays } from '@/lib/warnings/working-days';

/**
 * 月度调度通报: everything the monthly bulletin says about one period, as plain data. The A4 print
 * page and the .docx writer both render this one model. Supervisors, leaders and admins only
 * ('bulletin.read'); gathered in bulk, one query per kind.
 *
 * Dates: the bulletin is issued today. Overdue items and days overdue are counted as of today; the
 * warning lights are judged at the end of the month (or today, if the month is not over yet), as
 * the assessment scores are.
 */

export const BULLETIN_TITLE = '河东区重点工作任务';
export const BULLETIN_SUBTITLE = '月度调度通报';
export const BULLETIN_ISSUER = '河东区人民政府督查室';
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
  taskNo: number;
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
  taskTitle: string;
  units: string[];
  issuedOn: string;
  dueDate: string;
  statusLabel: string;
};
export type Bulletin = {
  plan: Pick<PlanSummary, 'id' | 'code' | 'title' | 'year'>;
  period: { id: number; month: string; label: string; leadDeadline: string; contributionDeadline: string };
  /** （2023年第11期）: the issue is numbered by the month. */
  issue: { year: number; number: number; label: string };
  title: string;
  subtitle: string;
  issuer: string;
  issuedOn: string;
  /** The date the warning lights and scores are judged at. */
  asOf: string;
  summary: BulletinSummary;
  ranking: { locked: boolean; units: number };
  commended: BulletinUnit[];
  lagging: BulletinUnit[];
  overdue: OverdueItem[];
  notices: BulletinNotice[];
};

export type BulletinPeriod = { id: number; month: string; label: string; issueLabel: string };

function issueOf(month: string) {
  const year = Number(month.slice(0, 4));
  const number = Number(month.slice(5, 7));
  return { year, number, label: `（${year}年第${number}期）` };
}

/** The months a bulletin can be issued for: the current plan's periods that have begun, newest first. */
export function listBulletinPeriods(db: AppDatabase, actor: Actor, planId: number, today: string): BulletinPeriod[] {
  assertCan(actor, 'bulletin.read');
  return listPeriods(db, planId)
    .filter((p) => isPeriodOpen(p.month, today))
    .reverse()
    .map((p) => ({ id: p.id, month: p.month, label: monthLabel(p.month), issueLabel: issueOf(p.month).label }));
}

const rate = (n: number, d: number) => (d > 0 ? n / d : null);

export function getBulletin(db: AppDatabase, actor: Actor, periodId: number, today: string): Bulletin {
  assertCan(actor, 'bulletin.read');
  const period: ReportingPeriod | undefined = db.select().from(reportingPeriods).where(eq(reportingPeriods.id, periodId)).get();
  if (!period) throw new NotFoundError('找不到该调度月份');
  if (!isPeriodOpen(period.month, today)) throw new NotFoundError('该月份尚未开始，还不能生成调度通报');
  const plan = db.select({ id: plans.id, code: plans.code, title: plans.title, year: plans.year }).from(plans).where(eq(plans.id, period.planId)).get();
  if (!plan) throw new NotFoundError('找不到该年度任务清单');
  const monthEnd = monthDate(period.month, 31);
  const asOf = today < monthEnd ? today : monthEnd;

  const taskRows = db.select({ id: tasks.id, no: tasks.no, title: tasks.title }).from(tasks).where(eq(tasks.planId, plan.id)).all();
  const taskById = new Map(taskRows.map((t) => [t.id, t]));
  const ids = taskRows.map((t) => t.id);
  const links = ids.length
    ? db
        .select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId, role: taskUnits.role, unitName: units.name })
        .from(taskUnits)
        .innerJoin(units, eq(units.id, taskUnits.unitId))
        .where(inArray(taskUnits.taskId, ids))
        .all()
    : [];
  const reportRows = db
    .select({ id: reports.id, taskId: reports.taskId, unitId: reports.unitId, status: reports.status, submittedAt: reports.submittedAt, reviewedAt: reports.reviewedAt })
    .from(reports)
    .where(eq(reports.periodId, period.id))
    .all();
  const partRows = db
    .select({ id: contributions.id, taskId: contributions.taskId, unitId: contributions.unitId, status: contributions.status, submittedAt: contributions.submittedAt, reviewedAt: contributions.reviewedAt })
    .from(contributions)
    .where(eq(contributions.periodId, period.id))
    .all();
  const key = (taskId: number, unitId: number) => `${taskId}:${unitId}`;
  const reportBy = new Map(reportRows.map((r) => [key(r.taskId, r.unitId), r]));
  const partBy = new Map(partRows.map((r) => [key(r.taskId, r.unitId), r]));

  // On time means first sent by the deadline: a resubmission after a return does not make it late.
  const firstSent = new Map<string, number>();
  const snapshotOwners = (type: 'report' | 'contribution', ownerIds: number[]) =>
    ownerIds.length
      ? db
          .select({ ownerId: submissionSnapshots.ownerId, at: submissionSnapshots.at })
          .from(submissionSnapshots)
          .where(and(eq(submissionSnapshots.ownerType, type), eq(submissionSnapshots.event, 'submitted'), inArray(submissionSnapshots.ownerId, ownerIds)))
          .all()
      : [];
  for (const [type, rows] of [
    ['report', reportRows],
    ['contribution', partRows],
  ] as const) {
    for (const s of snapshotOwners(
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
  const wasSent = (status: string, submittedAt: Date | null) => status !== 'draft' && submittedAt !== null;

  const leadLinks = links.filter((l) => l.role === 'lead');
  const partLinks = links.filter((l) => l.role === 'participating');
  const overdue: OverdueItem[] = [];
  const settings = getWarningSettings(db);
  const leadDaysLate = daysUntil(period.leadDeadline, today) * -1;
  const partDaysLate = daysUntil(period.contributionDeadline, today) * -1;
  const overdueLeadUnits = new Map<number, number[]>();

  let leadSubmitted = 0;
  let leadOnTime = 0;
  let leadApproved = 0;
  let leadPendingReview = 0;
  let leadReturned = 0;
  for (const l of leadLinks) {
    const r = reportBy.get(key(l.taskId, l.unitId));
    const task = taskById.get(l.taskId)!;
    if (r && wasSent(r.status, r.submittedAt)) {
      leadSubmitted += 1;
      const at = sentAt('report', r);
      if (at && isOnTime(at, period.leadDeadline)) leadOnTime += 1;
      if (r.status === 'approved') leadApproved += 1;
      if (r.status === 'submitted') leadPendingReview += 1;
      if (r.status === 'returned') {
        leadReturned += 1;
        overdue.push(returnedItem(task, l.unitName, r.reviewedAt, '牵头单位月度进展', settings, today));
      }
    } else if (leadDaysLate > 0) {
      overdue.push({
        kind: 'lead',
        kindLabel: OVERDUE_KIND_LABELS.lead,
        taskNo: task.no,
        taskTitle: task.title,
        unitName: l.unitName,
        dueDate: period.leadDeadline,
        daysOverdue: leadDaysLate,
        note: r?.status === 'draft' ? '草稿未报送' : '未填报',
      });
      overdueLeadUnits.set(l.unitId, [...(overdueLeadUnits.get(l.unitId) ?? []), task.no]);
    }
  }
  let partsSent = 0;
  let partsOnTime = 0;
  for (const l of partLinks) {
    const c = partBy.get(key(l.taskId, l.unitId));
    const task = taskById.get(l.taskId)!;
    if (c && wasSent(c.status, c.submittedAt)) {
      partsSent += 1;
      const at = sentAt('contribution', c);
      if (at && isOnTime(at, period.contributionDeadline)) partsOnTime += 1;
      if (c.status === 'returned') overdue.push(returnedItem(task, l.unitName, c.reviewedAt, '参与单位协办情况', settings, today));
    } else if (partDaysLate > 0) {
      overdue.push({
        kind: 'part',
        kindLabel: OVERDUE_KIND_LABELS.part,
        taskNo: task.no,
        taskTitle: task.title,
        unitName: l.unitName,
        dueDate: period.contributionDeadline,
        daysOverdue: partDaysLate,
        note: c?.status === 'draft' ? '草稿未报送' : '未报送',
      });
    }
  }
  for (const n of listOverdueNotices(db, actor, today)) {
    if (n.dueDate > monthEnd) continue;
    overdue.push({
      kind: 'notice',
      kindLabel: OVERDUE_KIND_LABELS.notice,
      taskNo: n.task.no,
      taskTitle: n.task.title,
      unitName: n.unit.name,
      dueDate: n.dueDate,
      daysOverdue: n.daysOverdue,
      note: `${n.no}（${NOTICE_LEVEL_LABELS[n.level]}）`,
    });
  }
  const KIND_ORDER: OverdueKind[] = ['lead', 'returned', 'part', 'notice'];
  overdue.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      b.daysOverdue - a.daysOverdue ||
      a.taskNo - b.taskNo ||
      a.unitName.localeCompare(b.unitName, 'zh-CN'),
  );

  // Warning lights: how many tasks show red / yellow on each of the three signals.
  const signals = signalsForTasks(db, actor, plan.id, asOf, { taskIds: ids });
  const count = (): SignalCount => ({ red: 0, yellow: 0 });
  const signalCounts = { late: count(), pace: count(), target: count(), flag: count() };
  for (const s of signals.values()) {
    for (const k of ['late', 'pace', 'target'] as const) {
      const level = s[k].level;
      if (level !== 'green') signalCounts[k][level] += 1;
    }
    if (s.flag) signalCounts.flag[s.flag.level] += 1;
  }

  // Commended and lagging units, from the period's assessment ranking.
  const ranking = getPeriodRanking(db, actor, period.id, today);
  const scores = [...ranking.scores].sort((a, b) => a.rank - b.rank || a.unitName.localeCompare(b.unitName, 'zh-CN'));
  const scoreText = (s: { total: number; rank: number }) => `考核得分 ${s.total}（第 ${s.rank} 名）`;
  const lateText = (nos: number[]) => `牵头任务月度进展逾期未报送 ${nos.length} 项（任务 ${nos.sort((a, b) => a - b).join('、')}）`;
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
  for (const [unitId, nos] of overdueLeadUnits) {
    const existing = lagging.get(unitId);
    if (existing) {
      existing.reasons.push(lateText(nos));
      continue;
    }
    const s = scores.find((x) => x.unitId === unitId);
    const name = s?.unitName ?? leadLinks.find((l) => l.unitId === unitId)!.unitName;
    lagging.set(unitId, { unitId, unitName: name, total: s?.total ?? null, rank: s?.rank ?? null, reasons: [...(s ? [scoreText(s)] : []), lateText(nos)] });
  }
  const laggingList = [...lagging.values()].sort(
    (a, b) => (a.total ?? Infinity) - (b.total ?? Infinity) || a.unitName.localeCompare(b.unitName, 'zh-CN'),
  );

  const notices: BulletinNotice[] = listNotices(db, actor, {}, today)
    .filter((n) => shanghaiDate(n.issuedAt).slice(0, 7) === period.month)
    .sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime() || a.id - b.id)
    .map((n) => ({
      no: n.no,
      levelLabel: NOTICE_LEVEL_LABELS[n.level],
      taskNo: n.task.no,
      taskTitle: n.task.title,
      units: n.targets.map((t) => t.unit.name),
      issuedOn: shanghaiDate(n.issuedAt),
      dueDate: n.dueDate,
      statusLabel: n.overdueDays !== null ? `逾期 ${n.overdueDays} 天` : NOTICE_STATUS_LABELS[n.status],
    }));

  const leadDue = leadLinks.length;
  const partsDue = partLinks.length;
  return {
    plan,
    period: { id: period.id, month: period.month, label: monthLabel(period.month), leadDeadline: period.leadDeadline, contributionDeadline: period.contributionDeadline },
    issue: issueOf(period.month),
    title: BULLETIN_TITLE,
    subtitle: BULLETIN_SUBTITLE,
    issuer: BULLETIN_ISSUER,
    issuedOn: today,
    asOf,
    summary: {
      tasks: taskRows.length,
      tasksWithLead: new Set(leadLinks.map((l) => l.taskId)).size,
      leadDue,
      leadSubmitted,
      leadOnTime,
      leadApproved,
      leadPendingReview,
      leadReturned,
      leadMissing: leadDue - leadSubmitted,
      partsDue,
      partsSent,
      partsOnTime,
      leadOnTimeRate: rate(leadOnTime, leadDue),
      onTimeRate: rate(leadOnTime + partsOnTime, leadDue + partsDue),
      signals: signalCounts,
    },
    ranking: { locked: ranking.locked !== null, units: scores.length },
    commended,
    lagging: laggingList,
    overdue,
    notices,
  };
}

/** A returned report or part: due again N working days after the return. */
function returnedItem(
  task: { no: number; title: string },
  unitName: string,
  reviewedAt: Date | null,
  what: string,
  settings: ReturnType<typeof getWarningSettings>,
  today: string,
): OverdueItem {
  const returnedOn = reviewedAt ? shanghaiDate(reviewedAt) : today;
  const due = addWorkingDays(returnedOn, settings.resubmitWorkingDays, settings.calendar);
  const late = Math.max(0, -daysUntil(due, today));
  return {
    kind: 'returned',
    kindLabel: OVERDUE_KIND_LABELS.returned,
    taskNo: task.no,
    taskTitle: task.title,
    unitName,
    dueDate: due,
    daysOverdue: late,
    note: `${what}于${Number(returnedOn.slice(5, 7))}月${Number(returnedOn.slice(8, 10))}日退回`,
  };
}

/** 百分比 with one decimal, or — */
export function percentText(r: number | null): string {
  return r === null ? '—' : `${(r * 100).toFixed(1)}%`;
}

/** 2023年11月22日 */
export function chineseDateText(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}
