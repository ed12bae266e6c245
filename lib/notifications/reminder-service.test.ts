import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { digests, districtSettings, notifications, users } from '@/db/schema';
import { transaction } from '@/lib/db';
import { ForbiddenError } from '@/lib/errors';
import { createInstruction } from '@/lib/instructions/instruction-service';
import { issueNotice } from '@/lib/notices/notice-commands';
import { issueNoticeSchema } from '@/lib/notices/schemas';
import { activePlans } from '@/lib/plans/plan-scope';
import { addSecondDistrict } from '@/lib/testing/second-district';
import { DEMO_NOW, useSeededDb } from '@/lib/testing/seeded-fixture';
import { raiseFlag } from '@/lib/warnings/flag-service';
import { DEFAULT_WARNING_SETTINGS } from '@/lib/warnings/rules';
import { toInput } from '@/lib/warnings/settings-service';
import { listDigests, listNotifications, markRead, unreadCount } from './notification-service';
import { buildDailyDigests, monthSheetLink, outstandingForPeriod, remindablePeriods, runReminderSchedule, sendPeriodReminders } from './reminder-service';

const TODAY = '2023-11-22';
const NOW = DEMO_NOW;

const env = useSeededDb();
const { as, idOf, supervisor, leader, sthj, kjj, taskId } = env;
const inView = () => activePlans(env.db, supervisor());
const notificationCount = async () => (await env.db.select({ n: count() }).from(notifications))[0]!.n;

describe('reminders and digests', () => {
  it('one-click reminder reaches each unit that has not submitted, once a day', async () => {
    await expect(sendPeriodReminders(as(sthj()), await inView())).rejects.toThrow(ForbiddenError);
    const before = await notificationCount();
    const r = await sendPeriodReminders(as(supervisor()), await inView());
    expect(r.ok && r.units).toBeGreaterThan(10);
    const after = await notificationCount();
    expect(after).toBeGreaterThan(before);
    await sendPeriodReminders(as(supervisor()), await inView());
    expect(await notificationCount()).toBe(after);
    const kjjReminder = (await listNotifications(env.db, kjj())).find((n) => n.kind === 'reminder');
    expect(kjjReminder?.body).toContain('任务 11、12、13、14、15、16 的月度进展');
    // Straight to 月度填报 of this month, only what is still to send.
    expect(kjjReminder?.link).toBe('/my/month?month=2023-11&due=1');
  });

  it('the schedule is idempotent and the digest is one per user per day, none at weekends unless overdue', async () => {
    await runReminderSchedule(env.db, TODAY, NOW);
    const n = await notificationCount();
    await runReminderSchedule(env.db, TODAY, NOW);
    expect(await notificationCount()).toBe(n);
    const sent: string[] = [];
    await env.db.update(users).set({ email: 'kjj@example.invalid' }).where(eq(users.username, 'kjj'));
    const first = await buildDailyDigests(env.db, TODAY, NOW, { send: async (to) => void sent.push(to) });
    expect(first.digests).toBeGreaterThan(0);
    expect(sent).toEqual(['kjj@example.invalid']);
    const again = await buildDailyDigests(env.db, TODAY, NOW);
    expect(again.digests).toBe(0);
    expect(await env.db.select().from(digests).where(and(eq(digests.userId, idOf('kjj')), eq(digests.date, TODAY)))).toHaveLength(1);
    // Saturday: only users with something overdue get a digest.
    const saturday = '2023-11-25';
    await raiseFlag(as(supervisor()), { taskId: taskId(41), level: 'yellow', reason: '周末测试' });
    await createInstruction(as(leader()), { taskId: taskId(41), content: '周六批示' }); // not urgent
    const weekend = await buildDailyDigests(env.db, saturday, new Date('2023-11-25T09:00:00+08:00'));
    expect(weekend.digests).toBe(0);
  });

  it('deadline reminders and the digest of a unit with reports due link to the month page of that month', async () => {
    // The schedule and the digest of today ran above.
    const mine = await listNotifications(env.db, kjj());
    const deadlines = mine.filter((n) => n.kind === 'deadline.soon' || n.kind === 'deadline.overdue');
    expect(deadlines.length).toBeGreaterThan(0);
    for (const n of deadlines) {
      const [, year, month] = /^(\d{4})年(\d{1,2})月/.exec(n.title)!;
      expect(n.link).toBe(monthSheetLink(`${year}-${month!.padStart(2, '0')}`));
    }
    expect(deadlines.map((n) => n.link)).toContain('/my/month?month=2023-11&due=1');
    const [digest] = await env.db.select().from(digests).where(and(eq(digests.userId, idOf('kjj')), eq(digests.date, TODAY)));
    expect(digest!.body).toContain('一页填报2023年11月待报材料：/my/month?month=2023-11&due=1');
    // Once per month, however many reminders name it.
    expect(digest!.body.split('/my/month?month=2023-11&due=1')).toHaveLength(2);
  });

  it('each user sees their own digests on the message page, newest first, and nobody else’s', async () => {
    // Today's digests were built above; one of yesterday for kjj as well.
    await env.db.insert(digests).values({ userId: idOf('kjj'), date: '2023-11-21', itemCount: 1, body: '1. 昨天的提醒', createdAt: new Date('2023-11-21T09:00:00+08:00') });
    const kjjDigests = await listDigests(env.db, kjj());
    expect(kjjDigests.map((d) => d.date)).toEqual([TODAY, '2023-11-21']);
    expect(kjjDigests[1]!.body).toBe('1. 昨天的提醒');
    const sthjDigests = await listDigests(env.db, sthj());
    expect(sthjDigests.every((d) => !d.body.includes('昨天的提醒'))).toBe(true);
    const ownIds = new Set((await env.db.select({ id: digests.id }).from(digests).where(eq(digests.userId, idOf('sthj')))).map((r) => r.id));
    expect(sthjDigests.every((d) => ownIds.has(d.id))).toBe(true);
  });

  it('notifications are read and marked per user only', async () => {
    const mine = await listNotifications(env.db, kjj());
    const other = (await listNotifications(env.db, sthj()))[0]!;
    expect(await transaction(env.db, (tx) => markRead(tx, kjj(), other.id, NOW))).toBe(0);
    expect(await transaction(env.db, (tx) => markRead(tx, kjj(), null, NOW))).toBe(mine.filter((n) => !n.readAt).length);
    expect(await unreadCount(env.db, kjj())).toBe(0);
  });
});

describe('districts', () => {
  it('reminders, the schedule and the digests run per district: its lists, units, notices, office and calendar', async () => {
    const b = await addSecondDistrict(env.db);
    const [bSupervisor, bLeader, bKjj] = [await b.actor('supervisor'), await b.actor('leader'), await b.actor('reporter', '区科学技术局')];
    const bLists = await activePlans(env.db, bSupervisor);
    const ofUser = async (userId: number) => (await env.db.select({ n: count() }).from(notifications).where(eq(notifications.userId, userId)))[0]!.n;

    // One district's office over the other's lists: nothing to remind, nothing written.
    const before = await notificationCount();
    expect(await remindablePeriods(as(supervisor()), bLists)).toEqual([]);
    expect(await sendPeriodReminders(as(supervisor()), bLists)).toEqual({ ok: true, units: 0, message: '没有需要催办的调度周期' });
    expect(await outstandingForPeriod(env.db, supervisor().districtId!, b.periodId('2023-11'))).toEqual([]);
    expect(await notificationCount()).toBe(before);

    // Its own lists: its own units only (the first district's 科技局 got its reminder of the day above and no other).
    const kjjBefore = await ofUser(idOf('kjj'));
    expect((await remindablePeriods(as(bSupervisor), bLists)).map((p) => p.planId)).toEqual([b.planId]);
    const sent = await sendPeriodReminders(as(bSupervisor), bLists);
    expect(sent.ok && sent.units).toBeGreaterThan(10);
    expect((await listNotifications(env.db, bKjj)).filter((n) => n.kind === 'reminder')).toHaveLength(1);
    expect(await ofUser(idOf('kjj'))).toBe(kjjBefore);

    // The schedule covers the second district too; a notice due soon reminds its own unit only.
    const notice = await issueNotice(
      as(bSupervisor),
      issueNoticeSchema(TODAY).parse({ taskId: b.taskId(15), level: 'yellow', unitIds: [bKjj.unitId], problem: '进展滞后。', requirement: '加快推进。', dueDate: '2023-11-24', triggerRule: '', triggerReason: '' }),
    );
    if (!notice.ok) throw new Error(notice.error);
    expect(await runReminderSchedule(env.db, TODAY, NOW)).toBeGreaterThan(0);
    expect(await ofUser(idOf('kjj'))).toBe(kjjBefore);
    const bKinds = (await listNotifications(env.db, bKjj)).map((n) => n.kind);
    expect(bKinds).toEqual(expect.arrayContaining(['deadline.soon', 'notice.due']));
    const dueTo = await env.db.select({ userId: notifications.userId }).from(notifications).where(and(eq(notifications.kind, 'notice.due'), eq(notifications.link, `/notices/${notice.id}`)));
    expect(dueTo.map((n) => n.userId)).toEqual([bKjj.userId]);
    expect(await runReminderSchedule(env.db, TODAY, NOW)).toBe(0);

    // Each district's calendar: a holiday of the second district only holds back its users' digests.
    const day = '2023-11-23';
    const at = new Date(`${day}T09:00:00+08:00`);
    await env.db.insert(districtSettings).values({ districtId: b.districtId, key: 'warnings', value: JSON.stringify({ ...toInput(DEFAULT_WARNING_SETTINGS), holidays: [day] }), updatedAt: at });
    await createInstruction(as(leader(), at), { taskId: taskId(41), content: '河东区的批示' });
    await createInstruction(as(bLeader, at), { taskId: b.taskId(41), content: '兰山区的批示' });
    await buildDailyDigests(env.db, day, at);
    const digestOf = async (userId: number, date: string) => env.db.select({ id: digests.id }).from(digests).where(and(eq(digests.userId, userId), eq(digests.date, date)));
    expect(await digestOf(idOf('duchashi'), day)).toHaveLength(1);
    expect(await digestOf(bSupervisor.userId, day)).toHaveLength(0);
    // Something overdue goes out even on the holiday.
    expect(await digestOf(bKjj.userId, day)).toHaveLength(1);
    // Its next working day.
    await buildDailyDigests(env.db, '2023-11-24', new Date('2023-11-24T09:00:00+08:00'));
    expect(await digestOf(bSupervisor.userId, '2023-11-24')).toHaveLength(1);
  });
});
