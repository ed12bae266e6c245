import { and, eq, inArray, sql } from 'drizzle-orm';
import { attachments, contributions, monthSignOffs, plans, reportingPeriods, reports, tasks, units } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { ownUnitId } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader, type Tx } from '@/lib/db';
import { ownDistrictId } from '@/lib/districts/district-scope';
import { ForbiddenError, RefusalError } from '@/lib/errors';
import { taskLabel } from '@/lib/plans/plan-scope';
import { fail, ok, type FieldErrors, type Result } from '@/lib/result';
import { missingForSubmit } from './missing-for-submit';
import { itemKey, missingText, signOffKey, type MonthItemKind } from './month-rules';
import type { MonthItemRef, SignOffMonthInput, SignOffSettingInput, SubmitMonthInput } from './month-schemas';
import { signOffOf } from './month-sheet';
import { isReportEditable } from './report-state';
import { snapshot } from './submission-snapshot';
import { writingUnit } from './task-access';

const ROLE_OF: Record<MonthItemKind, 'lead' | 'participating'> = { report: 'lead', contribution: 'participating' };
const REFUSAL_OF: Record<MonthItemKind, string> = {
  report: '只有该任务的牵头单位可以填报月度进展',
  contribution: '只有该任务的参与单位可以报送协办情况',
};

/** A saved row of the unit, as submitting and signing read it. */
type StoredRow = { id: number; status: string; version: number; content: { progress: string; percentDone: number | null; problems: string; nextSteps: string } | { content: string } };

async function storedRows(tx: Reader, unitId: number, items: readonly MonthItemRef[]): Promise<Map<string, StoredRow>> {
  const found = new Map<string, StoredRow>();
  const reportTasks = items.filter((i) => i.kind === 'report');
  const partTasks = items.filter((i) => i.kind === 'contribution');
  if (reportTasks.length) {
    const rows = await tx
      .select()
      .from(reports)
      .where(and(eq(reports.unitId, unitId), inArray(reports.taskId, reportTasks.map((i) => i.taskId)), inArray(reports.periodId, reportTasks.map((i) => i.periodId))));
    for (const r of rows) found.set(itemKey('report', r.taskId, r.periodId), { id: r.id, status: r.status, version: r.version, content: { progress: r.progress, percentDone: r.percentDone, problems: r.problems, nextSteps: r.nextSteps } });
  }
  if (partTasks.length) {
    const rows = await tx
      .select()
      .from(contributions)
      .where(and(eq(contributions.unitId, unitId), inArray(contributions.taskId, partTasks.map((i) => i.taskId)), inArray(contributions.periodId, partTasks.map((i) => i.periodId))));
    for (const c of rows) found.set(itemKey('contribution', c.taskId, c.periodId), { id: c.id, status: c.status, version: c.version, content: { content: c.content } });
  }
  return found;
}

/** The evidence on each row, by signOffKey: ids in order, so a sign-off can tell a file added or removed since. */
async function filesOfRows(tx: Reader, rows: readonly { kind: MonthItemKind; id: number }[]): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const kind of ['report', 'contribution'] as const) {
    const ids = rows.filter((r) => r.kind === kind).map((r) => r.id);
    if (ids.length === 0) continue;
    const found = await tx
      .select({ ownerId: attachments.ownerId, id: attachments.id })
      .from(attachments)
      .where(and(eq(attachments.ownerType, kind), inArray(attachments.ownerId, ids)));
    for (const id of ids) {
      files.set(
        signOffKey(kind, id),
        found
          .filter((f) => f.ownerId === id)
          .map((f) => f.id)
          .sort((a, b) => a - b)
          .join(','),
      );
    }
  }
  return files;
}

/** The label of each task named (任务 12, 工作报告 3 …), for the messages: the district's tasks only. */
async function labelsOf(db: Reader, districtId: number, taskIds: number[]): Promise<Map<number, string>> {
  const rows = await db
    .select({ id: tasks.id, no: tasks.no, shortName: plans.shortName, kind: plans.kind })
    .from(tasks)
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(tasks.districtId, districtId), inArray(tasks.id, taskIds)));
  return new Map(rows.map((r) => [r.id, taskLabel(r, r.no)]));
}

/** Each row's period must be of the month named (the sign-off and the page are per month). */
async function assertPeriodsOfMonth(db: Reader, items: readonly MonthItemRef[], month: string): Promise<void> {
  const ids = [...new Set(items.map((i) => i.periodId))];
  const rows = await db.select({ id: reportingPeriods.id, month: reportingPeriods.month }).from(reportingPeriods).where(inArray(reportingPeriods.id, ids));
  if (rows.length !== ids.length || rows.some((r) => r.month !== month)) throw new RefusalError('所选任务不属于该月份，请刷新页面');
}

/**
 * Checks every row named is the actor's unit's to write (its role on the task, the list active, the
 * period open, the task not closed): another unit's ids are refused before anything is read.
 */
async function assertWritable(ctx: ServiceContext, items: readonly MonthItemRef[]): Promise<number> {
  for (const kind of new Set(items.map((i) => i.kind))) assertCan(ctx.actor, kind === 'report' ? 'reports.write' : 'contributions.write');
  const unitId = ownUnitId(ctx.actor);
  const seen = new Set<string>();
  for (const item of items) {
    const key = itemKey(item.kind, item.taskId, item.periodId);
    if (seen.has(key)) throw new RefusalError('同一任务不能重复选择');
    seen.add(key);
    await writingUnit(ctx, item, ROLE_OF[item.kind], REFUSAL_OF[item.kind]);
  }
  return unitId;
}

/** Whether the actor's submissions need the head's sign-off: the unit asked for it and the actor is not its head. */
export async function needsSignOff(db: Reader, actor: Pick<Actor, 'role'>, unitId: number): Promise<boolean> {
  if (actor.role === 'unit_head') return false;
  const [row] = await db.select({ required: units.requiresSignOff }).from(units).where(eq(units.id, unitId)).limit(1);
  return row?.required ?? false;
}

/** The refusal of a single-task submission where the unit asked that its head read the month first. */
export const SIGN_OFF_REFUSAL = '本单位报送前须经单位负责人审阅：请保存草稿，由负责人在“月度填报”页审阅后，在该页一并报送';

export type SubmittedRow = { key: string; id: number; version: number; status: 'submitted' };

/**
 * 一并报送: each row chosen becomes its own submission (its own audit line and snapshot), in one
 * transaction. Every row is checked first: not yet saved, already sent, changed by someone else since
 * the page showed it, incomplete, or (where the unit asks for it) not signed by its head at this
 * version. Any such row refuses the whole batch, nothing written, with each row's reason under its key.
 */
export async function submitMonth(ctx: ServiceContext, input: SubmitMonthInput): Promise<Result<{ submitted: SubmittedRow[] }>> {
  const { actor, now, meta } = ctx;
  const unitId = await assertWritable(ctx, input.items);
  await assertPeriodsOfMonth(ctx.db, input.items, input.month);
  const labels = await labelsOf(ctx.db, ownDistrictId(actor), input.items.map((i) => i.taskId));

  return transaction(ctx.db, async (tx): Promise<Result<{ submitted: SubmittedRow[] }>> => {
    const stored = await storedRows(tx, unitId, input.items);
    const signOff = (await needsSignOff(tx, actor, unitId)) ? ((await signOffOf(tx, unitId, input.month)) ?? { versions: {} as Record<string, number>, files: {} as Record<string, string> }) : null;
    const files = signOff ? await filesOfRows(tx, input.items.flatMap((i) => { const row = stored.get(itemKey(i.kind, i.taskId, i.periodId)); return row ? [{ kind: i.kind, id: row.id }] : []; })) : new Map<string, string>();
    const problems: FieldErrors = {};
    const named: string[] = [];
    for (const item of input.items) {
      const key = itemKey(item.kind, item.taskId, item.periodId);
      const row = stored.get(key);
      let reason: string | null = null;
      if (!row) reason = '尚未填写';
      else if (!isReportEditable(row.status as 'draft')) reason = '已报送';
      else if (row.version !== item.version) reason = '本单位其他人员刚修改过，请核对后再报送';
      else {
        const missing = 'content' in row.content ? missingForSubmit('contribution', row.content) : missingForSubmit('report', row.content);
        if (missing.length) reason = missingText(missing);
        else if (signOff && (signOff.versions[signOffKey(item.kind, row.id)] !== row.version || (signOff.files[signOffKey(item.kind, row.id)] ?? '') !== files.get(signOffKey(item.kind, row.id)))) reason = '负责人尚未审阅当前内容';
      }
      if (reason) {
        problems[key] = [reason];
        named.push(`${labels.get(item.taskId) ?? `任务 ${item.taskId}`}（${reason}）`);
      }
    }
    if (named.length) return fail(`未报送：以下 ${named.length} 项需要先处理——${named.join('；')}`, problems);

    const submitted: SubmittedRow[] = [];
    for (const item of input.items) {
      const key = itemKey(item.kind, item.taskId, item.periodId);
      const row = stored.get(key)!;
      const table = item.kind === 'report' ? reports : contributions;
      const changed = await tx
        .update(table)
        .set({ status: 'submitted', submittedAt: now, submittedBy: actor.userId, updatedAt: now, updatedBy: actor.userId, version: sql`${table.version} + 1` })
        .where(and(eq(table.id, row.id), eq(table.unitId, unitId), eq(table.version, row.version)))
        .returning({ id: table.id });
      // Read under the write lock just above: a miss here would be a fault, not a user's conflict.
      if (changed.length === 0) throw new Error(`submitMonth: ${key} changed under the write lock`);
      await snapshot(tx, item.kind, row.id, 'submitted', null, actor.userId, now);
      await writeAudit(tx, actor, { action: `${item.kind}.submit`, entityType: item.kind, entityId: row.id, taskId: item.taskId, unitId, detail: { periodId: item.periodId, version: row.version + 1, batch: true } }, meta, now);
      submitted.push({ key, id: row.id, version: row.version + 1, status: 'submitted' });
    }
    return ok({ submitted, message: `已报送 ${submitted.length} 项，等待审核` });
  });
}

/**
 * 负责人审阅: the head signs the month's rows as shown (each at its version). A row changed since the
 * page was loaded refuses the sign-off (the head would sign what they did not read). A new sign-off
 * of the month replaces the last.
 */
export async function signOffMonth(ctx: ServiceContext, input: SignOffMonthInput): Promise<Result<{ count: number }>> {
  const { actor, now, meta } = ctx;
  assertCan(actor, 'reports.signOff');
  const unitId = await assertWritable(ctx, input.items);
  await assertPeriodsOfMonth(ctx.db, input.items, input.month);
  return transaction(ctx.db, async (tx): Promise<Result<{ count: number }>> => {
    const stored = await storedRows(tx, unitId, input.items);
    const versions: Record<string, number> = {};
    const problems: FieldErrors = {};
    for (const item of input.items) {
      const key = itemKey(item.kind, item.taskId, item.periodId);
      const row = stored.get(key);
      if (!row || row.version !== item.version) problems[key] = ['内容已更新，请刷新后再审阅'];
      else if (!isReportEditable(row.status as 'draft')) problems[key] = ['已报送'];
      else versions[signOffKey(item.kind, row.id)] = row.version;
    }
    if (Object.keys(problems).length) return fail('部分内容在您阅读时已被修改或报送，请刷新页面后再审阅', problems);
    const signedRows = input.items.map((i) => ({ kind: i.kind, id: stored.get(itemKey(i.kind, i.taskId, i.periodId))!.id }));
    const files = Object.fromEntries(await filesOfRows(tx, signedRows));
    const values = { unitId, month: input.month, versions: JSON.stringify(versions), files: JSON.stringify(files), signedBy: actor.userId, signedAt: now };
    await tx
      .insert(monthSignOffs)
      .values(values)
      .onConflictDoUpdate({ target: [monthSignOffs.unitId, monthSignOffs.month], set: { versions: values.versions, files: values.files, signedBy: values.signedBy, signedAt: values.signedAt } });
    await writeAudit(tx, actor, { action: 'month.signOff', entityType: 'unit', entityId: unitId, unitId, detail: { month: input.month, count: input.items.length } }, meta, now);
    return ok({ count: input.items.length, message: `已审阅 ${input.items.length} 项，填报员可以报送` });
  });
}

/** Whether the unit's staff submit only what its head signed (set by the head, for the own unit only). */
export async function setSignOffRequired(ctx: ServiceContext, input: SignOffSettingInput): Promise<Result> {
  const { actor, now, meta } = ctx;
  assertCan(actor, 'reports.signOff');
  const districtId = ownDistrictId(actor);
  const unitId = ownUnitId(actor);
  return transaction(ctx.db, async (tx: Tx) => {
    const changed = await tx
      .update(units)
      .set({ requiresSignOff: input.required })
      .where(and(eq(units.id, unitId), eq(units.districtId, districtId)))
      .returning({ id: units.id });
    // An account whose unit is not of its district acts for nobody (nothing written, nothing audited).
    if (changed.length === 0) throw new ForbiddenError();
    await writeAudit(tx, actor, { action: 'unit.signOffRequired', entityType: 'unit', entityId: unitId, unitId, detail: { required: input.required } }, meta, now);
    return ok({ message: input.required ? '已开启：填报员报送前须经负责人审阅' : '已关闭负责人审阅' });
  });
}
