import crypto from 'node:crypto';
import { and, eq, notInArray } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { plans, sections, taskUnits, tasks, unitAliases, units } from '@/db/schema';
import { BUILTIN_UNIT_ALIASES, DISTRICT_EXTRA_UNITS, inferUnitKind } from '@/lib/units/normalize-unit-name';
import { proposeIndicatorsForPlan } from '@/lib/indicators/indicator-service';
import { ensureDefaultPeriods } from '@/lib/reporting/period-service';
import { loadAliasMap } from '@/lib/units/unit-service';
import { NoticeParseError, parseNotice, type ParsedPlan } from './parse-notice';

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

/** What the importer will write: the parsed notice plus the identity it is stored under. */
export type ImportPlan = ParsedPlan & { planCode: string; planTitle: string; planYear: number };

type Tx = Parameters<Parameters<AppDatabase['transaction']>[0]>[0];

/** Parses notice text into what will be imported. Throws NoticeParseError when nothing usable is found. */
export function prepareImport(db: AppDatabase, text: string): ImportPlan {
  const parsed = parseNotice(text, { aliases: loadAliasMap(db) });
  const planTitle = parsed.title ?? parsed.code;
  if (!planTitle) {
    throw new NoticeParseError('未识别到通知的文号或标题：请保留通知开头的文号（如“临东政办字〔2023〕19号”）或标题行。');
  }
  const planYear = parsed.year ?? Number((parsed.issuedOn ?? '').slice(0, 4));
  if (!planYear) throw new NoticeParseError('未识别到年度：请确认文号或标题中包含年份（如“2023年”）。');
  return { ...parsed, planCode: parsed.code ?? planTitle, planTitle, planYear };
}

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text.replace(/\r\n?/g, '\n').trim()).digest('hex');
}

/** Finds or creates every named unit. */
function ensureUnits(tx: Tx, names: string[]): { ids: Map<string, number>; created: string[] } {
  const ids = new Map<string, number>();
  const created: string[] = [];
  for (const name of names) {
    if (ids.has(name)) continue;
    const existing = tx.select({ id: units.id }).from(units).where(eq(units.name, name)).get();
    if (existing) {
      ids.set(name, existing.id);
      continue;
    }
    const row = tx.insert(units).values({ name, kind: inferUnitKind(name) }).returning({ id: units.id }).get();
    ids.set(name, row.id);
    created.push(name);
  }
  return { ids, created };
}

/** Stores the known other spellings of units that exist, so users see them and look-ups find them. */
function ensureBuiltinAliases(tx: Tx): void {
  for (const [alias, canonical] of Object.entries(BUILTIN_UNIT_ALIASES)) {
    const unit = tx.select({ id: units.id }).from(units).where(eq(units.name, canonical)).get();
    if (!unit) continue;
    tx.insert(unitAliases).values({ alias, unitId: unit.id }).onConflictDoNothing().run();
  }
}

/**
 * The towns, streets, parks and the supervision office the notice is addressed to: they own no
 * 2023 task but will in later plans, and staff of the office need a unit to belong to.
 */
export function ensureDistrictUnits(db: AppDatabase): void {
  db.transaction(
    (tx) => {
      for (const u of DISTRICT_EXTRA_UNITS) {
        tx.insert(units).values({ name: u.name, kind: u.kind }).onConflictDoNothing().run();
      }
      ensureBuiltinAliases(tx);
    },
    { behavior: 'immediate' },
  );
}

/**
 * Writes a parsed notice in one transaction. The plan is identified by its 文号: importing the same
 * text again changes nothing; an edited text updates sections and tasks in place (by number).
 */
export function importPlan(db: AppDatabase, plan: ImportPlan, sourceText: string): ImportSummary {
  const sourceHash = sha256(sourceText);
  const base = {
    code: plan.planCode,
    title: plan.planTitle,
    year: plan.planYear,
    sections: plan.sections.length,
    tasks: plan.tasks.length,
  };
  return db.transaction(
    (tx): ImportSummary => {
      const existing = tx.select().from(plans).where(eq(plans.code, plan.planCode)).get();
      if (existing && existing.sourceHash === sourceHash) {
        return { ...base, status: 'unchanged', planId: existing.id, unitsCreated: [] };
      }
      const { ids: unitIds, created } = ensureUnits(
        tx,
        plan.tasks.flatMap((t) => [...t.lead, ...t.participating]),
      );
      ensureBuiltinAliases(tx);

      let planId: number;
      if (existing) {
        planId = existing.id;
        tx.update(plans)
          .set({ title: plan.planTitle, year: plan.planYear, issuedOn: plan.issuedOn, sourceHash })
          .where(eq(plans.id, planId))
          .run();
      } else {
        planId = tx
          .insert(plans)
          .values({ code: plan.planCode, title: plan.planTitle, year: plan.planYear, issuedOn: plan.issuedOn, sourceHash })
          .returning({ id: plans.id })
          .get().id;
      }

      const sectionIds = new Map<number, number>();
      for (const s of plan.sections) {
        const row = tx
          .insert(sections)
          .values({ planId, no: s.no, numeral: s.numeral, title: s.title })
          .onConflictDoUpdate({ target: [sections.planId, sections.no], set: { numeral: s.numeral, title: s.title } })
          .returning({ id: sections.id })
          .get();
        sectionIds.set(s.no, row.id);
      }

      const keptTaskIds: number[] = [];
      for (const t of plan.tasks) {
        const sectionId = sectionIds.get(t.sectionNo);
        if (sectionId === undefined) throw new Error(`任务 ${t.no} 所属的第 ${t.sectionNo} 部分不存在`);
        const row = tx
          .insert(tasks)
          .values({ planId, sectionId, no: t.no, title: t.title, text: t.text, openEnded: t.openEnded })
          .onConflictDoUpdate({
            target: [tasks.planId, tasks.no],
            set: { sectionId, title: t.title, text: t.text, openEnded: t.openEnded },
          })
          .returning({ id: tasks.id })
          .get();
        keptTaskIds.push(row.id);
        tx.delete(taskUnits).where(eq(taskUnits.taskId, row.id)).run();
        const links = [
          ...t.lead.map((name, i) => ({ name, role: 'lead' as const, position: i })),
          ...t.participating.map((name, i) => ({ name, role: 'participating' as const, position: i })),
        ];
        for (const link of links) {
          const unitId = unitIds.get(link.name);
          if (unitId === undefined) continue;
          tx.insert(taskUnits)
            .values({ taskId: row.id, unitId, role: link.role, position: link.position })
            .onConflictDoNothing()
            .run();
        }
      }
      ensureDefaultPeriods(tx, { id: planId, year: plan.planYear, issuedOn: plan.issuedOn });
      // A new plan starts with the extractor's proposals, for the office to confirm, edit or remove.
      if (!existing) proposeIndicatorsForPlan(tx, planId);
      if (existing) {
        // Tasks and sections that the edited notice no longer has.
        tx.delete(tasks)
          .where(and(eq(tasks.planId, planId), notInArray(tasks.id, keptTaskIds)))
          .run();
        tx.delete(sections)
          .where(and(eq(sections.planId, planId), notInArray(sections.id, [...sectionIds.values()])))
          .run();
      }
      return { ...base, status: existing ? 'updated' : 'created', planId, unitsCreated: created };
    },
    { behavior: 'immediate' },
  );
}

/** Parse + import in one call: the CLI, the first-start seed and the admin console all use this path. */
export function importNoticeText(db: AppDatabase, text: string): { plan: ImportPlan; summary: ImportSummary } {
  const plan = prepareImport(db, text);
  return { plan, summary: importPlan(db, plan, text) };
}
