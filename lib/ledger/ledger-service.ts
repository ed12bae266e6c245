import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDatabase } from '@/db/client';
import { plans, sections, taskUnits, tasks, units, type Plan, type TaskUnitRole } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { clampPage, pageCountOf, pageParamSchema, paginate, type Page } from '@/lib/pagination/pagination';

export type UnitRef = { id: number; name: string };
export type LedgerTask = {
  id: number;
  no: number;
  title: string;
  sectionNo: number;
  openEnded: boolean;
  lead: UnitRef[];
  participating: UnitRef[];
};
export type LedgerSection = { no: number; numeral: string; title: string; tasks: LedgerTask[] };
export type PlanSummary = Pick<Plan, 'id' | 'code' | 'title' | 'year' | 'issuedOn'>;

/** Filters of the ledger page, parsed from the query string (bad values are dropped, not errors). */
export const ledgerFilterSchema = z.object({
  section: z.coerce.number().int().min(1).max(99).optional().catch(undefined),
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

/** The plan shown by default: the newest year, then the latest import. */
export function currentPlan(db: AppDatabase): PlanSummary | null {
  return (
    db
      .select({ id: plans.id, code: plans.code, title: plans.title, year: plans.year, issuedOn: plans.issuedOn })
      .from(plans)
      .orderBy(desc(plans.year), desc(plans.id))
      .limit(1)
      .get() ?? null
  );
}

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

function selectTasks(db: AppDatabase, where: SQL | undefined): LedgerTask[] {
  const rows = db
    .select({
      id: tasks.id,
      no: tasks.no,
      title: tasks.title,
      openEnded: tasks.openEnded,
      sectionNo: sections.no,
    })
    .from(tasks)
    .innerJoin(sections, eq(sections.id, tasks.sectionId))
    .where(where)
    .orderBy(asc(tasks.no))
    .all();
  const unitMap = unitsOfTasks(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, lead: unitMap.get(r.id)?.lead ?? [], participating: unitMap.get(r.id)?.participating ?? [] }));
}

/** Tasks per ledger page: the district's whole plan (77) fits on one; larger plans are paged. */
export const LEDGER_PAGE_SIZE = 100;

export type Ledger = {
  plan: PlanSummary;
  /** The sections with tasks on this page, each with this page's tasks and its count over all pages. */
  sections: (LedgerSection & { matchedInSection: number })[];
  /** Every section of the plan (for the filter). */
  allSections: Omit<LedgerSection, 'tasks'>[];
  matched: number;
  total: number;
  page: Omit<Page<unknown>, 'items'>;
};

/**
 * 工作台账: the plan's tasks grouped by section, filtered, one page at a time. `keep` narrows
 * further by what the page computed (signals, report states); units are read for the page only.
 */
export function getLedger(
  db: AppDatabase,
  actor: Actor,
  filters: LedgerFilters,
  { keep, pageSize = LEDGER_PAGE_SIZE }: { keep?: (taskId: number) => boolean; pageSize?: number } = {},
): Ledger | null {
  assertCan(actor, 'ledger.read');
  const plan = currentPlan(db);
  if (!plan) return null;
  const conditions: SQL[] = [eq(tasks.planId, plan.id)];
  if (filters.section) conditions.push(eq(sections.no, filters.section));
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
  const taskColumns = { id: tasks.id, no: tasks.no, title: tasks.title, openEnded: tasks.openEnded, sectionNo: sections.no };
  const perSection = new Map<number, number>();
  let paged: Page<{ id: number; no: number; title: string; openEnded: boolean; sectionNo: number }>;
  if (keep) {
    // Narrowed by computed signals or states: filter every matching task, then page.
    const rows = db.select(taskColumns).from(tasks).innerJoin(sections, eq(sections.id, tasks.sectionId)).where(where).orderBy(asc(tasks.no)).all().filter((r) => keep(r.id));
    for (const r of rows) perSection.set(r.sectionNo, (perSection.get(r.sectionNo) ?? 0) + 1);
    paged = paginate(rows, filters.page, pageSize);
  } else {
    // Only the page's tasks are read; counts per section come from SQL.
    const counts = db
      .select({ sectionNo: sections.no, n: sql<number>`count(*)` })
      .from(tasks)
      .innerJoin(sections, eq(sections.id, tasks.sectionId))
      .where(where)
      .groupBy(sections.no)
      .all();
    for (const c of counts) perSection.set(c.sectionNo, c.n);
    const matchedCount = counts.reduce((a, c) => a + c.n, 0);
    const page = clampPage(filters.page, matchedCount, pageSize);
    const items = db
      .select(taskColumns)
      .from(tasks)
      .innerJoin(sections, eq(sections.id, tasks.sectionId))
      .where(where)
      .orderBy(asc(tasks.no))
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .all();
    paged = { items, page, pageCount: pageCountOf(matchedCount, pageSize), pageSize, total: matchedCount };
  }
  const unitMap = unitsOfTasks(
    db,
    paged.items.map((r) => r.id),
  );
  const pageTasks: LedgerTask[] = paged.items.map((r) => ({ ...r, lead: unitMap.get(r.id)?.lead ?? [], participating: unitMap.get(r.id)?.participating ?? [] }));
  const sectionRows = db
    .select({ no: sections.no, numeral: sections.numeral, title: sections.title })
    .from(sections)
    .where(eq(sections.planId, plan.id))
    .orderBy(asc(sections.no))
    .all();
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(tasks)
      .where(eq(tasks.planId, plan.id))
      .get()?.n ?? 0;
  const { items: _items, ...page } = paged;
  return {
    plan,
    sections: sectionRows
      .map((s) => ({ ...s, tasks: pageTasks.filter((t) => t.sectionNo === s.no), matchedInSection: perSection.get(s.no) ?? 0 }))
      .filter((s) => s.tasks.length > 0),
    allSections: sectionRows,
    matched: paged.total,
    total,
    page,
  };
}

/** Sections of the current plan, for the filter drop-down. */
export function listSections(db: AppDatabase, actor: Actor, planId: number): Omit<LedgerSection, 'tasks'>[] {
  assertCan(actor, 'ledger.read');
  return db
    .select({ no: sections.no, numeral: sections.numeral, title: sections.title })
    .from(sections)
    .where(eq(sections.planId, planId))
    .orderBy(asc(sections.no))
    .all();
}

export type TaskDetail = LedgerTask & {
  text: string;
  section: { no: number; numeral: string; title: string };
  plan: PlanSummary;
};

/** One task with its full text (任务详情). */
export function getTaskByNo(db: AppDatabase, actor: Actor, no: number): TaskDetail | null {
  assertCan(actor, 'ledger.read');
  const plan = currentPlan(db);
  if (!plan) return null;
  const row = db
    .select({
      id: tasks.id,
      no: tasks.no,
      title: tasks.title,
      text: tasks.text,
      openEnded: tasks.openEnded,
      sectionNo: sections.no,
      sectionNumeral: sections.numeral,
      sectionTitle: sections.title,
    })
    .from(tasks)
    .innerJoin(sections, eq(sections.id, tasks.sectionId))
    .where(and(eq(tasks.planId, plan.id), eq(tasks.no, no)))
    .get();
  if (!row) return null;
  const u = unitsOfTasks(db, [row.id]).get(row.id) ?? { lead: [], participating: [] };
  return {
    id: row.id,
    no: row.no,
    title: row.title,
    text: row.text,
    openEnded: row.openEnded,
    sectionNo: row.sectionNo,
    section: { no: row.sectionNo, numeral: row.sectionNumeral, title: row.sectionTitle },
    plan,
    ...u,
  };
}

/** 本单位任务: tasks the actor's own unit leads and joins. The unit comes from the session, never from input. */
export function getMyTasks(
  db: AppDatabase,
  actor: Actor,
): { plan: PlanSummary | null; unit: UnitRef; leading: LedgerTask[]; joining: LedgerTask[] } {
  assertCan(actor, 'myTasks.read');
  const unit: UnitRef = { id: actor.unitId as number, name: actor.unitName ?? '' };
  const plan = currentPlan(db);
  if (!plan) return { plan, unit, leading: [], joining: [] };
  const inPlan = eq(tasks.planId, plan.id);
  return {
    plan,
    unit,
    leading: selectTasks(db, and(inPlan, taskHasUnit(unit.id, 'lead'))),
    joining: selectTasks(db, and(inPlan, taskHasUnit(unit.id, 'participating'))),
  };
}
