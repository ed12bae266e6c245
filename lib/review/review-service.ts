import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { epochMs, queryRow, queryRows, waitingQueueTable } from '@/db/dialect';
import { contributions, indicators, plans, reportIndicatorValues, reportingPeriods, reports, submissionSnapshots, tasks, units, users, type ReportStatus } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import { memoByGeneration } from '@/lib/cache/generation-memo';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader } from '@/lib/db';
import { districtKey, districtScopeOf, inDistrict, ownDistrictId } from '@/lib/districts/district-scope';
import { notifyUnits } from '@/lib/notifications/notification-service';
import { clampPage, pageCountOf, type Page } from '@/lib/pagination/pagination';
import { notInLoopReason, type PlanSummary, taskLabel, taskListStatus } from '@/lib/plans/plan-scope';
import { monthLabel } from '@/lib/reporting/calendar';
import { nextReportState } from '@/lib/reporting/report-state';
import { attachmentsOf, snapshot, type AttachmentMeta } from '@/lib/reporting/submission-snapshot';
import { fail, ok, type Result } from '@/lib/result';
import type { ReviewDecision, ReviewQueueFilter } from './schemas';
import { snapshotDiff, type FieldChange } from './text-diff';

export type QueueItem = {
  kind: 'report' | 'contribution';
  id: number;
  taskId: number;
  planId: number;
  taskNo: number;
  /** 重点任务 40: tells tasks of different lists apart. */
  taskLabel: string;
  taskTitle: string;
  unitId: number;
  unitName: string;
  month: string;
  status: ReportStatus;
  submittedAt: Date | null;
  /** Sent again after a return: the review page shows what changed. */
  resubmission: boolean;
};

/** Queue items per page: a supervisor works through the oldest first. */
export const REVIEW_QUEUE_PAGE_SIZE = 50;

/** A queue row as SQL returns it: the submission time in milliseconds. */
type QueueRow = Omit<QueueItem, 'submittedAt' | 'resubmission' | 'taskLabel'> & { submittedAt: number | null };

/**
 * 审核队列: submitted reports and parts of the lists in view, oldest first, one page at a time.
 * Supervisors and the oversight roles. Sorting and paging happen in SQL: at province scale the
 * queue holds tens of thousands of items. The section filter is a section id.
 */
export async function listReviewQueue(
  ctx: ServiceContext,
  inView: readonly PlanSummary[],
  filter: ReviewQueueFilter,
  pageSize = REVIEW_QUEUE_PAGE_SIZE,
): Promise<Page<QueueItem>> {
  const { db, actor } = ctx;
  assertCan(actor, 'reports.readAll');
  if (inView.length === 0) return { items: [], page: 1, pageCount: 1, pageSize, total: 0 };
  const district = districtScopeOf(actor);
  const inDistrictClause = inDistrict(tasks.districtId, district);
  const planIds = inView.map((p) => p.id);
  const planOf = new Map(inView.map((p) => [p.id, p]));
  const kinds = filter.kind === 'all' ? (['report', 'contribution'] as const) : ([filter.kind] as const);
  const conditionsOf = (kind: 'report' | 'contribution') => {
    const t = kind === 'report' ? reports : contributions;
    // 'submitted' is written as a literal: a bound parameter cannot match a partial index's condition.
    const status = filter.state === 'submitted' ? sql`${t.status} = 'submitted'` : sql`${t.status} = ${filter.state}`;
    const conditions: SQL[] = [planIds.length === 1 ? sql`${tasks.planId} = ${planIds[0]}` : inArray(tasks.planId, planIds), status];
    // A list of another district among the lists in view shows nothing.
    if (inDistrictClause) conditions.push(inDistrictClause);
    if (filter.section) conditions.push(sql`${tasks.sectionId} = ${filter.section}`);
    if (filter.unit) conditions.push(sql`${t.unitId} = ${filter.unit}`);
    return sql.join(conditions, sql` and `);
  };
  // The waiting queue seeks its partial index by the lists' tasks (the hint, where the engine needs
  // one, is in db/dialect.ts); the other states read the table.
  const fromTable = (kind: 'report' | 'contribution') => {
    if (filter.state === 'submitted') return waitingQueueTable(kind);
    return sql`${kind === 'report' ? reports : contributions}`;
  };
  const countOf = async (kind: 'report' | 'contribution') => {
    const t = kind === 'report' ? reports : contributions;
    const row = await queryRow<{ n: number | string }>(db, sql`select count(*) as n from ${fromTable(kind)} join ${tasks} on ${tasks.id} = ${t.taskId} where ${conditionsOf(kind)}`);
    return Number(row?.n ?? 0);
  };
  return memoByGeneration(db, `review-queue|${districtKey(district)}|${planIds.join(',')}|${JSON.stringify(filter)}|${pageSize}`, async () => {
    let total = 0;
    for (const kind of kinds) total += await countOf(kind);
    const page = clampPage(filter.page, total, pageSize);
    const offset = (page - 1) * pageSize;
    // Each kind gives its first offset+pageSize rows in queue order (the district's waiting items,
    // found by task), and the merge of the two picks the page.
    const arm = (kind: 'report' | 'contribution') => {
      const t = kind === 'report' ? reports : contributions;
      // The kind and its order are constants of the arm, written as literals (a bare parameter has no type in PostgreSQL).
      return sql`select * from (select ${sql.raw(`'${kind}'`)} as kind, ${sql.raw(kind === 'report' ? '0' : '1')} as "kindOrder", ${t.id} as id, ${tasks.id} as "taskId",
        ${tasks.planId} as "planId", ${tasks.no} as "taskNo", ${tasks.title} as "taskTitle", ${units.id} as "unitId", ${units.name} as "unitName",
        ${reportingPeriods.month} as month, ${t.status} as status, ${epochMs(t.submittedAt)} as "submittedAt"
        from ${fromTable(kind)}
        join ${tasks} on ${tasks.id} = ${t.taskId}
        join ${units} on ${units.id} = ${t.unitId}
        join ${reportingPeriods} on ${reportingPeriods.id} = ${t.periodId}
        where ${conditionsOf(kind)}
        order by ${t.submittedAt}, ${tasks.no}, ${t.id} limit ${offset + pageSize}) as ${sql.identifier(`${kind}_arm`)}`;
    };
    // Oldest first; at the same moment the lower task number, then reports before parts.
    const rows = await queryRows<QueueRow>(
      db,
      sql`select kind, id, "taskId", "planId", "taskNo", "taskTitle", "unitId", "unitName", month, status, "submittedAt"
        from (${sql.join(kinds.map(arm), sql` union all `)}) as queue
        order by "submittedAt", "taskNo", "kindOrder", id limit ${pageSize} offset ${offset}`,
    );
    // 退回后重报: only for the rows on this page.
    const returned = new Set<string>();
    for (const kind of kinds) {
      const ids = rows.filter((r) => r.kind === kind).map((r) => r.id);
      if (!ids.length) continue;
      const owners = await db
        .selectDistinct({ ownerId: submissionSnapshots.ownerId })
        .from(submissionSnapshots)
        .where(and(eq(submissionSnapshots.ownerType, kind), inArray(submissionSnapshots.ownerId, ids), eq(submissionSnapshots.event, 'returned')));
      for (const r of owners) returned.add(`${kind}:${r.ownerId}`);
    }
    const items = rows.map((r) => ({
      ...r,
      taskLabel: taskLabel(planOf.get(r.planId)!, r.taskNo),
      submittedAt: r.submittedAt === null ? null : new Date(r.submittedAt),
      resubmission: returned.has(`${r.kind}:${r.id}`),
    }));
    return { items, page, pageCount: pageCountOf(total, pageSize), pageSize, total };
  });
}

export type ReviewDetail = {
  kind: 'report' | 'contribution';
  id: number;
  version: number;
  status: ReportStatus;
  task: { id: number; planId: number; no: number; label: string; title: string; text: string };
  unit: { id: number; name: string };
  month: string;
  submittedAt: Date | null;
  submittedByName: string | null;
  reviewComment: string | null;
  fields: { progress?: string; percentDone?: number | null; problems?: string; nextSteps?: string; content?: string };
  attachments: AttachmentMeta[];
  /** Indicator figures this month against last month's. */
  indicatorChanges: { name: string; unit: string; target: number; previous: number | null; current: number | null }[];
  previousPercentDone: number | null;
  /** Parts the participating units sent for the same task and month (for a lead report). */
  parts: { id: number; unitName: string; status: ReportStatus; content: string; attachments: AttachmentMeta[] }[];
  /** For a resubmission: what changed since the version that was returned. */
  diff: { returnedAt: Date; comment: string | null; changes: FieldChange[] } | null;
  history: { event: string; at: Date; actorName: string | null; comment: string | null }[];
};

/** Display names of the given users (null ids skipped). */
async function namesOf(db: Reader, ids: readonly (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: users.id, n: users.displayName }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** One report or part as the reviewer sees it. Oversight roles only (units see theirs on /my). */
export async function getReviewDetail(ctx: ServiceContext, kind: 'report' | 'contribution', id: number): Promise<ReviewDetail | null> {
  const { db, actor } = ctx;
  assertCan(actor, 'reports.readAll');
  const district = districtScopeOf(actor);
  const t = kind === 'report' ? reports : contributions;
  const [row] = await db
    .select({
      id: t.id,
      version: t.version,
      status: t.status,
      taskId: t.taskId,
      periodId: t.periodId,
      unitId: t.unitId,
      submittedAt: t.submittedAt,
      submittedBy: t.submittedBy,
      reviewComment: t.reviewComment,
      planId: tasks.planId,
      planShortName: plans.shortName,
      planKind: plans.kind,
      taskNo: tasks.no,
      taskTitle: tasks.title,
      taskText: tasks.text,
      unitName: units.name,
      month: reportingPeriods.month,
    })
    .from(t)
    .innerJoin(tasks, eq(tasks.id, t.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .innerJoin(units, eq(units.id, t.unitId))
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, t.periodId))
    // Another district's report or part is "not found", as a missing one.
    .where(and(eq(t.id, id), inDistrict(tasks.districtId, district)))
    .limit(1);
  // Drafts stay with their unit.
  if (!row || row.status === 'draft') return null;

  let fields: ReviewDetail['fields'];
  let indicatorChanges: ReviewDetail['indicatorChanges'] = [];
  let previousPercentDone: number | null = null;
  let parts: ReviewDetail['parts'] = [];
  if (kind === 'report') {
    const [r] = await db.select().from(reports).where(eq(reports.id, id)).limit(1);
    fields = { progress: r!.progress, percentDone: r!.percentDone, problems: r!.problems, nextSteps: r!.nextSteps };
    const [previous] = await db
      .select({ id: reports.id, percentDone: reports.percentDone })
      .from(reports)
      .innerJoin(reportingPeriods, eq(reportingPeriods.id, reports.periodId))
      .where(and(eq(reports.taskId, row.taskId), eq(reports.unitId, row.unitId), lt(reportingPeriods.month, row.month), inArray(reports.status, ['submitted', 'approved'])))
      .orderBy(desc(reportingPeriods.month))
      .limit(1);
    previousPercentDone = previous?.percentDone ?? null;
    const inds = await db.select().from(indicators).where(and(eq(indicators.taskId, row.taskId), eq(indicators.status, 'confirmed'))).orderBy(asc(indicators.position));
    const valuesOf = async (reportId: number | undefined) => {
      if (reportId === undefined) return new Map<number, number>();
      const values = await db
        .select({ indicatorId: reportIndicatorValues.indicatorId, value: reportIndicatorValues.value })
        .from(reportIndicatorValues)
        .where(eq(reportIndicatorValues.reportId, reportId));
      return new Map(values.map((v) => [v.indicatorId, v.value]));
    };
    const current = await valuesOf(id);
    const before = await valuesOf(previous?.id);
    indicatorChanges = inds.map((i) => ({ name: i.name, unit: i.unit, target: i.target, previous: before.get(i.id) ?? null, current: current.get(i.id) ?? null }));
    const partRows = await db
      .select({ id: contributions.id, unitName: units.name, status: contributions.status, content: contributions.content })
      .from(contributions)
      .innerJoin(units, eq(units.id, contributions.unitId))
      .where(and(eq(contributions.taskId, row.taskId), eq(contributions.periodId, row.periodId), inArray(contributions.status, ['submitted', 'approved', 'returned'])));
    const partFiles = await attachmentsOf(
      db,
      'contribution',
      partRows.map((p) => p.id),
    );
    parts = partRows.map((p) => ({ ...p, attachments: partFiles.get(p.id) ?? [] }));
  } else {
    const [c] = await db.select().from(contributions).where(eq(contributions.id, id)).limit(1);
    fields = { content: c!.content };
  }

  const snaps = await db
    .select()
    .from(submissionSnapshots)
    .where(and(eq(submissionSnapshots.ownerType, kind), eq(submissionSnapshots.ownerId, id)))
    .orderBy(asc(submissionSnapshots.at), asc(submissionSnapshots.id));
  const lastReturn = [...snaps].reverse().find((s) => s.event === 'returned');
  const latestSubmit = [...snaps].reverse().find((s) => s.event === 'submitted');
  const diff =
    lastReturn && latestSubmit && latestSubmit.at.getTime() >= lastReturn.at.getTime()
      ? {
          returnedAt: lastReturn.at,
          comment: lastReturn.comment,
          changes: snapshotDiff(JSON.parse(lastReturn.content) as Record<string, unknown>, JSON.parse(latestSubmit.content) as Record<string, unknown>),
        }
      : null;
  const names = await namesOf(db, [row.submittedBy, ...snaps.map((s) => s.actorId)]);
  const nameOf = (userId: number | null) => (userId === null ? null : (names.get(userId) ?? null));

  return {
    kind,
    id,
    version: row.version,
    status: row.status,
    task: {
      id: row.taskId,
      planId: row.planId,
      no: row.taskNo,
      label: taskLabel({ shortName: row.planShortName, kind: row.planKind }, row.taskNo),
      title: row.taskTitle,
      text: row.taskText,
    },
    unit: { id: row.unitId, name: row.unitName },
    month: row.month,
    submittedAt: row.submittedAt,
    submittedByName: nameOf(row.submittedBy),
    reviewComment: row.reviewComment,
    fields,
    attachments: (await attachmentsOf(db, kind, [id])).get(id) ?? [],
    indicatorChanges,
    previousPercentDone,
    parts,
    diff,
    history: snaps.map((s) => ({ event: s.event, at: s.at, actorName: nameOf(s.actorId), comment: s.comment })),
  };
}

/** A decision that landed: the new status, and what to tell the reviewer. */
export type ReviewOutcome = { status: ReportStatus; message: string };

const STATUS_WORDS: Record<ReportStatus, string> = { draft: '草稿', submitted: '待审核', approved: '已通过', returned: '已退回' };

/**
 * Approve or return a submitted report or part. The update names the status and version the
 * reviewer saw, so when two supervisors act at once exactly one decision lands and the other is
 * told what happened; nothing is overwritten.
 */
export async function reviewSubmission(ctx: ServiceContext, input: ReviewDecision): Promise<Result<ReviewOutcome>> {
  const { actor, now: at, meta } = ctx;
  assertCan(actor, 'reports.review');
  const districtId = ownDistrictId(actor);
  const t = input.kind === 'report' ? reports : contributions;
  return transaction(ctx.db, async (tx): Promise<Result<ReviewOutcome>> => {
    // Through its task: another district's report or part is "not found".
    const [current] = await tx
      .select({ status: t.status, version: t.version, taskId: t.taskId, unitId: t.unitId, periodId: t.periodId })
      .from(t)
      .innerJoin(tasks, eq(tasks.id, t.taskId))
      .where(and(eq(t.id, input.id), eq(tasks.districtId, districtId)))
      .limit(1);
    if (!current || current.status === 'draft') return fail('找不到该材料');
    // Nobody judges their own unit's work. The console gives no oversight account a unit any more;
    // this holds for an account given one before.
    if (actor.unitId !== null && actor.unitId === current.unitId) return fail('不能审核本单位报送的材料，请由其他督查员审核');
    // An archived list is read-only: a returned report could never be sent again.
    const refused = notInLoopReason(await taskListStatus(tx, { kind: 'district', districtId }, current.taskId));
    if (refused) return fail(refused);
    const to = nextReportState(current.status, input.decision);
    if (!to || current.version !== input.version) {
      return fail(`该材料已被其他督查员处理，当前状态：${STATUS_WORDS[current.status]}。请刷新页面查看。`);
    }
    const updated = await tx
      .update(t)
      .set({
        status: to,
        reviewedAt: at,
        reviewedBy: actor.userId,
        reviewComment: input.decision === 'return' ? input.comment : input.comment || null,
        version: sql`${t.version} + 1`,
      })
      .where(and(eq(t.id, input.id), eq(t.status, 'submitted'), eq(t.version, input.version)))
      .returning({ id: t.id });
    // Nothing was written: the refusal commits nothing.
    if (updated.length === 0) return fail('该材料已被其他督查员处理，请刷新页面查看。');
    await snapshot(tx, input.kind, input.id, input.decision === 'approve' ? 'approved' : 'returned', input.comment || null, actor.userId, at);
    await writeAudit(
      tx,
      actor,
      { action: `${input.kind}.${input.decision}`, entityType: input.kind, entityId: input.id, taskId: current.taskId, unitId: current.unitId, detail: input.comment ? { comment: input.comment } : undefined },
      meta,
      at,
    );
    const [task] = await tx
      .select({ no: tasks.no, title: tasks.title, shortName: plans.shortName, kind: plans.kind })
      .from(tasks)
      .innerJoin(plans, eq(plans.id, tasks.planId))
      .where(eq(tasks.id, current.taskId))
      .limit(1);
    const label = taskLabel(task!, task!.no);
    const [period] = await tx.select({ month: reportingPeriods.month }).from(reportingPeriods).where(eq(reportingPeriods.id, current.periodId)).limit(1);
    const month = period!.month;
    const link = `/my/tasks/${current.taskId}?period=${month}`;
    const what = input.kind === 'report' ? '月度进展' : '协办情况';
    await notifyUnits(
      tx,
      [current.unitId],
      input.decision === 'approve'
        ? { kind: 'report.approved', title: `${label}「${task!.title}」${monthLabel(month)}${what}已审核通过`, link }
        : { kind: 'report.returned', title: `${label}「${task!.title}」${monthLabel(month)}${what}被退回`, body: input.comment, link, urgent: true },
      at,
    );
    return ok({ status: to, message: input.decision === 'approve' ? '已审核通过' : '已退回，单位将看到退回意见' });
  });
}
