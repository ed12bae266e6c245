/**
 * 任务清单管理: a list's settings and status, and the decomposition (分解) of a list whose source
 * names no units — the government work report — task by task, saved as it goes, then published.
 */
import { and, asc, count, eq, inArray, isNull, max, ne } from 'drizzle-orm';
import { plans, sections, taskUnits, tasks, units } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader, type Tx } from '@/lib/db';
import { inActorDistrict, ownDistrictId, type DistrictScope } from '@/lib/districts/district-scope';
import type { PlanKind } from '@/lib/plan-import/parsed-plan';
import { suggestUnits, type UnitSuggestions } from '@/lib/plan-import/suggest-units';
import { ensureDefaultPeriods } from '@/lib/reporting/period-service';
import { fail, failField, ok, type FieldErrors, type Result } from '@/lib/result';
import { loadAliasMap } from '@/lib/units/unit-service';
import { canonicalUnitName } from '@/lib/units/normalize-unit-name';
import type { PlanSettingsInput, PlanStatusInput, TaskAssignment } from './plan-schemas';
import { planById, taskLabel, type PlanSummary } from './plan-scope';

export type { PlanSettingsInput, PlanStatusInput, TaskAssignment };

/** The scope of the district an actor writes in (its lists only). */
function own(districtId: number): DistrictScope {
  return { kind: 'district', districtId };
}

// ---------------------------------------------------------------------------------------------
// Settings and status

/** Changes a list's short name and kind (how its tasks are named and grouped). Audited. */
export async function updatePlanSettings(ctx: ServiceContext, input: PlanSettingsInput): Promise<Result> {
  assertCan(ctx.actor, 'plans.manage');
  const { planId, shortName, kind } = input;
  const districtId = ownDistrictId(ctx.actor);
  return transaction(ctx.db, async (tx) => {
    const plan = await planById(tx, own(districtId), planId);
    if (!plan) return fail('找不到该任务清单');
    // Two lists in the loop with one short name would make 重点任务 40 ambiguous (within the district: the other's lists are not in its loop).
    const clash = await tx
      .select({ id: plans.id })
      .from(plans)
      .where(and(eq(plans.districtId, districtId), eq(plans.shortName, shortName), eq(plans.status, 'active'), ne(plans.id, planId)))
      .limit(1);
    if (clash.length > 0) return failField('shortName', `简称“${shortName}”已被另一份进行中的清单使用`);
    await tx.update(plans).set({ shortName, kind }).where(and(eq(plans.id, planId), eq(plans.districtId, districtId)));
    await writeAudit(tx, ctx.actor, { action: 'plan.update', entityType: 'plan', entityId: planId, detail: { shortName, kind, before: { shortName: plan.shortName, kind: plan.kind } } }, ctx.meta, ctx.now);
    return ok({ message: '已保存' });
  });
}

/**
 * 发布 a draft (every task must have a lead unit), 归档 an active list (read-only, its history kept),
 * or 恢复 an archived one. Audited, one transaction.
 */
export async function setPlanStatus(ctx: ServiceContext, input: PlanStatusInput): Promise<Result> {
  assertCan(ctx.actor, 'plans.manage');
  const { planId, status } = input;
  const districtId = ownDistrictId(ctx.actor);
  return transaction(ctx.db, async (tx) => {
    const plan = await planById(tx, own(districtId), planId);
    if (!plan) return fail('找不到该任务清单');
    if (plan.status === status) return ok({ message: '清单状态未变' });
    // draft → active (发布), active → archived (归档), archived → active (恢复): a draft is never archived unpublished.
    if (plan.status === 'draft' && status !== 'active') return fail('分解中的清单只能发布，不能归档');
    if (status === 'active') {
      // A decomposed list enters the loop only when every task has someone to report on it; a list
      // that ran before may come back as it was (a notice's 组织实施 tasks name no unit), but not one that never named any.
      const withoutLead = await tasksWithoutLead(tx, planId);
      const [total] = await tx.select({ n: count() }).from(tasks).where(eq(tasks.planId, planId));
      if (plan.status === 'draft' ? withoutLead.length > 0 : withoutLead.length === (total?.n ?? 0)) {
        return fail(`还有 ${withoutLead.length} 项任务未指定牵头单位（${withoutLead.slice(0, 10).join('、')}${withoutLead.length > 10 ? '…' : ''}），请分解完再发布`);
      }
    }
    await tx.update(plans).set({ status }).where(and(eq(plans.id, planId), eq(plans.districtId, districtId)));
    // A list published today reports from this month on (a work report of January decomposed in March starts in March).
    const publishedOn = ctx.today;
    if (status === 'active') await ensureDefaultPeriods(tx, { ...plan, issuedOn: plan.status === 'draft' && (!plan.issuedOn || plan.issuedOn < publishedOn) ? publishedOn : plan.issuedOn });
    // 交办: a published draft's units are assigned today and each signs for its tasks (签收).
    if (plan.status === 'draft') {
      await tx
        .update(taskUnits)
        .set({ assignedOn: publishedOn })
        .where(and(isNull(taskUnits.assignedOn), inArray(taskUnits.taskId, tx.select({ id: tasks.id }).from(tasks).where(eq(tasks.planId, planId)))));
    }
    const action = plan.status === 'draft' ? 'plan.publish' : status === 'archived' ? 'plan.archive' : 'plan.reactivate';
    await writeAudit(tx, ctx.actor, { action, entityType: 'plan', entityId: planId, detail: { from: plan.status, to: status } }, ctx.meta, ctx.now);
    const message = action === 'plan.publish' ? '已发布：各责任单位从本月起按期报送' : action === 'plan.archive' ? '已归档：清单只读，报送、考核与记录保留' : '已恢复为进行中';
    return ok({ message });
  });
}

async function tasksWithoutLead(db: Reader, planId: number): Promise<number[]> {
  const rows = await db
    .select({ no: tasks.no })
    .from(tasks)
    .leftJoin(taskUnits, and(eq(taskUnits.taskId, tasks.id), eq(taskUnits.role, 'lead')))
    .where(and(eq(tasks.planId, planId), isNull(taskUnits.unitId)))
    .orderBy(asc(tasks.no));
  return rows.map((r) => r.no);
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
export async function getDecomposition(ctx: ServiceContext, planId: number): Promise<Decomposition | null> {
  assertCan(ctx.actor, 'plans.manage');
  const { db } = ctx;
  const plan = await planById(db, ctx.actor, planId);
  if (!plan || plan.status !== 'draft') return null;
  const unitNames = (
    await db
      .select({ name: units.name })
      .from(units)
      .where(and(inActorDistrict(units.districtId, ctx.actor), eq(units.active, true)))
      .orderBy(asc(units.id))
  ).map((u) => u.name);
  const taskRows = await db
    .select({ id: tasks.id, no: tasks.no, title: tasks.title, text: tasks.text, leaders: tasks.leaders, deadline: tasks.deadline, sectionId: tasks.sectionId })
    .from(tasks)
    .where(eq(tasks.planId, planId))
    .orderBy(asc(tasks.no));
  const links = taskRows.length
    ? await db
        .select({ taskId: taskUnits.taskId, role: taskUnits.role, name: units.name })
        .from(taskUnits)
        .innerJoin(units, eq(units.id, taskUnits.unitId))
        .where(inArray(taskUnits.taskId, taskRows.map((t) => t.id)))
        .orderBy(asc(taskUnits.position))
    : [];
  const sectionRows = await db.select({ id: sections.id, numeral: sections.numeral, title: sections.title }).from(sections).where(eq(sections.planId, planId)).orderBy(asc(sections.no));
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

/** Resolves names as people type them (full name, alias, abbreviation) to the district's active units; unknown names (another district's too) are errors. */
export async function resolveUnitNames(db: Reader, districtId: number, names: string[]): Promise<{ ids: number[]; unknown: string[] }> {
  const aliases = await loadAliasMap(db, districtId);
  const ids: number[] = [];
  const unknown: string[] = [];
  const named = (name: string) => and(eq(units.districtId, districtId), eq(units.name, name));
  for (const raw of names) {
    let name = canonicalUnitName(raw, aliases);
    // 发改局 as well as 区发改局: a district's units are written with and without the 区 prefix.
    if (!/^区/u.test(name) && (await db.select({ id: units.id }).from(units).where(named(name)).limit(1)).length === 0) name = canonicalUnitName(`区${raw}`, aliases);
    const [row] = await db.select({ id: units.id }).from(units).where(and(named(name), eq(units.active, true))).limit(1);
    if (row) {
      if (!ids.includes(row.id)) ids.push(row.id);
    } else unknown.push(raw);
  }
  return { ids, unknown };
}

/** Unknown names and a unit both leading and taking part, as field errors of the form (none: null). */
export function unitNameErrors(lead: { ids: number[]; unknown: string[] }, participating: { ids: number[]; unknown: string[] }): FieldErrors | null {
  const fieldErrors: FieldErrors = {};
  if (lead.unknown.length) fieldErrors.lead = [`找不到单位：${lead.unknown.join('、')}`];
  if (participating.unknown.length) fieldErrors.participating = [`找不到单位：${participating.unknown.join('、')}`];
  if (lead.ids.some((id) => participating.ids.includes(id))) fieldErrors.participating = [...(fieldErrors.participating ?? []), '同一单位不能既牵头又参与'];
  return Object.keys(fieldErrors).length ? fieldErrors : null;
}

/** Saves one task's units, leaders and deadline in a draft list (saved as the office goes). Audited. */
export async function assignTask(ctx: ServiceContext, input: TaskAssignment): Promise<Result<{ data: { lead: string[]; participating: string[] } }>> {
  assertCan(ctx.actor, 'plans.manage');
  const { db } = ctx;
  const districtId = ownDistrictId(ctx.actor);
  const [task] = await db
    .select({ id: tasks.id, planId: tasks.planId, no: tasks.no })
    .from(tasks)
    .where(and(eq(tasks.id, input.taskId), eq(tasks.districtId, districtId)))
    .limit(1);
  const plan = task ? await planById(db, own(districtId), task.planId) : null;
  if (!task || !plan) return fail('找不到该任务');
  if (plan.status !== 'draft') return fail('该清单已发布，不能再分解修改');
  const lead = await resolveUnitNames(db, districtId, input.lead);
  const participating = await resolveUnitNames(db, districtId, input.participating);
  const fieldErrors = unitNameErrors(lead, participating);
  if (fieldErrors) return fail(Object.values(fieldErrors).flat()[0] ?? '请检查填写的内容', fieldErrors);
  return transaction(db, async (tx) => {
    // Published meanwhile (another office member): the decomposition is over.
    if ((await planById(tx, own(districtId), plan.id))?.status !== 'draft') return fail('该清单已发布，不能再分解修改');
    await tx.delete(taskUnits).where(eq(taskUnits.taskId, task.id));
    await insertTaskUnits(tx, task.id, lead.ids, participating.ids);
    await tx.update(tasks).set({ leaders: input.leaders, deadline: input.deadline }).where(eq(tasks.id, task.id));
    await writeAudit(tx, ctx.actor, { action: 'task.assign', entityType: 'task', entityId: task.id, detail: { lead: lead.ids, participating: participating.ids, leaders: input.leaders, deadline: input.deadline } }, ctx.meta, ctx.now);
    const ids = [...lead.ids, ...participating.ids];
    const named = ids.length ? await tx.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, ids)) : [];
    const names = new Map(named.map((u) => [u.id, u.name]));
    return ok({ message: `已保存${taskLabel(plan, task.no)}`, data: { lead: lead.ids.map((id) => names.get(id)!), participating: participating.ids.map((id) => names.get(id)!) } });
  });
}

/**
 * A task's lead and participating units, in the order given (one statement). `assignedOn` (交办,
 * today) when the task is in the loop already (an item registered): each unit then signs for it (签收).
 */
export async function insertTaskUnits(tx: Tx, taskId: number, lead: number[], participating: number[], assignedOn: string | null = null): Promise<void> {
  const rows = [
    ...lead.map((unitId, position) => ({ taskId, unitId, role: 'lead' as const, position, assignedOn })),
    ...participating.map((unitId, position) => ({ taskId, unitId, role: 'participating' as const, position, assignedOn })),
  ];
  if (rows.length) await tx.insert(taskUnits).values(rows);
}

/** The next task number of a list (立项 appends). */
export async function nextTaskNo(db: Reader, planId: number): Promise<number> {
  const [row] = await db.select({ n: max(tasks.no) }).from(tasks).where(eq(tasks.planId, planId));
  return (row?.n ?? 0) + 1;
}

export type { PlanKind };
