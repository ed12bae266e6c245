/**
 * Which lists (任务清单) a page covers. An office runs several lists at once: every page that lists
 * tasks covers all active lists, or the one list the user chose (remembered per user). Drafts (being
 * decomposed) and archived lists are outside the loop.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDatabase } from '@/db/client';
import { plans, tasks, users, type Plan } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { PLAN_KIND_LABELS } from '@/lib/plan-import/parsed-plan';

export type PlanSummary = Pick<Plan, 'id' | 'code' | 'title' | 'shortName' | 'kind' | 'status' | 'cadence' | 'weight' | 'year' | 'issuedOn'>;

/** The columns of a PlanSummary, for selects that need more of a list. */
export const planSummaryColumns = {
  id: plans.id,
  code: plans.code,
  title: plans.title,
  shortName: plans.shortName,
  kind: plans.kind,
  status: plans.status,
  cadence: plans.cadence,
  weight: plans.weight,
  year: plans.year,
  issuedOn: plans.issuedOn,
};

type Reader = Pick<AppDatabase, 'select'>;

/** Every active list: the newest year first, then in the order they were created. */
export function activePlans(db: Reader): PlanSummary[] {
  return db.select(planSummaryColumns).from(plans).where(eq(plans.status, 'active')).orderBy(desc(plans.year), asc(plans.id)).all();
}

export function planById(db: Reader, planId: number): PlanSummary | null {
  return db.select(planSummaryColumns).from(plans).where(eq(plans.id, planId)).get() ?? null;
}

/** An active list by id (archived and draft lists are not in the loop). */
export function activePlanById(db: Reader, planId: number): PlanSummary | null {
  return db.select(planSummaryColumns).from(plans).where(and(eq(plans.id, planId), eq(plans.status, 'active'))).get() ?? null;
}

export type PlanScope = {
  /** The lists this page covers. */
  plans: PlanSummary[];
  /** The list the user chose, or null for all active lists. */
  chosen: PlanSummary | null;
  /** Every active list (for the filter). */
  active: PlanSummary[];
};

/** The lists in view for this user: the remembered choice if it is still active, else all active lists. */
export function planScope(db: Reader, actor: Pick<Actor, 'userId'>): PlanScope {
  const active = activePlans(db);
  const pref = db.select({ planId: users.listFilterPlanId }).from(users).where(eq(users.id, actor.userId)).get()?.planId ?? null;
  const chosen = pref === null ? null : (active.find((p) => p.id === pref) ?? null);
  return { plans: chosen ? [chosen] : active, chosen, active };
}

/** The list filter form: a list id, or 'all'. */
export const listFilterSchema = z.object({
  plan: z.union([z.literal('all'), z.coerce.number().int().positive()], { error: '请选择任务清单' }),
});

/** Remembers the user's list filter. Only an active list can be chosen; 'all' clears the choice. */
export function setListFilter(db: AppDatabase, actor: Pick<Actor, 'userId'>, raw: unknown): { ok: true } | { ok: false; error: string } {
  const parsed = listFilterSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: '请选择任务清单' };
  const planId = parsed.data.plan === 'all' ? null : parsed.data.plan;
  if (planId !== null && !activePlanById(db, planId)) return { ok: false, error: '该任务清单不存在或已归档' };
  db.update(users).set({ listFilterPlanId: planId }).where(eq(users.id, actor.userId)).run();
  return { ok: true };
}

/** Where a task stands: its list's status, or null when there is no such task. */
export function taskListStatus(db: Reader, taskId: number): Plan['status'] | null {
  return db.select({ status: plans.status }).from(tasks).innerJoin(plans, eq(plans.id, tasks.planId)).where(eq(tasks.id, taskId)).get()?.status ?? null;
}

/** Why work on a task is refused when its list is not in the loop (a draft being decomposed, an archived list), or null. */
export function notInLoopReason(status: Plan['status'] | null): string | null {
  if (status === null) return '找不到该任务';
  if (status === 'archived') return '该任务所在的清单已归档，只能查看';
  if (status === 'draft') return '找不到该任务';
  return null;
}

/** How a list is named in short: its 简称, else the kind's label. */
export function planShortName(plan: Pick<PlanSummary, 'shortName' | 'kind'>): string {
  return plan.shortName || PLAN_KIND_LABELS[plan.kind];
}

/** How a task is named across lists: 重点任务 40. */
export function taskLabel(plan: Pick<PlanSummary, 'shortName' | 'kind'>, no: number): string {
  return `${planShortName(plan)} ${no}`;
}
