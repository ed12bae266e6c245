import crypto from 'node:crypto';
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { plans, tasks, unitAliases, units, type PlanCadence, type PlanStatus } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader } from '@/lib/db';
import { inActorDistrict, ownDistrictId } from '@/lib/districts/district-scope';
import { extractIndicators, type ProposedIndicator } from '@/lib/indicators/extract-indicators';
import { documentFromText, documentToText, type NoticeDocument } from '@/lib/plan-import/document/document';
import {
  ImportNeedsInfoError,
  importPlan,
  NoticeParseError,
  prepareImport,
  resolveGroups,
  sourceHashOf,
  initialStatus,
  type ImportPlan,
  type ImportSummary,
} from '@/lib/plan-import/import-plan';
import type { ParsedTask, ParseWarning, PlanKind } from '@/lib/plan-import/parsed-plan';
import { activePlans, planShortName, planSummaryColumns } from '@/lib/plans/plan-scope';
import { fail, failField, ok, type Failure, type Result } from '@/lib/result';
import { closestUnits, type UnitCandidate } from '@/lib/units/closest-units';
import { loadGroupPhrases } from '@/lib/units/unit-group-service';
import type { PlanImportInput, PlanImportOptions, PlanPreviewInput } from './schemas';

export type AdminPlanRow = {
  id: number;
  code: string;
  title: string;
  shortName: string;
  kind: PlanKind;
  status: PlanStatus;
  cadence: PlanCadence;
  year: number;
  issuedOn: string | null;
  taskCount: number;
  importedAt: Date;
};

/** 任务清单: every list of the district, active ones first, newest year first. */
export async function listPlans(ctx: ServiceContext): Promise<AdminPlanRow[]> {
  assertCan(ctx.actor, 'plans.manage');
  const { db } = ctx;
  const counted = await db
    .select({ planId: tasks.planId, n: count() })
    .from(tasks)
    .where(inActorDistrict(tasks.districtId, ctx.actor))
    .groupBy(tasks.planId);
  const taskCounts = new Map(counted.map((r) => [r.planId, r.n]));
  const order: Record<PlanStatus, number> = { active: 0, draft: 1, archived: 2 };
  const rows = await db
    .select({ ...planSummaryColumns, importedAt: plans.createdAt })
    .from(plans)
    .where(inActorDistrict(plans.districtId, ctx.actor))
    .orderBy(desc(plans.year), asc(plans.id));
  return rows.map((p) => ({ ...p, taskCount: taskCounts.get(p.id) ?? 0 })).sort((a, b) => order[a.status] - order[b.status]);
}

/** The identity of a previewed document and options: confirming must send exactly what was previewed. */
export function previewHashOf(text: string, options: PlanImportOptions = {}): string {
  const keys = Object.keys(options).sort() as (keyof PlanImportOptions)[];
  const opts = keys.filter((k) => options[k] !== undefined).map((k) => `${k}=${String(options[k])}`);
  return crypto
    .createHash('sha256')
    .update(text.replace(/\r\n?/g, '\n'))
    .update(opts.length ? `\u0000${opts.join('\u0000')}` : '')
    .digest('hex');
}

export type PreviewTask = Pick<
  ParsedTask,
  'no' | 'sectionNo' | 'title' | 'text' | 'lead' | 'participating' | 'leaders' | 'deadline' | 'deadlineText' | 'headingPath' | 'openEnded' | 'line'
> & {
  /** Collective phrases that a unit group turns into units, and those kept as a note. */
  groupsMapped: { phrase: string; group: string }[];
  groupsNoted: string[];
  indicators: Pick<ProposedIndicator, 'name' | 'target' | 'targetMax' | 'unit' | 'comparator' | 'kind' | 'sourcePhrase'>[];
};

export type PlanPreview = {
  previewHash: string;
  code: string;
  generatedCode: boolean;
  title: string;
  year: number;
  kind: PlanKind;
  shortName: string;
  cadence: PlanCadence;
  issuedOn: string | null;
  /** The document as read (for a file: its format and the sheets of a workbook). */
  source: NoticeDocument['source'];
  /** What confirming will do with a list whose code is already imported. */
  existing: null | { id: number; status: 'unchanged' | 'update'; removedTaskNos: number[] };
  /** The lists already in the loop: the new one comes beside them. */
  activeLists: { id: number; label: string; title: string }[];
  /** A work report starts as a draft: the office assigns its units (分解) before publishing it. */
  startsAsDraft: boolean;
  /** A past year's list is history: imported archived (read-only), outside this year's loop. */
  startsArchived: boolean;
  sections: { no: number; numeral: string; title: string; taskCount: number; line: number }[];
  tasks: PreviewTask[];
  units: {
    existing: { name: string; active: boolean }[];
    /** Names the district does not know, each with the closest known units to map onto. */
    unknown: { name: string; candidates: UnitCandidate[] }[];
  };
  indicatorCount: number;
  warnings: ParseWarning[];
};

/** A refusal that asks for what the document did not say (年度、标题). */
export type PreviewRefusal = Failure & { needs?: ('year' | 'title')[] };

type Prepared = { ok: true; plan: ImportPlan } | PreviewRefusal;

async function prepare(db: Reader, districtId: number, doc: NoticeDocument, options: PlanImportOptions): Promise<Prepared> {
  try {
    return { ok: true, plan: await prepareImport(db, districtId, doc, options) };
  } catch (err) {
    if (err instanceof ImportNeedsInfoError) {
      return {
        ok: false,
        error: err.message,
        needs: err.missing,
        fieldErrors: Object.fromEntries(err.missing.map((m) => [m, [m === 'year' ? '请填写年度' : '请填写清单标题']])),
      };
    }
    if (err instanceof NoticeParseError) {
      return { ok: false, error: `无法导入：${err.message}（未写入任何数据）`, fieldErrors: { text: [err.message] } };
    }
    throw err;
  }
}

const existingColumns = { id: plans.id, sourceHash: plans.sourceHash, status: plans.status };

/** The district's list with this code (codes are unique per district: another district's list of the same notice is its own). */
async function existingPlan(db: Reader, districtId: number, code: string) {
  const [row] = await db
    .select(existingColumns)
    .from(plans)
    .where(and(eq(plans.districtId, districtId), eq(plans.code, code)))
    .limit(1);
  return row ?? null;
}

/** Task numbers an edited re-import would delete. */
async function removedTaskNos(db: Reader, planId: number, plan: ImportPlan): Promise<number[]> {
  const keep = new Set(plan.tasks.map((t) => t.no));
  const rows = await db.select({ no: tasks.no }).from(tasks).where(eq(tasks.planId, planId)).orderBy(asc(tasks.no));
  return rows.map((t) => t.no).filter((no) => !keep.has(no));
}

/** Every known unit of the district with its aliases, for the closest-unit suggestions. */
async function knownUnits(db: Reader, districtId: number) {
  const rows = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.active, true)));
  const aliases = await db.select({ unitId: unitAliases.unitId, alias: unitAliases.alias }).from(unitAliases).where(eq(unitAliases.districtId, districtId));
  return rows.map((u) => ({ ...u, aliases: aliases.filter((a) => a.unitId === u.id).map((a) => a.alias) }));
}

/**
 * Bad input of the preview and import requests (planPreviewSchema, planImportSchema), with each
 * field's message under its own name: the options are nested in the request, so the generic
 * flattening (which names only top-level fields) would put 年度 under "options".
 */
export function invalidPlanRequest(error: z.ZodError): PreviewRefusal {
  const fieldErrors: Partial<Record<string, string[]>> = {};
  for (const issue of error.issues) {
    const key = String(issue.path.at(-1) ?? 'text');
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = error.issues[0]?.message;
  return fail(first ? `请检查填写的内容：${first}` : '请检查填写的内容', fieldErrors);
}

/** The document a request names: an extracted file, or pasted text. */
function documentOf(text: string | undefined, document: NoticeDocument | undefined): NoticeDocument | null {
  if (document) return document;
  if (text !== undefined) return documentFromText(text);
  return null;
}

/**
 * 预览: parses the document and shows what importing it would write — sections, tasks, units known
 * and unknown (with the closest known ones), collective phrases, indicators, warnings. Writes nothing.
 * `document` is a file already extracted on the server; otherwise `input.text` is read as text.
 */
export async function previewPlanImport(ctx: ServiceContext, input: PlanPreviewInput, document?: NoticeDocument): Promise<Result<{ data: PlanPreview }> | PreviewRefusal> {
  assertCan(ctx.actor, 'plans.import');
  const { db, today } = ctx;
  // Read as the import will write: names resolve, and lists are matched, within the administrator's district.
  const districtId = ownDistrictId(ctx.actor);
  const doc = documentOf(input.text, document);
  if (!doc) return failField('text', '请粘贴通知全文，或选择文件');
  const options = input.options;
  const prepared = await prepare(db, districtId, doc, options);
  if (!prepared.ok) return prepared;
  const plan = prepared.plan;
  const text = documentToText(doc);

  // Known by its code, or (the same document under another typed title or year) by its content.
  const existingRow =
    (await existingPlan(db, districtId, plan.planCode)) ??
    (await db
      .select(existingColumns)
      .from(plans)
      .where(and(eq(plans.districtId, districtId), eq(plans.sourceHash, sourceHashOf(text))))
      .limit(1))[0] ??
    null;
  const existing = existingRow
    ? {
        id: existingRow.id,
        status: existingRow.sourceHash === sourceHashOf(text) ? ('unchanged' as const) : ('update' as const),
        removedTaskNos: await removedTaskNos(db, existingRow.id, plan),
      }
    : null;

  const groupPhrases = await loadGroupPhrases(db, districtId);
  const resolved = new Map(plan.tasks.map((t) => [t.no, resolveGroups(t, groupPhrases)]));
  const names = [...new Set(plan.tasks.flatMap((t) => [...t.lead, ...(resolved.get(t.no)?.participating ?? [])]))];
  const known = new Map(
    (names.length
      ? await db
          .select({ name: units.name, active: units.active })
          .from(units)
          .where(and(eq(units.districtId, districtId), inArray(units.name, names)))
      : []
    ).map((u) => [u.name, u.active]),
  );
  const unknownNames = names.filter((n) => !known.has(n));
  const candidatesFrom = unknownNames.length ? await knownUnits(db, districtId) : [];
  // A re-import keeps the indicators already there; only a new list gets the extractor's proposals.
  const withIndicators = existing === null;
  const taskRows: PreviewTask[] = plan.tasks.map((t) => {
    const g = resolved.get(t.no) ?? { participating: t.participating, note: t.groups, mapped: [] };
    return {
      no: t.no,
      sectionNo: t.sectionNo,
      title: t.title,
      text: t.text,
      lead: t.lead,
      participating: g.participating,
      leaders: t.leaders,
      deadline: t.deadline,
      deadlineText: t.deadlineText,
      headingPath: t.headingPath,
      openEnded: t.openEnded,
      groupsMapped: g.mapped,
      groupsNoted: g.note,
      line: t.line,
      indicators: withIndicators
        ? extractIndicators(t.text).map((i) => ({ name: i.name, target: i.target, targetMax: i.targetMax, unit: i.unit, comparator: i.comparator, kind: i.kind, sourcePhrase: i.sourcePhrase }))
        : [],
    };
  });
  const activeLists = (await activePlans(db, { kind: 'district', districtId })).map((p) => ({ id: p.id, label: planShortName(p), title: p.title }));
  return ok({
    data: {
      previewHash: previewHashOf(text, options),
      code: plan.planCode,
      generatedCode: plan.generatedCode,
      title: plan.planTitle,
      year: plan.planYear,
      kind: plan.planKind,
      shortName: plan.shortName,
      cadence: plan.cadence,
      issuedOn: plan.issuedOn,
      source: doc.source,
      existing,
      activeLists,
      startsAsDraft: !existing && initialStatus(plan, today) === 'draft',
      startsArchived: !existing && initialStatus(plan, today) === 'archived',
      sections: plan.sections.map((s) => ({ no: s.no, numeral: s.numeral, title: s.title, line: s.line, taskCount: plan.tasks.filter((t) => t.sectionNo === s.no).length })),
      tasks: taskRows,
      units: {
        existing: names.filter((n) => known.has(n)).map((name) => ({ name, active: known.get(name)! })),
        unknown: unknownNames.map((name) => ({ name, candidates: closestUnits(name, candidatesFrom) })),
      },
      indicatorCount: taskRows.reduce((n, t) => n + t.indicators.length, 0),
      warnings: plan.warnings,
    },
  });
}

/**
 * 确认导入: through `importPlan`, the one path of the seed and the CLI (one transaction; a new list
 * gets its reporting periods and indicator proposals), with the audit line in the same transaction.
 * Unknown units are mapped as the office chose in the preview.
 */
export async function importPlanFromConsole(ctx: ServiceContext, input: PlanImportInput, document?: NoticeDocument): Promise<Result<{ data: ImportSummary }> | PreviewRefusal> {
  assertCan(ctx.actor, 'plans.import');
  const { db, today } = ctx;
  // The list is imported into the administrator's district; units are resolved and mapped within it.
  const districtId = ownDistrictId(ctx.actor);
  const { previewHash, options, mapping } = input;
  const doc = documentOf(input.text, document);
  if (!doc) return failField('text', '请粘贴通知全文，或选择文件');
  const text = documentToText(doc);
  if (previewHashOf(text, options) !== previewHash) return failField('text', '通知内容或导入选项在预览后有改动，请重新预览后再确认导入');
  const prepared = await prepare(db, districtId, doc, options);
  if (!prepared.ok) return prepared;
  const plan = prepared.plan;
  // A unit of another district is as unknown as a missing one (importPlan checks again in its transaction).
  for (const target of Object.values(mapping)) {
    if (target.to !== 'unit') continue;
    const [unit] = await db
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.id, target.unitId), eq(units.districtId, districtId), eq(units.active, true)))
      .limit(1);
    if (!unit) return fail('要对应的单位不存在或已停用，请重新预览');
  }

  const outcome = await transaction(db, async (tx): Promise<Result<{ summary: ImportSummary }>> => {
    const existing = await existingPlan(tx, districtId, plan.planCode);
    if (existing?.status === 'archived') return fail('该清单已归档，不能再导入修改');
    // Given this transaction, importPlan runs in a savepoint of it.
    let result: ImportSummary;
    try {
      result = await importPlan(tx, districtId, plan, text, { unitMapping: mapping, today });
    } catch (err) {
      // Refusals of the importer (a removed task with records, an archived list, a stale mapping): its savepoint is rolled back.
      if (err instanceof NoticeParseError) return failField('text', err.message);
      throw err;
    }
    if (result.status !== 'unchanged') {
      await writeAudit(
        tx,
        ctx.actor,
        {
          action: 'plan.import',
          entityType: 'plan',
          entityId: result.planId,
          detail: {
            code: result.code,
            title: result.title,
            year: result.year,
            kind: plan.planKind,
            format: doc.source.format,
            fileName: doc.source.fileName ?? null,
            status: result.status,
            sections: result.sections,
            tasks: result.tasks,
            unitsCreated: result.unitsCreated,
            unitsMapped: Object.entries(mapping).filter(([, t]) => t.to === 'unit').length,
            warnings: plan.warnings.length,
          },
        },
        ctx.meta,
        ctx.now,
      );
    }
    return ok({ summary: result });
  });
  if (!outcome.ok) return outcome;
  const { summary } = outcome;
  const verb = { created: '已导入', updated: '已更新', unchanged: '内容与已导入的版本相同，未作修改' }[summary.status];
  const initial = initialStatus(plan, today);
  const draftNote =
    summary.status !== 'created' ? '' : initial === 'draft' ? '；请在“分解”页为每项任务指定责任单位后发布' : initial === 'archived' ? '；属于往年，已作为归档清单保存（只读）' : '';
  return ok({
    data: summary,
    message:
      summary.status === 'unchanged'
        ? `${summary.code}：${verb}`
        : `${verb}《${summary.title}》（${summary.code}）：${summary.sections} 个部分，${summary.tasks} 项任务，新增单位 ${summary.unitsCreated.length} 个${draftNote}`,
  });
}
