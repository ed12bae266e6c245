import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, plans, reportingPeriods, sections, taskUnits, tasks } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { createInstruction } from '@/lib/instructions/instruction-service';
import { getLedger, getTaskById, ledgerFilterSchema, listSections } from '@/lib/ledger/ledger-service';
import { importNoticeText } from '@/lib/plan-import/import-plan';
import { saveReport } from '@/lib/reporting/lead-report-service';
import { getReportEditor } from '@/lib/reporting/report-editor';
import { getWorkbench } from '@/lib/reporting/workbench';
import { useSeededDb, viaSchema } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { resolveUnitId } from '@/lib/units/unit-service';
import { raiseFlag } from '@/lib/warnings/flag-service';
import { registerItem } from './item-service';
import { planSettingsSchema, planStatusSchema, registerItemSchema, taskAssignmentSchema } from './plan-schemas';
import { activePlans, listFilterSchema, planScope, setListFilter } from './plan-scope';
import { assignTask, getDecomposition, setPlanStatus, updatePlanSettings } from './plan-service';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';

/** 2023-11-22, the day every request of this file is made on. */
const NOW = new Date('2023-11-22T09:30:00+08:00');
const WORK_REPORT = fs.readFileSync(path.resolve('db/seed-data/hedong-2023-government-work-report.txt'), 'utf8');

const env = useSeededDb(NOW);

let office: Actor;
beforeAll(async () => {
  office = await actorFor(env.db, 'supervisor', '区政府督查室');
});
const supervisor = () => office;
const ctx = (actor: Actor) => env.as(actor);

/** A command as its action runs it: the form's schema parses the raw input, the service gets the output. */
const assign = (actor: Actor, raw: unknown) => viaSchema(taskAssignmentSchema, raw, (input) => assignTask(ctx(actor), input));
const setStatus = (actor: Actor, raw: unknown) => viaSchema(planStatusSchema, raw, (input) => setPlanStatus(ctx(actor), input));
const updateSettings = (actor: Actor, raw: unknown) => viaSchema(planSettingsSchema, raw, (input) => updatePlanSettings(ctx(actor), input));
const register = (actor: Actor, raw: unknown) => viaSchema(registerItemSchema, raw, (input) => registerItem(ctx(actor), input));
const taskById = (actor: Actor, id: number) => getTaskById(ctx(actor), id);

describe('the work report decomposed (分解) and published', () => {
  let planId: number;
  it('imports as a draft list: outside every page until published, without a calendar yet', async () => {
    const { summary } = await importNoticeText(env.db, FIRST_DISTRICT_ID, WORK_REPORT, { kind: 'work_report' });
    expect(summary.status).toBe('created');
    planId = summary.planId!;
    const [plan] = await env.db.select().from(plans).where(eq(plans.id, planId)).limit(1);
    expect(plan).toMatchObject({ kind: 'work_report', status: 'draft', shortName: '工作报告', year: 2023 });
    expect((await activePlans(env.db, supervisor())).map((p) => p.id)).not.toContain(planId);
    expect(await env.db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId))).toEqual([]);
    // Its tasks are not shown to units.
    const [task] = await env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.planId, planId)).limit(1);
    expect(await taskById(await actorFor(env.db, 'reporter', '区发展和改革局'), task!.id)).toBeNull();
    expect(await taskById(supervisor(), task!.id)).not.toBeNull();
  });

  it('shows the decomposition table with suggestions, to the office only', async () => {
    const d = (await getDecomposition(ctx(supervisor()), planId))!;
    expect(d.total).toBeGreaterThan(20);
    expect(d.assigned).toBe(0);
    const industry = d.sections.flatMap((s) => s.tasks).find((t) => t.title.includes('做大工业主引擎'))!;
    expect(industry.suggestions!.lead[0]!.name).toBe('区工业和信息化局');
    await expect(getDecomposition(ctx(await actorFor(env.db, 'reporter', '区发展和改革局')), planId)).rejects.toThrow(ForbiddenError);
    await expect(getDecomposition(ctx(await actorFor(env.db, 'leader', null)), planId)).rejects.toThrow(ForbiddenError);
  });

  it('saves one task at a time, resolving names as people type them; unknown names write nothing', async () => {
    const [first] = (await getDecomposition(ctx(supervisor()), planId))!.sections[0]!.tasks;
    const bad = await assign(supervisor(), { taskId: first!.id, lead: '区发改局', participating: '不存在的局', leaders: '', deadline: '' });
    expect(bad).toMatchObject({ ok: false, fieldErrors: { participating: ['找不到单位：不存在的局'] } });
    expect(await env.db.select().from(taskUnits).where(eq(taskUnits.taskId, first!.id))).toEqual([]);
    const same = await assign(supervisor(), { taskId: first!.id, lead: '区发改局', participating: '区发展和改革局', leaders: '', deadline: '' });
    expect(same.ok).toBe(false);
    const badDate = await assign(supervisor(), { taskId: first!.id, lead: '区发改局', participating: '', leaders: '', deadline: '12月底' });
    expect(badDate).toMatchObject({ ok: false, fieldErrors: { deadline: ['完成时限须为日期'] } });
    const ok = await assign(supervisor(), { taskId: first!.id, lead: '发改局', participating: '区商务局、区财政局', leaders: '张三', deadline: '2023-12-31' });
    expect(ok).toMatchObject({ ok: true, data: { lead: ['区发展和改革局'], participating: ['区商务局', '区财政局'] } });
    expect((await env.db.select().from(tasks).where(eq(tasks.id, first!.id)).limit(1))[0]).toMatchObject({ leaders: ['张三'], deadline: '2023-12-31' });
    expect(await env.db.select().from(auditLog).where(and(eq(auditLog.action, 'task.assign'), eq(auditLog.entityId, first!.id)))).toHaveLength(1);
  });

  it('cannot be published while a task has no lead unit', async () => {
    const r = await setStatus(supervisor(), { planId, status: 'active' });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toMatch(/未指定牵头单位/);
    expect((await env.db.select().from(plans).where(eq(plans.id, planId)).limit(1))[0]!.status).toBe('draft');
  });

  it('is published once every task has a lead: reporting starts this month, units see it beside the key tasks', async () => {
    const remaining = (await getDecomposition(ctx(supervisor()), planId))!.sections.flatMap((s) => s.tasks);
    expect(remaining.length).toBeGreaterThan(0);
    for (const t of remaining) {
      if (t.lead.length) continue;
      expect((await assign(supervisor(), { taskId: t.id, lead: t.suggestions?.lead[0]?.name ?? '区发展和改革局', participating: '', leaders: '', deadline: '2023-12-31' })).ok).toBe(true);
    }
    expect(await setStatus(supervisor(), { planId, status: 'active' })).toMatchObject({ ok: true });
    const months = (await env.db.select({ month: reportingPeriods.month }).from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(asc(reportingPeriods.id))).map((p) => p.month);
    expect(months).toEqual(['2023-11', '2023-12']);
    const fgj = await actorFor(env.db, 'reporter', '区发展和改革局', env.idOf('fgj'));
    const lists = await getWorkbench(ctx(fgj), (await planScope(env.db, fgj)).plans);
    expect(lists.map((w) => w.plan.shortName)).toEqual(['重点任务', '工作报告']);
    expect(lists[1]!.leading.length).toBeGreaterThan(0);
    expect(lists[1]!.leading[0]!.task.label).toMatch(/^工作报告 \d+$/);
    // Decomposition is over once published.
    const t = lists[1]!.leading[0]!.task;
    expect(await assign(supervisor(), { taskId: t.id, lead: '区财政局', participating: '', leaders: '', deadline: '' })).toMatchObject({ ok: false, error: '该清单已发布，不能再分解修改' });
    // The unit reports on it like any task.
    const editor = await getReportEditor(ctx(fgj), t.id);
    expect(editor.period.month).toBe('2023-11');
    expect(
      await saveReport(ctx(fgj), { taskId: t.id, periodId: editor.period.id, version: 0, progress: '已推进', percentDone: 80, problems: '', nextSteps: '', indicatorValues: [], intent: 'submit' }),
    ).toMatchObject({ ok: true });
  });

  it('the ledger covers both lists; the section filter and the remembered list filter pick one', async () => {
    const leader = await actorFor(env.db, 'leader', null, env.idOf('lingdao'));
    const both = await getLedger(ctx(leader), (await planScope(env.db, leader)).plans, ledgerFilterSchema.parse({}));
    const workTasks = (await env.db.select().from(tasks).where(eq(tasks.planId, planId))).length;
    expect(both.total).toBe(77 + workTasks);
    expect(new Set(both.sections.map((s) => s.plan.shortName))).toEqual(new Set(['重点任务', '工作报告']));
    const workSection = (await listSections(ctx(leader), (await planScope(env.db, leader)).plans)).find((s) => s.planLabel === '工作报告')!;
    const one = await getLedger(ctx(leader), (await planScope(env.db, leader)).plans, ledgerFilterSchema.parse({ section: String(workSection.id) }));
    expect(one.sections.length).toBeGreaterThan(0);
    expect(one.sections.every((s) => s.plan.id === planId)).toBe(true);
    expect(one.matched).toBeGreaterThan(0);

    expect(await setListFilter(env.db, leader, listFilterSchema.parse({ plan: planId }))).toEqual({ ok: true });
    expect(await planScope(env.db, leader)).toMatchObject({ chosen: { id: planId }, plans: [{ id: planId }] });
    // Another user's choice is their own.
    expect((await planScope(env.db, supervisor())).chosen).toBeNull();
    // A value that names no list is refused by the filter's schema (the action parses before the service runs).
    const nonsense = listFilterSchema.safeParse({ plan: 'nonsense' });
    expect(nonsense.success).toBe(false);
    expect(nonsense.error?.issues[0]?.message).toBe('请选择任务清单');
    expect(await setListFilter(env.db, leader, listFilterSchema.parse({ plan: 'all' }))).toEqual({ ok: true });
    expect((await planScope(env.db, leader)).chosen).toBeNull();
  });

  it('is managed by the office only', async () => {
    await expect(setStatus(await actorFor(env.db, 'leader', null), { planId, status: 'archived' })).rejects.toThrow(ForbiddenError);
    await expect(setStatus(await actorFor(env.db, 'reporter', '区发展和改革局'), { planId, status: 'archived' })).rejects.toThrow(ForbiddenError);
  });
});

describe('list status moves only draft → active → archived → active', () => {
  it('a draft cannot be archived (and so cannot reach the loop undecomposed)', async () => {
    const excerpt = fs.readFileSync(path.resolve('e2e/fixtures/work-report-2024-excerpt.txt'), 'utf8');
    const draft = (await importNoticeText(env.db, FIRST_DISTRICT_ID, excerpt, { kind: 'work_report' })).summary.planId!;
    expect(await setStatus(supervisor(), { planId: draft, status: 'archived' })).toMatchObject({ ok: false, error: '分解中的清单只能发布，不能归档' });
    expect((await setStatus(supervisor(), { planId: draft, status: 'draft' })).ok).toBe(false);
    expect((await env.db.select().from(plans).where(eq(plans.id, draft)).limit(1))[0]!.status).toBe('draft');
  });

  it('a short name already used by another list in the loop is refused', async () => {
    const [first, second] = await activePlans(env.db, supervisor());
    const r = await updateSettings(supervisor(), { planId: second!.id, shortName: first!.shortName, kind: second!.kind });
    expect(r).toMatchObject({ ok: false, fieldErrors: { shortName: [`简称“${first!.shortName}”已被另一份进行中的清单使用`] } });
  });
});

describe('list settings and status', () => {
  it('renames a list and archives it: out of every page, writes refused, history kept', async () => {
    const [keyTasks] = await activePlans(env.db, supervisor());
    const r = await updateSettings(supervisor(), { planId: keyTasks!.id, shortName: '', kind: 'key_tasks' });
    expect(r).toMatchObject({ ok: false, fieldErrors: { shortName: ['简称至少 2 个字'] } });
    expect((await updateSettings(supervisor(), { planId: keyTasks!.id, shortName: '年度任务', kind: 'key_tasks' })).ok).toBe(true);
    expect((await taskById(supervisor(), 40))!.label).toBe('年度任务 40');
    await expect(updateSettings(await actorFor(env.db, 'reporter', '区发展和改革局'), { planId: keyTasks!.id, shortName: 'xx', kind: 'key_tasks' })).rejects.toThrow(ForbiddenError);

    expect(await setStatus(supervisor(), { planId: keyTasks!.id, status: 'archived' })).toMatchObject({ ok: true });
    expect((await activePlans(env.db, supervisor())).map((p) => p.id)).not.toContain(keyTasks!.id);
    const sthj = await actorFor(env.db, 'reporter', '河东生态环境分局');
    const archivedEditor = getReportEditor(ctx(sthj), 40, '2023-11');
    await expect(archivedEditor).rejects.toThrow(/找不到该任务/);
    await expect(archivedEditor).rejects.toBeInstanceOf(NotFoundError);
    expect((await taskById(sthj, 40))!.plan.status).toBe('archived');
    // Read-only for the office and leaders too: no flag, no instruction on an archived list's task.
    expect(await raiseFlag(ctx(supervisor()), { taskId: 40, level: 'yellow', reason: '测试' })).toEqual({ ok: false, error: '该任务所在的清单已归档，只能查看' });
    expect(await createInstruction(ctx(await actorFor(env.db, 'leader', null)), { taskId: 40, content: '抓紧推进' })).toEqual({ ok: false, error: '该任务所在的清单已归档，只能查看' });
    expect((await setStatus(supervisor(), { planId: keyTasks!.id, status: 'draft' })).ok).toBe(false);
    expect(await setStatus(supervisor(), { planId: keyTasks!.id, status: 'active' })).toMatchObject({ ok: true, message: '已恢复为进行中' });
    expect((await getReportEditor(ctx(sthj), 40, '2023-11')).task.no).toBe(40);
  });
});

describe('items registered one by one (立项)', () => {
  const item = { kind: 'meeting', source: '区政府第12次常务会议', title: '加快老旧小区改造', content: '会议议定：年底前完成 4 个老旧小区改造。', lead: '区住建局', participating: '九曲街道', leaders: '李四', deadline: '2023-12-20' };
  it('refuses bad input with the field named, and writes nothing', async () => {
    const before = (await env.db.select().from(tasks)).length;
    expect(await register(supervisor(), { ...item, lead: '' })).toMatchObject({ ok: false, fieldErrors: { lead: ['请填写牵头单位'] } });
    expect(await register(supervisor(), { ...item, lead: '区不存在局' })).toMatchObject({ ok: false, fieldErrors: { lead: ['找不到单位：区不存在局'] } });
    expect(await register(supervisor(), { ...item, deadline: '2023-11-01' })).toMatchObject({ ok: false, fieldErrors: { deadline: ['完成时限不能早于今天'] } });
    expect(await register(supervisor(), { ...item, kind: 'key_tasks' })).toMatchObject({ ok: false });
    // Not a calendar date.
    expect(await register(supervisor(), { ...item, deadline: '2023-12-32' })).toMatchObject({ ok: false, fieldErrors: { deadline: ['请选择完成时限'] } });
    expect(await register(supervisor(), { ...item, deadline: '2024-02-30' })).toMatchObject({ ok: false });
    expect((await env.db.select().from(tasks)).length).toBe(before);
    for (const role of ['reporter', 'leader', 'admin'] as const) {
      await expect(register(await actorFor(env.db, role, role === 'reporter' ? '区发展和改革局' : null), item)).rejects.toThrow(ForbiddenError);
    }
  });

  it('enters the loop: a list of the kind and year, a section per source, a task its units report on', async () => {
    const r = await register(supervisor(), item);
    expect(r).toMatchObject({ ok: true, data: { label: '会议事项 1' } });
    const second = await register(supervisor(), { ...item, title: '整治背街小巷' });
    const third = await register(supervisor(), { ...item, source: '区长批示（11月20日）', kind: 'leader_assigned', title: '解决群众反映的供暖问题' });
    expect(second).toMatchObject({ ok: true, data: { label: '会议事项 2' } });
    expect(third).toMatchObject({ ok: true, data: { label: '领导交办 1' } });
    const meetingPlan = (await activePlans(env.db, supervisor())).find((p) => p.kind === 'meeting')!;
    expect(meetingPlan).toMatchObject({ title: '2023年会议议定事项', status: 'active' });
    expect(await env.db.select().from(sections).where(eq(sections.planId, meetingPlan.id))).toHaveLength(1);
    const task = (await taskById(supervisor(), r.ok ? r.data.taskId : -1))!;
    expect(task).toMatchObject({ source: '区政府第12次常务会议', deadline: '2023-12-20', leaders: ['李四'] });
    expect(task.lead.map((u) => u.name)).toEqual(['区住房和城乡建设局']);
    const zjj = await actorFor(env.db, 'reporter', '区住房和城乡建设局');
    const editor = await getReportEditor(ctx(zjj), task.id);
    expect(editor.period.month).toBe('2023-11');
    const jq = await actorFor(env.db, 'reporter', '九曲街道');
    expect((await getReportEditor(ctx(jq), task.id)).role).toBe('participating');
    expect(await resolveUnitId(env.db, FIRST_DISTRICT_ID, '区住建局')).not.toBeNull();
  });
});
