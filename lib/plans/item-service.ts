/**
 * 立项: the office registers an item from a meeting (会议议定事项) or a leader's instruction (领导交办)
 * one at a time. Items of a kind and year form one list, grouped by their source, so they enter the
 * same loop as any task: a report by the item's deadline (按事项期限), review, signals, 督办单, assessment.
 */
import { and, eq, max } from 'drizzle-orm';
import { plans, sections, tasks } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Tx } from '@/lib/db';
import { ownDistrictId } from '@/lib/districts/district-scope';
import { numberToChineseNumeral } from '@/lib/plan-import/notice/text';
import { DEFAULT_SHORT_NAMES, freeShortName } from '@/lib/plan-import/import-plan';
import { PLAN_KIND_LABELS } from '@/lib/plan-import/parsed-plan';
import { notifyUnits } from '@/lib/notifications/notification-service';
import { ensureDefaultPeriods } from '@/lib/reporting/period-service';
import { fail, failField, ok, type Result } from '@/lib/result';
import { insertTaskUnits, nextTaskNo, resolveUnitNames, unitNameErrors } from './plan-service';
import type { ItemRegistration, RegisteredKind } from './plan-schemas';
import { planById, taskLabel, type PlanSummary } from './plan-scope';

/**
 * The list of registered items of a kind and year, created on first use (cadence 按事项期限).
 * An archived list takes no new items: the office restores it first (or they would never be reported on).
 */
async function listFor(tx: Tx, districtId: number, kind: RegisteredKind, year: number, today: string): Promise<PlanSummary | string> {
  const code = `督查立项-${kind}-${year}`;
  const scope = { kind: 'district', districtId } as const;
  const [existing] = await tx
    .select({ id: plans.id })
    .from(plans)
    .where(and(eq(plans.districtId, districtId), eq(plans.code, code)))
    .limit(1);
  if (existing) {
    const plan = (await planById(tx, scope, existing.id))!;
    return plan.status === 'active' ? plan : `${plan.title}已归档，请先在“任务清单”中恢复后再立项`;
  }
  const [row] = await tx
    .insert(plans)
    .values({ districtId, code, title: `${year}年${PLAN_KIND_LABELS[kind]}`, shortName: await freeShortName(tx, districtId, DEFAULT_SHORT_NAMES[kind], year), kind, status: 'active', cadence: 'per_item', year, issuedOn: today, sourceHash: 'registered' })
    .returning({ id: plans.id });
  // Each item is reported on once, by its own deadline (按事项期限), in monthly periods.
  await ensureDefaultPeriods(tx, { id: row!.id, year, issuedOn: today, cadence: 'per_item' });
  return (await planById(tx, scope, row!.id))!;
}

/** A section per source (one meeting, one instruction), so a meeting's decisions stay together. */
async function sectionFor(tx: Tx, planId: number, source: string): Promise<number> {
  const [existing] = await tx.select({ id: sections.id }).from(sections).where(and(eq(sections.planId, planId), eq(sections.title, source))).limit(1);
  if (existing) return existing.id;
  const [last] = await tx.select({ n: max(sections.no) }).from(sections).where(eq(sections.planId, planId));
  const no = (last?.n ?? 0) + 1;
  const [row] = await tx.insert(sections).values({ planId, no, numeral: numberToChineseNumeral(no), title: source }).returning({ id: sections.id });
  return row!.id;
}

/** 立项: registers an item and tells its units. Unknown unit names are refused; nothing is written then. */
export async function registerItem(ctx: ServiceContext, input: ItemRegistration): Promise<Result<{ data: { taskId: number; label: string } }>> {
  assertCan(ctx.actor, 'items.register');
  const { today } = ctx;
  if (input.deadline < today) return failField('deadline', '完成时限不能早于今天');
  const districtId = ownDistrictId(ctx.actor);
  const lead = await resolveUnitNames(ctx.db, districtId, input.lead);
  const participating = await resolveUnitNames(ctx.db, districtId, input.participating);
  const fieldErrors = unitNameErrors(lead, participating);
  if (fieldErrors) return fail(Object.values(fieldErrors).flat()[0] ?? '请检查填写的内容', fieldErrors);
  // Items belong to the year of their deadline's list: one registered in December for next March goes to next year's list.
  const year = Number(input.deadline.slice(0, 4));
  const startOn = year === Number(today.slice(0, 4)) ? today : `${year}-01-01`;
  return transaction(ctx.db, async (tx) => {
    const plan = await listFor(tx, districtId, input.kind, year, startOn);
    // Nothing was written yet: the list exists and is archived.
    if (typeof plan === 'string') return fail(plan);
    const planId = plan.id;
    const sectionId = await sectionFor(tx, planId, input.source);
    const no = await nextTaskNo(tx, planId);
    const [task] = await tx
      .insert(tasks)
      .values({ districtId, planId, sectionId, no, title: input.title, text: input.content, leaders: input.leaders, deadline: input.deadline, deadlineText: input.deadline, source: input.source })
      .returning({ id: tasks.id });
    const taskId = task!.id;
    await insertTaskUnits(tx, taskId, lead.ids, participating.ids, today);
    const label = taskLabel(plan, no);
    await writeAudit(tx, ctx.actor, { action: 'item.register', entityType: 'task', entityId: taskId, detail: { kind: input.kind, source: input.source, title: input.title, lead: lead.ids, participating: participating.ids, deadline: input.deadline } }, ctx.meta, ctx.now);
    await notifyUnits(tx, [...lead.ids, ...participating.ids], { kind: 'task.assigned', title: `新立项：${label}「${input.title}」`, body: `来源：${input.source}；完成时限 ${input.deadline}`, link: `/tasks/${taskId}` }, ctx.now);
    return ok({ data: { taskId, label }, message: `已立项：${label}「${input.title}」` });
  });
}
