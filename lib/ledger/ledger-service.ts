import { and, asc, count, eq, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { likeIgnoringCase } from '@/db/dialect';
import { z } from 'zod';
import type { Reader } from '@/db/client';
import { sections, taskUnits, tasks, units, type TaskUnitRole } from '@/db/schema';
import type { SectionOption } from '@/components/filter-fields';
import { assertCan, can } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { districtKey, districtScopeOf, inActorDistrict } from '@/lib/districts/district-scope';
import { memoByGeneration } from '@/lib/cache/generation-memo';
import { planById, planShortName, plansInDistrict, taskLabel, type PlanSummary } from '@/lib/plans/plan-scope';
import { clampPage, pageCountOf, pageParamSchema, paginate, type Page } from '@/lib/pagination/pagination';
import { shanghaiDate } from '@/lib/reporting/calendar';

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
  /** 办结销号: the day the task was closed (YYYY-MM-DD, Beijing), or null while it is active. */
  closedOn?: string | null;
  /** 延期: the deadline as first set, when an approved extension moved it (else null). */
  originalDeadline?: string | null;
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
async function unitsOfTasks(db: Reader, taskIds: number[]): Promise<Map<number, { lead: UnitRef[]; participating: UnitRef[] }>> {
  const result = new Map<number, { lead: UnitRef[]; participating: UnitRef[] }>();
  if (taskIds.length === 0) return result;
  const rows = await db
    .select({ taskId: taskUnits.taskId, role: taskUnits.role, id: units.id, name: units.name })
    .from(taskUnits)
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(inArray(taskUnits.taskId, taskIds))
    .orderBy(asc(taskUnits.taskId), asc(taskUnits.position));
  for (const r of rows) {
    const entry = result.get(r.taskId) ?? { lead: [], participating: [] };
    entry[r.role].push({ id: r.id, name: r.name });
    result.set(r.taskId, entry);
  }
  return result;
}

function taskHasUnit(unitId: number, role: TaskUnitRole | 'any'): SQL {
  const roleClause = role === 'any' ? sql`` : sql` and tu.role = ${role}`;
  // The outer task named with its table: in a one-table select drizzle writes a bare "id", which inside the subquery would be tu.id.
  return sql`exists (select 1 from task_units tu where tu.task_id = ${tasks}.${sql.identifier('id')} and tu.unit_id = ${unitId}${roleClause})`;
}

/**
 * `expr` contains `text` literally: LIKE with the wildcards of the keyword escaped (a keyword such
 * as 增长10% or _ matches only itself), written the same in every SQL dialect.
 */
function containsText(expr: SQLWrapper, text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return likeIgnoringCase(expr, pattern, '\\');
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

type TaskRow = { id: number; planId: number; no: number; title: string; openEnded: boolean; deadline: string | null; leaders: string[]; sectionId: number; sectionNo: number; closedAt: Date | null; originalDeadline: string | null };
/** A task and its section, as task lists select them (from tasks joined with sections on tasks.sectionId). */
export const taskInSectionColumns = { id: tasks.id, planId: tasks.planId, no: tasks.no, title: tasks.title, deadline: tasks.deadline, sectionId: sections.id, sectionNo: sections.no };

const taskColumns = { ...taskInSectionColumns, openEnded: tasks.openEnded, leaders: tasks.leaders, closedAt: tasks.closedAt, originalDeadline: tasks.originalDeadline };

/** Order of tasks across lists: the lists in view, in their order, then the task number. */
function taskOrder(planIds: number[]): SQL[] {
  if (planIds.length <= 1) return [asc(tasks.no)];
  return [sql`case ${tasks.planId} ${sql.join(planIds.map((id, i) => sql`when ${id} then ${i}`), sql` `)} end`, asc(tasks.no)];
}

/**
 * 工作台账: the tasks of the lists in view, grouped by list and section, filtered, one page at a
 * time. `keep` narrows further by what the page computed (signals, report states); units are read
 * for the page only. The result is shared: callers must not modify it.
 */
export async function getLedger(
  ctx: ServiceContext,
  inView: PlanSummary[],
  filters: LedgerFilters,
  { keep, pageSize = LEDGER_PAGE_SIZE }: { keep?: (taskId: number) => boolean; pageSize?: number } = {},
): Promise<Ledger> {
  assertCan(ctx.actor, 'ledger.read');
  if (keep) return readLedger(ctx, inView, filters, { keep, pageSize });
  // A page of the ledger is the same for every reader of the district (it is not scoped by unit):
  // kept until the next write, per district, lists in view, filters and page size.
  const key = ['ledger', districtKey(districtScopeOf(ctx.actor)), inView.map((p) => p.id).join(','), JSON.stringify(filters), pageSize].join('|');
  return memoByGeneration(ctx.db, key, () => readLedger(ctx, inView, filters, { pageSize }), { view: true });
}

async function readLedger(ctx: ServiceContext, inView: PlanSummary[], filters: LedgerFilters, { keep, pageSize }: { keep?: (taskId: number) => boolean; pageSize: number }): Promise<Ledger> {
  const { db, actor } = ctx;
  // Lists of another district among those in view read nothing (and are not shown).
  const lists = await plansInDistrict(db, actor, inView);
  const planIds = lists.map((p) => p.id);
  const planOf = new Map(lists.map((p) => [p.id, p]));
  const allSections = await sectionOptions(db, lists);
  const emptyPage = { page: 1, pageCount: 1, pageSize, total: 0 };
  if (planIds.length === 0) return { plans: lists, sections: [], allSections, matched: 0, total: 0, page: emptyPage };
  const inDistrictOfActor = inActorDistrict(tasks.districtId, actor);
  const conditions: SQL[] = [inArray(tasks.planId, planIds), ...(inDistrictOfActor ? [inDistrictOfActor] : [])];
  if (filters.section) conditions.push(eq(sections.id, filters.section));
  if (filters.unit) conditions.push(taskHasUnit(filters.unit, filters.unitRole));
  if (filters.q) {
    const q = filters.q;
    conditions.push(
      sql`(${containsText(tasks.title, q)} or ${containsText(tasks.text, q)} or exists (
        select 1 from task_units tu join units u on u.id = tu.unit_id
        where tu.task_id = ${tasks.id} and ${containsText(sql`u.name`, q)}))`,
    );
  }
  const where = and(...conditions);
  const order = taskOrder(planIds);
  const perSection = new Map<number, number>();
  let paged: Page<TaskRow>;
  if (keep) {
    // Narrowed by computed signals or states: filter every matching task, then page.
    const rows = (await db.select(taskColumns).from(tasks).innerJoin(sections, eq(sections.id, tasks.sectionId)).where(where).orderBy(...order)).filter((r) => keep(r.id));
    for (const r of rows) perSection.set(r.sectionId, (perSection.get(r.sectionId) ?? 0) + 1);
    paged = paginate(rows, filters.page, pageSize);
  } else {
    // Only the page's tasks are read; counts per section come from SQL.
    const counts = await db
      .select({ sectionId: sections.id, n: count() })
      .from(tasks)
      .innerJoin(sections, eq(sections.id, tasks.sectionId))
      .where(where)
      .groupBy(sections.id);
    for (const c of counts) perSection.set(c.sectionId, c.n);
    const matchedCount = counts.reduce((a, c) => a + c.n, 0);
    const page = clampPage(filters.page, matchedCount, pageSize);
    const items = await db
      .select(taskColumns)
      .from(tasks)
      .innerJoin(sections, eq(sections.id, tasks.sectionId))
      .where(where)
      .orderBy(...order)
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    paged = { items, page, pageCount: pageCountOf(matchedCount, pageSize), pageSize, total: matchedCount };
  }
  const unitMap = await unitsOfTasks(
    db,
    paged.items.map((r) => r.id),
  );
  const pageTasks = paged.items.map((r) => ({
    ...r,
    label: taskLabel(planOf.get(r.planId)!, r.no),
    closedOn: r.closedAt ? shanghaiDate(r.closedAt) : null,
    lead: unitMap.get(r.id)?.lead ?? [],
    participating: unitMap.get(r.id)?.participating ?? [],
  }));
  const sectionRows = (
    await db
      .select({ id: sections.id, planId: sections.planId, no: sections.no, numeral: sections.numeral, title: sections.title })
      .from(sections)
      .where(inArray(sections.planId, planIds))
      .orderBy(asc(sections.no))
  ).sort((x, y) => planIds.indexOf(x.planId) - planIds.indexOf(y.planId));
  const [totalRow] = await db
    .select({ n: count() })
    .from(tasks)
    .where(and(inArray(tasks.planId, planIds), inDistrictOfActor));
  const total = totalRow?.n ?? 0;
  const { items: _items, ...page } = paged;
  return {
    plans: lists,
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
export async function listSections(ctx: ServiceContext, inView: readonly PlanSummary[]): Promise<SectionOption[]> {
  const { db, actor } = ctx;
  assertCan(actor, 'ledger.read');
  return sectionOptions(db, await plansInDistrict(db, actor, inView));
}

/** Sections of lists already checked to be in the actor's district. */
async function sectionOptions(db: Reader, lists: readonly PlanSummary[]): Promise<SectionOption[]> {
  if (lists.length === 0) return [];
  const planIds = lists.map((p) => p.id);
  const planOf = new Map(lists.map((p) => [p.id, p]));
  return (
    await db
      .select({ id: sections.id, planId: sections.planId, numeral: sections.numeral, title: sections.title })
      .from(sections)
      .where(inArray(sections.planId, planIds))
      .orderBy(asc(sections.no))
  )
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
export async function getTaskById(ctx: ServiceContext, id: number): Promise<TaskDetail | null> {
  const { db, actor } = ctx;
  assertCan(actor, 'ledger.read');
  const [row] = await db
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
    .where(and(eq(tasks.id, id), inActorDistrict(tasks.districtId, actor)))
    .limit(1);
  if (!row) return null;
  const plan = await planById(db, actor, row.planId);
  if (!plan || (plan.status === 'draft' && !can(actor, 'plans.manage'))) return null;
  const u = (await unitsOfTasks(db, [row.id])).get(row.id) ?? { lead: [], participating: [] };
  const { sectionNumeral, sectionTitle, ...rest } = row;
  return {
    ...rest,
    label: taskLabel(plan, row.no),
    closedOn: row.closedAt ? shanghaiDate(row.closedAt) : null,
    section: { no: row.sectionNo, numeral: sectionNumeral, title: sectionTitle },
    plan,
    ...u,
  };
}
