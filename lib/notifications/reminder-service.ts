import { and, asc, eq, gte, inArray, isNull, lte } from 'drizzle-orm';
import { contributions, digests, districts, noticeTargets, notifications, plans, reportingPeriods, reports, supervisionNotices, tasks, taskUnits, units, users, type ReportingPeriod } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Db, type Reader } from '@/lib/db';
import { districtScopeOf, ownDistrictId, type DistrictScope } from '@/lib/districts/district-scope';
import { activePlans, planShortName, type PlanSummary } from '@/lib/plans/plan-scope';
import { dateLabel, daysUntil, dueInPeriod, monthLabel } from '@/lib/reporting/calendar';
import { currentPeriodOf } from '@/lib/reporting/period-service';
import { isWorkingDay } from '@/lib/warnings/working-days';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { DEFAULT_WARNING_SETTINGS } from '@/lib/warnings/rules';
import { ok, type Result } from '@/lib/result';
import { notifyUnits, type NotificationInput } from './notification-service';
import { approvedReportDeadlinesOfPlan } from '@/lib/extensions/extension-queries';
import { overrideKey } from '@/lib/extensions/extension-rules';
import { groupBy } from '@/lib/group-by';
import { overdueSignFor } from '@/lib/lifecycle/sign-for-service';

/** 月度填报 of a month, only what is still to send: where reminders about a month's reporting lead. */
export function monthSheetLink(month: string): string {
  return `/my/month?month=${month}&due=1`;
}

/** The month of a month-page link (monthSheetLink), or null for any other link. */
function monthOfLink(link: string | null): string | null {
  if (!link?.startsWith('/my/month?')) return null;
  return new URLSearchParams(link.slice('/my/month?'.length)).get('month');
}

/** A lead report or part owed in a period, and its deadline (the task's own on a per-item list). */
type Outstanding = { unitId: number; unitName: string; taskNo: number; role: 'lead' | 'participating'; deadline: string };

/**
 * Lead reports and parts of a period of a list of the district that have not been sent (no row, or
 * still a draft or returned), of the tasks due in the period (dueInPeriod: on a per-item list, only
 * the items whose deadline falls in the period's month), each with its deadline. Another district's
 * period owes nothing here.
 */
export async function outstandingForPeriod(db: Reader, districtId: number, periodId: number): Promise<Outstanding[]> {
  const [period] = await db.select().from(reportingPeriods).where(eq(reportingPeriods.id, periodId)).limit(1);
  if (!period) return [];
  const [plan] = await db
    .select({ cadence: plans.cadence })
    .from(plans)
    .where(and(eq(plans.id, period.planId), eq(plans.districtId, districtId)))
    .limit(1);
  if (!plan) return [];
  const links = await db
    .select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId, role: taskUnits.role, unitName: units.name, taskNo: tasks.no, taskDeadline: tasks.deadline })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    // A closed task (办结销号) owes nothing any more.
    .where(and(eq(tasks.planId, period.planId), eq(tasks.status, 'active')))
    .orderBy(asc(tasks.no));
  const sentReports = await db
    .select({ t: reports.taskId, u: reports.unitId })
    .from(reports)
    .where(and(eq(reports.periodId, periodId), inArray(reports.status, ['submitted', 'approved'])));
  const sentParts = await db
    .select({ t: contributions.taskId, u: contributions.unitId })
    .from(contributions)
    .where(and(eq(contributions.periodId, periodId), inArray(contributions.status, ['submitted', 'approved'])));
  const sent = new Set([...sentReports, ...sentParts].map((r) => `${r.t}:${r.u}`));
  // 延期: a unit's deadline of the month moved by an approved extension (lib/extensions).
  const moved = await approvedReportDeadlinesOfPlan(db, period.planId, undefined, [periodId]);
  return links.flatMap(({ taskId, taskDeadline, ...rest }) => {
    if (sent.has(`${taskId}:${rest.unitId}`)) return [];
    const due = dueInPeriod(plan, { deadline: taskDeadline }, period);
    const deadline = moved.get(overrideKey(taskId, periodId, rest.unitId)) ?? (rest.role === 'lead' ? due.leadDeadline : due.contributionDeadline);
    return due.due ? [{ ...rest, deadline }] : [];
  });
}

type UnitEntry = { unitName: string; lead: number[]; parts: number[]; deadlines: string[] };

function groupByUnit(items: Outstanding[]): Map<number, UnitEntry> {
  const map = new Map<number, UnitEntry>();
  for (const i of items) {
    const entry = map.get(i.unitId) ?? { unitName: i.unitName, lead: [], parts: [], deadlines: [] };
    (i.role === 'lead' ? entry.lead : entry.parts).push(i.taskNo);
    if (!entry.deadlines.includes(i.deadline)) entry.deadlines.push(i.deadline);
    map.set(i.unitId, entry);
  }
  return map;
}

/** What a unit still owes on one list: 重点任务 11、12 的月度进展；重点任务 40 的协办情况. */
function describe(entry: { lead: number[]; parts: number[] }, plan: Pick<PlanSummary, 'shortName' | 'kind'>): string {
  const name = planShortName(plan);
  const pieces: string[] = [];
  if (entry.lead.length) pieces.push(`${name} ${entry.lead.join('、')} 的月度进展`);
  if (entry.parts.length) pieces.push(`${name} ${entry.parts.join('、')} 的协办情况`);
  return pieces.join('；');
}

const deadlinesOf = (p: ReportingPeriod) => `牵头单位截止 ${dateLabel(p.leadDeadline)}，参与单位截止 ${dateLabel(p.contributionDeadline)}`;

/** The deadlines of what a unit owes on one list: the period's, or on a per-item list the items' own. */
function deadlinesText(o: { period: RemindablePeriod; entry: UnitEntry }): string {
  if (o.period.plan.cadence !== 'per_item') return deadlinesOf(o.period);
  return `按事项期限，截止 ${[...o.entry.deadlines].sort().map(dateLabel).join('、')}`;
}

export type RemindablePeriod = ReportingPeriod & { plan: PlanSummary };

/** The lists in view that are the district's (a list of another district given is left out). */
async function listsOf(db: Reader, scope: DistrictScope, inView: readonly PlanSummary[]): Promise<PlanSummary[]> {
  if (scope.kind === 'all' || inView.length === 0) return [...inView];
  const ids = inView.map((p) => p.id);
  const own = new Set((await db.select({ id: plans.id }).from(plans).where(and(eq(plans.districtId, scope.districtId), inArray(plans.id, ids)))).map((p) => p.id));
  return inView.filter((p) => own.has(p.id));
}

async function periodsToRemind(db: Reader, scope: DistrictScope, inView: readonly PlanSummary[], today: string): Promise<RemindablePeriod[]> {
  const periods: RemindablePeriod[] = [];
  for (const plan of await listsOf(db, scope, inView)) {
    const period = await currentPeriodOf(db, plan.id, today);
    if (period) periods.push({ ...period, plan });
  }
  return periods;
}

/** The period a one-click reminder covers on each list in view of the actor's district: the list's period of today's month. */
export async function remindablePeriods(ctx: ServiceContext, inView: readonly PlanSummary[]): Promise<RemindablePeriod[]> {
  return periodsToRemind(ctx.db, districtScopeOf(ctx.actor), inView, ctx.today);
}

/**
 * 一键催办: one reminder to every unit that has not submitted for this month's period of the lists in
 * view (of the actor's district), listing what is missing on each list. Pressing it twice on one
 * day reminds once.
 */
export async function sendPeriodReminders(ctx: ServiceContext, inView: readonly PlanSummary[]): Promise<Result<{ units: number }>> {
  const { db, actor, today, now: at, meta } = ctx;
  assertCan(actor, 'reminders.send');
  const districtId = ownDistrictId(actor);
  const periods = await periodsToRemind(db, { kind: 'district', districtId }, inView, today);
  if (periods.length === 0) return ok({ units: 0, message: '没有需要催办的调度周期' });
  // Per unit, what it owes on each list (in the order of the lists).
  const byUnit = new Map<number, { unitName: string; owed: { period: RemindablePeriod; entry: UnitEntry }[] }>();
  const unitsPerPeriod = new Map<number, number>();
  for (const period of periods) {
    const grouped = groupByUnit(await outstandingForPeriod(db, districtId, period.id));
    unitsPerPeriod.set(period.id, grouped.size);
    for (const [unitId, entry] of grouped) {
      const u = byUnit.get(unitId) ?? { unitName: entry.unitName, owed: [] };
      u.owed.push({ period, entry });
      byUnit.set(unitId, u);
    }
  }
  return transaction(db, async (tx) => {
    for (const [unitId, { owed }] of byUnit) {
      const months = [...new Set(owed.map((o) => o.period.month))].sort();
      const sameDeadlines = new Set(owed.map(deadlinesText)).size === 1;
      const body = sameDeadlines
        ? `请尽快报送${owed.map((o) => describe(o.entry, o.period.plan)).join('；')}（${deadlinesText(owed[0]!)}）。`
        : `请尽快报送${owed.map((o) => `${describe(o.entry, o.period.plan)}（${deadlinesText(o)}）`).join('；')}。`;
      await notifyUnits(
        tx,
        [unitId],
        {
          kind: 'reminder',
          title: `督查室催办：${months.map(monthLabel).join('、')}尚有材料未报送`,
          body,
          // Several lists may be in different months: the earliest is the most pressing.
          link: monthSheetLink(months[0]!),
          urgent: owed.some((o) => o.entry.deadlines.some((d) => daysUntil(d, today) < 0)),
          dedupeKey: `remind:${owed.map((o) => o.period.id).join(',')}:${unitId}:${today}`,
        },
        at,
      );
    }
    for (const period of periods) {
      await writeAudit(tx, actor, { action: 'reminder.send', entityType: 'period', entityId: period.id, detail: { month: period.month, units: unitsPerPeriod.get(period.id) ?? 0 } }, meta, at);
    }
    return ok({ units: byUnit.size, message: byUnit.size ? `已向 ${byUnit.size} 个未报送单位发出催办` : '本期所有单位均已报送' });
  });
}

/** Every district's id, in order: background work (no actor) runs once per district. */
async function districtIds(db: Reader): Promise<number[]> {
  return (await db.select({ id: districts.id }).from(districts).orderBy(asc(districts.id))).map((d) => d.id);
}

/**
 * The daily schedule, per district over its active lists: reminders for deadlines within its
 * warning window, overdue reports and parts, and notices due soon or overdue. Idempotent (dedupe
 * keys), so it may run often. Returns how many were new.
 */
export async function runReminderSchedule(db: Db, today: string, at: Date): Promise<number> {
  let created = 0;
  for (const districtId of await districtIds(db)) created += await runDistrictReminders(db, districtId, today, at);
  return created;
}

/** One district's schedule: reads first, then writes every reminder in one transaction; how many were new. */
async function runDistrictReminders(db: Db, districtId: number, today: string, at: Date): Promise<number> {
  const lists = await activePlans(db, { kind: 'district', districtId });
  const settings = await getWarningSettings(db, districtId);
  const due: { unitId: number; n: NotificationInput }[] = [];
  for (const plan of lists) {
    // With several lists, a title says which list it is about (the body names the tasks anyway).
    const listName = lists.length > 1 ? planShortName(plan) : '';
    const periods = await db
      .select()
      .from(reportingPeriods)
      .where(and(eq(reportingPeriods.planId, plan.id), lte(reportingPeriods.month, today.slice(0, 7))));
    for (const period of periods) {
      const outstanding = await outstandingForPeriod(db, districtId, period.id);
      for (const role of ['lead', 'participating'] as const) {
        const periodDeadline = role === 'lead' ? period.leadDeadline : period.contributionDeadline;
        // One reminder per deadline: the period's, or on a per-item list each item's own.
        const owed = outstanding.filter((o) => o.role === role);
        for (const deadline of [...new Set(owed.map((o) => o.deadline))].sort()) {
          const left = daysUntil(deadline, today);
          if (left > settings.dueSoonDays) continue;
          const byUnit = groupByUnit(owed.filter((o) => o.deadline === deadline));
          // The period's deadline keeps the keys it always had; an item's own deadline is named in its key.
          const day = deadline === periodDeadline ? '' : `:${deadline}`;
          for (const [unitId, entry] of byUnit) {
            const overdue = left < 0;
            const what = `${monthLabel(period.month)}${listName}${role === 'lead' ? '月度进展' : '协办情况'}`;
            due.push({
              unitId,
              n: {
                kind: overdue ? 'deadline.overdue' : 'deadline.soon',
                title: overdue ? `${what}已逾期未报送` : `${what}将于 ${dateLabel(deadline)} 截止`,
                body: `请报送${describe(entry, plan)}。`,
                link: monthSheetLink(period.month),
                urgent: overdue,
                // Soon: once per period (and deadline); overdue: once per week.
                dedupeKey: overdue ? `overdue:${period.id}:${role}:${unitId}${day}:${Math.floor(-left / 7)}` : `soon:${period.id}:${role}:${unitId}${day}`,
              },
            });
          }
        }
      }
    }
  }
  const openTargets = await db
    .select({ noticeId: supervisionNotices.id, seq: supervisionNotices.seq, year: supervisionNotices.year, dueDate: supervisionNotices.dueDate, unitId: noticeTargets.unitId })
    .from(noticeTargets)
    .innerJoin(supervisionNotices, eq(supervisionNotices.id, noticeTargets.noticeId))
    .where(and(eq(supervisionNotices.districtId, districtId), eq(supervisionNotices.status, 'open'), inArray(noticeTargets.status, ['pending', 'sent_back'])));
  for (const t of openTargets) {
    const left = daysUntil(t.dueDate, today);
    if (left > settings.dueSoonDays) continue;
    due.push({
      unitId: t.unitId,
      n: {
        kind: 'notice.due',
        title: left < 0 ? `督办〔${t.year}〕第${t.seq}号已逾期未反馈` : `督办〔${t.year}〕第${t.seq}号将于 ${dateLabel(t.dueDate)} 到期`,
        link: `/notices/${t.noticeId}`,
        urgent: left < 0,
        dedupeKey: left < 0 ? `notice-overdue:${t.noticeId}:${t.unitId}:${Math.floor(-left / 7)}` : `notice-soon:${t.noticeId}:${t.unitId}`,
      },
    });
  }
  // 签收: one reminder per unit for its tasks unsigned past the window; a new set of tasks reminds again, the same set never.
  const listOf = new Map(lists.map((p) => [p.id, p]));
  for (const [unitId, owed] of groupBy(await overdueSignFor(db, districtId, today), (o) => o.unitId)) {
    const byList = [...groupBy(owed, (o) => o.planId)].map(([planId, rows]) => `${planShortName(listOf.get(planId) ?? { shortName: '', kind: 'key_tasks' })} ${rows.map((r) => r.taskNo).join('、')}`);
    due.push({
      unitId,
      n: {
        kind: 'sign.overdue',
        title: `${owed.length} 项任务超过签收时限仍未签收`,
        body: `请尽快签收${byList.join('；')}（签收时限 ${settings.signForWorkingDays} 个工作日）。`,
        link: '/my',
        urgent: true,
        dedupeKey: `sign-overdue:${unitId}:${owed.map((o) => o.taskId).join(',')}`,
      },
    });
  }
  if (due.length === 0) return 0;
  return transaction(db, async (tx) => {
    let created = 0;
    // In sequence: one transaction, one write at a time.
    for (const { unitId, n } of due) created += await notifyUnits(tx, [unitId], n, at);
    return created;
  });
}

export type Mailer = { send: (to: string, subject: string, text: string) => Promise<void> };

/**
 * One digest per user per day of what reached them since the last one, instead of a message per
 * event. Nothing at weekends or on holidays (of the user's district's calendar) unless something is
 * overdue. With a mailer (SMTP configured), users with an e-mail address also receive it by e-mail.
 */
export async function buildDailyDigests(db: Db, today: string, at: Date, mailer?: Mailer): Promise<{ digests: number; emailed: number }> {
  const total = { digests: 0, emailed: 0 };
  const all = await districtIds(db);
  let onlyCalendar = DEFAULT_WARNING_SETTINGS.calendar;
  for (const districtId of all) {
    const settings = await getWarningSettings(db, districtId);
    if (all.length === 1) onlyCalendar = settings.calendar;
    const made = await districtDigests(db, districtId, isWorkingDay(today, settings.calendar), today, at, mailer);
    total.digests += made.digests;
    total.emailed += made.emailed;
  }
  // The deployment's own accounts (no district): the district's calendar in an installation of one
  // (as before districts), the default one in a city's deployment of several.
  const own = await districtDigests(db, null, isWorkingDay(today, onlyCalendar), today, at, mailer);
  return { digests: total.digests + own.digests, emailed: total.emailed + own.emailed };
}

/** The digests of one district's users (null: the accounts of no district). */
async function districtDigests(db: Db, districtId: number | null, workingDay: boolean, today: string, at: Date, mailer?: Mailer): Promise<{ digests: number; emailed: number }> {
  const pending = await db
    .select({ id: notifications.id, userId: notifications.userId, title: notifications.title, body: notifications.body, link: notifications.link, urgent: notifications.urgent })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(
      and(
        districtId === null ? isNull(users.districtId) : eq(users.districtId, districtId),
        isNull(notifications.digestedAt),
        gte(notifications.createdAt, new Date(at.getTime() - 14 * 86_400_000)),
      ),
    )
    .orderBy(asc(notifications.id));
  const byUser = new Map<number, typeof pending>();
  for (const n of pending) byUser.set(n.userId, [...(byUser.get(n.userId) ?? []), n]);
  let made = 0;
  let emailed = 0;
  for (const [userId, items] of byUser) {
    if (!workingDay && !items.some((i) => i.urgent)) continue;
    const list = items.map((i, n) => `${n + 1}. ${i.title}${i.body ? `\n   ${i.body}` : ''}`).join('\n');
    // What a month still owes links to 月度填报 of that month, once however many reminders name it.
    const months = [...new Set(items.map((i) => monthOfLink(i.link)).filter((m) => m !== null))].sort();
    const body = [list, ...(months.length ? ['', ...months.map((m) => `一页填报${monthLabel(m)}待报材料：${monthSheetLink(m)}`)] : [])].join('\n');
    // One per user and day: checked inside the transaction that writes it.
    const id = await transaction(db, async (tx) => {
      const [exists] = await tx
        .select({ id: digests.id })
        .from(digests)
        .where(and(eq(digests.userId, userId), eq(digests.date, today)))
        .limit(1);
      if (exists) return null;
      const [row] = await tx.insert(digests).values({ userId, date: today, itemCount: items.length, body, createdAt: at }).returning({ id: digests.id });
      await tx
        .update(notifications)
        .set({ digestedAt: at })
        .where(
          and(
            eq(notifications.userId, userId),
            inArray(
              notifications.id,
              items.map((i) => i.id),
            ),
          ),
        );
      return row!.id;
    });
    if (id === null) continue;
    made += 1;
    const [recipient] = await db
      .select({ email: users.email })
      .from(users)
      .where(and(eq(users.id, userId), eq(users.active, true)))
      .limit(1);
    const email = recipient?.email;
    if (mailer && email) {
      try {
        await mailer.send(email, `重点任务督查督办系统 · ${today} 每日提醒（${items.length} 条）`, body);
        await transaction(db, async (tx) => {
          await tx.update(digests).set({ emailedAt: at }).where(eq(digests.id, id));
        });
        emailed += 1;
      } catch (err) {
        console.error('[digest] 邮件发送失败', err);
      }
    }
  }
  return { digests: made, emailed };
}
