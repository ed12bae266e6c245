import crypto from 'node:crypto';
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { contributions, plans, reports, supervisionNotices, tasks, units } from '@/db/schema';
import { writeAudit, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { extractIndicators, type ProposedIndicator } from '@/lib/indicators/extract-indicators';
import { currentPlan } from '@/lib/ledger/ledger-service';
import { importPlan, NoticeParseError, prepareImport, type ImportPlan, type ImportSummary } from '@/lib/plan-import/import-plan';
import type { ParseWarning } from '@/lib/plan-import/parse-notice';
import { invalid, refuseField, type AdminResult } from './result';
import { planImportSchema, planTextSchema } from './schemas';

export type AdminPlanRow = { id: number; code: string; title: string; year: number; issuedOn: string | null; taskCount: number; importedAt: Date; current: boolean };

/** 已导入的年度任务清单, newest first; the first is the current plan. */
export function listPlans(db: AppDatabase, actor: Actor): AdminPlanRow[] {
  assertCan(actor, 'plans.import');
  const current = currentPlan(db);
  const taskCounts = new Map(
    db
      .select({ planId: tasks.planId, n: count() })
      .from(tasks)
      .groupBy(tasks.planId)
      .all()
      .map((r) => [r.planId, r.n]),
  );
  return db
    .select({ id: plans.id, code: plans.code, title: plans.title, year: plans.year, issuedOn: plans.issuedOn, importedAt: plans.createdAt })
    .from(plans)
    .orderBy(desc(plans.year), desc(plans.id))
    .all()
    .map((p) => ({ ...p, taskCount: taskCounts.get(p.id) ?? 0, current: p.id === current?.id }));
}

/** The identity of a previewed text: confirming must send the very text that was previewed. */
export function previewHashOf(text: string): string {
  return crypto.createHash('sha256').update(text.replace(/\r\n?/g, '\n')).digest('hex');
}

export type PlanPreview = {
  previewHash: string;
  code: string;
  title: string;
  year: number;
  issuedOn: string | null;
  /** What confirming will do with a notice whose 文号 is already imported. */
  existing: null | { id: number; status: 'unchanged' | 'update'; removedTaskNos: number[] };
  /** The plan that is current now, and whether this one will replace it everywhere. */
  currentPlan: { code: string; year: number } | null;
  becomesCurrent: boolean;
  sections: { no: number; numeral: string; title: string; taskCount: number; line: number }[];
  tasks: {
    no: number;
    sectionNo: number;
    title: string;
    text: string;
    lead: string[];
    participating: string[];
    openEnded: boolean;
    line: number;
    indicators: Pick<ProposedIndicator, 'name' | 'target' | 'targetMax' | 'unit' | 'comparator' | 'sourcePhrase'>[];
  }[];
  units: { existing: { name: string; active: boolean }[]; created: string[] };
  indicatorCount: number;
  warnings: ParseWarning[];
};

type Prepared = { ok: true; plan: ImportPlan } | { ok: false; error: string; fieldErrors: Partial<Record<string, string[]>> };

function prepare(db: AppDatabase, text: string): Prepared {
  try {
    return { ok: true, plan: prepareImport(db, text) };
  } catch (err) {
    if (err instanceof NoticeParseError) {
      return { ok: false, error: `无法导入：${err.message}（未写入任何数据）`, fieldErrors: { text: [err.message] } };
    }
    throw err;
  }
}

function existingPlan(db: Pick<AppDatabase, 'select'>, code: string) {
  return db.select({ id: plans.id, sourceHash: plans.sourceHash }).from(plans).where(eq(plans.code, code)).get() ?? null;
}

/** Same normalisation as the importer's source hash, so "unchanged" here means unchanged there. */
function importerHash(text: string): string {
  return crypto.createHash('sha256').update(text.replace(/\r\n?/g, '\n').trim()).digest('hex');
}

/** Task numbers an edited re-import would delete. */
function removedTaskNos(db: Pick<AppDatabase, 'select'>, planId: number, plan: ImportPlan): number[] {
  const keep = new Set(plan.tasks.map((t) => t.no));
  return db
    .select({ no: tasks.no })
    .from(tasks)
    .where(eq(tasks.planId, planId))
    .orderBy(asc(tasks.no))
    .all()
    .map((t) => t.no)
    .filter((no) => !keep.has(no));
}

/** 预览: parses the notice and shows what importing it would write. Writes nothing. */
export function previewPlanImport(db: AppDatabase, actor: Actor, raw: unknown): AdminResult<PlanPreview> {
  assertCan(actor, 'plans.import');
  const parsed = planTextSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { text } = parsed.data;
  const prepared = prepare(db, text);
  if (!prepared.ok) return prepared;
  const plan = prepared.plan;

  const existingRow = existingPlan(db, plan.planCode);
  const existing = existingRow
    ? {
        id: existingRow.id,
        status: existingRow.sourceHash === importerHash(text) ? ('unchanged' as const) : ('update' as const),
        removedTaskNos: removedTaskNos(db, existingRow.id, plan),
      }
    : null;
  const current = currentPlan(db);
  // Plans are ordered by year, then by id: a new plan of the same year or later becomes current.
  const becomesCurrent = existing ? current?.id === existing.id : !current || plan.planYear >= current.year;

  const names = [...new Set(plan.tasks.flatMap((t) => [...t.lead, ...t.participating]))];
  const known = new Map(
    (names.length ? db.select({ name: units.name, active: units.active }).from(units).where(inArray(units.name, names)).all() : []).map((u) => [u.name, u.active]),
  );
  // A re-import keeps the indicators already there; only a new plan gets the extractor's proposals.
  const withIndicators = existing === null;
  const taskRows = plan.tasks.map((t) => ({
    no: t.no,
    sectionNo: t.sectionNo,
    title: t.title,
    text: t.text,
    lead: t.lead,
    participating: t.participating,
    openEnded: t.openEnded,
    line: t.line,
    indicators: withIndicators
      ? extractIndicators(t.text).map((i) => ({ name: i.name, target: i.target, targetMax: i.targetMax, unit: i.unit, comparator: i.comparator, sourcePhrase: i.sourcePhrase }))
      : [],
  }));
  return {
    ok: true,
    data: {
      previewHash: previewHashOf(text),
      code: plan.planCode,
      title: plan.planTitle,
      year: plan.planYear,
      issuedOn: plan.issuedOn,
      existing,
      currentPlan: current ? { code: current.code, year: current.year } : null,
      becomesCurrent,
      sections: plan.sections.map((s) => ({ no: s.no, numeral: s.numeral, title: s.title, line: s.line, taskCount: plan.tasks.filter((t) => t.sectionNo === s.no).length })),
      tasks: taskRows,
      units: {
        existing: names.filter((n) => known.has(n)).map((name) => ({ name, active: known.get(name)! })),
        created: names.filter((n) => !known.has(n)),
      },
      indicatorCount: taskRows.reduce((n, t) => n + t.indicators.length, 0),
      warnings: plan.warnings,
    },
  };
}

/**
 * 确认导入: through `importPlan`, the one path of the seed and the CLI (one transaction; a new plan
 * gets its reporting periods and indicator proposals), with the audit line in the same transaction.
 */
export function importPlanFromConsole(db: AppDatabase, actor: Actor, raw: unknown, meta: RequestMeta, at: Date): AdminResult<ImportSummary> {
  assertCan(actor, 'plans.import');
  const parsed = planImportSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { text, previewHash } = parsed.data;
  if (previewHashOf(text) !== previewHash) return refuseField('text', '通知文本在预览后有改动，请重新预览后再确认导入');
  const prepared = prepare(db, text);
  if (!prepared.ok) return prepared;
  const plan = prepared.plan;

  const outcome = db.transaction(
    (tx): AdminResult<ImportSummary> => {
      const existing = existingPlan(tx, plan.planCode);
      if (existing && existing.sourceHash !== importerHash(text)) {
        // An edited re-import deletes the tasks the new text no longer has: never when work was recorded on them.
        const removed = removedTaskNos(tx, existing.id, plan);
        const removedIds = removed.length
          ? tx
              .select({ id: tasks.id })
              .from(tasks)
              .where(and(eq(tasks.planId, existing.id), inArray(tasks.no, removed)))
              .all()
              .map((t) => t.id)
          : [];
        if (removedIds.length) {
          const used =
            (tx.select({ n: count() }).from(reports).where(inArray(reports.taskId, removedIds)).get()?.n ?? 0) +
            (tx.select({ n: count() }).from(contributions).where(inArray(contributions.taskId, removedIds)).get()?.n ?? 0) +
            (tx.select({ n: count() }).from(supervisionNotices).where(inArray(supervisionNotices.taskId, removedIds)).get()?.n ?? 0);
          if (used > 0) {
            return refuseField('text', `新文本删去了任务 ${removed.join('、')}，而这些任务已有填报或督办记录，不能通过重新导入删除。请核对文本。`);
          }
        }
      }
      // importPlan opens its own transaction: nested here, it becomes a savepoint of this one.
      const result = importPlan(db, plan, text);
      if (result.status !== 'unchanged') {
        writeAudit(
          tx,
          actor,
          {
            action: 'plan.import',
            entityType: 'plan',
            entityId: result.planId,
            detail: { code: result.code, title: result.title, year: result.year, status: result.status, sections: result.sections, tasks: result.tasks, unitsCreated: result.unitsCreated, warnings: plan.warnings.length },
          },
          meta,
          at,
        );
      }
      return { ok: true, data: result };
    },
    { behavior: 'immediate' },
  );
  if (!outcome.ok || !outcome.data) return outcome;
  const summary = outcome.data;
  const verb = { created: '已导入', updated: '已更新', unchanged: '内容与已导入的版本相同，未作修改' }[summary.status];
  return {
    ok: true,
    data: summary,
    message:
      summary.status === 'unchanged'
        ? `${summary.code}：${verb}`
        : `${verb}《${summary.title}》（${summary.code}）：${summary.sections} 个部分，${summary.tasks} 项任务，新增单位 ${summary.unitsCreated.length} 个`,
  };
}

