import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, contributions, monthSignOffs, reportIndicatorValues, reports, submissionSnapshots, units } from '@/db/schema';
import { addAttachment } from '@/lib/attachments/attachment-service';
import { FileStore } from '@/lib/attachments/file-store';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError, NotFoundError, RefusalError } from '@/lib/errors';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { saveContribution } from './contribution-service';
import { saveReport } from './lead-report-service';
import { itemKey, type MonthItemKind } from './month-rules';
import { getMonthSheet } from './month-sheet';
import { signOffMonthSchema, submitMonthSchema } from './month-schemas';
import { setSignOffRequired, signOffMonth, SIGN_OFF_REFUSAL, submitMonth } from './month-submit';
import { saveContributionSchema, saveReportSchema } from './schemas';

/**
 * 一并报送 and 负责人审阅 (month-submit.ts) on the seeded key-task list at the demo clock.
 * 区工业和信息化局 (gxj) leads key tasks 1–4, 6–9 … and takes part in 40; 区发展和改革局 (fgj, its
 * head fgj_head) leads 1 and 4 and takes part in 40; 区科学技术局 (kjj) leads 15.
 */
const env = useSeededDb();
const { as, gxj, fgj, kjj, taskId, periodId } = env;
const head = () => env.demo('fgj_head');
const nov = () => periodId('2023-11');

const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n% 发改局材料\n%%EOF\n'));
const COMPLETE = { progress: '本月完成重点企业技改项目验收', percentDone: 75, problems: '', nextSteps: '' };

/** The unit's row of a task in November (undefined before its first save). */
async function rowOf(kind: MonthItemKind, unitId: number, task: number) {
  const table = kind === 'report' ? reports : contributions;
  const [row] = await env.db.select().from(table).where(and(eq(table.unitId, unitId), eq(table.taskId, task), eq(table.periodId, nov()))).limit(1);
  return row;
}

/** Saves the actor's unit's draft (from the version stored), as the page's autosave does; returns the new version. */
async function saveDraft(actor: Actor, kind: MonthItemKind, taskNo: number, fields: Record<string, unknown> = {}): Promise<number> {
  const task = taskId(taskNo);
  const version = (await rowOf(kind, actor.unitId!, task))?.version ?? 0;
  const base = { taskId: task, periodId: nov(), version, intent: 'save' };
  const result =
    kind === 'report'
      ? await saveReport(as(actor), saveReportSchema.parse({ ...base, ...COMPLETE, indicatorValues: [], ...fields }))
      : await saveContribution(as(actor), saveContributionSchema.parse({ ...base, content: '配合提供企业名单和数据', ...fields }));
  if (!result.ok) throw new Error(result.error);
  return result.version;
}

/** A row as the page sends it: kind, task, period and the version on screen. */
const ref = (kind: MonthItemKind, taskNo: number, version: number, periodOf = nov) => ({ kind, taskId: taskId(taskNo), periodId: periodOf(), version });
const key = (kind: MonthItemKind, taskNo: number) => itemKey(kind, taskId(taskNo), nov());

/** Everything a submission or sign-off could write, to check a refusal wrote nothing. */
async function written() {
  return {
    reports: await env.db.select().from(reports).orderBy(asc(reports.id)),
    contributions: await env.db.select().from(contributions).orderBy(asc(contributions.id)),
    report_indicator_values: await env.db.select().from(reportIndicatorValues).orderBy(asc(reportIndicatorValues.reportId), asc(reportIndicatorValues.indicatorId)),
    submission_snapshots: await env.db.select().from(submissionSnapshots).orderBy(asc(submissionSnapshots.id)),
    audit_log: await env.db.select().from(auditLog).orderBy(asc(auditLog.id)),
    month_sign_offs: await env.db.select().from(monthSignOffs).orderBy(asc(monthSignOffs.id)),
    units: await env.db.select().from(units).orderBy(asc(units.id)),
  };
}

/** Runs a refused call and checks it wrote nothing; returns the failure (or the error it threw). */
async function refusedWithoutWrites<T>(call: () => Promise<T>): Promise<T | Error> {
  const before = await written();
  const outcome = await call().catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
  expect(await written()).toEqual(before);
  return outcome;
}

const auditOf = (entityType: string, entityId: number) =>
  env.db.select().from(auditLog).where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId))).orderBy(asc(auditLog.id));
const snapshotsOf = (ownerType: MonthItemKind, ownerId: number) =>
  env.db.select().from(submissionSnapshots).where(and(eq(submissionSnapshots.ownerType, ownerType), eq(submissionSnapshots.ownerId, ownerId))).orderBy(asc(submissionSnapshots.id));

describe('一并报送: several rows at once', () => {
  it('submits complete drafts together: each its own submission, audit line and snapshot', async () => {
    const v2 = await saveDraft(gxj(), 'report', 2);
    const v3 = await saveDraft(gxj(), 'report', 3, { progress: '完成园区配套设施建设', percentDone: 40, problems: '资金到位慢', nextSteps: '加快推进' });
    const v40 = await saveDraft(gxj(), 'contribution', 40, { content: '提供重点企业VOCs排放清单' });
    const audits = (await env.db.select({ id: auditLog.id }).from(auditLog)).length;

    const result = await submitMonth(as(gxj()), { month: '2023-11', items: [ref('report', 2, v2), ref('report', 3, v3), ref('contribution', 40, v40)] });
    expect(result).toMatchObject({ ok: true, message: '已报送 3 项，等待审核' });
    if (!result.ok) return;
    const rows = [await rowOf('report', gxj().unitId!, taskId(2)), await rowOf('report', gxj().unitId!, taskId(3)), await rowOf('contribution', gxj().unitId!, taskId(40))];
    expect(result.submitted).toEqual([
      { key: key('report', 2), id: rows[0]!.id, version: v2 + 1, status: 'submitted' },
      { key: key('report', 3), id: rows[1]!.id, version: v3 + 1, status: 'submitted' },
      { key: key('contribution', 40), id: rows[2]!.id, version: v40 + 1, status: 'submitted' },
    ]);
    for (const row of rows) expect(row).toMatchObject({ status: 'submitted', submittedAt: env.as(gxj()).now, submittedBy: gxj().userId, updatedBy: gxj().userId });

    // One audit line per row, marked as part of a batch.
    expect((await env.db.select({ id: auditLog.id }).from(auditLog)).length).toBe(audits + 3);
    const kinds: [MonthItemKind, number, number][] = [
      ['report', 2, v2],
      ['report', 3, v3],
      ['contribution', 40, v40],
    ];
    for (const [i, [kind, no, version]] of kinds.entries()) {
      const lines = (await auditOf(kind, rows[i]!.id)).filter((a) => a.action === `${kind}.submit`);
      expect(lines, `${kind} ${no}`).toHaveLength(1);
      expect(lines[0]).toMatchObject({ actorId: gxj().userId, taskId: taskId(no), unitId: gxj().unitId });
      expect(JSON.parse(lines[0]!.detail!)).toEqual({ periodId: nov(), version: version + 1, batch: true });
      // One snapshot per row, of what was sent.
      const snaps = await snapshotsOf(kind, rows[i]!.id);
      expect(snaps, `${kind} ${no}`).toHaveLength(1);
      expect(snaps[0]).toMatchObject({ event: 'submitted', actorId: gxj().userId });
    }
    expect(JSON.parse((await snapshotsOf('report', rows[1]!.id))[0]!.content)).toMatchObject({ progress: '完成园区配套设施建设', percentDone: 40, problems: '资金到位慢', nextSteps: '加快推进' });
    expect(JSON.parse((await snapshotsOf('contribution', rows[2]!.id))[0]!.content)).toEqual({ content: '提供重点企业VOCs排放清单' });
  });

  it('one incomplete, unsaved, stale or already sent row refuses the whole batch, each named under its key; nothing is written', async () => {
    const v6 = await saveDraft(gxj(), 'report', 6);
    const v7 = await saveDraft(gxj(), 'report', 7, { progress: '', percentDone: null });
    // Saved twice: the page still shows the first version (a colleague saved the second).
    await saveDraft(gxj(), 'report', 9);
    const v9 = await saveDraft(gxj(), 'report', 9, { progress: '同事补充的进展' });
    const sent = (await rowOf('report', gxj().unitId!, taskId(2)))!.version;

    const all = await refusedWithoutWrites(() =>
      submitMonth(as(gxj()), {
        month: '2023-11',
        items: [ref('report', 6, v6), ref('report', 7, v7), ref('report', 8, 1), ref('report', 9, v9 - 1), ref('report', 2, sent)],
      }),
    );
    expect(all).toMatchObject({ ok: false });
    if (all instanceof Error || all.ok) return;
    expect(all.fieldErrors).toEqual({
      [key('report', 7)]: ['缺：本月进展、完成百分比'],
      [key('report', 8)]: ['尚未填写'],
      [key('report', 9)]: ['本单位其他人员刚修改过，请核对后再报送'],
      [key('report', 2)]: ['已报送'],
    });
    expect(all.error).toContain('未报送：以下 4 项需要先处理');
    expect(all.error).toContain('重点任务 7（缺：本月进展、完成百分比）');
    expect(all.error).toContain('重点任务 8（尚未填写）');
    expect(all.error).not.toContain('重点任务 6');

    // One incomplete row is enough: the complete one beside it stays a draft.
    const one = await refusedWithoutWrites(() => submitMonth(as(gxj()), { month: '2023-11', items: [ref('report', 6, v6), ref('report', 7, v7)] }));
    expect(one).toMatchObject({ ok: false, fieldErrors: { [key('report', 7)]: ['缺：本月进展、完成百分比'] } });
    expect((await rowOf('report', gxj().unitId!, taskId(6)))!.status).toBe('draft');

    // A part without content is named the same way (kjj's draft part of task 40).
    const emptyPart = await saveDraft(kjj(), 'contribution', 40, { content: '' });
    const part = await refusedWithoutWrites(() => submitMonth(as(kjj()), { month: '2023-11', items: [ref('contribution', 40, emptyPart)] }));
    expect(part).toMatchObject({ ok: false, fieldErrors: { [key('contribution', 40)]: ['缺：协办情况'] } });
  });

  it('another unit’s task, a role the unit does not have, or a repeated row is refused before anything is read; nothing is written', async () => {
    const v6 = (await rowOf('report', gxj().unitId!, taskId(6)))!.version;
    // kjj's own draft on task 15 (kjj leads; gxj has no part in it).
    const v15 = await saveDraft(kjj(), 'report', 15);
    const other = await refusedWithoutWrites(() => submitMonth(as(gxj()), { month: '2023-11', items: [ref('report', 6, v6), ref('report', 15, v15)] }));
    expect(other).toBeInstanceOf(ForbiddenError);
    expect((await rowOf('report', kjj().unitId!, taskId(15)))!.status).toBe('draft');
    expect((await rowOf('report', gxj().unitId!, taskId(6)))!.status).toBe('draft');
    // gxj leads task 6: it has no part to send there; it takes part in 40: no lead report there.
    expect(await refusedWithoutWrites(() => submitMonth(as(gxj()), { month: '2023-11', items: [ref('contribution', 6, v6)] }))).toBeInstanceOf(ForbiddenError);
    expect(await refusedWithoutWrites(() => submitMonth(as(gxj()), { month: '2023-11', items: [ref('report', 40, 1)] }))).toBeInstanceOf(ForbiddenError);
    const twice = await refusedWithoutWrites(() => submitMonth(as(gxj()), { month: '2023-11', items: [ref('report', 6, v6), ref('report', 6, v6)] }));
    expect(twice).toBeInstanceOf(RefusalError);
    // Oversight roles have no month to submit.
    for (const role of ['supervisor', 'leader', 'admin'] as const) {
      const actor = await actorFor(env.db, role, role === 'supervisor' ? '区政府督查室' : null);
      expect(await refusedWithoutWrites(() => submitMonth(as(actor), { month: '2023-11', items: [ref('report', 6, v6)] }))).toBeInstanceOf(ForbiddenError);
    }
  });

  it('a row of another month than the one named is refused; a month not begun is refused', async () => {
    const v6 = (await rowOf('report', gxj().unitId!, taskId(6)))!.version;
    const wrong = await refusedWithoutWrites(() => submitMonth(as(gxj()), { month: '2023-10', items: [ref('report', 6, v6)] }));
    expect(wrong).toBeInstanceOf(RefusalError);
    expect((wrong as Error).message).toBe('所选任务不属于该月份，请刷新页面');
    const october = await refusedWithoutWrites(() => submitMonth(as(gxj()), { month: '2023-11', items: [ref('report', 6, v6), ref('report', 8, 1, () => periodId('2023-10'))] }));
    expect(october).toBeInstanceOf(RefusalError);
    const december = await refusedWithoutWrites(() => submitMonth(as(gxj()), { month: '2023-12', items: [ref('report', 6, 1, () => periodId('2023-12'))] }));
    expect(december).toBeInstanceOf(ForbiddenError);
    expect((december as Error).message).toContain('尚未开始');
    // A period id that does not exist.
    expect(await refusedWithoutWrites(() => submitMonth(as(gxj()), { month: '2023-11', items: [ref('report', 6, v6, () => 999_999)] }))).toBeInstanceOf(NotFoundError);
  });

  it('the page’s request is checked by its schema: a month, 1–300 rows, each saved at least once', () => {
    const item = { kind: 'report', taskId: 1, periodId: 1, version: 1 };
    expect(submitMonthSchema.safeParse({ month: '2023-11', items: [item] }).success).toBe(true);
    expect(submitMonthSchema.safeParse({ month: '2023-11', items: [] }).success).toBe(false);
    expect(submitMonthSchema.safeParse({ month: '2023-11', items: [{ ...item, version: 0 }] }).error?.issues[0]?.message).toBe('请先保存草稿');
    expect(submitMonthSchema.safeParse({ month: '2023-13', items: [item] }).success).toBe(false);
    expect(submitMonthSchema.safeParse({ month: '2023-11', items: [{ ...item, kind: 'notice' }] }).success).toBe(false);
    expect(submitMonthSchema.safeParse({ month: '2023-11', items: Array.from({ length: 301 }, (_, i) => ({ ...item, taskId: i + 1 })) }).success).toBe(false);
    expect(signOffMonthSchema.safeParse({ month: '2023-11', items: [] }).error?.issues[0]?.message).toBe('本月没有可审阅的草稿');
  });
});

describe('负责人审阅 (区发展和改革局 asks for its head’s sign-off)', () => {
  const fgjUnit = () => fgj().unitId!;
  const required = async () => (await env.db.select({ r: units.requiresSignOff }).from(units).where(eq(units.id, fgjUnit())).limit(1))[0]!.r;
  const signOffRow = async () => (await env.db.select().from(monthSignOffs).where(and(eq(monthSignOffs.unitId, fgjUnit()), eq(monthSignOffs.month, '2023-11'))).limit(1))[0];

  it('only the unit head turns it on or off, for the own unit, audited', async () => {
    for (const actor of [fgj(), env.supervisor(), env.admin(), env.leader()]) {
      expect(await refusedWithoutWrites(() => setSignOffRequired(as(actor), { required: true }))).toBeInstanceOf(ForbiddenError);
    }
    expect(await required()).toBe(false);
    expect(await setSignOffRequired(as(head()), { required: true })).toMatchObject({ ok: true, message: '已开启：填报员报送前须经负责人审阅' });
    expect(await required()).toBe(true);
    const [line] = await env.db.select().from(auditLog).where(eq(auditLog.action, 'unit.signOffRequired')).orderBy(asc(auditLog.id));
    expect(line).toMatchObject({ actorId: head().userId, entityType: 'unit', entityId: fgjUnit(), unitId: fgjUnit() });
    expect(JSON.parse(line!.detail!)).toEqual({ required: true });
    // Another unit's head sets only its own unit.
    const otherHead = await actorFor(env.db, 'unit_head', '区科学技术局', head().userId);
    expect(await setSignOffRequired(as(otherHead), { required: true })).toMatchObject({ ok: true });
    expect(await setSignOffRequired(as(otherHead), { required: false })).toMatchObject({ ok: true });
    expect(await required()).toBe(true);
  });

  it('a reporter’s batch is refused until the head signed the current versions', async () => {
    const v1 = await saveDraft(fgj(), 'report', 1);
    const v40 = await saveDraft(fgj(), 'contribution', 40);
    const items = () => [ref('report', 1, v1), ref('contribution', 40, v40)];
    const unsigned = await refusedWithoutWrites(() => submitMonth(as(fgj()), { month: '2023-11', items: items() }));
    expect(unsigned).toMatchObject({ ok: false, fieldErrors: { [key('report', 1)]: ['负责人尚未审阅当前内容'], [key('contribution', 40)]: ['负责人尚未审阅当前内容'] } });

    // Only the head signs; a reporter cannot sign for it.
    expect(await refusedWithoutWrites(() => signOffMonth(as(fgj()), { month: '2023-11', items: items() }))).toBeInstanceOf(ForbiddenError);
    // The head reads the whole month on the page first: the staff's drafts as saved.
    const read = await getMonthSheet(as(head()));
    expect(read.signOff).toBeNull();
    expect(read.items.find((i) => i.key === key('report', 1))).toMatchObject({ state: 'draft', version: v1, fields: { progress: COMPLETE.progress } });
    expect(read.items.find((i) => i.key === key('contribution', 40))).toMatchObject({ state: 'draft', version: v40 });
    const signed = await signOffMonth(as(head()), { month: '2023-11', items: items() });
    expect(signed).toMatchObject({ ok: true, count: 2 });
    const row = await signOffRow();
    expect(row).toMatchObject({ signedBy: head().userId });
    const reportId = (await rowOf('report', fgjUnit(), taskId(1)))!.id;
    const partId = (await rowOf('contribution', fgjUnit(), taskId(40)))!.id;
    expect(JSON.parse(row!.versions)).toEqual({ [`report:${reportId}`]: v1, [`contribution:${partId}`]: v40 });
    // The page shows the sign-off to the unit's staff.
    const sheet = await getMonthSheet(as(fgj()));
    expect(sheet).toMatchObject({ signOffRequired: true, signOff: { signedByName: '发改局负责人', versions: JSON.parse(row!.versions) } });
    const [line] = await env.db.select().from(auditLog).where(eq(auditLog.action, 'month.signOff')).orderBy(asc(auditLog.id));
    expect(line).toMatchObject({ actorId: head().userId, entityType: 'unit', entityId: fgjUnit(), unitId: fgjUnit() });
    expect(JSON.parse(line!.detail!)).toEqual({ month: '2023-11', count: 2 });

    // An edit after the sign-off needs a new one: the edited row is named, the signed one is not.
    const edited = await saveDraft(fgj(), 'report', 1, { progress: '签字后又改了进展' });
    const stale = await refusedWithoutWrites(() => submitMonth(as(fgj()), { month: '2023-11', items: [ref('report', 1, edited), ref('contribution', 40, v40)] }));
    expect(stale).toMatchObject({ ok: false, fieldErrors: { [key('report', 1)]: ['负责人尚未审阅当前内容'] } });
    expect((stale as { fieldErrors: object }).fieldErrors).not.toHaveProperty(key('contribution', 40));
    // The head cannot sign a version they were not shown.
    const old = await refusedWithoutWrites(() => signOffMonth(as(head()), { month: '2023-11', items: [ref('report', 1, v1), ref('contribution', 40, v40)] }));
    expect(old).toMatchObject({ ok: false, fieldErrors: { [key('report', 1)]: ['内容已更新，请刷新后再审阅'] } });

    expect(await signOffMonth(as(head()), { month: '2023-11', items: [ref('report', 1, edited), ref('contribution', 40, v40)] })).toMatchObject({ ok: true });
    const done = await submitMonth(as(fgj()), { month: '2023-11', items: [ref('report', 1, edited), ref('contribution', 40, v40)] });
    expect(done).toMatchObject({ ok: true, submitted: [{ key: key('report', 1), status: 'submitted' }, { key: key('contribution', 40), status: 'submitted' }] });
    const [sent] = await env.db.select({ progress: reports.progress }).from(reports).where(eq(reports.id, reportId));
    expect(sent!.progress).toBe('签字后又改了进展');
    // One sign-off row per unit and month: the second replaced the first.
    expect(await env.db.select().from(monthSignOffs).where(eq(monthSignOffs.unitId, fgjUnit()))).toHaveLength(1);
  });

  it('the head cannot sign another unit’s rows, nor a row already sent', async () => {
    const v15 = (await rowOf('report', kjj().unitId!, taskId(15)))!.version;
    expect(await refusedWithoutWrites(() => signOffMonth(as(head()), { month: '2023-11', items: [ref('report', 15, v15)] }))).toBeInstanceOf(ForbiddenError);
    const sent = (await rowOf('report', fgjUnit(), taskId(1)))!.version;
    expect(await refusedWithoutWrites(() => signOffMonth(as(head()), { month: '2023-11', items: [ref('report', 1, sent)] }))).toMatchObject({
      ok: false,
      fieldErrors: { [key('report', 1)]: ['已报送'] },
    });
  });

  it('the single-task form’s submission is refused for the reporter (SIGN_OFF_REFUSAL) but not for the head', async () => {
    const v4 = await saveDraft(fgj(), 'report', 4);
    const submit = (actor: Actor, version: number) => saveReport(as(actor), saveReportSchema.parse({ taskId: taskId(4), periodId: nov(), version, ...COMPLETE, indicatorValues: [], intent: 'submit' }));
    expect(await refusedWithoutWrites(() => submit(fgj(), v4))).toEqual({ ok: false, error: SIGN_OFF_REFUSAL });
    // The part too (fgj takes part in task 31).
    const v31 = await saveDraft(fgj(), 'contribution', 31);
    const sendPart = (actor: Actor) => saveContribution(as(actor), saveContributionSchema.parse({ taskId: taskId(31), periodId: nov(), version: v31, content: '配合完成项目审批', intent: 'submit' }));
    expect(await refusedWithoutWrites(() => sendPart(fgj()))).toEqual({ ok: false, error: SIGN_OFF_REFUSAL });
    expect(await sendPart(head())).toMatchObject({ ok: true, status: 'submitted' });
    // Even a sign-off does not open the single-task form: where the unit asks for it, its staff submit from the month page.
    expect(await signOffMonth(as(head()), { month: '2023-11', items: [ref('report', 4, v4)] })).toMatchObject({ ok: true });
    expect(await refusedWithoutWrites(() => submit(fgj(), v4))).toEqual({ ok: false, error: SIGN_OFF_REFUSAL });
    expect(await submit(head(), v4)).toMatchObject({ ok: true, status: 'submitted' });
  });

  it('evidence added after the sign-off is not covered by it: the batch waits for a new sign-off', async () => {
    // The head read task 12's draft with no file; the reporter then adds one (an upload does not move the version).
    const v12 = await saveDraft(fgj(), 'report', 12);
    expect(await signOffMonth(as(head()), { month: '2023-11', items: [ref('report', 12, v12)] })).toMatchObject({ ok: true });
    const store = new FileStore(path.join(env.dir, 'files'));
    const up = await addAttachment(as(fgj()), store, { ownerType: 'report', taskId: taskId(12), periodId: nov() }, { name: '未经审阅的材料.pdf', bytes: PDF }, { maxBytes: 1e7 });
    expect(up).toMatchObject({ ok: true });
    const unread = await submitMonth(as(fgj()), { month: '2023-11', items: [ref('report', 12, (await rowOf('report', fgjUnit(), taskId(12)))!.version)] });
    expect(unread).toMatchObject({ ok: false, fieldErrors: { [key('report', 12)]: ['负责人尚未审阅当前内容'] } });
  });

  it('the head submits a batch without a sign-off of their own; turned off, the reporter submits freely again', async () => {
    const v8 = await saveDraft(fgj(), 'report', 8);
    const v10 = await saveDraft(fgj(), 'report', 10);
    expect(await submitMonth(as(head()), { month: '2023-11', items: [ref('report', 8, v8)] })).toMatchObject({ ok: true });
    expect(await refusedWithoutWrites(() => submitMonth(as(fgj()), { month: '2023-11', items: [ref('report', 10, v10)] }))).toMatchObject({ ok: false });

    expect(await setSignOffRequired(as(head()), { required: false })).toMatchObject({ ok: true, message: '已关闭负责人审阅' });
    expect(await required()).toBe(false);
    expect(await submitMonth(as(fgj()), { month: '2023-11', items: [ref('report', 10, v10)] })).toMatchObject({ ok: true });
    const lines = await env.db.select({ detail: auditLog.detail }).from(auditLog).where(and(eq(auditLog.action, 'unit.signOffRequired'), eq(auditLog.unitId, fgjUnit()))).orderBy(asc(auditLog.id));
    expect(lines.map((l) => JSON.parse(l.detail!))).toEqual([{ required: true }, { required: false }]);
  });
});
