import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { contributions } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { transaction } from '@/lib/db';
import { fail, ok, type Failure } from '@/lib/result';
import type { ConflictInfo, SaveResult } from './lead-report-service';
import { userName } from './report-editor';
import { isReportEditable, nextContributionState, type ContributionState } from './report-state';
import type { saveContributionSchema } from './schemas';
import { needsSignOff, SIGN_OFF_REFUSAL } from './month-submit';
import { snapshot } from './submission-snapshot';
import { contributionOfUnit, savedBy, writingUnit } from './task-access';

/** What the part form sends, parsed: the part and `intent` ('save' a draft or 'submit' it to the lead unit). */
export type SaveContributionInput = z.output<typeof saveContributionSchema>;

/** Saves or sends the actor's unit's part (协办反馈) of a task for a period, with the same version check as a report. */
export async function saveContribution(ctx: ServiceContext, input: SaveContributionInput): Promise<SaveResult> {
  const { actor, now, meta } = ctx;
  assertCan(actor, 'contributions.write');
  const intent = input.intent;
  const unitId = await writingUnit(ctx, input, 'participating', '只有该任务的参与单位可以报送协办情况');

  return transaction(ctx.db, async (tx): Promise<SaveResult> => {
    const existing = await contributionOfUnit(tx, input.taskId, input.periodId, unitId);
    const from: ContributionState = existing?.status ?? 'none';
    const to = nextContributionState(from, intent);
    // Refusals come before any write: a returned Failure commits nothing.
    if (!to || !isReportEditable(from)) return fail('本单位的协办情况已报送，不能再修改');
    // 负责人审阅: where the unit asks for it, its staff submit from the month page, after the head signed.
    if (intent === 'submit' && (await needsSignOff(tx, actor, unitId))) return fail(SIGN_OFF_REFUSAL);
    const fields = { content: input.content, ...savedBy(ctx, to, intent) };
    const message = intent === 'submit' ? '已报送给牵头单位' : '草稿已保存';
    if (!existing) {
      if (input.version !== 0) return fail('该协办情况不存在，请刷新页面');
      const [row] = await tx
        .insert(contributions)
        .values({ taskId: input.taskId, periodId: input.periodId, unitId, version: 1, ...fields })
        .returning({ id: contributions.id });
      const id = row!.id;
      if (intent === 'submit') await snapshot(tx, 'contribution', id, 'submitted', null, actor.userId, now);
      await writeAudit(tx, actor, { action: `contribution.${intent}`, entityType: 'contribution', entityId: id, taskId: input.taskId, unitId, detail: { periodId: input.periodId } }, meta, now);
      return ok({ id, version: 1, status: to, message });
    }
    const updated = await tx
      .update(contributions)
      .set({ ...fields, version: sql`${contributions.version} + 1` })
      .where(and(eq(contributions.id, existing.id), eq(contributions.unitId, unitId), eq(contributions.version, input.version)))
      .returning({ id: contributions.id });
    if (updated.length === 0) {
      // Nothing was written: the other editor's version is what the form shows next.
      const [current] = await tx.select().from(contributions).where(eq(contributions.id, existing.id)).limit(1);
      const conflict: ConflictInfo = {
        version: current!.version,
        updatedAt: current!.updatedAt,
        updatedByName: await userName(tx, current!.updatedBy),
        fields: { content: current!.content },
      };
      const refused: Failure = { ok: false, error: '保存冲突：本单位其他人员已修改了协办情况。请核对对方的版本后重新保存。', conflict };
      return refused;
    }
    if (intent === 'submit') await snapshot(tx, 'contribution', existing.id, 'submitted', null, actor.userId, now);
    await writeAudit(tx, actor, { action: `contribution.${intent}`, entityType: 'contribution', entityId: existing.id, taskId: input.taskId, unitId, detail: { periodId: input.periodId } }, meta, now);
    return ok({ id: existing.id, version: existing.version + 1, status: to, message });
  });
}
