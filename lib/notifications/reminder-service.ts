import { and, asc, eq, gte, inArray, isNull, lte } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { contributions, digests, noticeTargets, notifications, reportingPeriods, reports, supervisionNotices, tasks, taskUnits, units, users } from '@/db/schema';
import { NO_META, writeAudit, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { currentPlan } from '@/lib/ledger/ledger-service';
import { dateLabel, daysUntil, monthLabel } from '@/lib/reporting/calendar';
import { isWorkingDay } from '@/lib/warnings/working-days';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { notifyUnits } from './notification-service';

type Outstanding = { unitId: number; unitName: string; taskNo: number; role: 'lead' | 'participating' };

/** Lead reports and parts of a period that have not been sent (no row, or still a draft or returned). */
export function outstandingForPeriod(db: AppDatabase, periodId: number): Outstanding[] {
  const period = db.select().from(reportingPeriods).where(eq(reportingPeriods.id, periodId)).get();
  if (!period) return [];
  const links = db
    .select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId, role: taskUnits.role, unitName: units.name, taskNo: tasks.no })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(eq(tasks.planId, period.planId))
    .orderBy(asc(tasks.no))
    .all();
  const sent = new Set(
    [
      ...db.select({ t: reports.taskId, u: reports.unitId }).from(reports).where(and(eq(reports.periodId, periodId), inArray(reports.status, ['submitted', 'approved']))).all(),
      ...db
        .select({ t: contributions.taskId, u: contributions.unitId })
        .from(contributions)
        .where(and(eq(contributions.periodId, periodId), inArray(contributions.status, ['submitted', 'approved'])))
        .all(),
    ].map((r) => `${r.t}:${r.u}`),
  );
  return links.filter((l) => !sent.has(`${l.taskId}:${l.unitId}`)).map(({ taskId: _t, ...rest }) => rest);
}

function groupByUnit(items: Outstanding[]): Map<number, { unitName: string; lead: number[]; parts: number[] }> {
  const map = new Map<number, { unitName: string; lead: number[]; parts: number[] }>();
  for (const i of items) {
    const entry = map.get(i.unitId) ?? { unitName: i.unitName, lead: [], parts: [] };
    (i.role === 'lead' ? entry.lead : entry.parts).push(i.taskNo);
    map.set(i.unitId, entry);
  }
  return map;
}

function describe(entry: { lead: number[]; parts: number[] }): string {
  const pieces: string[] = [];
  if (entry.lead.length) pieces.push(`任务 ${entry.lead.join('、')} 的月度进展`);
  if (entry.parts.length) pieces.push(`任务 ${entry.parts.join('、')} 的协办情况`);
  return pieces.join('；');
}

/**
 * 一键催办: one reminder to every unit that has not submitted for the period, listing what is
 * missing. Pressing it twice on one day reminds once.
 */
export function sendPeriodReminders(
  db: AppDatabase,
  actor: Actor,
  periodId: number,
  today: string,
  at: Date,
  meta: RequestMeta = NO_META,
): { ok: true; units: number; message: string } | { ok: false; error: string } {
  assertCan(actor, 'reminders.send');
  const period = db.select().from(reportingPeriods).where(eq(reportingPeriods.id, periodId)).get();
  if (!period) return { ok: false, error: '找不到该调度周期' };
  const byUnit = groupByUnit(outstandingForPeriod(db, periodId));
  return db.transaction(
    (tx) => {
      for (const [unitId, entry] of byUnit) {
        notifyUnits(
          tx,
          [unitId],
          {
            kind: 'reminder',
            title: `督查室催办：${monthLabel(period.month)}尚有材料未报送`,
            body: `请尽快报送${describe(entry)}（牵头单位截止 ${dateLabel(period.leadDeadline)}，参与单位截止 ${dateLabel(period.contributionDeadline)}）。`,
            link: '/my',
            urgent: daysUntil(period.leadDeadline, today) < 0,
            dedupeKey: `remind:${periodId}:${unitId}:${today}`,
          },
          at,
        );
      }
      writeAudit(tx, actor, { action: 'reminder.send', entityType: 'period', entityId: periodId, detail: { month: period.month, units: byUnit.size } }, meta, at);
      return { ok: true as const, units: byUnit.size, message: byUnit.size ? `已向 ${byUnit.size} 个未报送单位发出催办` : '本期所有单位均已报送' };
    },
    { behavior: 'immediate' },
  );
}

/**
 * The daily schedule: reminders for deadlines within the warning window, overdue reports and
 * parts, and notices due soon or overdue. Idempotent (dedupe keys), so it may run often.
 */
export function runReminderSchedule(db: AppDatabase, today: string, at: Date): number {
  const plan = currentPlan(db);
  if (!plan) return 0;
  const settings = getWarningSettings(db);
  let created = 0;
  const periods = db
    .select()
    .from(reportingPeriods)
    .where(and(eq(reportingPeriods.planId, plan.id), lte(reportingPeriods.month, today.slice(0, 7))))
    .all();
  for (const period of periods) {
    const outstanding = outstandingForPeriod(db, period.id);
    for (const role of ['lead', 'participating'] as const) {
      const deadline = role === 'lead' ? period.leadDeadline : period.contributionDeadline;
      const left = daysUntil(deadline, today);
      if (left > settings.dueSoonDays) continue;
      const byUnit = groupByUnit(outstanding.filter((o) => o.role === role));
      for (const [unitId, entry] of byUnit) {
        const overdue = left < 0;
        created += notifyUnits(
          db,
          [unitId],
          {
            kind: overdue ? 'deadline.overdue' : 'deadline.soon',
            title: overdue
              ? `${monthLabel(period.month)}${role === 'lead' ? '月度进展' : '协办情况'}已逾期未报送`
              : `${monthLabel(period.month)}${role === 'lead' ? '月度进展' : '协办情况'}将于 ${dateLabel(deadline)} 截止`,
            body: `请报送${describe(entry)}。`,
            link: '/my',
            urgent: overdue,
            // Soon: once per period; overdue: once per week.
            dedupeKey: overdue ? `overdue:${period.id}:${role}:${unitId}:${Math.floor(-left / 7)}` : `soon:${period.id}:${role}:${unitId}`,
          },
          at,
        );
      }
    }
  }
  const openTargets = db
    .select({ noticeId: supervisionNotices.id, seq: supervisionNotices.seq, year: supervisionNotices.year, dueDate: supervisionNotices.dueDate, unitId: noticeTargets.unitId })
    .from(noticeTargets)
    .innerJoin(supervisionNotices, eq(supervisionNotices.id, noticeTargets.noticeId))
    .where(and(eq(supervisionNotices.status, 'open'), inArray(noticeTargets.status, ['pending', 'sent_back'])))
    .all();
  for (const t of openTargets) {
    const left = daysUntil(t.dueDate, today);
    if (left > settings.dueSoonDays) continue;
    created += notifyUnits(
      db,
      [t.unitId],
      {
        kind: 'notice.due',
        title: left < 0 ? `督办〔${t.year}〕第${t.seq}号已逾期未反馈` : `督办〔${t.year}〕第${t.seq}号将于 ${dateLabel(t.dueDate)} 到期`,
        link: `/notices/${t.noticeId}`,
        urgent: left < 0,
        dedupeKey: left < 0 ? `notice-overdue:${t.noticeId}:${t.unitId}:${Math.floor(-left / 7)}` : `notice-soon:${t.noticeId}:${t.unitId}`,
      },
      at,
    );
  }
  return created;
}

export type Mailer = { send: (to: string, subject: string, text: string) => Promise<void> };

/**
 * One digest per user per day of what reached them since the last one, instead of a message per
 * event. Nothing at weekends or on holidays unless something is overdue. With a mailer (SMTP
 * configured), users with an e-mail address also receive it by e-mail.
 */
export async function buildDailyDigests(db: AppDatabase, today: string, at: Date, mailer?: Mailer): Promise<{ digests: number; emailed: number }> {
  const settings = getWarningSettings(db);
  const workingDay = isWorkingDay(today, settings.calendar);
  const pending = db
    .select({ id: notifications.id, userId: notifications.userId, title: notifications.title, body: notifications.body, urgent: notifications.urgent })
    .from(notifications)
    .where(and(isNull(notifications.digestedAt), gte(notifications.createdAt, new Date(at.getTime() - 14 * 86_400_000))))
    .orderBy(asc(notifications.id))
    .all();
  const byUser = new Map<number, typeof pending>();
  for (const n of pending) byUser.set(n.userId, [...(byUser.get(n.userId) ?? []), n]);
  let made = 0;
  let emailed = 0;
  for (const [userId, items] of byUser) {
    if (!workingDay && !items.some((i) => i.urgent)) continue;
    const exists = db.select({ id: digests.id }).from(digests).where(and(eq(digests.userId, userId), eq(digests.date, today))).get();
    if (exists) continue;
    const body = items.map((i, n) => `${n + 1}. ${i.title}${i.body ? `\n   ${i.body}` : ''}`).join('\n');
    const id = db.transaction((tx) => {
      const row = tx.insert(digests).values({ userId, date: today, itemCount: items.length, body, createdAt: at }).returning({ id: digests.id }).get();
      tx.update(notifications)
        .set({ digestedAt: at })
        .where(and(eq(notifications.userId, userId), inArray(notifications.id, items.map((i) => i.id))))
        .run();
      return row.id;
    }, { behavior: 'immediate' });
    made += 1;
    const email = db.select({ email: users.email }).from(users).where(and(eq(users.id, userId), eq(users.active, true))).get()?.email;
    if (mailer && email) {
      try {
        await mailer.send(email, `重点任务督查督办系统 · ${today} 每日提醒（${items.length} 条）`, body);
        db.update(digests).set({ emailedAt: at }).where(eq(digests.id, id)).run();
        emailed += 1;
      } catch (err) {
        console.error('[digest] 邮件发送失败', err);
      }
    }
  }
  return { digests: made, emailed };
}
