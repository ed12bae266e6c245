import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { sections, tasks, taskUnits } from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import { unitScopeOf } from '@/lib/auth/unit-scope';
import { memoByGeneration } from '@/lib/cache/generation-memo';
import type { ServiceContext } from '@/lib/context';
import { pageParamSchema, paginate, type Page } from '@/lib/pagination/pagination';
import { listOverdueNotices } from '@/lib/notices/notice-views';
import { taskLabel, type PlanSummary } from '@/lib/plans/plan-scope';
import { daysUntil } from '@/lib/reporting/calendar';
import { districtKey, districtScopeOf, inDistrict, type DistrictScope } from '@/lib/districts/district-scope';
import { districtOfPlans, keepInScope } from '@/lib/warnings/district-plans';
import { warningSettingsByDistrict } from '@/lib/warnings/settings-service';
import { computeSignalsForPlans, type TaskSignals } from '@/lib/warnings/signal-service';

export const OVERDUE_KINDS = { report: '月度进展未报送', part: '协办情况未报送', returned: '退回后未重报', notice: '督办逾期未反馈' } as const;
export type OverdueKind = keyof typeof OVERDUE_KINDS;

export type OverdueItem = {
  kind: OverdueKind;
  taskId: number;
  planId: number;
  taskNo: number;
  /** 重点任务 40: tells tasks of different lists apart. */
  taskLabel: string;
  taskTitle: string;
  sectionId: number;
  sectionNo: number;
  unitId: number;
  unitName: string;
  /** The month concerned (reports, parts) or the notice number. */
  what: string;
  dueOn: string;
  daysOverdue: number;
  reason: string;
  link: string;
};

/** The task's part of an overdue item. */
type OverdueTask = Pick<OverdueItem, 'taskId' | 'planId' | 'taskNo' | 'taskLabel' | 'taskTitle' | 'sectionId' | 'sectionNo'>;

export const overdueFilterSchema = z.object({
  /** A section id (one field serves every list in view). */
  section: z.coerce.number().int().positive().optional().catch(undefined),
  unit: z.coerce.number().int().positive().optional().catch(undefined),
  kind: z.enum(['report', 'part', 'returned', 'notice']).optional().catch(undefined),
  sort: z.enum(['days', 'task', 'unit', 'kind']).default('days').catch('days'),
  page: pageParamSchema,
});
export type OverdueFilter = z.infer<typeof overdueFilterSchema>;

/** Overdue items per page. */
export const OVERDUE_PAGE_SIZE = 100;

// One collator for all comparisons: localeCompare with a locale builds a new one per call.
const zhCollator = new Intl.Collator('zh-CN');

/**
 * 逾期清单: everything overdue right now on the lists in view — lead reports and parts not sent by
 * their deadline, returned reports not resubmitted in time, notices past due without an answer.
 * Unit staff get their own unit's items only (the unit is applied to the data, not to the page).
 */
export async function listOverdue(ctx: ServiceContext, inView: readonly PlanSummary[], filter: OverdueFilter, pageSize = OVERDUE_PAGE_SIZE): Promise<Page<OverdueItem>> {
  const { db, actor, today } = ctx;
  assertCan(actor, 'oversight.read');
  if (inView.length === 0) return paginate([], 1, pageSize);
  const scope = unitScopeOf(actor);
  const district = districtScopeOf(actor);
  const ownUnit = scope.kind === 'unit' ? scope.unitId : undefined;
  const unitFilter = ownUnit ?? filter.unit;
  // The whole sorted list is kept until the next write; paging through it costs a slice.
  const key = ['overdue', districtKey(district), inView.map((p) => p.id).join(','), today, unitFilter ?? '*', ownUnit === undefined ? 'all' : 'own', filter.section ?? '*', filter.kind ?? '*', filter.sort].join('|');
  const all = await memoByGeneration(db, key, () => overdueItems(ctx, district, inView, filter, unitFilter));
  return paginate(all, filter.page, pageSize);
}

async function overdueItems(ctx: ServiceContext, district: DistrictScope, listsInView: readonly PlanSummary[], filter: OverdueFilter, unitFilter: number | undefined): Promise<OverdueItem[]> {
  const { db, today } = ctx;
  // Only the lists of the actor's district; each judged by its own district's thresholds and calendar.
  const districtOf = await districtOfPlans(db, district, listsInView.map((p) => p.id));
  const inView = keepInScope(listsInView, districtOf);
  if (inView.length === 0) return [];
  const planIds = inView.map((p) => p.id);
  const planOf = new Map(inView.map((p) => [p.id, p]));
  const taskRows = (
    await db
      .select({ id: tasks.id, planId: tasks.planId, no: tasks.no, title: tasks.title, sectionId: sections.id, sectionNo: sections.no })
      .from(tasks)
      .innerJoin(sections, eq(sections.id, tasks.sectionId))
      // A closed task (办结销号) is overdue on nothing, its 督办单 included.
      .where(and(inArray(tasks.planId, planIds), eq(tasks.status, 'active'), inDistrict(tasks.districtId, district)))
      .orderBy(asc(tasks.no))
  ).map((t): OverdueTask => ({ taskId: t.id, planId: t.planId, taskNo: t.no, taskLabel: taskLabel(planOf.get(t.planId)!, t.no), taskTitle: t.title, sectionId: t.sectionId, sectionNo: t.sectionNo }));
  let taskIds = taskRows.filter((t) => !filter.section || t.sectionId === filter.section).map((t) => t.taskId);
  if (unitFilter !== undefined) {
    const mine = new Set((await db.select({ taskId: taskUnits.taskId }).from(taskUnits).where(eq(taskUnits.unitId, unitFilter))).map((r) => r.taskId));
    taskIds = taskIds.filter((id) => mine.has(id));
  }
  const byId = new Map(taskRows.map((t) => [t.taskId, t]));
  const items: OverdueItem[] = [];
  if (taskIds.length) {
    const signals = new Map<number, TaskSignals>();
    const wanted = new Set(taskIds);
    // Unfiltered, the lists' every task but the closed ones (which are overdue on nothing): read
    // from the plan-wide result.
    const whole = unitFilter === undefined && !filter.section;
    for (const [districtId, settings] of await warningSettingsByDistrict(db, [...districtOf.values()])) {
      const lists = inView.filter((p) => districtOf.get(p.id) === districtId);
      for (const [id, s] of await computeSignalsForPlans(db, lists, today, settings, { taskIds: whole ? undefined : taskIds, unitId: unitFilter })) if (wanted.has(id)) signals.set(id, s);
    }
    for (const [taskId, s] of signals) {
      for (const d of s.details) {
        if (d.kind !== 'late' || d.level !== 'red' || !d.dueOn) continue;
        const kind: OverdueKind = d.rule === 'late.returned.overdue' ? 'returned' : d.role === 'participating' ? 'part' : 'report';
        items.push({
          kind,
          ...byId.get(taskId)!,
          unitId: d.unitId,
          unitName: d.unitName,
          what: d.month ?? '',
          dueOn: d.dueOn,
          daysOverdue: -daysUntil(d.dueOn, today),
          reason: d.reason,
          link: `/tasks/${taskId}`,
        });
      }
    }
  }
  const inScope = new Set(taskIds);
  for (const n of await listOverdueNotices(ctx)) {
    const t = byId.get(n.task.id);
    if (!t || !inScope.has(t.taskId) || (unitFilter !== undefined && n.unit.id !== unitFilter)) continue;
    items.push({
      kind: 'notice',
      ...t,
      unitId: n.unit.id,
      unitName: n.unit.name,
      what: n.no,
      dueOn: n.dueDate,
      daysOverdue: n.daysOverdue,
      reason: `${n.no}逾期 ${n.daysOverdue} 天未反馈`,
      link: `/notices/${n.noticeId}`,
    });
  }
  const filtered = filter.kind ? items.filter((i) => i.kind === filter.kind) : items;
  // Tasks in the order of the lists in view, then by number.
  const listOrder = new Map(planIds.map((id, i) => [id, i]));
  const byTask = (a: OverdueItem, b: OverdueItem) => listOrder.get(a.planId)! - listOrder.get(b.planId)! || a.taskNo - b.taskNo;
  const order: Record<OverdueFilter['sort'], (a: OverdueItem, b: OverdueItem) => number> = {
    days: (a, b) => b.daysOverdue - a.daysOverdue || byTask(a, b),
    task: (a, b) => byTask(a, b) || b.daysOverdue - a.daysOverdue,
    unit: (a, b) => zhCollator.compare(a.unitName, b.unitName) || b.daysOverdue - a.daysOverdue,
    kind: (a, b) => a.kind.localeCompare(b.kind) || b.daysOverdue - a.daysOverdue,
  };
  return filtered.sort(order[filter.sort]);
}

