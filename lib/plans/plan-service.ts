/**
 * 任务清单管理: a list's settings and status, and the decomposition (分解) of a list whose source
 * names no units — the government work report — task by task, saved as it goes, then published.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDatabase } from '@/db/client';
import { plans, sections, taskUnits, tasks, units } from '@/db/schema';
import { NO_META, writeAudit, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import type { PlanKind } from '@/lib/plan-import/parsed-plan';
import { planSettingsSchema, planStatusSchema, taskAssignmentSchema } from './plan-schemas';
import { suggestUnits, type UnitSuggestions } from '@/lib/plan-import/suggest-units';
import { shanghaiDate } from '@/lib/reporting/calendar';
import { ensureDefaultPeriods } from '@/lib/reporting/period-service';
import { loadAliasMap } from '@/lib/units/unit-service';
import { canonicalUnitName } from '@/lib/units/normalize-unit-name';
import { invalid, type AdminResult } from '@/lib/admin/result';
import { planById, taskLabel, type PlanSummary } from './plan-scope';

/** The project's one result type and one zod flattening (lib/admin/result.ts). */
type Result<T = undefined> = AdminResult<T>;

// ---------------------------------------------------------------------------------------------
// Settings and status

export type PlanSettingsInput = z.infer<typeof planSettingsSchema>;

/** Changes a list's short name and kind (how its tasks are named and grouped). Audited. */
export function updatePlanSettings(db: AppDatabase, actor: Actor, raw: unknown, at: Date, meta: RequestMeta = NO_META): Result {
  assertCan(actor, 'plans.manage');
  const parsed = planSettingsSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { planId, shortName, kind } = parsed.data;
  return db.transaction(
    (tx): Result => {
      const plan = planById(tx, planId);
      if (!plan) return { ok: false, error: '找不到该任务清单' };
      // Two lists in the loop with one short name would make 重点任务 40 ambiguous.
      const clash = tx.select({ id: plans.id }).from(plans).where(and(eq(plans.shortName, shortName), eq(plans.status, 'active'))).all().some((p) => p.id !== planId);
      if (clash) return { ok: false, error: `简称“${shortName}”已被另一份进行中的清单使用`, fieldErrors: { shortName: [`简称“${shortName}”已被另一份进行中的清单使用`] } };
      tx.update(plans).set({ shortName, kind }).where(eq(plans.id, planId)).run();
      writeAudit(tx, actor, { action: 'plan.update', entityType: 'plan', entityId: planId, detail: { shortName, kind, before: { shortName: plan.shortName, kind: plan.kind } } }, meta, at);
      return { ok: true, message: '已保存' };
    },
    { behavior: 'immediate' },
  );
}

/**
 * 发布 a draft (every task must have a lead unit), 归档 an active list (read-only, its history kept),
 * or 恢复 an archived one. Audited, one transaction.
 */
export function setPlanStatus(db: AppDatabase, actor: Actor, raw: unknown, at: Date, meta: RequestMeta = NO_META): Result {
  assertCan(actor, 'plans.manage');
  const parsed = planStatusSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { planId, status } = parsed.data;
  return db.transaction(
    (tx): Result => {
      const plan = planById(tx, planId);
      if (!plan) return { ok: false, error: '找不到该任务清单' };
      if (plan.status === status) return { ok: true, message: '清单状态未变' };
      // draft → active (发布), active → archived (归档), archived → active (恢复): a draft is never archived unpublished.
      if (plan.status === 'draft' && status !== 'active') return { ok: false, error: '分解中的清单只能发布，不能归档' };
      if (status === 'active') {
        // A decomposed list enters the loop only when every task has someone to report on it; a list
        // that ran before may come back as it was (a notice's 组织实施 tasks name no unit), but not one that never named any.
        const withoutLead = tasksWithoutLead(tx, planId);
        const total = tx.select({ n: sql<number>`count(*)` }).from(tasks).where(eq(tasks.planId, planId)).get()?.n ?? 0;
        if (plan.status === 'draft' ? withoutLead.length > 0 : withoutLead.length === total) {
          return { ok: false, error: `还有 ${withoutLead.length} 项任务未指定牵头单位（${withoutLead.slice(0, 10).join('、')}${withoutLead.length > 10 ? '…' : ''}），请分解完再发布` };
        }
      }
      tx.update(plans).set({ status }).where(eq(plans.id, planId)).run();
      // A list published today reports from this month on (a work report of January decomposed in March starts in March).
      const publishedOn = shanghaiDate(at);
      if (status === 'active') ensureDefaultPeriods(tx, { ...plan, issuedOn: plan.status === 'draft' && (!plan.issuedOn || plan.issuedOn < publishedOn) ? publishedOn : plan.issuedOn });
      const action = plan.status === 'draft' ? 'plan.publish' : status === 'archived' ? 'plan.archive' : 'plan.reactivate';
      writeAudit(tx, actor, { action, entityType: 'plan', entityId: planId, detail: { from: plan.status, to: status } }, meta, at);
      const message = action === 'plan.publish' ? '已发布：各责任单位从本月起按期报送' : action === 'plan.archive' ? '已归档：清单只读，报送、考核与记录保留' : '已恢复为进行中';
      return { ok: true, message };
    },
    { behavior: 'immediate' },
  );
}

function tasksWithoutLead(db: Pick<AppDatabase, 'select'>, planId: number): number[] {
  return db
    .select({ no: tasks.no })
    .from(tasks)
    .leftJoin(taskUnits, and(eq(taskUnits.taskId, tasks.id), eq(taskUnits.role, 'lead')))
    .where(and(eq(tasks.planId, planId), isNull(taskUnits.unitId)))
    .orderBy(asc(tasks.no))
    .all()
    .map((r) => r.no);
}

// ---------------------------------------------------------------------------------------------
// 分解: assigning units, leaders and deadlines to a list's tasks

export type DecompositionTask = {
  id: number;
  no: number;
  label: string;
  title: string;
  text: string;
  lead: string[];
  participating: string[];
  leaders: string[];
  deadline: string | null;
  /** From the task's words, for tasks that have no lead yet: marked as suggestions in the table. */
  suggestions: UnitSuggestions | null;
};
export type Decomposition = {
  plan: PlanSummary;
  sections: { id: number; numeral: string; title: string; tasks: DecompositionTask[] }[];
  assigned: number;
  total: number;
  /** Every active unit name, for the inputs' completion list. */
  unitNames: string[];
};

/** The decomposition table of a draft list (the office). */
export function getDecomposition(db: AppDatabase, actor: Actor, planId: number): Decomposition | null {
  assertCan(actor, 'plans.manage');
  const plan = planById(db, planId);
  if (!plan || plan.status !== 'draft') return null;
  const unitNames = db.select({ name: units.name }).from(units).where(eq(units.active, true)).orderBy(asc(units.id)).all().map((u) => u.name);
  const taskRows = db
    .select({ id: tasks.id, no: tasks.no, title: tasks.title, text: tasks.text, leaders: tasks.leaders, deadline: tasks.deadline, sectionId: tasks.sectionId })
    .from(tasks)
    .where(eq(tasks.planId, planId))
    .orderBy(asc(tasks.no))
    .all();
  const links = taskRows.length
    ? db
        .select({ taskId: taskUnits.taskId, role: taskUnits.role, name: units.name })
        .from(taskUnits)
        .innerJoin(units, eq(units.id, taskUnits.unitId))
        .where(inArray(taskUnits.taskId, taskRows.map((t) => t.id)))
        .orderBy(asc(taskUnits.position))
        .all()
    : [];
  const sectionRows = db.select({ id: sections.id, numeral: sections.numeral, title: sections.title }).from(sections).where(eq(sections.planId, planId)).orderBy(asc(sections.no)).all();
  const decomposed = taskRows.map((t) => {
    const lead = links.filter((l) => l.taskId === t.id && l.role === 'lead').map((l) => l.name);
    const participating = links.filter((l) => l.taskId === t.id && l.role === 'participating').map((l) => l.name);
    return {
      id: t.id,
      no: t.no,
      label: taskLabel(plan, t.no),
      title: t.title,
      text: t.text,
      lead,
      participating,
      leaders: t.leaders,
      deadline: t.deadline,
      sectionId: t.sectionId,
      suggestions: lead.length === 0 ? suggestUnits(t.text, unitNames) : null,
    };
  });
  return {
    plan,
    sections: sectionRows.map((s) => ({ ...s, tasks: decomposed.filter((t) => t.sectionId === s.id) })),
    assigned: decomposed.filter((t) => t.lead.length > 0).length,
    total: decomposed.length,
    unitNames,
  };
}

/** Resolves names as people type them (full name, alias, abbreviation) to active units; unknown names are errors. */
export function resolveUnitNames(db: AppDatabase, names: string[]): { ids: number[]; unknown: string[] } {
  const aliases = loadAliasMap(db);
  const ids: number[] = [];
  const unknown: string[] = [];
  for (const raw of names) {
    let name = canonicalUnitName(raw, aliases);
    // 发改局 as well as 区发改局: a district's units are written with and without the 区 prefix.
    if (!/^区/u.test(name) && !db.select({ id: units.id }).from(units).where(eq(units.name, name)).get()) name = canonicalUnitName(`区${raw}`, aliases);
    const row = db.select({ id: units.id }).from(units).where(and(eq(units.name, name), eq(units.active, true))).get();
    if (row) {
      if (!ids.includes(row.id)) ids.push(row.id);
    } else unknown.push(raw);
  }
  return { ids, unknown };
}

/** Saves one task's units, leaders and deadline in a draft list (saved as the office goes). Audited. */
export function assignTask(db: AppDatabase, actor: Actor, raw: unknown, at: Date, meta: RequestMeta = NO_META): Result<{ lead: string[]; participating: string[] }> {
  assertCan(actor, 'plans.manage');
  const parsed = taskAssignmentSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const input = parsed.data;
  const task = db.select({ id: tasks.id, planId: tasks.planId, no: tasks.no }).from(tasks).where(eq(tasks.id, input.taskId)).get();
  const plan = task ? planById(db, task.planId) : null;
  if (!task || !plan) return { ok: false, error: '找不到该任务' };
  if (plan.status !== 'draft') return { ok: false, error: '该清单已发布，不能再分解修改' };
  const lead = resolveUnitNames(db, input.lead);
  const participating = resolveUnitNames(db, input.participating);
  const fieldErrors: Partial<Record<string, string[]>> = {};
  if (lead.unknown.length) fieldErrors.lead = [`找不到单位：${lead.unknown.join('、')}`];
  if (participating.unknown.length) fieldErrors.participating = [`找不到单位：${participating.unknown.join('、')}`];
  const both = lead.ids.filter((id) => participating.ids.includes(id));
  if (both.length) fieldErrors.participating = [...(fieldErrors.participating ?? []), '同一单位不能既牵头又参与'];
  if (Object.keys(fieldErrors).length) return { ok: false, error: Object.values(fieldErrors).flat()[0] ?? '请检查填写的内容', fieldErrors };
  return db.transaction(
    (tx) => {
      // Published meanwhile (another office member): the decomposition is over.
      if (planById(tx, plan.id)?.status !== 'draft') return { ok: false as const, error: '该清单已发布，不能再分解修改' };
      tx.delete(taskUnits).where(eq(taskUnits.taskId, task.id)).run();
      lead.ids.forEach((unitId, position) => tx.insert(taskUnits).values({ taskId: task.id, unitId, role: 'lead', position }).run());
      participating.ids.forEach((unitId, position) => tx.insert(taskUnits).values({ taskId: task.id, unitId, role: 'participating', position }).run());
      tx.update(tasks).set({ leaders: input.leaders, deadline: input.deadline }).where(eq(tasks.id, task.id)).run();
      writeAudit(tx, actor, { action: 'task.assign', entityType: 'task', entityId: task.id, detail: { lead: lead.ids, participating: participating.ids, leaders: input.leaders, deadline: input.deadline } }, meta, at);
      const nameOf = (ids: number[]) => (ids.length ? tx.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, ids)).all() : []);
      const names = new Map(nameOf([...lead.ids, ...participating.ids]).map((u) => [u.id, u.name]));
      return { ok: true as const, message: `已保存${taskLabel(plan, task.no)}`, data: { lead: lead.ids.map((id) => names.get(id)!), participating: participating.ids.map((id) => names.get(id)!) } };
    },
    { behavior: 'immediate' },
  );
}

/** The next task number of a list (立项 appends). */
export function nextTaskNo(db: Pick<AppDatabase, 'select'>, planId: number): number {
  return (db.select({ n: sql<number>`coalesce(max(${tasks.no}), 0)` }).from(tasks).where(eq(tasks.planId, planId)).get()?.n ?? 0) + 1;
}

export type { PlanKind };
