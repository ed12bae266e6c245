import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, plans, reportingPeriods, sections, taskUnits, tasks, users } from '@/db/schema';
import { ForbiddenError } from '@/lib/auth/permissions';
import { getLedger, getTaskById, ledgerFilterSchema, listSections } from '@/lib/ledger/ledger-service';
import { importNoticeText } from '@/lib/plan-import/import-plan';
import { getReportEditor, getWorkbench, saveReport } from '@/lib/reporting/report-service';
import { actorFor, createSeededDb } from '@/lib/testing/temp-db';
import { resolveUnitId } from '@/lib/units/unit-service';
import { createInstruction } from '@/lib/instructions/instruction-service';
import { raiseFlag } from '@/lib/warnings/flag-service';
import { registerItem } from './item-service';
import { activePlans, planScope, setListFilter } from './plan-scope';
import { assignTask, getDecomposition, setPlanStatus, updatePlanSettings } from './plan-service';

const TODAY = '2023-11-22';
const NOW = new Date('2023-11-22T09:30:00+08:00');
const WORK_REPORT = fs.readFileSync(path.resolve('db/seed-data/hedong-2023-government-work-report.txt'), 'utf8');

let env: Awaited<ReturnType<typeof createSeededDb>>;
beforeAll(async () => {
  env = await createSeededDb();
});
afterAll(() => env.cleanup());

const supervisor = () => actorFor(env.db, 'supervisor', '区政府督查室');
const userId = (username: string) => env.db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()!.id;

describe('the work report decomposed (分解) and published', () => {
  let planId: number;
  it('imports as a draft list: outside every page until published, without a calendar yet', () => {
    const { summary } = importNoticeText(env.db, WORK_REPORT, { kind: 'work_report' });
    expect(summary.status).toBe('created');
    planId = summary.planId!;
    const plan = env.db.select().from(plans).where(eq(plans.id, planId)).get()!;
    expect(plan).toMatchObject({ kind: 'work_report', status: 'draft', shortName: '工作报告', year: 2023 });
    expect(activePlans(env.db).map((p) => p.id)).not.toContain(planId);
    expect(env.db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).all()).toEqual([]);
    // Its tasks are not shown to units.
    const taskId = env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.planId, planId)).get()!.id;
    expect(getTaskById(env.db, actorFor(env.db, 'reporter', '区发展和改革局'), taskId)).toBeNull();
    expect(getTaskById(env.db, supervisor(), taskId)).not.toBeNull();
  });

  it('shows the decomposition table with suggestions, to the office only', () => {
    const d = getDecomposition(env.db, supervisor(), planId)!;
    expect(d.total).toBeGreaterThan(20);
    expect(d.assigned).toBe(0);
    const industry = d.sections.flatMap((s) => s.tasks).find((t) => t.title.includes('做大工业主引擎'))!;
    expect(industry.suggestions!.lead[0]!.name).toBe('区工业和信息化局');
    expect(() => getDecomposition(env.db, actorFor(env.db, 'reporter', '区发展和改革局'), planId)).toThrow(ForbiddenError);
    expect(() => getDecomposition(env.db, actorFor(env.db, 'leader', null), planId)).toThrow(ForbiddenError);
  });

  it('saves one task at a time, resolving names as people type them; unknown names write nothing', () => {
    const [first] = getDecomposition(env.db, supervisor(), planId)!.sections[0]!.tasks;
    const bad = assignTask(env.db, supervisor(), { taskId: first!.id, lead: '区发改局', participating: '不存在的局', leaders: '', deadline: '' }, NOW);
    expect(bad).toMatchObject({ ok: false, fieldErrors: { participating: ['找不到单位：不存在的局'] } });
    expect(env.db.select().from(taskUnits).where(eq(taskUnits.taskId, first!.id)).all()).toEqual([]);
    const same = assignTask(env.db, supervisor(), { taskId: first!.id, lead: '区发改局', participating: '区发展和改革局', leaders: '', deadline: '' }, NOW);
    expect(same.ok).toBe(false);
    const badDate = assignTask(env.db, supervisor(), { taskId: first!.id, lead: '区发改局', participating: '', leaders: '', deadline: '12月底' }, NOW);
    expect(badDate).toMatchObject({ ok: false, fieldErrors: { deadline: ['完成时限须为日期'] } });
    const ok = assignTask(env.db, supervisor(), { taskId: first!.id, lead: '发改局', participating: '区商务局、区财政局', leaders: '张三', deadline: '2023-12-31' }, NOW);
    expect(ok).toMatchObject({ ok: true, data: { lead: ['区发展和改革局'], participating: ['区商务局', '区财政局'] } });
    expect(env.db.select().from(tasks).where(eq(tasks.id, first!.id)).get()).toMatchObject({ leaders: ['张三'], deadline: '2023-12-31' });
    expect(env.db.select().from(auditLog).where(and(eq(auditLog.action, 'task.assign'), eq(auditLog.entityId, first!.id))).all()).toHaveLength(1);
  });

  it('cannot be published while a task has no lead unit', () => {
    const r = setPlanStatus(env.db, supervisor(), { planId, status: 'active' }, NOW);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toMatch(/未指定牵头单位/);
    expect(env.db.select().from(plans).where(eq(plans.id, planId)).get()!.status).toBe('draft');
  });

  it('is published once every task has a lead: reporting starts this month, units see it beside the key tasks', () => {
    for (const t of getDecomposition(env.db, supervisor(), planId)!.sections.flatMap((s) => s.tasks)) {
      if (t.lead.length) continue;
      expect(assignTask(env.db, supervisor(), { taskId: t.id, lead: t.suggestions?.lead[0]?.name ?? '区发展和改革局', participating: '', leaders: '', deadline: '2023-12-31' }, NOW).ok).toBe(true);
    }
    expect(setPlanStatus(env.db, supervisor(), { planId, status: 'active' }, NOW)).toMatchObject({ ok: true });
    const months = env.db.select({ month: reportingPeriods.month }).from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).all().map((p) => p.month);
    expect(months).toEqual(['2023-11', '2023-12']);
    const fgj = actorFor(env.db, 'reporter', '区发展和改革局', userId('fgj'));
    const lists = getWorkbench(env.db, fgj, planScope(env.db, fgj).plans, TODAY);
    expect(lists.map((w) => w.plan.shortName)).toEqual(['重点任务', '工作报告']);
    expect(lists[1]!.leading.length).toBeGreaterThan(0);
    expect(lists[1]!.leading[0]!.task.label).toMatch(/^工作报告 \d+$/);
    // Decomposition is over once published.
    const t = lists[1]!.leading[0]!.task;
    expect(assignTask(env.db, supervisor(), { taskId: t.id, lead: '区财政局', participating: '', leaders: '', deadline: '' }, NOW)).toMatchObject({ ok: false, error: '该清单已发布，不能再分解修改' });
    // The unit reports on it like any task.
    const editor = getReportEditor(env.db, fgj, t.id, undefined, TODAY);
    expect(editor.period.month).toBe('2023-11');
    expect(saveReport(env.db, fgj, { taskId: t.id, periodId: editor.period.id, version: 0, progress: '已推进', percentDone: 80, problems: '', nextSteps: '', indicatorValues: [] }, 'submit', NOW, TODAY)).toMatchObject({ ok: true });
  });

  it('the ledger covers both lists; the section filter and the remembered list filter pick one', () => {
    const leader = actorFor(env.db, 'leader', null, userId('lingdao'));
    const both = getLedger(env.db, leader, planScope(env.db, leader).plans, ledgerFilterSchema.parse({}));
    const workTasks = env.db.select().from(tasks).where(eq(tasks.planId, planId)).all().length;
    expect(both.total).toBe(77 + workTasks);
    expect(new Set(both.sections.map((s) => s.plan.shortName))).toEqual(new Set(['重点任务', '工作报告']));
    const workSection = listSections(env.db, leader, planScope(env.db, leader).plans).find((s) => s.planLabel === '工作报告')!;
    const one = getLedger(env.db, leader, planScope(env.db, leader).plans, ledgerFilterSchema.parse({ section: String(workSection.id) }));
    expect(one.sections.every((s) => s.plan.id === planId)).toBe(true);
    expect(one.matched).toBeGreaterThan(0);

    expect(setListFilter(env.db, leader, { plan: planId })).toEqual({ ok: true });
    expect(planScope(env.db, leader)).toMatchObject({ chosen: { id: planId }, plans: [{ id: planId }] });
    // Another user's choice is their own.
    expect(planScope(env.db, supervisor()).chosen).toBeNull();
    expect(setListFilter(env.db, leader, { plan: 'nonsense' })).toMatchObject({ ok: false, error: '请选择任务清单' });
    expect(setListFilter(env.db, leader, { plan: 'all' })).toEqual({ ok: true });
    expect(planScope(env.db, leader).chosen).toBeNull();
  });

  it('is managed by the office only', () => {
    expect(() => setPlanStatus(env.db, actorFor(env.db, 'leader', null), { planId, status: 'archived' }, NOW)).toThrow(ForbiddenError);
    expect(() => setPlanStatus(env.db, actorFor(env.db, 'reporter', '区发展和改革局'), { planId, status: 'archived' }, NOW)).toThrow(ForbiddenError);
  });
});

describe('list status moves only draft → active → archived → active', () => {
  it('a draft cannot be archived (and so cannot reach the loop undecomposed)', () => {
    const excerpt = fs.readFileSync(path.resolve('e2e/fixtures/work-report-2024-excerpt.txt'), 'utf8');
    const draft = importNoticeText(env.db, excerpt, { kind: 'work_report' }).summary.planId!;
    expect(setPlanStatus(env.db, supervisor(), { planId: draft, status: 'archived' }, NOW)).toMatchObject({ ok: false, error: '分解中的清单只能发布，不能归档' });
    expect(setPlanStatus(env.db, supervisor(), { planId: draft, status: 'draft' }, NOW).ok).toBe(false);
    expect(env.db.select().from(plans).where(eq(plans.id, draft)).get()!.status).toBe('draft');
  });

  it('a short name already used by another list in the loop is refused', () => {
    const [first, second] = activePlans(env.db);
    const r = updatePlanSettings(env.db, supervisor(), { planId: second!.id, shortName: first!.shortName, kind: second!.kind }, NOW);
    expect(r).toMatchObject({ ok: false, fieldErrors: { shortName: [`简称“${first!.shortName}”已被另一份进行中的清单使用`] } });
  });
});

describe('list settings and status', () => {
  it('renames a list and archives it: out of every page, writes refused, history kept', () => {
    const [keyTasks] = activePlans(env.db);
    const r = updatePlanSettings(env.db, supervisor(), { planId: keyTasks!.id, shortName: '', kind: 'key_tasks' }, NOW);
    expect(r).toMatchObject({ ok: false, fieldErrors: { shortName: ['简称至少 2 个字'] } });
    expect(updatePlanSettings(env.db, supervisor(), { planId: keyTasks!.id, shortName: '年度任务', kind: 'key_tasks' }, NOW).ok).toBe(true);
    expect(getTaskById(env.db, supervisor(), 40)!.label).toBe('年度任务 40');
    expect(() => updatePlanSettings(env.db, actorFor(env.db, 'reporter', '区发展和改革局'), { planId: keyTasks!.id, shortName: 'xx', kind: 'key_tasks' }, NOW)).toThrow(ForbiddenError);

    expect(setPlanStatus(env.db, supervisor(), { planId: keyTasks!.id, status: 'archived' }, NOW)).toMatchObject({ ok: true });
    expect(activePlans(env.db).map((p) => p.id)).not.toContain(keyTasks!.id);
    const sthj = actorFor(env.db, 'reporter', '河东生态环境分局');
    expect(() => getReportEditor(env.db, sthj, 40, '2023-11', TODAY)).toThrow(/找不到该任务/);
    expect(getTaskById(env.db, sthj, 40)!.plan.status).toBe('archived');
    // Read-only for the office and leaders too: no flag, no instruction on an archived list's task.
    expect(raiseFlag(env.db, supervisor(), { taskId: 40, level: 'yellow', reason: '测试' }, NOW)).toEqual({ ok: false, error: '该任务所在的清单已归档，只能查看' });
    expect(createInstruction(env.db, actorFor(env.db, 'leader', null), { taskId: 40, content: '抓紧推进' }, NOW)).toEqual({ ok: false, error: '该任务所在的清单已归档，只能查看' });
    expect(setPlanStatus(env.db, supervisor(), { planId: keyTasks!.id, status: 'draft' }, NOW).ok).toBe(false);
    expect(setPlanStatus(env.db, supervisor(), { planId: keyTasks!.id, status: 'active' }, NOW)).toMatchObject({ ok: true, message: '已恢复为进行中' });
    expect(getReportEditor(env.db, sthj, 40, '2023-11', TODAY).task.no).toBe(40);
  });
});

describe('items registered one by one (立项)', () => {
  const item = { kind: 'meeting', source: '区政府第12次常务会议', title: '加快老旧小区改造', content: '会议议定：年底前完成 4 个老旧小区改造。', lead: '区住建局', participating: '九曲街道', leaders: '李四', deadline: '2023-12-20' };
  it('refuses bad input with the field named, and writes nothing', () => {
    const before = env.db.select().from(tasks).all().length;
    expect(registerItem(env.db, supervisor(), { ...item, lead: '' }, TODAY, NOW)).toMatchObject({ ok: false, fieldErrors: { lead: ['请填写牵头单位'] } });
    expect(registerItem(env.db, supervisor(), { ...item, lead: '区不存在局' }, TODAY, NOW)).toMatchObject({ ok: false, fieldErrors: { lead: ['找不到单位：区不存在局'] } });
    expect(registerItem(env.db, supervisor(), { ...item, deadline: '2023-11-01' }, TODAY, NOW)).toMatchObject({ ok: false, fieldErrors: { deadline: ['完成时限不能早于今天'] } });
    expect(registerItem(env.db, supervisor(), { ...item, kind: 'key_tasks' }, TODAY, NOW)).toMatchObject({ ok: false });
    // Not a calendar date.
    expect(registerItem(env.db, supervisor(), { ...item, deadline: '2023-12-32' }, TODAY, NOW)).toMatchObject({ ok: false, fieldErrors: { deadline: ['请选择完成时限'] } });
    expect(registerItem(env.db, supervisor(), { ...item, deadline: '2024-02-30' }, TODAY, NOW)).toMatchObject({ ok: false });
    expect(env.db.select().from(tasks).all().length).toBe(before);
    for (const role of ['reporter', 'leader', 'admin'] as const) {
      expect(() => registerItem(env.db, actorFor(env.db, role, role === 'reporter' ? '区发展和改革局' : null), item, TODAY, NOW)).toThrow(ForbiddenError);
    }
  });

  it('enters the loop: a list of the kind and year, a section per source, a task its units report on', () => {
    const r = registerItem(env.db, supervisor(), item, TODAY, NOW);
    expect(r).toMatchObject({ ok: true, data: { label: '会议事项 1' } });
    const second = registerItem(env.db, supervisor(), { ...item, title: '整治背街小巷' }, TODAY, NOW);
    const third = registerItem(env.db, supervisor(), { ...item, source: '区长批示（11月20日）', kind: 'leader_assigned', title: '解决群众反映的供暖问题' }, TODAY, NOW);
    expect(second).toMatchObject({ ok: true, data: { label: '会议事项 2' } });
    expect(third).toMatchObject({ ok: true, data: { label: '领导交办 1' } });
    const meetingPlan = activePlans(env.db).find((p) => p.kind === 'meeting')!;
    expect(meetingPlan).toMatchObject({ title: '2023年会议议定事项', status: 'active' });
    expect(env.db.select().from(sections).where(eq(sections.planId, meetingPlan.id)).all()).toHaveLength(1);
    const task = getTaskById(env.db, supervisor(), r.ok ? r.data.taskId : -1)!;
    expect(task).toMatchObject({ source: '区政府第12次常务会议', deadline: '2023-12-20', leaders: ['李四'] });
    expect(task.lead.map((u) => u.name)).toEqual(['区住房和城乡建设局']);
    const zjj = actorFor(env.db, 'reporter', '区住房和城乡建设局');
    const editor = getReportEditor(env.db, zjj, task.id, undefined, TODAY);
    expect(editor.period.month).toBe('2023-11');
    const jq = actorFor(env.db, 'reporter', '九曲街道');
    expect(getReportEditor(env.db, jq, task.id, undefined, TODAY).role).toBe('participating');
    expect(resolveUnitId(env.db, '区住建局')).not.toBeNull();
  });
});
