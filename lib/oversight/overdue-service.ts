import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDatabase } from '@/db/client';
import { sections, tasks, taskUnits } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { memoByGeneration } from '@/lib/cache/generation-memo';
import { pageParamSchema, paginate, type Page } from '@/lib/pagination/pagination';
import { listOverdueNotices } from '@/lib/notices/notice-service';
import { taskLabel, type PlanSummary } from '@/lib/plans/plan-scope';
import { daysUntil } from '@/lib/reporting/calendar';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { computeSignalsForPlans } from '@/lib/warnings/signal-service';

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
export function listOverdue(
  db: AppDatabase,
  actor: Actor,
  inView: readonly PlanSummary[],
  today: string,
  filter: OverdueFilter,
  pageSize = OVERDUE_PAGE_SIZE,
): Page<OverdueItem> {
  assertCan(actor, 'oversight.read');
  if (inView.length === 0) return paginate([], 1, pageSize);
  const ownUnit = can(actor, 'reports.readAll') ? undefined : (actor.unitId ?? -1);
  const unitFilter = ownUnit ?? filter.unit;
  // The whole sorted list is kept until the next write; paging through it costs a slice.
  const key = ['overdue', inView.map((p) => p.id).join(','), today, unitFilter ?? '*', ownUnit === undefined ? 'all' : 'own', filter.section ?? '*', filter.kind ?? '*', filter.sort].join('|');
  const all = memoByGeneration(db, key, () => overdueItems(db, actor, inView, today, filter, unitFilter));
  return paginate(all, filter.page, pageSize);
}

function overdueItems(db: AppDatabase, actor: Actor, inView: readonly PlanSummary[], today: string, filter: OverdueFilter, unitFilter: number | undefined): OverdueItem[] {
  const planIds = inView.map((p) => p.id);
  const planOf = new Map(inView.map((p) => [p.id, p]));
  const taskRows = db
    .select({ id: tasks.id, planId: tasks.planId, no: tasks.no, title: tasks.title, sectionId: sections.id, sectionNo: sections.no })
    .from(tasks)
    .innerJoin(sections, eq(sections.id, tasks.sectionId))
    .where(inArray(tasks.planId, planIds))
    .orderBy(asc(tasks.no))
    .all()
    .map((t) => ({ ...t, label: taskLabel(planOf.get(t.planId)!, t.no) }));
  let taskIds = taskRows.filter((t) => !filter.section || t.sectionId === filter.section).map((t) => t.id);
  if (unitFilter !== undefined) {
    const mine = new Set(
      db
        .select({ taskId: taskUnits.taskId })
        .from(taskUnits)
        .where(eq(taskUnits.unitId, unitFilter))
        .all()
        .map((r) => r.taskId),
    );
    taskIds = taskIds.filter((id) => mine.has(id));
  }
  const byId = new Map(taskRows.map((t) => [t.id, t]));
  const items: OverdueItem[] = [];
  if (taskIds.length) {
    const signals = computeSignalsForPlans(db, inView, today, getWarningSettings(db), { taskIds, unitId: unitFilter });
    for (const [taskId, s] of signals) {
      const t = byId.get(taskId)!;
      for (const d of s.details) {
        if (d.kind !== 'late' || d.level !== 'red' || !d.dueOn) continue;
        const kind: OverdueKind = d.rule === 'late.returned.overdue' ? 'returned' : d.role === 'participating' ? 'part' : 'report';
        items.push({
          kind,
          taskId,
          planId: t.planId,
          taskNo: t.no,
          taskLabel: t.label,
          taskTitle: t.title,
          sectionId: t.sectionId,
          sectionNo: t.sectionNo,
          unitId: d.unitId,
          unitName: d.unitName,
          what: d.month ?? '',
          dueOn: d.dueOn,
          daysOverdue: -daysUntil(d.dueOn, today),
          reason: d.reason,
          link: `/tasks/${t.id}`,
        });
      }
    }
  }
  const inScope = new Set(taskIds);
  for (const n of listOverdueNotices(db, actor, today)) {
    const t = byId.get(n.task.id);
    if (!t || !inScope.has(t.id) || (unitFilter !== undefined && n.unit.id !== unitFilter)) continue;
    items.push({
      kind: 'notice',
      taskId: t.id,
      planId: t.planId,
      taskNo: t.no,
      taskLabel: t.label,
      taskTitle: t.title,
      sectionId: t.sectionId,
      sectionNo: t.sectionNo,
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

