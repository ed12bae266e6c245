/**
 * Which lists (任务清单) a page covers. An office runs several lists at once: every page that lists
 * tasks covers all active lists, or the one list the user chose (remembered per user). Drafts (being
 * decomposed) and archived lists are outside the loop.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { transaction, type Db, type Reader } from '@/db/client';
import { plans, tasks, users, type Plan } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { districtScopeOf, inDistrict, isCityActor, type DistrictScope } from '@/lib/districts/district-scope';
import { PLAN_KIND_LABELS } from '@/lib/plan-import/parsed-plan';
import { fail, ok, type Result } from '@/lib/result';

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

/** Whose lists: a district scope (scripts, the scheduler's loop over districts), or an actor (its district). */
export type DistrictOf = DistrictScope | Pick<Actor, 'role' | 'districtId'>;

export function scopeOf(who: DistrictOf): DistrictScope {
  return 'kind' in who ? who : districtScopeOf(who);
}

/** Every active list of the district (the city office: of every district): the newest year first, then in the order they were created. */
export async function activePlans(db: Reader, who: DistrictOf): Promise<PlanSummary[]> {
  return db
    .select(planSummaryColumns)
    .from(plans)
    .where(and(eq(plans.status, 'active'), inDistrict(plans.districtId, scopeOf(who))))
    .orderBy(desc(plans.year), asc(plans.id));
}

/** A list by id, in the district (another district's id is no list at all). */
export async function planById(db: Reader, who: DistrictOf, planId: number): Promise<PlanSummary | null> {
  const [plan] = await db
    .select(planSummaryColumns)
    .from(plans)
    .where(and(eq(plans.id, planId), inDistrict(plans.districtId, scopeOf(who))))
    .limit(1);
  return plan ?? null;
}

/** An active list by id (archived and draft lists are not in the loop). */
export async function activePlanById(db: Reader, who: DistrictOf, planId: number): Promise<PlanSummary | null> {
  const [plan] = await db
    .select(planSummaryColumns)
    .from(plans)
    .where(and(eq(plans.id, planId), eq(plans.status, 'active'), inDistrict(plans.districtId, scopeOf(who))))
    .limit(1);
  return plan ?? null;
}

/**
 * The lists of `inView` that are in the district, in their order: pages pass the lists in view, and
 * a list of another district among them (a stale or forged choice) must not widen what they read.
 */
export async function plansInDistrict<P extends Pick<PlanSummary, 'id'>>(db: Reader, who: DistrictOf, inView: readonly P[]): Promise<P[]> {
  const scope = scopeOf(who);
  if (scope.kind === 'all' || inView.length === 0) return [...inView];
  const ids = new Set(
    (await db.select({ id: plans.id }).from(plans).where(and(inArray(plans.id, inView.map((p) => p.id)), eq(plans.districtId, scope.districtId)))).map((p) => p.id),
  );
  return inView.filter((p) => ids.has(p.id));
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
export async function planScope(db: Reader, actor: Pick<Actor, 'userId' | 'role' | 'districtId'>): Promise<PlanScope> {
  // The deployment's administrators (安全/审计管理员) read no district: no lists, rather than a refusal of every page's frame.
  if (actor.districtId === null && !isCityActor(actor)) return { plans: [], chosen: null, active: [] };
  const active = await activePlans(db, actor);
  const [user] = await db.select({ planId: users.listFilterPlanId }).from(users).where(eq(users.id, actor.userId)).limit(1);
  const pref = user?.planId ?? null;
  const chosen = pref === null ? null : (active.find((p) => p.id === pref) ?? null);
  return { plans: chosen ? [chosen] : active, chosen, active };
}

/** The list filter form: a list id, or 'all'. */
export const listFilterSchema = z.object({
  plan: z.union([z.literal('all'), z.coerce.number().int().positive()], { error: '请选择任务清单' }),
});

export type ListFilterInput = z.output<typeof listFilterSchema>;

/** Remembers the user's list filter. Only an active list can be chosen; 'all' clears the choice. */
export async function setListFilter(db: Db, actor: Pick<Actor, 'userId' | 'role' | 'districtId'>, input: ListFilterInput): Promise<Result> {
  const planId = input.plan === 'all' ? null : input.plan;
  return transaction(db, async (tx) => {
    // An account without a district (安全/审计管理员) has no list to choose: every id is unknown to it.
    const readsNone = actor.districtId === null && !isCityActor(actor);
    if (planId !== null && (readsNone || !(await activePlanById(tx, actor, planId)))) return fail('该任务清单不存在或已归档');
    await tx.update(users).set({ listFilterPlanId: planId }).where(eq(users.id, actor.userId));
    return ok();
  });
}

/** Where a task stands: its list's status, or null when there is no such task (in the district). */
export async function taskListStatus(db: Reader, who: DistrictOf, taskId: number): Promise<Plan['status'] | null> {
  const [row] = await db
    .select({ status: plans.status })
    .from(tasks)
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(tasks.id, taskId), inDistrict(tasks.districtId, scopeOf(who))))
    .limit(1);
  return row?.status ?? null;
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
