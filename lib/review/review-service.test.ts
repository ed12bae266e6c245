import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, contributions, notifications, reports, submissionSnapshots } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError } from '@/lib/errors';
import { listNotifications } from '@/lib/notifications/notification-service';
import { activePlans } from '@/lib/plans/plan-scope';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { saveContribution } from '@/lib/reporting/contribution-service';
import { saveReport } from '@/lib/reporting/lead-report-service';
import { getReportEditor } from '@/lib/reporting/report-editor';
import { saveContributionSchema, saveReportSchema } from '@/lib/reporting/schemas';
import { invalid } from '@/lib/result';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { actorFor } from '@/lib/testing/temp-db';
import { getReviewDetail, listReviewQueue, reviewSubmission } from './review-service';
import { reviewDecisionSchema, reviewQueueFilterSchema } from './schemas';

const env = useSeededDb(); // today: 2023-11-22
const { as, supervisor, leader, sthj, kjj, admin, taskId, periodId } = env; // sthj: a lead of task 41
const supervisor2 = () => ({ ...supervisor(), displayName: '另一位督查员' });
const nov = () => periodId('2023-11');
const inView = () => activePlans(env.db, { kind: 'district', districtId: FIRST_DISTRICT_ID });
const queueOf = async (actor: Actor) => listReviewQueue(as(actor), await inView(), reviewQueueFilterSchema.parse({}));
/** A decision as the action gives it to the service: parsed by the form's schema. */
const decide = (actor: Actor, raw: unknown) => reviewSubmission(as(actor), reviewDecisionSchema.parse(raw));

function submit41(progress: string, version: number) {
  return saveReport(
    as(sthj()),
    saveReportSchema.parse({ intent: 'submit', taskId: taskId(41), periodId: nov(), version, progress, percentDone: 70, problems: '', nextSteps: '', indicatorValues: [] }),
  );
}

describe('review: return, resubmit with diff, approve', () => {
  let reportId: number;

  it('only supervisors decide; leaders and others may not', async () => {
    const r = await submit41('完成造林50亩。', 0);
    expect(r.ok).toBe(true);
    reportId = (r as { id: number }).id;
    const queue = await queueOf(supervisor());
    expect(queue.items.map((q) => [q.kind, q.taskNo, q.unitName])).toContainEqual(['report', 41, '河东生态环境分局']);
    expect((await queueOf(leader())).total).toBe(queue.total);
    await expect(queueOf(sthj())).rejects.toThrow(ForbiddenError);
    for (const actor of [leader(), sthj(), admin()]) {
      await expect(decide(actor, { kind: 'report', id: reportId, version: 2, decision: 'approve' })).rejects.toThrow(ForbiddenError);
    }
  });

  it('a return needs a comment', () => {
    // The action parses with the form's schema before the service runs: a blank comment never reaches it.
    const parsed = reviewDecisionSchema.safeParse({ kind: 'report', id: reportId, version: 2, decision: 'return', comment: '  ' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('退回时必须填写退回意见');
    expect(invalid(parsed.error!)).toMatchObject({ ok: false, fieldErrors: { comment: ['退回时必须填写退回意见'] } });
  });

  it('two supervisors acting at once: one wins, the other is told', async () => {
    const seen = (await getReviewDetail(as(supervisor()), 'report', reportId))!.version; // both opened the same version
    const [first, second] = await Promise.all([
      decide(supervisor(), { kind: 'report', id: reportId, version: seen, decision: 'return', comment: '请补充造林面积佐证。' }),
      decide(supervisor2(), { kind: 'report', id: reportId, version: seen, decision: 'approve' }),
    ]);
    expect(first).toMatchObject({ ok: true, status: 'returned' });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error).toContain('已被其他督查员处理，当前状态：已退回');
    const [row] = await env.db.select().from(reports).where(eq(reports.id, reportId)).limit(1);
    expect(row!.status).toBe('returned');
  });

  it('the unit sees the comment, edits and resubmits; the reviewer sees what changed and approves', async () => {
    const editor = await getReportEditor(as(sthj()), taskId(41), '2023-11');
    expect(editor.report).toMatchObject({ status: 'returned', reviewComment: '请补充造林面积佐证。' });
    const unread = (await listNotifications(env.db, sthj())).find((n) => n.kind === 'report.returned');
    expect(unread?.body).toBe('请补充造林面积佐证。');
    const r = await submit41('完成造林97亩，附验收单。', editor.report!.version);
    expect(r).toMatchObject({ ok: true, status: 'submitted' });
    const detail = (await getReviewDetail(as(supervisor()), 'report', reportId))!;
    expect(detail.diff?.comment).toBe('请补充造林面积佐证。');
    expect(detail.diff?.changes.map((c) => c.label)).toEqual(['本月进展']);
    expect(detail.diff?.changes[0]!.parts!.filter((p) => p.change === 'added').map((p) => p.text).join('')).toContain('97');
    expect((await queueOf(supervisor())).items.find((q) => q.id === reportId)?.resubmission).toBe(true);
    const ok = await decide(supervisor(), { kind: 'report', id: reportId, version: detail.version, decision: 'approve' });
    expect(ok).toMatchObject({ ok: true, status: 'approved' });
    expect((await getReviewDetail(as(supervisor()), 'report', reportId))!.history.map((h) => h.event)).toEqual(['submitted', 'returned', 'submitted', 'approved']);
  });

  it('drafts are never shown to reviewers', async () => {
    const d = await saveReport(
      as(kjj()),
      saveReportSchema.parse({ intent: 'save', taskId: taskId(13), periodId: nov(), version: 0, progress: '草稿', percentDone: null, problems: '', nextSteps: '', indicatorValues: [] }),
    );
    expect(d.ok).toBe(true);
    expect(await getReviewDetail(as(supervisor()), 'report', (d as { id: number }).id)).toBeNull();
  });
});

describe('a reviewer never decides on their own unit\'s work', () => {
  // The console no longer gives an oversight account a unit; an account given one before still must not judge it.
  const ofKjj = (): Actor => ({ ...supervisor(), unitId: kjj().unitId, unitName: kjj().unitName });

  it('a report or a part of the reviewer\'s unit is refused, nothing written; another reviewer decides it', async () => {
    const report = await saveReport(
      as(kjj()),
      saveReportSchema.parse({ intent: 'submit', taskId: taskId(15), periodId: nov(), version: 0, progress: '完成科技项目申报。', percentDone: 50, problems: '', nextSteps: '', indicatorValues: [] }),
    );
    const part = await saveContribution(as(kjj()), saveContributionSchema.parse({ intent: 'submit', taskId: taskId(40), periodId: nov(), version: 0, content: '配合完成技术论证。' }));
    expect(report).toMatchObject({ ok: true, status: 'submitted' });
    expect(part).toMatchObject({ ok: true, status: 'submitted' });
    const reportId = (report as { id: number }).id;
    const partId = (part as { id: number }).id;
    const items = [
      { kind: 'report' as const, id: reportId, read: async () => (await env.db.select().from(reports).where(eq(reports.id, reportId)).limit(1))[0] },
      { kind: 'contribution' as const, id: partId, read: async () => (await env.db.select().from(contributions).where(eq(contributions.id, partId)).limit(1))[0] },
    ];
    for (const { kind, id, read } of items) {
      const before = (await read())!;
      for (const decision of ['approve', 'return'] as const) {
        const r = await decide(ofKjj(), { kind, id, version: before.version, decision, comment: decision === 'return' ? '请补充。' : '' });
        expect(r).toMatchObject({ ok: false, error: '不能审核本单位报送的材料，请由其他督查员审核' });
      }
      expect(await read()).toEqual(before);
      expect(await decide(supervisor2(), { kind, id, version: before.version, decision: 'approve' })).toMatchObject({ ok: true, status: 'approved' });
    }
  });
});

describe('districts', () => {
  const denv = useSeededDb();
  let d2: SecondDistrict;
  /** A submitted lead report (task 41) and part (task 40) of November in each district, the same units and numbers. */
  const sent = new Map<number, { report: number; part: number; planId: number }>();

  beforeAll(async () => {
    d2 = await addSecondDistrict(denv.db);
    const at = new Date('2023-11-21T10:00:00+08:00');
    for (const [districtId, task, period, planId] of [
      [FIRST_DISTRICT_ID, denv.taskId, denv.periodId('2023-11'), denv.planId()],
      [d2.districtId, d2.taskId, d2.periodId('2023-11'), d2.planId],
    ] as const) {
      const unit = async (name: string) => (await actorFor(denv.db, 'reporter', name, 1, districtId)).unitId!;
      const [report] = await denv.db
        .insert(reports)
        .values({ taskId: task(41), periodId: period, unitId: await unit('河东生态环境分局'), status: 'submitted', progress: '完成造林50亩。', percentDone: 50, updatedAt: at, submittedAt: at })
        .returning({ id: reports.id });
      const [part] = await denv.db
        .insert(contributions)
        .values({ taskId: task(40), periodId: period, unitId: await unit('区科学技术局'), status: 'submitted', content: '配合完成技术论证。', updatedAt: at, submittedAt: at })
        .returning({ id: contributions.id });
      sent.set(districtId, { report: report!.id, part: part!.id, planId });
    }
  });

  const inViewOf = (districtId: number) => activePlans(denv.db, { kind: 'district', districtId });
  const bothLists = async () => [...(await inViewOf(FIRST_DISTRICT_ID)), ...(await inViewOf(d2.districtId))];
  const rowsOf = async () => [
    ...(await denv.db.select().from(reports).orderBy(reports.id)),
    ...(await denv.db.select().from(contributions).orderBy(contributions.id)),
    ...(await denv.db.select().from(submissionSnapshots).orderBy(submissionSnapshots.id)),
    ...(await denv.db.select().from(auditLog).orderBy(auditLog.id)),
    ...(await denv.db.select().from(notifications).orderBy(notifications.id)),
  ];

  it('each district’s reviewers see only their district’s queue and items; the other’s ids are not found', async () => {
    for (const [districtId, reviewer] of [
      [FIRST_DISTRICT_ID, denv.supervisor()],
      [d2.districtId, await d2.actor('supervisor')],
    ] as const) {
      const own = sent.get(districtId)!;
      const other = sent.get(districtId === FIRST_DISTRICT_ID ? d2.districtId : FIRST_DISTRICT_ID)!;
      const ctx = denv.as(reviewer);
      for (const state of ['submitted', 'approved', 'returned'] as const) {
        // Both districts' lists in view (a forged choice): still only the actor's district.
        const queue = await listReviewQueue(ctx, await bothLists(), reviewQueueFilterSchema.parse({ state }), 1000);
        expect(queue.items.every((q) => q.planId === own.planId)).toBe(true);
        if (state === 'submitted') expect(queue.items.map((q) => q.id).sort()).toEqual([own.report, own.part].sort());
        expect((await listReviewQueue(ctx, [(await inViewOf(districtId === FIRST_DISTRICT_ID ? d2.districtId : FIRST_DISTRICT_ID))[0]!], reviewQueueFilterSchema.parse({ state }))).total).toBe(0);
      }
      expect(await getReviewDetail(ctx, 'report', own.report)).not.toBeNull();
      expect(await getReviewDetail(ctx, 'contribution', own.part)).not.toBeNull();
      expect(await getReviewDetail(ctx, 'report', other.report)).toBeNull();
      expect(await getReviewDetail(ctx, 'contribution', other.part)).toBeNull();
    }
  });

  it('a reviewer deciding the other district’s item is told it is not found, nothing written', async () => {
    for (const [districtId, reviewer] of [
      [FIRST_DISTRICT_ID, denv.supervisor()],
      [d2.districtId, await d2.actor('supervisor')],
    ] as const) {
      const other = sent.get(districtId === FIRST_DISTRICT_ID ? d2.districtId : FIRST_DISTRICT_ID)!;
      const before = await rowsOf();
      for (const [kind, id] of [
        ['report', other.report],
        ['contribution', other.part],
      ] as const) {
        for (const decision of ['approve', 'return'] as const) {
          const r = await reviewSubmission(denv.as(reviewer), reviewDecisionSchema.parse({ kind, id, version: 1, decision, comment: decision === 'return' ? '请补充。' : '' }));
          expect(r).toEqual({ ok: false, error: '找不到该材料' });
        }
      }
      expect(await rowsOf()).toEqual(before);
    }
    // Its own reviewer decides it.
    const d2Report = sent.get(d2.districtId)!.report;
    const version = (await getReviewDetail(denv.as(await d2.actor('supervisor')), 'report', d2Report))!.version;
    expect(await reviewSubmission(denv.as(await d2.actor('supervisor')), reviewDecisionSchema.parse({ kind: 'report', id: d2Report, version, decision: 'approve' }))).toMatchObject({ ok: true, status: 'approved' });
  });

  it('the city office reads both districts’ queues and decides nothing', async () => {
    const city = denv.as(await actorFor(denv.db, 'city_supervisor', null));
    const queue = await listReviewQueue(city, await bothLists(), reviewQueueFilterSchema.parse({}), 1000);
    expect(queue.items.map((q) => q.id)).toEqual(expect.arrayContaining([sent.get(FIRST_DISTRICT_ID)!.part, sent.get(d2.districtId)!.part]));
    expect(await getReviewDetail(city, 'report', sent.get(FIRST_DISTRICT_ID)!.report)).not.toBeNull();
    await expect(reviewSubmission(city, reviewDecisionSchema.parse({ kind: 'contribution', id: sent.get(d2.districtId)!.part, version: 1, decision: 'approve' }))).rejects.toThrow(ForbiddenError);
  });
});
