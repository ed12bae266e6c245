/**
 * 立项: the office registers an item from a meeting (会议议定事项) or a leader's instruction (领导交办)
 * one at a time. Items of a kind and year form one list, grouped by their source, so they enter the
 * same loop as any task: a report by the item's deadline (按事项期限), review, signals, 督办单, assessment.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { plans, sections, taskUnits, tasks } from '@/db/schema';
import { NO_META, writeAudit, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { invalid } from '@/lib/admin/result';
import { assertCan } from '@/lib/auth/permissions';
import { numberToChineseNumeral } from '@/lib/plan-import/notice/text';
import { DEFAULT_SHORT_NAMES, freeShortName } from '@/lib/plan-import/import-plan';
import { PLAN_KIND_LABELS } from '@/lib/plan-import/parsed-plan';
import { notifyUnits } from '@/lib/notifications/notification-service';
import { ensureDefaultPeriods } from '@/lib/reporting/period-service';
import { nextTaskNo, resolveUnitNames } from './plan-service';
import { registerItemSchema, type RegisteredKind } from './plan-schemas';
import { planById, taskLabel, type PlanSummary } from './plan-scope';

/**
 * The list of registered items of a kind and year, created on first use (cadence 按事项期限).
 * An archived list takes no new items: the office restores it first (or they would never be reported on).
 */
function listFor(tx: Pick<AppDatabase, 'select' | 'insert' | 'update' | 'delete'>, kind: RegisteredKind, year: number, today: string): PlanSummary | string {
  const code = `督查立项-${kind}-${year}`;
  const existing = tx.select({ id: plans.id }).from(plans).where(eq(plans.code, code)).get();
  if (existing) {
    const plan = planById(tx, existing.id)!;
    return plan.status === 'active' ? plan : `${plan.title}已归档，请先在“任务清单”中恢复后再立项`;
  }
  const row = tx
    .insert(plans)
    .values({ code, title: `${year}年${PLAN_KIND_LABELS[kind]}`, shortName: freeShortName(tx, DEFAULT_SHORT_NAMES[kind], year), kind, status: 'active', cadence: 'per_item', year, issuedOn: today, sourceHash: 'registered' })
    .returning({ id: plans.id })
    .get();
  // Each item is reported on once, by its own deadline (按事项期限), in monthly periods.
  ensureDefaultPeriods(tx, { id: row.id, year, issuedOn: today, cadence: 'per_item' });
  return planById(tx, row.id)!;
}

/** A section per source (one meeting, one instruction), so a meeting's decisions stay together. */
function sectionFor(tx: Pick<AppDatabase, 'select' | 'insert'>, planId: number, source: string): number {
  const existing = tx.select({ id: sections.id }).from(sections).where(and(eq(sections.planId, planId), eq(sections.title, source))).get();
  if (existing) return existing.id;
  const no = (tx.select({ n: sql<number>`coalesce(max(${sections.no}), 0)` }).from(sections).where(eq(sections.planId, planId)).get()?.n ?? 0) + 1;
  return tx.insert(sections).values({ planId, no, numeral: numberToChineseNumeral(no), title: source }).returning({ id: sections.id }).get().id;
}

/** 立项: registers an item and tells its units. Unknown unit names are refused; nothing is written then. */
export function registerItem(
  db: AppDatabase,
  actor: Actor,
  raw: unknown,
  today: string,
  at: Date,
  meta: RequestMeta = NO_META,
): { ok: true; data: { taskId: number; label: string }; message: string } | { ok: false; error: string; fieldErrors?: Partial<Record<string, string[]>> } {
  assertCan(actor, 'items.register');
  const parsed = registerItemSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const input = parsed.data;
  if (input.deadline < today) return { ok: false, error: '完成时限不能早于今天', fieldErrors: { deadline: ['完成时限不能早于今天'] } };
  const lead = resolveUnitNames(db, input.lead);
  const participating = resolveUnitNames(db, input.participating);
  const fieldErrors: Partial<Record<string, string[]>> = {};
  if (lead.unknown.length) fieldErrors.lead = [`找不到单位：${lead.unknown.join('、')}`];
  if (participating.unknown.length) fieldErrors.participating = [`找不到单位：${participating.unknown.join('、')}`];
  if (lead.ids.some((id) => participating.ids.includes(id))) fieldErrors.participating = [...(fieldErrors.participating ?? []), '同一单位不能既牵头又参与'];
  if (Object.keys(fieldErrors).length) return { ok: false, error: Object.values(fieldErrors).flat()[0] ?? '请检查填写的内容', fieldErrors };
  // Items belong to the year of their deadline's list: one registered in December for next March goes to next year's list.
  const year = Number(input.deadline.slice(0, 4));
  const startOn = year === Number(today.slice(0, 4)) ? today : `${year}-01-01`;
  return db.transaction(
    (tx) => {
      const plan = listFor(tx, input.kind, year, startOn);
      if (typeof plan === 'string') return { ok: false as const, error: plan };
      const planId = plan.id;
      const sectionId = sectionFor(tx, planId, input.source);
      const no = nextTaskNo(tx, planId);
      const taskId = tx
        .insert(tasks)
        .values({ planId, sectionId, no, title: input.title, text: input.content, leaders: input.leaders, deadline: input.deadline, deadlineText: input.deadline, source: input.source })
        .returning({ id: tasks.id })
        .get().id;
      lead.ids.forEach((unitId, position) => tx.insert(taskUnits).values({ taskId, unitId, role: 'lead', position }).run());
      participating.ids.forEach((unitId, position) => tx.insert(taskUnits).values({ taskId, unitId, role: 'participating', position }).run());
      const label = taskLabel(plan, no);
      writeAudit(tx, actor, { action: 'item.register', entityType: 'task', entityId: taskId, detail: { kind: input.kind, source: input.source, title: input.title, lead: lead.ids, participating: participating.ids, deadline: input.deadline } }, meta, at);
      notifyUnits(tx, [...lead.ids, ...participating.ids], { kind: 'task.assigned', title: `新立项：${label}「${input.title}」`, body: `来源：${input.source}；完成时限 ${input.deadline}`, link: `/tasks/${taskId}` }, at);
      return { ok: true as const, data: { taskId, label }, message: `已立项：${label}「${input.title}」` };
    },
    { behavior: 'immediate' },
  );
}
