import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, reports } from '@/db/schema';
import { ForbiddenError } from '@/lib/errors';
import { invalid } from '@/lib/result';
import { actorFor } from '@/lib/testing/temp-db';
import {
  ctxOf,
  dec,
  draft,
  env,
  kjj,
  fgj,
  nov,
  report,
  setUpReporting,
  sthj,
  sthjColleague,
  task15,
  task40,
  tearDownReporting,
  thrown,
} from './reporting.fixture';
import { getReportEditor } from './report-editor';
import { saveReportSchema } from './schemas';

beforeAll(setUpReporting);
afterAll(tearDownReporting);

const reportRow = async (taskId: number) => (await env.db.select().from(reports).where(and(eq(reports.taskId, taskId), eq(reports.periodId, nov))).limit(1))[0]!;
const auditRows = async () => (await env.db.select({ n: count() }).from(auditLog))[0]!.n;

describe('lead report: save, submit, conflicts', () => {
  it('a lead unit saves a draft, then a colleague’s stale save gets a conflict with the other version', async () => {
    const first = await report(sthj(), draft({ progress: '初稿' }), 'save');
    expect(first).toMatchObject({ ok: true, version: 1, status: 'draft' });
    const mine = await report(sthj(), draft({ version: 1, progress: '第二稿', percentDone: 70 }), 'save');
    expect(mine).toMatchObject({ ok: true, version: 2 });
    // The colleague still holds version 1.
    const audits = await auditRows();
    const stale = await report(await sthjColleague(), draft({ version: 1, progress: '同事的稿子' }), 'save');
    expect(stale.ok).toBe(false);
    if (stale.ok) return;
    expect(stale.error).toContain('保存冲突');
    expect(stale.conflict).toMatchObject({ version: 2, fields: { progress: '第二稿', percentDone: 70 } });
    const row = await reportRow(task40);
    expect(row.progress).toBe('第二稿');
    expect(await auditRows()).toBe(audits);
  });

  it('submitting needs progress and percent done, and then the report is read-only', async () => {
    // The action parses `{ ...report, intent }` once: a submission without them never reaches the service.
    const parsed = saveReportSchema.safeParse({ ...draft({ version: 2 }), intent: 'submit' });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(invalid(parsed.error).fieldErrors).toMatchObject({ progress: ['请填写本月进展'], percentDone: ['完成百分比须为 0–100 的整数'] });
    const missing = await report(sthj(), draft({ version: 2 }), 'submit');
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.fieldErrors).toMatchObject({ progress: ['请填写本月进展'], percentDone: ['完成百分比须为 0–100 的整数'] });
    const bad = await report(sthj(), draft({ version: 2, progress: 'x', percentDone: 120 }), 'submit');
    expect(bad.ok).toBe(false);
    const ok = await report(sthj(), draft({ version: 2, progress: '本月完成臭氧污染防治攻坚。', percentDone: 80 }), 'submit');
    expect(ok).toMatchObject({ ok: true, status: 'submitted' });
    const again = await report(sthj(), draft({ version: 3, progress: '改一下' }), 'save');
    expect(again).toMatchObject({ ok: false, error: '该报告已报送，不能再修改' });
  });

  it('status, unitId and reviewer fields smuggled into the input are ignored', async () => {
    const r = await report(kjj(), { ...draft({ taskId: task15, progress: '科技型企业培育' }), status: 'approved', unitId: 1, reviewedBy: 1 }, 'save');
    expect(r).toMatchObject({ ok: true, status: 'draft' });
    const row = await reportRow(task15);
    expect(row.status).toBe('draft');
    expect(row.unitId).toBe(kjj().unitId);
    expect(row.reviewedBy).toBeNull();
  });

  it('indicator values of another task are not stored', async () => {
    const own = await getReportEditor(ctxOf(kjj()), 15, '2023-11');
    const ind = own.indicators[0]!;
    const r = await report(
      kjj(),
      draft({ taskId: task15, version: own.report!.version, progress: 'x', indicatorValues: [{ indicatorId: ind.id, value: 80 }, { indicatorId: 999_999, value: 1 }] }),
      'save',
    );
    expect(r.ok).toBe(true);
    expect((await getReportEditor(ctxOf(kjj()), 15, '2023-11')).report!.indicatorValues).toEqual({ [ind.id]: 80 });
  });

  it('a participating unit cannot write the lead report, nor another unit’s task', async () => {
    await expect(report(kjj(), draft({ progress: '越权' }), 'save')).rejects.toThrow(ForbiddenError);
    await expect(report(fgj(), draft({ taskId: task15, progress: '越权' }), 'save')).rejects.toThrow(ForbiddenError);
    for (const role of ['supervisor', 'leader', 'admin'] as const) {
      await expect(report(await actorFor(env.db, role, null), draft(), 'save')).rejects.toThrow(ForbiddenError);
    }
  });

  it('a future month cannot be reported yet', async () => {
    const err = await thrown(report(sthj(), draft({ periodId: dec, progress: 'x' }), 'save'));
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err.message).toContain('尚未开始');
  });
});
