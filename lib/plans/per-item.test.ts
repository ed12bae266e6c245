/**
 * A list of items registered one by one (会议议定事项) is reported on 按事项期限: each item once, in
 * the month of its own deadline (dueInPeriod in lib/reporting/calendar.ts). Checked through the
 * services that care whether a task is due: signals, the overdue list, the workbench and the report
 * editor, reminders and the daily digest, the dashboard, the assessment and the bulletin.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digests, plans, reportingPeriods, users } from '@/db/schema';
import { collectFacts, getMonthRanking } from '@/lib/assessment/assessment-service';
import { getBulletin } from '@/lib/exports/bulletin';
import { listNotifications } from '@/lib/notifications/notification-service';
import { buildDailyDigests, runReminderSchedule, sendPeriodReminders } from '@/lib/notifications/reminder-service';
import { getDashboard, taskIdsWithLeadState } from '@/lib/oversight/dashboard-service';
import { listOverdue, overdueFilterSchema } from '@/lib/oversight/overdue-service';
import { getReportEditor, getWorkbench, saveReport } from '@/lib/reporting/report-service';
import { actorFor, createSeededDb } from '@/lib/testing/temp-db';
import { computeSignalsNow } from '@/lib/warnings/signal-service';
import { DEFAULT_WARNING_SETTINGS } from '@/lib/warnings/rules';
import { registerItem } from './item-service';
import { activePlans, planById, type PlanSummary } from './plan-scope';

const TODAY = '2023-11-22';
const at = (day: string) => new Date(`${day}T09:30:00+08:00`);
let env: Awaited<ReturnType<typeof createSeededDb>>;
let plan: PlanSummary;
/** 会议事项 1: due 2023-12-20, led by 区发展和改革局 with 区科学技术局. 会议事项 2: due 2023-11-21, led by 区工业和信息化局. */
let dueDec: number;
let dueNov: number;
const idOf = (u: string) => env.db.select({ id: users.id }).from(users).where(eq(users.username, u)).get()!.id;
const supervisor = () => actorFor(env.db, 'supervisor', '区政府督查室', idOf('duchashi'));
const leader = () => actorFor(env.db, 'leader', null, idOf('lingdao'));
const fgj = () => actorFor(env.db, 'reporter', '区发展和改革局', idOf('fgj'));
const kjj = () => actorFor(env.db, 'reporter', '区科学技术局', idOf('kjj'));
const gxj = () => actorFor(env.db, 'reporter', '区工业和信息化局', idOf('gxj'));
const periodOf = (month: string) =>
  env.db
    .select()
    .from(reportingPeriods)
    .where(and(eq(reportingPeriods.planId, plan.id), eq(reportingPeriods.month, month)))
    .get()!;
const signals = (today: string) => computeSignalsNow(env.db, plan.id, today, DEFAULT_WARNING_SETTINGS);
const overdue = (today: string) => listOverdue(env.db, leader(), [plan], today, overdueFilterSchema.parse({})).items;
const meetingWorkbench = (actor: ReturnType<typeof fgj>, today: string) => getWorkbench(env.db, actor, activePlans(env.db), today).find((w) => w.plan.id === plan.id)!;
const facts = (month: string, today: string, actor: ReturnType<typeof fgj>) => collectFacts(env.db, periodOf(month), today).find((f) => f.unitId === actor.unitId);

beforeAll(async () => {
  env = await createSeededDb();
  const item = { kind: 'meeting', source: '区政府第12次常务会议', content: '会议议定的事项，按期办结。', leaders: '' };
  const first = registerItem(env.db, supervisor(), { ...item, title: '推进数字经济项目', lead: '区发改局', participating: '区科技局', deadline: '2023-12-20' }, '2023-11-10', at('2023-11-10'));
  const second = registerItem(env.db, supervisor(), { ...item, title: '清理闲置厂房', lead: '区工信局', participating: '', deadline: '2023-11-21' }, '2023-11-10', at('2023-11-10'));
  if (!first.ok || !second.ok) throw new Error('registration failed');
  dueDec = first.data.taskId;
  dueNov = second.data.taskId;
  plan = planById(env.db, env.db.select({ id: plans.id }).from(plans).where(eq(plans.kind, 'meeting')).get()!.id)!;
});
afterAll(() => env.cleanup());

describe('a list of registered items is reported on 按事项期限', () => {
  it('is created with cadence per_item and monthly periods', () => {
    expect(plan.cadence).toBe('per_item');
    expect(env.db.select({ month: reportingPeriods.month }).from(reportingPeriods).where(eq(reportingPeriods.planId, plan.id)).all().map((p) => p.month)).toEqual(['2023-11', '2023-12']);
  });

  it('November (2023-11-22): the December item shows no light and is not overdue; the item due on the 21st is', () => {
    const s = signals(TODAY);
    expect(s.get(dueDec)!.late.level).toBe('green');
    expect(s.get(dueDec)!.details).toEqual([]);
    expect(s.get(dueNov)!.late).toMatchObject({ level: 'red', rule: 'late.lead.overdue' });
    expect(s.get(dueNov)!.details).toEqual([expect.objectContaining({ kind: 'late', unitName: '区工业和信息化局', month: '2023-11', dueOn: '2023-11-21', level: 'red' })]);
    const items = overdue(TODAY);
    expect(items.map((i) => [i.taskId, i.kind, i.what, i.dueOn, i.daysOverdue])).toEqual([[dueNov, 'report', '2023-11', '2023-11-21', 1]]);
    expect(items.some((i) => i.taskId === dueDec)).toBe(false);
  });

  it('the workbench and the report editor show the December item as reported by its deadline, not as missing', () => {
    const lead = meetingWorkbench(fgj(), TODAY).leading.find((r) => r.task.id === dueDec)!;
    expect(lead).toMatchObject({ due: false, state: 'none', leadDeadline: '2023-12-20', contributionDeadline: '2023-12-20' });
    const part = meetingWorkbench(kjj(), TODAY).joining.find((r) => r.task.id === dueDec)!;
    expect(part).toMatchObject({ due: false, contributionDeadline: '2023-12-20' });
    // The November item is due this month, by its own deadline; parts by the 20th (earlier than the 21st).
    expect(meetingWorkbench(gxj(), TODAY).leading[0]).toMatchObject({ due: true, leadDeadline: '2023-11-21', contributionDeadline: '2023-11-20' });
    expect(getReportEditor(env.db, fgj(), dueDec, undefined, TODAY).due).toEqual({ due: false, leadDeadline: '2023-12-20', contributionDeadline: '2023-12-20' });
    expect(getReportEditor(env.db, fgj(), dueDec, undefined, '2023-12-05')).toMatchObject({ period: { month: '2023-12' }, due: { due: true, leadDeadline: '2023-12-20' } });
    expect(getReportEditor(env.db, kjj(), dueDec, undefined, '2023-12-05').due).toEqual({ due: true, leadDeadline: '2023-12-20', contributionDeadline: '2023-12-20' });
  });

  it('reminders and the daily digest: only what is due (the item due on the 21st), with its own deadline', () => {
    const one = sendPeriodReminders(env.db, supervisor(), [plan], TODAY, at(TODAY));
    expect(one).toMatchObject({ ok: true, units: 1 });
    const [reminder] = listNotifications(env.db, gxj()).filter((n) => n.kind === 'reminder');
    expect(reminder!.body).toBe('请尽快报送会议事项 2 的月度进展（按事项期限，截止 11月21日）。');
    expect(listNotifications(env.db, fgj()).filter((n) => n.kind === 'reminder')).toEqual([]);

    runReminderSchedule(env.db, TODAY, at(TODAY));
    const aboutMeetings = (actor: ReturnType<typeof fgj>) => listNotifications(env.db, actor).filter((n) => n.kind.startsWith('deadline.') && n.title.includes('会议事项'));
    expect(aboutMeetings(gxj())).toEqual([expect.objectContaining({ kind: 'deadline.overdue', title: '2023年11月会议事项月度进展已逾期未报送', body: '请报送会议事项 2 的月度进展。' })]);
    expect(aboutMeetings(fgj())).toEqual([]);
    expect(aboutMeetings(kjj())).toEqual([]);
    return buildDailyDigests(env.db, TODAY, at(TODAY)).then(() => {
      const digestOf = (username: string) => env.db.select().from(digests).where(eq(digests.userId, idOf(username))).get()?.body ?? '';
      expect(digestOf('gxj')).toContain('会议事项月度进展已逾期未报送');
      // 区发展和改革局 is told of the new item, not reminded of it.
      expect(digestOf('fgj')).toContain('新立项：会议事项 1');
      expect(digestOf('fgj')).not.toMatch(/会议事项(月度进展|协办情况)|会议事项 1 的/);
    });
  });

  it('the dashboard counts only the item due this month', () => {
    const d = getDashboard(env.db, leader(), [plan], TODAY);
    expect(d.leadCounts).toEqual({ none: 1, draft: 0, submitted: 0, approved: 0, returned: 0 });
    expect(d.partCounts).toEqual({ none: 0, draft: 0, submitted: 0, approved: 0, returned: 0 });
    expect([...taskIdsWithLeadState(env.db, leader(), plan.id, periodOf('2023-11').id, 'none')]).toEqual([dueNov]);
  });

  it('a unit may still write on the item in a month where it is not due; nothing turns late', () => {
    const r = saveReport(
      env.db,
      fgj(),
      { taskId: dueDec, periodId: periodOf('2023-11').id, version: 0, progress: '已完成项目选址。', percentDone: 30, problems: '', nextSteps: '', indicatorValues: [] },
      'submit',
      at(TODAY),
      TODAY,
    );
    expect(r).toMatchObject({ ok: true, status: 'submitted' });
    expect(meetingWorkbench(fgj(), TODAY).leading.find((row) => row.task.id === dueDec)).toMatchObject({ due: false, state: 'submitted' });
    expect(signals(TODAY).get(dueDec)!.late.level).toBe('green');
    // It was written on: the dashboard counts it with its state.
    expect(getDashboard(env.db, leader(), [plan], TODAY).leadCounts).toMatchObject({ none: 1, submitted: 1 });
  });

  it('December: due by 2023-12-20 (yellow three days before), overdue (red) after it', () => {
    expect(signals('2023-12-05').get(dueDec)!.late.level).toBe('green');
    expect(signals('2023-12-18').get(dueDec)!.details.filter((d) => d.kind === 'late')).toEqual([
      expect.objectContaining({ kind: 'late', level: 'yellow', unitName: '区发展和改革局', month: '2023-12', dueOn: '2023-12-20' }),
      expect.objectContaining({ kind: 'late', level: 'yellow', unitName: '区科学技术局', month: '2023-12', dueOn: '2023-12-20' }),
    ]);
    expect(signals('2023-12-20').get(dueDec)!.late.level).toBe('yellow');
    expect(signals('2023-12-21').get(dueDec)!.late).toMatchObject({ level: 'red', rule: 'late.lead.overdue' });
    expect(overdue('2023-12-21').filter((i) => i.taskId === dueDec).map((i) => [i.kind, i.unitName, i.what, i.dueOn, i.daysOverdue])).toEqual([
      ['report', '区发展和改革局', '2023-12', '2023-12-20', 1],
      ['part', '区科学技术局', '2023-12', '2023-12-20', 1],
    ]);
    expect(meetingWorkbench(fgj(), '2023-12-05').leading.find((r) => r.task.id === dueDec)).toMatchObject({ due: true, state: 'none', leadDeadline: '2023-12-20' });
    // The daily schedule reminds of the item's own deadline.
    runReminderSchedule(env.db, '2023-12-18', at('2023-12-18'));
    expect(listNotifications(env.db, fgj()).filter((n) => n.kind.startsWith('deadline.') && n.title.includes('会议事项'))).toEqual([
      expect.objectContaining({ kind: 'deadline.soon', title: '2023年12月会议事项月度进展将于 12月20日 截止', body: '请报送会议事项 1 的月度进展。' }),
    ]);
  });

  it('scores: a month in which the item is not due does not count it; its month does', () => {
    // November: 区发展和改革局 and 区科学技术局 have nothing due on this list (the report sent anyway is a fact of review only).
    expect(facts('2023-11', '2023-11-30', fgj())).toMatchObject({ dueSubmissions: 0, onTimeSubmissions: 0, ledTasks: 0, redWarnings: 0, yellowWarnings: 0 });
    expect(facts('2023-11', '2023-11-30', kjj())).toMatchObject({ dueSubmissions: 0, onTimeSubmissions: 0 });
    expect(facts('2023-11', '2023-11-30', gxj())).toMatchObject({ dueSubmissions: 1, onTimeSubmissions: 0, ledTasks: 1, redWarnings: 1 });
    const nov = getMonthRanking(env.db, supervisor(), [plan], '2023-11', '2023-11-30');
    const onTime = (unitId: number | null) => nov.scores.find((s) => s.unitId === unitId)?.lists[0]?.components.find((c) => c.key === 'onTime');
    expect(onTime(gxj().unitId)).toMatchObject({ rate: 0, detail: '应报 1，按时 0' });
    expect(nov.scores.some((s) => s.unitId === kjj().unitId)).toBe(false);
    // December: the item is due; nobody sent anything by the 20th.
    expect(facts('2023-12', '2023-12-26', fgj())).toMatchObject({ dueSubmissions: 1, onTimeSubmissions: 0, ledTasks: 1 });
    expect(facts('2023-12', '2023-12-26', kjj())).toMatchObject({ dueSubmissions: 1, onTimeSubmissions: 0 });
    expect(facts('2023-12', '2023-12-26', gxj())).toMatchObject({ dueSubmissions: 0, ledTasks: 0 });
    // The dashboard's on-time rate counts the same.
    expect(getDashboard(env.db, leader(), [plan], '2023-12-26').onTimeByMonth).toEqual([
      { month: '2023-11', due: 1, onTime: 0, rate: 0 },
      { month: '2023-12', due: 2, onTime: 0, rate: 0 },
    ]);
  });

  it('the monthly bulletin counts what was due in the month, by the items’ deadlines', () => {
    const b = getBulletin(env.db, leader(), '2023-11', TODAY);
    const list = b.lists.find((l) => l.planId === plan.id)!;
    expect(list.summary).toMatchObject({ tasks: 2, tasksWithLead: 2, leadDue: 1, leadSubmitted: 0, partsDue: 0 });
    expect(b.overdue.filter((o) => o.planId === plan.id).map((o) => [o.kind, o.unitName, o.dueDate, o.daysOverdue])).toEqual([['lead', '区工业和信息化局', '2023-11-21', 1]]);
  });
});
