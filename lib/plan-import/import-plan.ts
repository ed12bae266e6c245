import crypto from 'node:crypto';
import { and, eq, notInArray, sql } from 'drizzle-orm';
import { contributions, instructions, plans, reports, sections, supervisionNotices, taskFlags, taskUnits, tasks, unitAliases, units, type PlanCadence, type PlanStatus } from '@/db/schema';
import { BUILTIN_UNIT_ALIASES, DISTRICT_EXTRA_UNITS, inferUnitKind, normalizeUnitName } from '@/lib/units/normalize-unit-name';
import { proposeIndicatorsForPlan } from '@/lib/indicators/indicator-service';
import { ensureDefaultPeriods } from '@/lib/reporting/period-service';
import { signedOnDay } from '@/lib/lifecycle/sign-for-rules';
import { loadAliasMap } from '@/lib/units/unit-service';
import { ensureDefaultUnitGroups, loadGroupPhrases } from '@/lib/units/unit-group-service';
import { transaction, type Db, type Reader, type Tx } from '@/lib/db';
import { documentFromText, documentToText, type NoticeDocument } from './document/document';
import { parseNotice } from './parse-notice';
import { looksLikeWorkReport, parseWorkReport } from './parse-work-report';
import { NoticeParseError, type ParsedPlan, type PlanKind } from './parsed-plan';

export { NoticeParseError };

export type ImportStatus = 'created' | 'updated' | 'unchanged';
export type ImportSummary = {
  status: ImportStatus;
  planId: number | null;
  code: string;
  title: string;
  year: number;
  sections: number;
  tasks: number;
  unitsCreated: string[];
};

/** What the office may set that the document does not say (or says wrongly). */
export type ImportOverrides = {
  year?: number;
  code?: string;
  title?: string;
  kind?: PlanKind;
  shortName?: string;
  cadence?: PlanCadence;
};

/** The parse found no year or title: the console asks for them, the CLI takes --year/--title. */
export class ImportNeedsInfoError extends NoticeParseError {
  constructor(readonly missing: ('year' | 'title')[]) {
    super(
      `未识别到${missing.map((m) => (m === 'year' ? '年度' : '标题')).join('和')}：请在预览中填写${missing.map((m) => (m === 'year' ? '年度' : '清单标题')).join('、')}（命令行用 ${missing.map((m) => `--${m}`).join(' ')}）。`,
    );
    this.name = 'ImportNeedsInfoError';
  }
}

/** What the importer will write: the parsed list plus the identity and settings it is stored under. */
export type ImportPlan = ParsedPlan & {
  planCode: string;
  planTitle: string;
  planYear: number;
  planKind: PlanKind;
  shortName: string;
  cadence: PlanCadence;
  /** The code was generated (the document has no 文号). */
  generatedCode: boolean;
};

/** Where an unknown unit name goes: an existing unit (the name becomes its alias), or a new unit. */
export type UnitMapping = Readonly<Record<string, { to: 'new' } | { to: 'unit'; unitId: number }>>;

/** Default 简称 of a list kind; how tasks of the list are named (重点任务 40). */
export const DEFAULT_SHORT_NAMES: Readonly<Record<PlanKind, string>> = {
  key_tasks: '重点任务',
  work_report: '工作报告',
  livelihood: '民生实事',
  meeting: '会议事项',
  leader_assigned: '领导交办',
};

/** Normalises line endings and trims, so the same document hashes the same however it was saved. */
export function sourceHashOf(text: string): string {
  return crypto.createHash('sha256').update(text.replace(/\r\n?/g, '\n').trim()).digest('hex');
}

/** A stable code for a list without 文号: the same title and year give the same code (re-imports stay idempotent). */
export function generatedCodeOf(title: string, year: number): string {
  return `无文号-${year}-${crypto.createHash('sha256').update(title).digest('hex').slice(0, 8)}`;
}

/**
 * Parses any document (or text): a government work report as written (prose, bold items) with the
 * work-report parser, anything else — notices, breakdown tables, even of a work report — with the
 * notice parser. When the first choice finds nothing and the office said it is a work report, the
 * other parser gets a try. Throws NoticeParseError when neither finds tasks.
 */
export async function parseDocument(db: Reader, districtId: number, input: string | NoticeDocument, kind?: PlanKind): Promise<ParsedPlan> {
  const doc = typeof input === 'string' ? documentFromText(input) : input;
  const aliases = await loadAliasMap(db, districtId);
  const prose = looksLikeWorkReport(documentToText(doc));
  const first = prose ? parseWorkReport : parseNotice;
  const second = prose ? parseNotice : parseWorkReport;
  try {
    return first(doc, { aliases });
  } catch (err) {
    if (!(err instanceof NoticeParseError) || (kind !== 'work_report' && !prose)) throw err;
    try {
      return second(doc, { aliases });
    } catch {
      throw err;
    }
  }
}

/** A list whose source names no unit at all (a work report) must be decomposed before it runs. */
export function startsAsDraft(plan: Pick<ParsedPlan, 'tasks'>): boolean {
  return plan.tasks.every((t) => t.lead.length === 0 && t.participating.length === 0 && t.groups.length === 0);
}

/** Parses a document into what will be imported. Throws NoticeParseError (ImportNeedsInfoError for a missing year or title). */
export async function prepareImport(db: Reader, districtId: number, input: string | NoticeDocument, overrides: ImportOverrides = {}): Promise<ImportPlan> {
  const parsed = await parseDocument(db, districtId, input, overrides.kind);
  // A notice without a title line is known by its 文号.
  const planTitle = overrides.title?.trim() || parsed.title || overrides.code?.trim() || parsed.code || null;
  const planYear = overrides.year ?? parsed.year ?? (parsed.issuedOn ? Number(parsed.issuedOn.slice(0, 4)) : null);
  const missing: ('year' | 'title')[] = [];
  if (!planYear) missing.push('year');
  if (!planTitle) missing.push('title');
  if (missing.length > 0 || !planTitle || !planYear) throw new ImportNeedsInfoError(missing);
  const planKind = overrides.kind ?? parsed.kind;
  const code = overrides.code?.trim() || parsed.code;
  return {
    ...parsed,
    planCode: code ?? generatedCodeOf(planTitle, planYear),
    generatedCode: !code,
    planTitle,
    planYear,
    planKind,
    shortName: overrides.shortName?.trim() || (await freeShortName(db, districtId, DEFAULT_SHORT_NAMES[planKind], planYear)),
    cadence: overrides.cadence ?? 'monthly',
  };
}

/**
 * A short name no other active list uses, so that tasks stay told apart (重点任务 40 vs 2024重点任务 40):
 * the kind's name, else with the year, else numbered.
 */
export async function freeShortName(db: Reader, districtId: number, base: string, year: number): Promise<string> {
  const rows = await db
    .select({ shortName: plans.shortName })
    .from(plans)
    .where(and(eq(plans.districtId, districtId), eq(plans.status, 'active')));
  const taken = new Set(rows.map((p) => p.shortName));
  if (!taken.has(base)) return base;
  if (!taken.has(`${year}${base}`)) return `${year}${base}`;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

/** Finds or creates every named unit; mapped names resolve to the chosen unit and become its aliases. */
async function ensureUnits(tx: Tx, districtId: number, names: string[], mapping: UnitMapping): Promise<{ ids: Map<string, number>; created: string[] }> {
  const ids = new Map<string, number>();
  const created: string[] = [];
  for (const name of names) {
    if (ids.has(name)) continue;
    const [existing] = await tx
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.districtId, districtId), eq(units.name, name)))
      .limit(1);
    if (existing) {
      ids.set(name, existing.id);
      continue;
    }
    const mapped = mapping[name];
    if (mapped?.to === 'unit') {
      const [target] = await tx
        .select({ id: units.id })
        .from(units)
        .where(and(eq(units.id, mapped.unitId), eq(units.districtId, districtId), eq(units.active, true)))
        .limit(1);
      if (!target) throw new NoticeParseError(`“${name}”要对应的单位不存在或已停用，请重新选择`);
      await tx.insert(unitAliases).values({ districtId, alias: name, unitId: target.id }).onConflictDoNothing();
      ids.set(name, target.id);
      continue;
    }
    const [row] = await tx.insert(units).values({ districtId, name, kind: inferUnitKind(name) }).returning({ id: units.id });
    ids.set(name, row!.id);
    created.push(name);
  }
  return { ids, created };
}

/** Stores the known other spellings of units that exist, so users see them and look-ups find them. */
async function ensureBuiltinAliases(tx: Tx, districtId: number): Promise<void> {
  for (const [alias, canonical] of Object.entries(BUILTIN_UNIT_ALIASES)) {
    const [unit] = await tx
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.districtId, districtId), eq(units.name, canonical)))
      .limit(1);
    if (!unit) continue;
    await tx.insert(unitAliases).values({ districtId, alias, unitId: unit.id }).onConflictDoNothing();
  }
}

/**
 * The towns, streets, parks and the supervision office the notice is addressed to: they own no
 * 2023 task but will in later plans, and staff of the office need a unit to belong to. Also the
 * default unit groups (各镇街, 区直各部门 …) that collective phrases of notices map to.
 */
export async function ensureDistrictUnits(db: Db | Tx, districtId: number): Promise<void> {
  await transaction(db, async (tx) => {
    for (const u of DISTRICT_EXTRA_UNITS) {
      await tx.insert(units).values({ districtId, name: u.name, kind: u.kind }).onConflictDoNothing();
    }
    await ensureBuiltinAliases(tx, districtId);
    await ensureDefaultUnitGroups(tx, districtId);
  });
}

/** A task's units after collective phrases are resolved: phrases of a kept group add its members as participating units. */
export function resolveGroups(
  task: Pick<ParsedPlan['tasks'][number], 'lead' | 'participating' | 'groups'>,
  groupPhrases: ReadonlyMap<string, { name: string; members: string[] }>,
): { participating: string[]; note: string[]; mapped: { phrase: string; group: string }[] } {
  const participating = [...task.participating];
  const note: string[] = [];
  const mapped: { phrase: string; group: string }[] = [];
  for (const phrase of task.groups) {
    const group = groupPhrases.get(normalizeUnitName(phrase));
    if (!group || group.members.length === 0) {
      note.push(phrase);
      continue;
    }
    mapped.push({ phrase, group: group.name });
    for (const m of group.members) if (!task.lead.includes(m) && !participating.includes(m)) participating.push(m);
  }
  return { participating, note, mapped };
}

/** Whether anything was recorded on a task: reports, parts, notices, instructions, flags. */
async function taskHasRecords(tx: Tx, taskId: number): Promise<boolean> {
  const tables = [reports.taskId, contributions.taskId, supervisionNotices.taskId, instructions.taskId, taskFlags.taskId] as const;
  for (const column of tables) {
    const found = await tx.select({ n: sql<number>`1` }).from(column.table).where(eq(column, taskId)).limit(1);
    if (found.length > 0) return true;
  }
  return false;
}

export type ImportOptions = {
  unitMapping?: UnitMapping;
  status?: PlanStatus;
  /** Today (YYYY-MM-DD): a list of an earlier year is history, imported archived (read-only), not into this year's loop. */
  today?: string;
};

/** The status a new list starts in: a list naming no unit is a draft (to decompose), a past year's list is archived, else active. */
export function initialStatus(plan: Pick<ImportPlan, 'planYear' | 'tasks'>, today?: string): PlanStatus {
  if (startsAsDraft(plan)) return 'draft';
  return today && plan.planYear < Number(today.slice(0, 4)) ? 'archived' : 'active';
}

/**
 * Writes a parsed list in one transaction. The list is identified by its 文号 (or generated code):
 * importing the same text again changes nothing; an edited text updates sections and tasks in
 * place (by number). A work report starts as a draft: the office assigns its units (分解) before
 * it enters the loop.
 */
export async function importPlan(db: Db | Tx, districtId: number, plan: ImportPlan, sourceText: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const sourceHash = sourceHashOf(sourceText);
  const base = {
    code: plan.planCode,
    title: plan.planTitle,
    year: plan.planYear,
    sections: plan.sections.length,
    tasks: plan.tasks.length,
  };
  return transaction(db, async (tx): Promise<ImportSummary> => {
    const [existing] = await tx
      .select()
      .from(plans)
      .where(and(eq(plans.districtId, districtId), eq(plans.code, plan.planCode)))
      .limit(1);
    if (existing && existing.sourceHash === sourceHash) {
      return { ...base, status: 'unchanged', planId: existing.id, unitsCreated: [] };
    }
    // The very same document under another code (a notice without 文号 whose title or year was typed
    // differently): it is already here, not a second list.
    const [sameSource] = existing
      ? []
      : await tx
          .select()
          .from(plans)
          .where(and(eq(plans.districtId, districtId), eq(plans.sourceHash, sourceHash)))
          .limit(1);
    if (sameSource) return { ...base, code: sameSource.code, title: sameSource.title, year: sameSource.year, status: 'unchanged', planId: sameSource.id, unitsCreated: [] };
    if (existing && existing.status === 'archived') throw new NoticeParseError('该清单已归档，不能再导入修改；如需修改请先在“任务清单”中恢复');
    const groupPhrases = await loadGroupPhrases(tx, districtId);
    const resolved = new Map(plan.tasks.map((t) => [t.no, resolveGroups(t, groupPhrases)]));
    const { ids: unitIds, created } = await ensureUnits(
      tx,
      districtId,
      plan.tasks.flatMap((t) => [...t.lead, ...(resolved.get(t.no)?.participating ?? t.participating)]),
      options.unitMapping ?? {},
    );
    await ensureBuiltinAliases(tx, districtId);

    let planId: number;
    if (existing) {
      planId = existing.id;
      await tx.update(plans).set({ title: plan.planTitle, year: plan.planYear, issuedOn: plan.issuedOn, sourceHash }).where(eq(plans.id, planId));
    } else {
      const [row] = await tx
        .insert(plans)
        .values({
          districtId,
          code: plan.planCode,
          title: plan.planTitle,
          shortName: plan.shortName,
          kind: plan.planKind,
          status: options.status ?? initialStatus(plan, options.today),
          cadence: plan.cadence,
          year: plan.planYear,
          issuedOn: plan.issuedOn,
          sourceHash,
        })
        .returning({ id: plans.id });
      planId = row!.id;
    }

    const sectionIds = new Map<number, number>();
    for (const s of plan.sections) {
      const [row] = await tx
        .insert(sections)
        .values({ planId, no: s.no, numeral: s.numeral, title: s.title })
        .onConflictDoUpdate({ target: [sections.planId, sections.no], set: { numeral: s.numeral, title: s.title } })
        .returning({ id: sections.id });
      sectionIds.set(s.no, row!.id);
    }

    const keptTaskIds: number[] = [];
    // 交办 (签收): the units of a list that enters the loop are assigned today and sign for their tasks.
    // Without a today (the first-start seed of a list already in use) they count as signed, as the
    // migration counted the lists of before; a draft's units are assigned when it is published.
    const listStatus = existing?.status ?? options.status ?? initialStatus(plan, options.today);
    const assignedOn = listStatus === 'draft' ? null : (options.today ?? plan.issuedOn ?? `${plan.planYear}-01-01`);
    const signedAt = assignedOn && (!options.today || listStatus === 'archived') ? signedOnDay(assignedOn) : null;
    for (const t of plan.tasks) {
      const sectionId = sectionIds.get(t.sectionNo);
      if (sectionId === undefined) throw new NoticeParseError(`任务 ${t.no} 所属的第 ${t.sectionNo} 部分不存在`);
      const groups = resolved.get(t.no) ?? { participating: t.participating, note: t.groups };
      const fields = {
        sectionId,
        title: t.title,
        text: t.text,
        openEnded: t.openEnded,
        leaders: t.leaders,
        deadline: t.deadline,
        deadlineText: t.deadlineText,
        headingPath: t.headingPath,
        groupNote: groups.note,
      };
      const [inserted] = await tx
        .insert(tasks)
        .values({ districtId, planId, no: t.no, ...fields })
        .onConflictDoUpdate({ target: [tasks.planId, tasks.no], set: fields })
        .returning({ id: tasks.id });
      const taskId = inserted!.id;
      keptTaskIds.push(taskId);
      // A draft being decomposed keeps the units the office assigned; a notice's units come from the notice.
      const documentNamesUnits = t.lead.length + groups.participating.length > 0;
      if (existing && existing.status === 'draft' && !documentNamesUnits) continue;
      // An edited text keeps each unit's 交办 and 签收; a unit it adds is assigned now.
      const before = new Map(existing ? (await tx.select().from(taskUnits).where(eq(taskUnits.taskId, taskId))).map((r) => [r.unitId, r]) : []);
      await tx.delete(taskUnits).where(eq(taskUnits.taskId, taskId));
      const links = [
        ...t.lead.map((name, i) => ({ name, role: 'lead' as const, position: i })),
        ...groups.participating.map((name, i) => ({ name, role: 'participating' as const, position: i })),
      ];
      // Two names may be one unit (an alias mapped in the preview, a group's member): once, lead first.
      const linked = new Set<number>();
      for (const link of links) {
        const unitId = unitIds.get(link.name);
        if (unitId === undefined || linked.has(unitId)) continue;
        linked.add(unitId);
        const kept = before.get(unitId);
        const sign = kept?.assignedOn ? { assignedOn: kept.assignedOn, signedAt: kept.signedAt, signedBy: kept.signedBy } : { assignedOn, signedAt };
        await tx.insert(taskUnits).values({ taskId, unitId, role: link.role, position: link.position, ...sign }).onConflictDoNothing();
      }
    }
    // A draft gets its calendar when it is published (from that month on), not from the document's date.
    const status = listStatus;
    if (status !== 'draft') await ensureDefaultPeriods(tx, { id: planId, year: plan.planYear, issuedOn: plan.issuedOn, cadence: existing?.cadence ?? plan.cadence });
    // A new list starts with the extractor's proposals, for the office to confirm, edit or remove.
    if (!existing) await proposeIndicatorsForPlan(tx, planId);
    if (existing) {
      // Tasks and sections that the edited document no longer has — never a task work was recorded on.
      const removed = await tx
        .select({ id: tasks.id, no: tasks.no })
        .from(tasks)
        .where(and(eq(tasks.planId, planId), notInArray(tasks.id, keptTaskIds)));
      const used: number[] = [];
      for (const t of removed) if (await taskHasRecords(tx, t.id)) used.push(t.no);
      if (used.length > 0) {
        throw new NoticeParseError(`新文本删去了任务 ${used.join('、')}，而这些任务已有填报、督办、批示或亮灯记录，不能通过重新导入删除。请核对文本。`);
      }
      await tx.delete(tasks).where(and(eq(tasks.planId, planId), notInArray(tasks.id, keptTaskIds)));
      await tx.delete(sections).where(and(eq(sections.planId, planId), notInArray(sections.id, [...sectionIds.values()])));
    }
    return { ...base, status: existing ? 'updated' : 'created', planId, unitsCreated: created };
  });
}

/** Parse + import in one call: the CLI, the first-start seed and the admin console all use this path. */
export async function importNoticeText(
  db: Db | Tx,
  districtId: number,
  input: string | NoticeDocument,
  overrides: ImportOverrides = {},
  options: ImportOptions = {},
): Promise<{ plan: ImportPlan; summary: ImportSummary }> {
  const plan = await prepareImport(db, districtId, input, overrides);
  const text = typeof input === 'string' ? input : documentToText(input);
  return { plan, summary: await importPlan(db, districtId, plan, text, options) };
}
