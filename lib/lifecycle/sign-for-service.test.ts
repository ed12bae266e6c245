import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, districtSettings, notifications, plans, tasks, taskUnits } from '@/db/schema';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { NotFoundError, ForbiddenError } from '@/lib/errors';
import { importNoticeText } from '@/lib/plan-import/import-plan';
import { registerItem } from '@/lib/plans/item-service';
import { registerItemSchema } from '@/lib/plans/plan-schemas';
import { setPlanStatus } from '@/lib/plans/plan-service';
import { activePlans, planById } from '@/lib/plans/plan-scope';
import { getWorkbench } from '@/lib/reporting/workbench';
import { runReminderSchedule } from '@/lib/notifications/reminder-service';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { DEFAULT_WARNING_SETTINGS } from '@/lib/warnings/rules';
import { toInput } from '@/lib/warnings/settings-service';
import { computeSignalsNow } from '@/lib/warnings/signal-service';
import { overdueSignFor, signAll, signForOfTask, signForOfUnit, signTask } from './sign-for-service';

const env = useSeededDb();
const { as, supervisor, fgj, kjj, gxj } = env;
/** A request on a given day (09:30 Beijing). */
const on = (actor: ReturnType<typeof fgj>, day: string) => as(actor, new Date(`${day}T09:30:00+08:00`));

let item: number;
let itemPlan: number;
const links = async (taskId: number) => env.db.select().from(taskUnits).where(eq(taskUnits.taskId, taskId)).orderBy(asc(taskUnits.role));
const signalsOn = async (day: string) => (await computeSignalsNow(env.db, itemPlan, day, DEFAULT_WARNING_SETTINGS)).get(item)!;

beforeAll(async () => {
  // 立项 on Wednesday 15 November: 区发展和改革局 leads, 区科学技术局 takes part.
  const r = await registerItem(
    on(supervisor(), '2023-11-15'),
    registerItemSchema.parse({ kind: 'meeting', source: '区政府第12次常务会议', title: '推进数字经济项目', content: '会议议定的事项，按期办结。', lead: '区发改局', participating: '区科技局', leaders: '', deadline: '2023-12-20' }),
  );
  if (!r.ok) throw new Error(r.error);
  item = r.data.taskId;
  itemPlan = (await env.db.select({ planId: tasks.planId }).from(tasks).where(eq(tasks.id, item)))[0]!.planId;
});

describe('签收', () => {
  it('a registered item is assigned the day it is registered, unsigned; the 2023 list of before counts as signed', async () => {
    expect((await links(item)).map((l) => ({ role: l.role, assignedOn: l.assignedOn, signedAt: l.signedAt }))).toEqual([
      { role: 'lead', assignedOn: '2023-11-15', signedAt: null },
      { role: 'participating', assignedOn: '2023-11-15', signedAt: null },
    ]);
    const seeded = await links(env.taskId(40));
    expect(seeded.every((l) => l.assignedOn !== null && l.signedAt !== null)).toBe(true);
  });

  it('within the window: 待签收 without a light; past it: a red 报送 light per unit, and one reminder per unit', async () => {
    expect((await signalsOn('2023-11-20')).details.filter((d) => d.rule === 'sign.overdue')).toEqual([]);
    const wb = (await getWorkbench(on(fgj(), '2023-11-20'), await activePlans(env.db, fgj()))).find((w) => w.plan.id === itemPlan)!;
    expect(wb.leading.find((r) => r.task.id === item)!.signFor).toMatchObject({ kind: 'pending', dueOn: '2023-11-20' });

    const late = await signalsOn('2023-11-22');
    expect(late.late).toMatchObject({ level: 'red' });
    expect(late.details.filter((d) => d.rule === 'sign.overdue').map((d) => d.reason)).toEqual(['区发展和改革局 未签收（交办已 5 个工作日）', '区科学技术局 未签收（交办已 5 个工作日）']);
    // A unit's own view: only its own assignment.
    const own = (await computeSignalsNow(env.db, itemPlan, '2023-11-22', DEFAULT_WARNING_SETTINGS, { unitId: kjj().unitId! })).get(item)!;
    expect(own.details.filter((d) => d.rule === 'sign.overdue').map((d) => d.unitName)).toEqual(['区科学技术局']);

    const at = new Date('2023-11-22T09:30:00+08:00');
    await runReminderSchedule(env.db, '2023-11-22', at);
    const reminders = async () => env.db.select().from(notifications).where(and(eq(notifications.userId, fgj().userId), eq(notifications.kind, 'sign.overdue')));
    expect((await reminders()).map((n) => n.title)).toEqual(['1 项任务超过签收时限仍未签收']);
    expect((await reminders())[0]!.body).toContain('会议事项 1');
    // The schedule runs every half hour and every day: the same unsigned tasks remind once.
    await runReminderSchedule(env.db, '2023-11-22', at);
    await runReminderSchedule(env.db, '2023-11-23', new Date('2023-11-23T09:30:00+08:00'));
    expect(await reminders()).toHaveLength(1);
  });

  it('a unit signs one task (all its roles on it); another unit’s task is not found; twice is refused', async () => {
    await expect(signTask(on(gxj(), '2023-11-22'), { taskId: item })).rejects.toThrow(NotFoundError);
    await expect(signTask(on(supervisor(), '2023-11-22'), { taskId: item })).rejects.toThrow(ForbiddenError);
    expect(await signTask(on(fgj(), '2023-11-22'), { taskId: item })).toMatchObject({ ok: true, signed: 1 });
    expect(await signTask(on(fgj(), '2023-11-22'), { taskId: item })).toEqual({ ok: false, error: '该任务已签收' });
    const rows = await signForOfTask(on(supervisor(), '2023-11-22'), item);
    expect(rows.map((r) => [r.unitName, r.state.kind, r.signedBy])).toEqual([
      ['区发展和改革局', 'signed', '发改局填报员'],
      ['区科学技术局', 'overdue', null],
    ]);
    const audit = await env.db.select().from(auditLog).where(and(eq(auditLog.action, 'task.sign'), eq(auditLog.taskId, item)));
    expect(audit).toHaveLength(1);
  });

  it('全部签收 signs every unsigned task of the unit in the lists in view; the light clears', async () => {
    const r = await signAll(on(kjj(), '2023-11-22'), await activePlans(env.db, kjj()));
    expect(r).toMatchObject({ ok: true, signed: 1, message: '已签收 1 项任务' });
    expect(await signAll(on(kjj(), '2023-11-22'), await activePlans(env.db, kjj()))).toMatchObject({ ok: true, signed: 0 });
    expect((await signalsOn('2023-11-22')).details.filter((d) => d.rule === 'sign.overdue')).toEqual([]);
  });

  it('a published draft is assigned on the day of publication; an active list imported today is unsigned', async () => {
    const text = '临东政办字〔2023〕99号\n一、测试\n1.测试任务。(牵头单位:区民政局)';
    const imported = await importNoticeText(env.db, FIRST_DISTRICT_ID, text, {}, { today: '2023-11-22' });
    const task = (await env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.planId, imported.summary.planId!)))[0]!;
    expect((await links(task.id)).map((l) => [l.assignedOn, l.signedAt])).toEqual([['2023-11-22', null]]);

    const workReport = await import('node:fs').then((fs) => fs.readFileSync('db/seed-data/hedong-2023-government-work-report.txt', 'utf8'));
    const draft = (await importNoticeText(env.db, FIRST_DISTRICT_ID, workReport, { kind: 'work_report' })).summary.planId!;
    expect((await planById(env.db, supervisor(), draft))!.status).toBe('draft');
    const draftTasks = await env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.planId, draft));
    await env.db.insert(taskUnits).values(draftTasks.map((t) => ({ taskId: t.id, unitId: fgj().unitId!, role: 'lead' as const, position: 0 })));
    expect(await setPlanStatus(on(supervisor(), '2023-11-22'), { planId: draft, status: 'active' })).toMatchObject({ ok: true });
    const published = await env.db.select({ assignedOn: taskUnits.assignedOn, signedAt: taskUnits.signedAt }).from(taskUnits).innerJoin(tasks, eq(tasks.id, taskUnits.taskId)).where(eq(tasks.planId, draft));
    expect(published.length).toBe(draftTasks.length);
    expect(published.every((l) => l.assignedOn === '2023-11-22' && l.signedAt === null)).toBe(true);
    expect((await env.db.select({ status: plans.status }).from(plans).where(eq(plans.id, draft)))[0]!.status).toBe('active');
  });
});

describe('districts', () => {
  // 兰山区 (district 2) imported the same notice: the same unit names and task numbers under other ids.
  let d2: SecondDistrict;
  const theirLinks = async () => env.db.select().from(taskUnits).innerJoin(tasks, eq(tasks.id, taskUnits.taskId)).where(eq(tasks.districtId, d2.districtId)).orderBy(asc(taskUnits.taskId), asc(taskUnits.unitId));

  beforeAll(async () => {
    d2 = await addSecondDistrict(env.db);
    // Their task 36 (区发展和改革局 leads alone) assigned on 1 November and not signed.
    await env.db.update(taskUnits).set({ assignedOn: '2023-11-01', signedAt: null, signedBy: null }).where(eq(taskUnits.taskId, d2.taskId(36)));
  });

  it('reads: a task’s and a unit’s 签收 and the overdue list stay in their district', async () => {
    const d2Supervisor = await d2.actor('supervisor');
    expect(await signForOfTask(on(supervisor(), '2023-11-22'), d2.taskId(36))).toEqual([]);
    expect(await signForOfTask(on(d2Supervisor, '2023-11-22'), env.taskId(40))).toEqual([]);
    expect((await signForOfTask(on(d2Supervisor, '2023-11-22'), d2.taskId(36))).map((r) => [r.unitName, r.state.kind])).toEqual([['区发展和改革局', 'overdue']]);
    expect((await signForOfUnit(on(fgj(), '2023-11-22'), [d2.taskId(36)])).size).toBe(0);
    expect((await signForOfUnit(on(await d2.actor('reporter', '区发展和改革局'), '2023-11-22'), [d2.taskId(36), env.taskId(36)])).size).toBe(1);
    const d2Tasks = new Set((await theirLinks()).map((l) => l.tasks.id));
    expect((await overdueSignFor(env.db, FIRST_DISTRICT_ID, '2023-11-22')).filter((o) => d2Tasks.has(o.taskId))).toEqual([]);
    expect((await overdueSignFor(env.db, d2.districtId, '2023-11-22')).map((o) => o.taskId)).toEqual([d2.taskId(36)]);
  });

  it('writes: the other district’s task is "not found" and its lists sign nothing', async () => {
    const before = await theirLinks();
    await expect(signTask(on(fgj(), '2023-11-22'), { taskId: d2.taskId(36) })).rejects.toThrow(new NotFoundError('找不到该任务'));
    const theirList = (await planById(env.db, { kind: 'district', districtId: d2.districtId }, d2.planId))!;
    expect(await signAll(on(fgj(), '2023-11-22'), [theirList])).toMatchObject({ ok: true, signed: 0 });
    expect(await theirLinks()).toEqual(before);
    expect(await signTask(on(await d2.actor('reporter', '区发展和改革局'), '2023-11-22'), { taskId: d2.taskId(36) })).toMatchObject({ ok: true, signed: 1 });
  });

  it('the window is the task’s district’s own setting (the city office reads each district’s by its own)', async () => {
    await env.db.update(taskUnits).set({ signedAt: null, signedBy: null }).where(eq(taskUnits.taskId, d2.taskId(36)));
    const ours = await overdueSignFor(env.db, FIRST_DISTRICT_ID, '2023-11-22');
    const settings = { ...toInput(DEFAULT_WARNING_SETTINGS), signForWorkingDays: 30 };
    await env.db.insert(districtSettings).values({ districtId: d2.districtId, key: 'warnings', value: JSON.stringify(settings), updatedAt: new Date() });
    expect(await overdueSignFor(env.db, d2.districtId, '2023-11-22')).toEqual([]);
    expect(await overdueSignFor(env.db, FIRST_DISTRICT_ID, '2023-11-22')).toEqual(ours);
    const city = await actorFor(env.db, 'city_supervisor', null);
    expect((await signForOfTask(on(city, '2023-11-22'), d2.taskId(36))).map((r) => r.state.kind)).toEqual(['pending']);
  });
});
