import { and, count, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import { districts, supervisionNotices, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { transaction } from '@/lib/db';
import { assessmentMonths, getMonthRanking } from '@/lib/assessment/ranking';
import { getDashboard } from '@/lib/oversight/dashboard-service';
import { listOverdue, overdueFilterSchema } from '@/lib/oversight/overdue-service';
import { planScope } from '@/lib/plans/plan-scope';
import { fail, ok, type Result } from '@/lib/result';
import { listDistricts } from './district-service';

/** One district's row of the city comparison (市县对比). */
export type DistrictComparison = {
  id: number;
  code: string;
  name: string;
  /** Active tasks of the district's active lists. */
  tasks: number;
  /** 按时报送率 over the months whose lead deadline has passed (null: none yet). */
  onTimeRate: number | null;
  /** 滞后任务: tasks with a yellow or red light. */
  lagging: number;
  /** 逾期事项: reports, parts, resubmissions and notice answers past due. */
  overdue: number;
  /** 督办单 still open, and how many of them are past their due date. */
  openNotices: number;
  overdueNotices: number;
  /** 月度考核: the mean score of the district's units in its latest judged month (null: none). */
  averageScore: number | null;
  scoreMonth: string | null;
};

/**
 * The city office's view of a district: the same reads a district's office has, with the city
 * role (which holds no write permission) and the district as its scope.
 */
export function viewerIn(actor: Actor, districtId: number): Actor {
  return { ...actor, districtId, unitId: null, unitName: null };
}

/**
 * 市县对比: every district side by side, each figure computed by the district's own services (its
 * lists, thresholds, calendar and weights), so the city sees what each district's office sees.
 */
export async function compareDistricts(ctx: ServiceContext): Promise<DistrictComparison[]> {
  assertCan(ctx.actor, 'city.read');
  const { db, today } = ctx;
  const open = await db
    .select({ districtId: supervisionNotices.districtId, n: count() })
    .from(supervisionNotices)
    .where(eq(supervisionNotices.status, 'open'))
    .groupBy(supervisionNotices.districtId);
  const late = await db
    .select({ districtId: supervisionNotices.districtId, n: count() })
    .from(supervisionNotices)
    .where(and(eq(supervisionNotices.status, 'open'), lt(supervisionNotices.dueDate, today)))
    .groupBy(supervisionNotices.districtId);
  const openBy = new Map(open.map((r) => [r.districtId, Number(r.n)]));
  const lateBy = new Map(late.map((r) => [r.districtId, Number(r.n)]));
  const rows: DistrictComparison[] = [];
  for (const d of await listDistricts(db)) {
    const viewer = viewerIn(ctx.actor, d.id);
    const view: ServiceContext = { ...ctx, actor: viewer };
    const lists = (await planScope(db, viewer)).active;
    const dashboard = await getDashboard(view, lists);
    const overdue = await listOverdue(view, lists, overdueFilterSchema.parse({}), 1);
    const due = dashboard.onTimeByMonth.reduce((s, m) => s + m.due, 0);
    const onTime = dashboard.onTimeByMonth.reduce((s, m) => s + m.onTime, 0);
    const months = await assessmentMonths(view, lists);
    const scoreMonth = months.at(-1) ?? null;
    const scores = scoreMonth ? (await getMonthRanking(view, lists, scoreMonth)).scores : [];
    rows.push({
      id: d.id,
      code: d.code,
      name: d.name,
      tasks: dashboard.sections.reduce((s, x) => s + x.taskCount, 0),
      onTimeRate: due > 0 ? onTime / due : null,
      lagging: dashboard.laggingTotal,
      overdue: overdue.total,
      openNotices: openBy.get(d.id) ?? 0,
      overdueNotices: lateBy.get(d.id) ?? 0,
      averageScore: scores.length > 0 ? scores.reduce((s, x) => s + x.total, 0) / scores.length : null,
      scoreMonth: scores.length > 0 ? scoreMonth : null,
    });
  }
  return rows;
}

/** The district the city office views (its id), or null for the comparison only. */
export const viewDistrictSchema = z.object({
  district: z.union([z.literal('none'), z.coerce.number().int().positive()], { error: '请选择行政区' }),
});
export type ViewDistrictInput = z.output<typeof viewDistrictSchema>;

/**
 * 进入某区查看: the city office reads a district's pages as that district's office does (read-only:
 * the role holds no write permission and owns no district). Kept on its account (view_district_id,
 * never district_id: the account stays no district's), so every page after this one reads that
 * district until it goes back to the comparison.
 */
export async function viewDistrict(ctx: ServiceContext, input: ViewDistrictInput): Promise<Result<{ data: { name: string | null } }>> {
  assertCan(ctx.actor, 'city.read');
  const districtId = input.district === 'none' ? null : input.district;
  return transaction(ctx.db, async (tx) => {
    let name: string | null = null;
    if (districtId !== null) {
      const [d] = await tx.select({ name: districts.name }).from(districts).where(eq(districts.id, districtId)).limit(1);
      if (!d) return fail('找不到该行政区');
      name = d.name;
    }
    await tx
      .update(users)
      .set({ viewDistrictId: districtId })
      .where(and(eq(users.id, ctx.actor.userId), eq(users.role, 'city_supervisor')));
    return ok({ data: { name }, message: name ? `正在查看${name}` : '已返回全市对比' });
  });
}
