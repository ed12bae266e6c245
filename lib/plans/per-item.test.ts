/**
 * A list of items registered one by one (会议议定事项) is reported on 按事项期限: each item once, in
 * the month of its own deadline (dueInPeriod in lib/reporting/calendar.ts). Checked through the
 * services that care whether a task is due: signals, the overdue list, the workbench and the report
 * editor, reminders and the daily digest, the dashboard, the assessment and the bulletin.
 */
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { digests, plans, reportingPeriods } from '@/db/schema';
import { getMonthRanking } from '@/lib/assessment/ranking';
import { collectFacts } from '@/lib/assessment/unit-facts';
import type { Actor } from '@/lib/auth/actor';
import { getBulletin } from '@/lib/exports/bulletin';
import { listNotifications } from '@/lib/notifications/notification-service';
import { buildDailyDigests, runReminderSchedule, sendPeriodReminders } from '@/lib/notifications/reminder-service';
import { getDashboard, taskIdsWithLeadState } from '@/lib/oversight/dashboard-service';
import { listOverdue, overdueFilterSchema } from '@/lib/oversight/overdue-service';
import { saveReport } from '@/lib/reporting/lead-report-service';
import { getReportEditor } from '@/lib/reporting/report-editor';
import { getWorkbench } from '@/lib/reporting/workbench';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { computeSignalsNow } from '@/lib/warnings/signal-service';
import { DEFAULT_WARNING_SETTINGS } from '@/lib/warnings/rules';
import { signAll } from '@/lib/lifecycle/sign-for-service';
import { registerItem } from './item-service';
import { registerItemSchema } from './plan-schemas';
import { activePlans, planById, type PlanSummary } from './plan-scope';

const TODAY = '2023-11-22';
const at = (day: string) => new Date(`${day}T09:30:00+08:00`);
const env = useSeededDb();
const { idOf, supervisor, leader, fgj, kjj, gxj } = env;
let plan: PlanSummary;
/** 会议事项 1: due 2023-12-20, led by 区发展和改革局 with 区科学技术局. 会议事项 2: due 2023-11-21, led by 区工业和信息化局. */
let dueDec: number;
let dueNov: number;
/** The context of a request made by `actor` at 09:30 on `day`. */
const on = (actor: Actor, day: string) => env.as(actor, at(day));
const periodOf = async (month: string) =>
  (
    await env.db
      .select()
      .from(reportingPeriods)
      .where(and(eq(reportingPeriods.planId, plan.id), eq(reportingPeriods.month, month)))
      .limit(1)
  )[0]!;
const signals = (today: string) => computeSignalsNow(env.db, plan.id, today, DEFAULT_WARNING_SETTINGS);
const overdue = async (today: string) => (await listOverdue(on(leader(), today), [plan], overdueFilterSchema.parse({}))).items;
const meetingWorkbench = async (actor: Actor, today: string) => (await getWorkbench(on(actor, today), await activePlans(env.db, supervisor()))).find((w) => w.plan.id === plan.id)!;
const facts = async (month: string, today: string, actor: Actor) => (await collectFacts(env.db, await periodOf(month), today)).find((f) => f.unitId === actor.unitId);

beforeAll(async () => {
  const item = { kind: 'meeting', source: '区政府第12次常务会议', content: '会议议定的事项，按期办结。', leaders: '' };
  const register = (raw: object) => registerItem(on(supervisor(), '2023-11-10'), registerItemSchema.parse(raw));
  const first = await register({ ...item, title: '推进数字经济项目', lead: '区发改局', participating: '区科技局', deadline: '2023-12-20' });
  const second = await register({ ...item, title: '清理闲置厂房', lead: '区工信局', participating: '', deadline: '2023-11-21' });
  if (!first.ok || !second.ok) throw new Error('registration failed');
  dueDec = first.data.taskId;
  dueNov = second.data.taskId;
  // Their units sign for them on the day (签收 and its light are tested in lib/lifecycle).
  for (const actor of [fgj(), kjj(), gxj()]) await signAll(on(actor, '2023-11-10'), await activePlans(env.db, supervisor()));
  const [meeting] = await env.db.select({ id: plans.id }).from(plans).where(eq(plans.kind, 'meeting')).limit(1);
  plan = (await planById(env.db, supervisor(), meeting!.id))!;
});

describe('a list of registered items is reported on 按事项期限', () => {
  it('is created with cadence per_item and monthly periods', async () => {
    expect(plan.cadence).toBe('per_item');
    expect((await env.db.select({ month: reportingPeriods.month }).from(reportingPeriods).where(eq(reportingPeriods.planId, plan.id)).orderBy(asc(reportingPeriods.id))).map((p) => p.month)).toEqual(['2023-11', '2023-12']);
  });

  it('November (2023-11-22): the December item shows no light and is not overdue; the item due on the 21st is', async () => {
    const s = await signals(TODAY);
    expect(s.get(dueDec)!.late.level).toBe('green');
    expect(s.get(dueDec)!.details).toEqual([]);
    expect(s.get(dueNov)!.late).toMatchObject({ level: 'red', rule: 'late.lead.overdue' });
    expect(s.get(dueNov)!.details).toEqual([expect.objectContaining({ kind: 'late', unitName: '区工业和信息化局', month: '2023-11', dueOn: '2023-11-21', level: 'red' })]);
    const items = await overdue(TODAY);
    expect(items.map((i) => [i.taskId, i.kind, i.what, i.dueOn, i.daysOverdue])).toEqual([[dueNov, 'report', '2023-11', '2023-11-21', 1]]);
    expect(items.some((i) => i.taskId === dueDec)).toBe(false);
  });

  it('the workbench and the report editor show the December item as reported by its deadline, not as missing', async () => {
    const lead = (await meetingWorkbench(fgj(), TODAY)).leading.find((r) => r.task.id === dueDec)!;
    expect(lead).toMatchObject({ due: false, state: 'none', leadDeadline: '2023-12-20', contributionDeadline: '2023-12-20' });
    const part = (await meetingWorkbench(kjj(), TODAY)).joining.find((r) => r.task.id === dueDec)!;
    expect(part).toMatchObject({ due: false, contributionDeadline: '2023-12-20' });
    // The November item is due this month, by its own deadline; parts by the 20th (earlier than the 21st).
    expect((await meetingWorkbench(gxj(), TODAY)).leading[0]).toMatchObject({ due: true, leadDeadline: '2023-11-21', contributionDeadline: '2023-11-20' });
    expect((await getReportEditor(on(fgj(), TODAY), dueDec)).due).toEqual({ due: false, leadDeadline: '2023-12-20', contributionDeadline: '2023-12-20' });
    expect(await getReportEditor(on(fgj(), '2023-12-05'), dueDec)).toMatchObject({ period: { month: '2023-12' }, due: { due: true, leadDeadline: '2023-12-20' } });
    expect((await getReportEditor(on(kjj(), '2023-12-05'), dueDec)).due).toEqual({ due: true, leadDeadline: '2023-12-20', contributionDeadline: '2023-12-20' });
  });

  it('reminders and the daily digest: only what is due (the item due on the 21st), with its own deadline', async () => {
    const one = await sendPeriodReminders(on(supervisor(), TODAY), [plan]);
    expect(one).toMatchObject({ ok: true, units: 1 });
    const [reminder] = (await listNotifications(env.db, gxj())).filter((n) => n.kind === 'reminder');
    expect(reminder!.body).toBe('请尽快报送会议事项 2 的月度进展（按事项期限，截止 11月21日）。');
    expect(reminder!.link).toBe('/my/month?month=2023-11&due=1');
    expect((await listNotifications(env.db, fgj())).filter((n) => n.kind === 'reminder')).toEqual([]);

    await runReminderSchedule(env.db, TODAY, at(TODAY));
    const aboutMeetings = async (actor: Actor) => (await listNotifications(env.db, actor)).filter((n) => n.kind.startsWith('deadline.') && n.title.includes('会议事项'));
    expect(await aboutMeetings(gxj())).toEqual([expect.objectContaining({ kind: 'deadline.overdue', title: '2023年11月会议事项月度进展已逾期未报送', body: '请报送会议事项 2 的月度进展。', link: '/my/month?month=2023-11&due=1' })]);
    expect(await aboutMeetings(fgj())).toEqual([]);
    expect(await aboutMeetings(kjj())).toEqual([]);
    await buildDailyDigests(env.db, TODAY, at(TODAY));
    const digestOf = async (username: string) => (await env.db.select().from(digests).where(eq(digests.userId, idOf(username))).orderBy(asc(digests.id)).limit(1))[0]?.body ?? '';
    expect(await digestOf('gxj')).toContain('会议事项月度进展已逾期未报送');
    expect(await digestOf('gxj')).toContain('一页填报2023年11月待报材料：/my/month?month=2023-11&due=1');
    // 区发展和改革局 is told of the new item, not reminded of it.
    expect(await digestOf('fgj')).toContain('新立项：会议事项 1');
    expect(await digestOf('fgj')).not.toMatch(/会议事项(月度进展|协办情况)|会议事项 1 的/);
  });

  it('the dashboard counts only the item due this month', async () => {
    const d = await getDashboard(on(leader(), TODAY), [plan]);
    expect(d.leadCounts).toEqual({ none: 1, draft: 0, submitted: 0, approved: 0, returned: 0 });
    expect(d.partCounts).toEqual({ none: 0, draft: 0, submitted: 0, approved: 0, returned: 0 });
    expect([...(await taskIdsWithLeadState(on(leader(), TODAY), plan.id, (await periodOf('2023-11')).id, 'none'))]).toEqual([dueNov]);
  });

  it('a unit may still write on the item in a month where it is not due; nothing turns late', async () => {
    const r = await saveReport(on(fgj(), TODAY), {
      taskId: dueDec,
      periodId: (await periodOf('2023-11')).id,
      version: 0,
      progress: '已完成项目选址。',
      percentDone: 30,
      problems: '',
      nextSteps: '',
      indicatorValues: [],
      intent: 'submit',
    });
    expect(r).toMatchObject({ ok: true, status: 'submitted' });
    expect((await meetingWorkbench(fgj(), TODAY)).leading.find((row) => row.task.id === dueDec)).toMatchObject({ due: false, state: 'submitted' });
    expect((await signals(TODAY)).get(dueDec)!.late.level).toBe('green');
    // It was written on: the dashboard counts it with its state.
    expect((await getDashboard(on(leader(), TODAY), [plan])).leadCounts).toMatchObject({ none: 1, submitted: 1 });
  });

  it('December: due by 2023-12-20 (yellow three days before), overdue (red) after it', async () => {
    expect((await signals('2023-12-05')).get(dueDec)!.late.level).toBe('green');
    expect((await signals('2023-12-18')).get(dueDec)!.details.filter((d) => d.kind === 'late')).toEqual([
      expect.objectContaining({ kind: 'late', level: 'yellow', unitName: '区发展和改革局', month: '2023-12', dueOn: '2023-12-20' }),
      expect.objectContaining({ kind: 'late', level: 'yellow', unitName: '区科学技术局', month: '2023-12', dueOn: '2023-12-20' }),
    ]);
    expect((await signals('2023-12-20')).get(dueDec)!.late.level).toBe('yellow');
    expect((await signals('2023-12-21')).get(dueDec)!.late).toMatchObject({ level: 'red', rule: 'late.lead.overdue' });
    expect((await overdue('2023-12-21')).filter((i) => i.taskId === dueDec).map((i) => [i.kind, i.unitName, i.what, i.dueOn, i.daysOverdue])).toEqual([
      ['report', '区发展和改革局', '2023-12', '2023-12-20', 1],
      ['part', '区科学技术局', '2023-12', '2023-12-20', 1],
    ]);
    expect((await meetingWorkbench(fgj(), '2023-12-05')).leading.find((r) => r.task.id === dueDec)).toMatchObject({ due: true, state: 'none', leadDeadline: '2023-12-20' });
    // The daily schedule reminds of the item's own deadline.
    await runReminderSchedule(env.db, '2023-12-18', at('2023-12-18'));
    expect((await listNotifications(env.db, fgj())).filter((n) => n.kind.startsWith('deadline.') && n.title.includes('会议事项'))).toEqual([
      expect.objectContaining({ kind: 'deadline.soon', title: '2023年12月会议事项月度进展将于 12月20日 截止', body: '请报送会议事项 1 的月度进展。' }),
    ]);
  });

  it('scores: a month in which the item is not due does not count it; its month does', async () => {
    // November: 区发展和改革局 and 区科学技术局 have nothing due on this list (the report sent anyway is a fact of review only).
    expect(await facts('2023-11', '2023-11-30', fgj())).toMatchObject({ dueSubmissions: 0, onTimeSubmissions: 0, ledTasks: 0, redWarnings: 0, yellowWarnings: 0 });
    expect(await facts('2023-11', '2023-11-30', kjj())).toMatchObject({ dueSubmissions: 0, onTimeSubmissions: 0 });
    expect(await facts('2023-11', '2023-11-30', gxj())).toMatchObject({ dueSubmissions: 1, onTimeSubmissions: 0, ledTasks: 1, redWarnings: 1 });
    const nov = await getMonthRanking(on(supervisor(), '2023-11-30'), [plan], '2023-11');
    const onTime = (unitId: number | null) => nov.scores.find((s) => s.unitId === unitId)?.lists[0]?.components.find((c) => c.key === 'onTime');
    expect(onTime(gxj().unitId)).toMatchObject({ rate: 0, detail: '应报 1，按时 0' });
    expect(nov.scores.length).toBeGreaterThan(0);
    expect(nov.scores.some((s) => s.unitId === kjj().unitId)).toBe(false);
    // December: the item is due; nobody sent anything by the 20th.
    expect(await facts('2023-12', '2023-12-26', fgj())).toMatchObject({ dueSubmissions: 1, onTimeSubmissions: 0, ledTasks: 1 });
    expect(await facts('2023-12', '2023-12-26', kjj())).toMatchObject({ dueSubmissions: 1, onTimeSubmissions: 0 });
    expect(await facts('2023-12', '2023-12-26', gxj())).toMatchObject({ dueSubmissions: 0, ledTasks: 0 });
    // The dashboard's on-time rate counts the same.
    expect((await getDashboard(on(leader(), '2023-12-26'), [plan])).onTimeByMonth).toEqual([
      { month: '2023-11', due: 1, onTime: 0, rate: 0 },
      { month: '2023-12', due: 2, onTime: 0, rate: 0 },
    ]);
  });

  it('the monthly bulletin counts what was due in the month, by the items’ deadlines', async () => {
    const b = await getBulletin(on(leader(), TODAY), '2023-11');
    const list = b.lists.find((l) => l.planId === plan.id)!;
    expect(list.summary).toMatchObject({ tasks: 2, tasksWithLead: 2, leadDue: 1, leadSubmitted: 0, partsDue: 0 });
    expect(b.overdue.filter((o) => o.planId === plan.id).map((o) => [o.kind, o.unitName, o.dueDate, o.daysOverdue])).toEqual([['lead', '区工业和信息化局', '2023-11-21', 1]]);
  });
});
