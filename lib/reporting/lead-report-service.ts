import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { indicators, reportIndicatorValues, reports } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader, type Tx } from '@/lib/db';
import { fail, ok, type Failure, type Result } from '@/lib/result';
import { userName } from './report-editor';
import { isReportEditable, nextReportState, type ReportState } from './report-state';
import type { ReportDraftInput, saveReportSchema } from './schemas';
import { needsSignOff, SIGN_OFF_REFUSAL } from './month-submit';
import { snapshot } from './submission-snapshot';
import { reportOfUnit, savedBy, writingUnit } from './task-access';

/** What the form sends, parsed: the report and `intent` ('save' a draft or 'submit' it). */
export type SaveReportInput = z.output<typeof saveReportSchema>;

/** What the other editor saved, shown beside the form after a conflict. */
export type ConflictInfo = {
  version: number;
  updatedAt: Date;
  updatedByName: string;
  fields: Record<string, string | number | null>;
};

/** A save or submission that went through: the row, its new version and state. */
export type SaveResult = Result<{ id: number; version: number; status: string; message: string }>;

async function reportConflict(db: Reader, reportId: number): Promise<ConflictInfo | undefined> {
  const [current] = await db.select().from(reports).where(eq(reports.id, reportId)).limit(1);
  if (!current) return undefined;
  const values = await db
    .select({ indicatorId: reportIndicatorValues.indicatorId, value: reportIndicatorValues.value, name: indicators.name })
    .from(reportIndicatorValues)
    .innerJoin(indicators, eq(indicators.id, reportIndicatorValues.indicatorId))
    .where(eq(reportIndicatorValues.reportId, reportId));
  return {
    version: current.version,
    updatedAt: current.updatedAt,
    updatedByName: await userName(db, current.updatedBy),
    fields: {
      progress: current.progress,
      percentDone: current.percentDone,
      problems: current.problems,
      nextSteps: current.nextSteps,
      ...Object.fromEntries(values.map((v) => [`indicator:${v.name}`, v.value])),
    },
  };
}

async function writeIndicatorValues(tx: Tx, reportId: number, taskId: number, values: ReportDraftInput['indicatorValues']): Promise<void> {
  const confirmed = await tx
    .select({ id: indicators.id })
    .from(indicators)
    .where(and(eq(indicators.taskId, taskId), eq(indicators.status, 'confirmed')));
  const allowed = new Set(confirmed.map((r) => r.id));
  await tx.delete(reportIndicatorValues).where(eq(reportIndicatorValues.reportId, reportId));
  for (const v of values) {
    // Ids of other tasks' indicators are ignored, not stored.
    if (v.value === null || !allowed.has(v.indicatorId)) continue;
    await tx.insert(reportIndicatorValues).values({ reportId, indicatorId: v.indicatorId, value: v.value });
  }
}

/**
 * Saves (intent 'save') or submits ('submit') the actor's unit's report. The unit comes from the
 * session; the row is matched by task, period, unit and the version the form started from, so a
 * second editor gets a conflict with the other's version instead of overwriting it.
 */
export async function saveReport(ctx: ServiceContext, input: SaveReportInput): Promise<SaveResult> {
  const { actor, now, meta } = ctx;
  assertCan(actor, 'reports.write');
  const intent = input.intent;
  const unitId = await writingUnit(ctx, input, 'lead', '只有该任务的牵头单位可以填报月度进展');

  return transaction(ctx.db, async (tx): Promise<SaveResult> => {
    const existing = await reportOfUnit(tx, input.taskId, input.periodId, unitId);
    const from: ReportState = existing?.status ?? 'none';
    const to = nextReportState(from, intent);
    // Refusals come before any write: a returned Failure commits nothing.
    if (!to || !isReportEditable(from)) {
      return fail(`该报告${from === 'approved' ? '已通过审核' : '已报送'}，不能再修改`);
    }
    // 负责人审阅: where the unit asks for it, its staff submit from the month page, after the head signed.
    if (intent === 'submit' && (await needsSignOff(tx, actor, unitId))) return fail(SIGN_OFF_REFUSAL);
    const fields = {
      progress: input.progress,
      percentDone: input.percentDone,
      problems: input.problems,
      nextSteps: input.nextSteps,
      ...savedBy(ctx, to, intent),
    };
    let reportId: number;
    let version: number;
    if (!existing) {
      if (input.version !== 0) return fail('该报告已被删除或不存在，请刷新页面');
      const [row] = await tx
        .insert(reports)
        .values({ taskId: input.taskId, periodId: input.periodId, unitId, version: 1, ...fields })
        .returning({ id: reports.id });
      reportId = row!.id;
      version = 1;
    } else {
      const updated = await tx
        .update(reports)
        .set({ ...fields, version: sql`${reports.version} + 1` })
        .where(and(eq(reports.id, existing.id), eq(reports.unitId, unitId), eq(reports.version, input.version)))
        .returning({ id: reports.id });
      if (updated.length === 0) {
        // Nothing was written: the other editor's version is what the form shows next.
        const conflict: Failure = {
          ok: false,
          error: '保存冲突：本单位其他人员已修改了这份报告。请核对对方的版本，再决定保留哪些内容后重新保存。',
          conflict: await reportConflict(tx, existing.id),
        };
        return conflict;
      }
      reportId = existing.id;
      version = existing.version + 1;
    }
    await writeIndicatorValues(tx, reportId, input.taskId, input.indicatorValues);
    if (intent === 'submit') await snapshot(tx, 'report', reportId, 'submitted', null, actor.userId, now);
    await writeAudit(tx, actor, { action: `report.${intent}`, entityType: 'report', entityId: reportId, taskId: input.taskId, unitId, detail: { periodId: input.periodId, version } }, meta, now);
    return ok({
      id: reportId,
      version,
      status: to,
      message: intent === 'submit' ? '已报送，等待督查室审核' : '草稿已保存',
    });
  });
}
