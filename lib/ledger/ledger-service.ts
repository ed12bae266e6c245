import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDatabase } from '@/db/client';
import { sections, taskUnits, tasks, units, type TaskUnitRole } from '@/db/schema';
import type { SectionOption } from '@/components/filter-fields';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { planById, planShortName, taskLabel, type PlanSummary } from '@/lib/plans/plan-scope';
import { clampPage, pageCountOf, pageParamSchema, paginate, type Page } from '@/lib/pagination/pagination';

export type UnitRef = { id: number; name: string };
export type LedgerTask = {
  id: number;
  planId: number;
  no: number;
  /** 重点任务 40: the list's short name and the task's number. */
  label: string;
  title: string;
  sectionNo: number;
  openEnded: boolean;
  deadline: string | null;
  leaders: string[];
  lead: UnitRef[];
  participating: UnitRef[];
};
export type LedgerSection = { id: number; no: number; numeral: string; title: string; tasks: LedgerTask[] };
export type { PlanSummary };

/** Filters of the ledger page, parsed from the query string (bad values are dropped, not errors). */
export const ledgerFilterSchema = z.object({
  /** A section id (one field serves every list in view). */
  section: z.coerce.number().int().min(1).optional().catch(undefined),
  unit: z.coerce.number().int().min(1).optional().catch(undefined),
  unitRole: z.enum(['any', 'lead', 'participating']).default('any').catch('any'),
  q: z
    .string()
    .trim()
    .max(50)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  /** Drill-down from the dashboard: tasks with a signal at a level, or a lead report in a state. */
  signal: z.enum(['late', 'pace', 'target', 'flag']).optional().catch(undefined),
  level: z.enum(['red', 'yellow', 'green']).optional().catch(undefined),
  state: z.enum(['none', 'draft', 'submitted', 'approved', 'returned']).optional().catch(undefined),
  /** Dashboard drill-down: tasks with any yellow or red light (滞后任务). */
  lagging: z.literal('1').optional().catch(undefined),
  page: pageParamSchema,
});
export type LedgerFilters = z.infer<typeof ledgerFilterSchema>;

/** Lead and participating units of the given tasks, in one query, grouped per task. */
function unitsOfTasks(db: AppDatabase, taskIds: number[]): Map<number, { lead: UnitRef[]; participating: UnitRef[] }> {
  const result = new Map<number, { lead: UnitRef[]; participating: UnitRef[] }>();
  if (taskIds.length === 0) return result;
  const rows = db
    .select({ taskId: taskUnits.taskId, role: taskUnits.role, id: units.id, name: units.name })
    .from(taskUnits)
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(inArray(taskUnits.taskId, taskIds))
    .orderBy(asc(taskUnits.taskId), asc(taskUnits.position))
    .all();
  for (const r of rows) {
    const entry = result.get(r.taskId) ?? { lead: [], participating: [] };
    entry[r.role].push({ id: r.id, name: r.name });
    result.set(r.taskId, entry);
  }
  return result;
}

function taskHasUnit(unitId: number, role: TaskUnitRole | 'any'): SQL {
  const roleClause = role === 'any' ? sql`` : sql` and tu.role = ${role}`;
  return sql`exists (select 1 from task_units tu where tu.task_id = ${tasks.id} and tu.unit_id = ${unitId}${roleClause})`;
}

/** Tasks per ledger page: the district's whole plan (77) fits on one; larger plans are paged. */
export const LEDGER_PAGE_SIZE = 100;

export type Ledger = {
  plans: PlanSummary[];
  /** The sections with tasks on this page, each with its list, this page's tasks and its count over all pages. */
  sections: (LedgerSection & { plan: PlanSummary; matchedInSection: number })[];
  /** Every section of the lists in view (for the filter). */
  allSections: SectionOption[];
  matched: number;
  total: number;
  page: Omit<Page<unknown>, 'items'>;
};

type TaskRow = { id: number; planId: number; no: number; title: string; openEnded: boolean; deadline: string | null; leaders: string[]; sectionId: number; sectionNo: number };
const taskColumns = {
  id: tasks.id,
  planId: tasks.planId,
  no: tasks.no,
  title: tasks.title,
  openEnded: tasks.openEnded,
  deadline: tasks.deadline,
  leaders: tasks.leaders,
  sectionId: sections.id,
  sectionNo: sections.no,
};

/** Order of tasks across lists: the lists in view, in their order, then the task number. */
function taskOrder(planIds: number[]): SQL[] {
  if (planIds.length <= 1) return [asc(tasks.no)];
  return [sql`case ${tasks.planId} ${sql.join(planIds.map((id, i) => sql`when ${id} then ${i}`), sql` `)} end`, asc(tasks.no)];
}

/**
 * 工作台账: the tasks of the lists in view, grouped by list and section, filtered, one page at a
 * time. `keep` narrows further by what the page computed (signals, report states); units are read
 * for the page only.
 */
export function getLedger(
  db: AppDatabase,
  actor: Actor,
  inView: PlanSummary[],
  filters: LedgerFilters,
  { keep, pageSize = LEDGER_PAGE_SIZE }: { keep?: (taskId: number) => boolean; pageSize?: number } = {},
): Ledger {
  assertCan(actor, 'ledger.read');
  const planIds = inView.map((p) => p.id);
  const planOf = new Map(inView.map((p) => [p.id, p]));
  const allSections = listSections(db, actor, inView);
  const emptyPage = { page: 1, pageCount: 1, pageSize, total: 0 };
  if (planIds.length === 0) return { plans: inView, sections: [], allSections, matched: 0, total: 0, page: emptyPage };
  const conditions: SQL[] = [inArray(tasks.planId, planIds)];
  if (filters.section) conditions.push(eq(sections.id, filters.section));
  if (filters.unit) conditions.push(taskHasUnit(filters.unit, filters.unitRole));
  if (filters.q) {
    const q = filters.q;
    conditions.push(
      sql`(instr(${tasks.title}, ${q}) > 0 or instr(${tasks.text}, ${q}) > 0 or exists (
        select 1 from task_units tu join units u on u.id = tu.unit_id
        where tu.task_id = ${tasks.id} and instr(u.name, ${q}) > 0))`,
    );
  }
  const where = and(...conditions);
  const order = taskOrder(planIds);
  const perSection = new Map<number, number>();
  let paged: Page<TaskRow>;
  if (keep) {
    // Narrowed by computed signals or states: filter every matching task, then page.
    const rows = db.select(taskColumns).from(tasks).innerJoin(sections, eq(sections.id, tasks.sectionId)).where(where).orderBy(...order).all().filter((r) => keep(r.id));
    for (const r of rows) perSection.set(r.sectionId, (perSection.get(r.sectionId) ?? 0) + 1);
    paged = paginate(rows, filters.page, pageSize);
  } else {
    // Only the page's tasks are read; counts per section come from SQL.
    const counts = db
      .select({ sectionId: sections.id, n: sql<number>`count(*)` })
      .from(tasks)
      .innerJoin(sections, eq(sections.id, tasks.sectionId))
      .where(where)
      .groupBy(sections.id)
      .all();
    for (const c of counts) perSection.set(c.sectionId, c.n);
    const matchedCount = counts.reduce((a, c) => a + c.n, 0);
    const page = clampPage(filters.page, matchedCount, pageSize);
    const items = db
      .select(taskColumns)
      .from(tasks)
      .innerJoin(sections, eq(sections.id, tasks.sectionId))
      .where(where)
      .orderBy(...order)
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .all();
    paged = { items, page, pageCount: pageCountOf(matchedCount, pageSize), pageSize, total: matchedCount };
  }
  const unitMap = unitsOfTasks(
    db,
    paged.items.map((r) => r.id),
  );
  const pageTasks = paged.items.map((r) => ({
    ...r,
    label: taskLabel(planOf.get(r.planId)!, r.no),
    lead: unitMap.get(r.id)?.lead ?? [],
    participating: unitMap.get(r.id)?.participating ?? [],
  }));
  const sectionRows = db
    .select({ id: sections.id, planId: sections.planId, no: sections.no, numeral: sections.numeral, title: sections.title })
    .from(sections)
    .where(inArray(sections.planId, planIds))
    .orderBy(asc(sections.no))
    .all()
    .sort((x, y) => planIds.indexOf(x.planId) - planIds.indexOf(y.planId));
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(tasks)
      .where(inArray(tasks.planId, planIds))
      .get()?.n ?? 0;
  const { items: _items, ...page } = paged;
  return {
    plans: inView,
    sections: sectionRows
      .map((s) => ({ ...s, plan: planOf.get(s.planId)!, tasks: pageTasks.filter((t) => t.sectionId === s.id), matchedInSection: perSection.get(s.id) ?? 0 }))
      .filter((s) => s.tasks.length > 0),
    allSections,
    matched: paged.total,
    total,
    page,
  };
}

/** Sections of the lists in view, for the filter drop-down (grouped by list when there are several). */
export function listSections(db: AppDatabase, actor: Actor, inView: PlanSummary[]): SectionOption[] {
  assertCan(actor, 'ledger.read');
  if (inView.length === 0) return [];
  const planIds = inView.map((p) => p.id);
  const planOf = new Map(inView.map((p) => [p.id, p]));
  return db
    .select({ id: sections.id, planId: sections.planId, numeral: sections.numeral, title: sections.title })
    .from(sections)
    .where(inArray(sections.planId, planIds))
    .orderBy(asc(sections.no))
    .all()
    .sort((x, y) => planIds.indexOf(x.planId) - planIds.indexOf(y.planId))
    .map((s) => ({ id: s.id, numeral: s.numeral, title: s.title, planLabel: planShortName(planOf.get(s.planId)!) }));
}

export type TaskDetail = LedgerTask & {
  sectionId: number;
  text: string;
  deadlineText: string | null;
  headingPath: string[];
  groupNote: string[];
  source: string | null;
  section: { no: number; numeral: string; title: string };
  plan: PlanSummary;
};

/**
 * One task with its full text (任务详情), by id. Tasks of a draft list (being decomposed) are seen
 * only by those who manage lists.
 */
export function getTaskById(db: AppDatabase, actor: Actor, id: number): TaskDetail | null {
  assertCan(actor, 'ledger.read');
  const row = db
    .select({
      ...taskColumns,
      text: tasks.text,
      deadlineText: tasks.deadlineText,
      headingPath: tasks.headingPath,
      groupNote: tasks.groupNote,
      source: tasks.source,
      sectionNumeral: sections.numeral,
      sectionTitle: sections.title,
    })
    .from(tasks)
    .innerJoin(sections, eq(sections.id, tasks.sectionId))
    .where(eq(tasks.id, id))
    .get();
  if (!row) return null;
  const plan = planById(db, row.planId);
  if (!plan || (plan.status === 'draft' && !can(actor, 'plans.manage'))) return null;
  const u = unitsOfTasks(db, [row.id]).get(row.id) ?? { lead: [], participating: [] };
  const { sectionNumeral, sectionTitle, ...rest } = row;
  return {
    ...rest,
    label: taskLabel(plan, row.no),
    section: { no: row.sectionNo, numeral: sectionNumeral, title: sectionTitle },
    plan,
    ...u,
  };
}
