import { and, asc, count, eq, inArray, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { AppDatabase } from '@/db/client';
import {
  attachments,
  contributions,
  instructionReceipts,
  noticeTargets,
  reportingPeriods,
  reports,
  taskUnits,
  tasks,
  unitAliases,
  unitGroupMembers,
  units,
  users,
  type NoticeTargetStatus,
  type Role,
  type UnitKind,
} from '@/db/schema';
import { writeAudit, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { activePlans, taskLabel, type PlanSummary } from '@/lib/plans/plan-scope';
import { monthLabel } from '@/lib/reporting/calendar';
import { canonicalUnitName, normalizeUnitName } from '@/lib/units/normalize-unit-name';
import { invalid, isConstraintError, refuse, refuseField, RefusalError, type AdminResult } from './result';
import { unitActiveSchema, unitAliasSchema, unitMergeSchema, unitRenameSchema } from './schemas';

type Tx = Parameters<Parameters<AppDatabase['transaction']>[0]>[0];
type Reader = Pick<AppDatabase, 'select'>;

export type AdminUnitRow = {
  id: number;
  name: string;
  kind: UnitKind;
  active: boolean;
  aliases: string[];
  /** Tasks of the active lists. */
  leadCount: number;
  participatingCount: number;
  activeUserCount: number;
};

function taskCountsByUnit(db: Reader, planIds: number[]) {
  if (planIds.length === 0) return new Map<number, { lead: number; participating: number }>();
  const rows = db
    .select({
      unitId: taskUnits.unitId,
      lead: sql<number>`sum(case when ${taskUnits.role} = 'lead' then 1 else 0 end)`,
      participating: sql<number>`sum(case when ${taskUnits.role} = 'participating' then 1 else 0 end)`,
    })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .where(inArray(tasks.planId, planIds))
    .groupBy(taskUnits.unitId)
    .all();
  return new Map(rows.map((r) => [r.unitId, { lead: Number(r.lead), participating: Number(r.participating) }]));
}

function aliasesByUnit(db: Reader): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const a of db.select({ alias: unitAliases.alias, unitId: unitAliases.unitId }).from(unitAliases).orderBy(asc(unitAliases.alias)).all()) {
    map.set(a.unitId, [...(map.get(a.unitId) ?? []), a.alias]);
  }
  return map;
}

/** 单位管理: every unit, active or not, with aliases, task counts of the active lists and active accounts. */
export function listUnitsForAdmin(
  db: AppDatabase,
  actor: Actor,
): {
  /** The active lists the task counts cover. */
  plans: PlanSummary[];
  units: AdminUnitRow[];
} {
  assertCan(actor, 'units.manage');
  const active = activePlans(db);
  const counts = taskCountsByUnit(
    db,
    active.map((p) => p.id),
  );
  const aliasMap = aliasesByUnit(db);
  const userCounts = new Map(
    db
      .select({ unitId: users.unitId, n: count() })
      .from(users)
      .where(eq(users.active, true))
      .groupBy(users.unitId)
      .all()
      .map((r) => [r.unitId, r.n]),
  );
  const rows = db.select({ id: units.id, name: units.name, kind: units.kind, active: units.active }).from(units).all();
  return {
    plans: active,
    units: rows
      .map((u) => ({
        ...u,
        aliases: aliasMap.get(u.id) ?? [],
        leadCount: counts.get(u.id)?.lead ?? 0,
        participatingCount: counts.get(u.id)?.participating ?? 0,
        activeUserCount: userCounts.get(u.id) ?? 0,
      }))
      .sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'zh-CN')),
  };
}

export type UnitUsage = {
  taskLinks: number;
  users: number;
  reports: number;
  contributions: number;
  attachments: number;
  noticeTargets: number;
  instructionReceipts: number;
};

function unitUsage(db: Reader, unitId: number): UnitUsage {
  const n = (rows: { n: number }[]) => rows[0]?.n ?? 0;
  return {
    taskLinks: n(db.select({ n: count() }).from(taskUnits).where(eq(taskUnits.unitId, unitId)).all()),
    users: n(db.select({ n: count() }).from(users).where(eq(users.unitId, unitId)).all()),
    reports: n(db.select({ n: count() }).from(reports).where(eq(reports.unitId, unitId)).all()),
    contributions: n(db.select({ n: count() }).from(contributions).where(eq(contributions.unitId, unitId)).all()),
    attachments: n(db.select({ n: count() }).from(attachments).where(eq(attachments.unitId, unitId)).all()),
    noticeTargets: n(db.select({ n: count() }).from(noticeTargets).where(eq(noticeTargets.unitId, unitId)).all()),
    instructionReceipts: n(db.select({ n: count() }).from(instructionReceipts).where(eq(instructionReceipts.unitId, unitId)).all()),
  };
}

export type AdminUnitDetail = AdminUnitRow & {
  /** The active lists the task counts cover. */
  plans: PlanSummary[];
  usage: UnitUsage;
  users: { id: number; username: string; displayName: string; role: Role; active: boolean }[];
  /** Other active units, for the merge target picker. */
  mergeTargets: { id: number; name: string }[];
};

export function getUnitForAdmin(db: AppDatabase, actor: Actor, unitId: number): AdminUnitDetail | null {
  assertCan(actor, 'units.manage');
  const unit = db.select({ id: units.id, name: units.name, kind: units.kind, active: units.active }).from(units).where(eq(units.id, unitId)).get();
  if (!unit) return null;
  const active = activePlans(db);
  const counts = taskCountsByUnit(
    db,
    active.map((p) => p.id),
  ).get(unit.id);
  const unitUsers = db
    .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, active: users.active })
    .from(users)
    .where(eq(users.unitId, unit.id))
    .orderBy(asc(users.username))
    .all();
  return {
    ...unit,
    aliases: aliasesByUnit(db).get(unit.id) ?? [],
    leadCount: counts?.lead ?? 0,
    participatingCount: counts?.participating ?? 0,
    activeUserCount: unitUsers.filter((u) => u.active).length,
    plans: active,
    usage: unitUsage(db, unit.id),
    users: unitUsers,
    mergeTargets: db
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(and(eq(units.active, true), ne(units.id, unit.id)))
      .all()
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
  };
}

// ---------------------------------------------------------------------------------------------
// Names and aliases

/**
 * Why `name` cannot become the name of unit `selfId` (null = it can). A name must resolve to the
 * unit it names: not another unit's name or alias, and not a built-in abbreviation of another
 * name (the resolver would always send it there).
 */
function nameConflict(db: Reader, name: string, selfId: number): string | null {
  const other = db.select({ id: units.id }).from(units).where(and(eq(units.name, name), ne(units.id, selfId))).get();
  if (other) return `名称“${name}”已被另一个单位使用`;
  const aliasRow = db
    .select({ unitId: unitAliases.unitId, unitName: units.name })
    .from(unitAliases)
    .innerJoin(units, eq(units.id, unitAliases.unitId))
    .where(eq(unitAliases.alias, name))
    .get();
  if (aliasRow && aliasRow.unitId !== selfId) return `“${name}”已是单位“${aliasRow.unitName}”的别名`;
  const builtin = canonicalUnitName(name);
  if (builtin !== name) return `“${name}”是系统内置的“${builtin}”的简称，不能用作单位名称`;
  return null;
}

/** 重命名: the old name stays as an alias, so notices that still use it resolve to the unit. */
export function renameUnit(db: AppDatabase, actor: Actor, raw: unknown, meta: RequestMeta, at: Date): AdminResult<{ name: string }> {
  assertCan(actor, 'units.manage');
  const parsed = unitRenameSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const name = normalizeUnitName(parsed.data.name);
  return db.transaction(
    (tx): AdminResult<{ name: string }> => {
      const unit = tx.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, parsed.data.unitId)).get();
      if (!unit) return refuse('找不到该单位');
      if (unit.name === name) return refuseField('name', '新名称与现在的名称相同');
      const conflict = nameConflict(tx, name, unit.id);
      if (conflict) return refuseField('name', conflict);
      // The new name may have been one of the unit's aliases: it is its name now.
      tx.delete(unitAliases)
        .where(and(eq(unitAliases.alias, name), eq(unitAliases.unitId, unit.id)))
        .run();
      tx.update(units).set({ name }).where(eq(units.id, unit.id)).run();
      tx.insert(unitAliases).values({ alias: unit.name, unitId: unit.id }).onConflictDoNothing().run();
      writeAudit(tx, actor, { action: 'unit.rename', entityType: 'unit', entityId: unit.id, unitId: unit.id, detail: { from: unit.name, to: name } }, meta, at);
      return { ok: true, data: { name }, message: `已改名为“${name}”，原名称“${unit.name}”保留为别名` };
    },
    { behavior: 'immediate' },
  );
}

/** 添加别名: another spelling that notices use for the unit. */
export function addUnitAlias(db: AppDatabase, actor: Actor, raw: unknown, meta: RequestMeta, at: Date): AdminResult<{ alias: string }> {
  assertCan(actor, 'units.manage');
  const parsed = unitAliasSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const aliasText = normalizeUnitName(parsed.data.alias);
  return db.transaction(
    (tx): AdminResult<{ alias: string }> => {
      const unit = tx.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, parsed.data.unitId)).get();
      if (!unit) return refuse('找不到该单位');
      if (aliasText === unit.name) return refuseField('alias', '别名与单位名称相同');
      const named = tx.select({ id: units.id }).from(units).where(eq(units.name, aliasText)).get();
      if (named) return refuseField('alias', `“${aliasText}”是另一个单位的名称；如两者是同一单位，请使用“合并”`);
      const existing = tx
        .select({ unitId: unitAliases.unitId, unitName: units.name })
        .from(unitAliases)
        .innerJoin(units, eq(units.id, unitAliases.unitId))
        .where(eq(unitAliases.alias, aliasText))
        .get();
      if (existing) {
        return refuseField('alias', existing.unitId === unit.id ? `“${aliasText}”已是该单位的别名` : `“${aliasText}”已是单位“${existing.unitName}”的别名`);
      }
      tx.insert(unitAliases).values({ alias: aliasText, unitId: unit.id }).run();
      writeAudit(tx, actor, { action: 'unit.alias', entityType: 'unit', entityId: unit.id, unitId: unit.id, detail: { alias: aliasText } }, meta, at);
      return { ok: true, data: { alias: aliasText }, message: `已添加别名“${aliasText}”` };
    },
    { behavior: 'immediate' },
  );
}

// ---------------------------------------------------------------------------------------------
// 合并

const NOTICE_TARGET_RANK: Record<NoticeTargetStatus, number> = { pending: 0, sent_back: 1, answered: 2, accepted: 3 };

/** Chinese names of tables that other features add with a reference to a unit. */
const OTHER_TABLE_LABELS: Record<string, string> = {
  assessment_scores: '考核得分',
  assessment_month_scores: '考核月度综合得分',
  assessment_explanations: '考核情况说明',
};

/** Tables this service moves explicitly; any other table that references units is moved generically. */
const HANDLED_TABLES = new Set([
  'unit_aliases',
  'unit_group_members',
  'task_units',
  'users',
  'reports',
  'contributions',
  'attachments',
  'notice_targets',
  'instruction_receipts',
]);

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Every (table, column) outside HANDLED_TABLES with a foreign key to units.id. */
function otherUnitReferences(tx: Tx): { table: string; column: string }[] {
  const tables = tx.all<{ name: string }>(sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'`);
  const refs: { table: string; column: string }[] = [];
  for (const { name } of tables) {
    if (HANDLED_TABLES.has(name)) continue;
    const fks = tx.all<{ table: string; from: string }>(sql.raw(`pragma foreign_key_list(${quoteIdent(name)})`));
    for (const fk of fks) if (fk.table === 'units') refs.push({ table: name, column: fk.from });
  }
  return refs;
}

type Clash = { no: number; title: string; month: string };

function describeClashes(kind: string, rows: Clash[]): string {
  const shown = rows.slice(0, 5).map((r) => `任务 ${r.no}「${r.title}」${monthLabel(r.month)}`);
  return `两个单位在同一任务、同一月份都有${kind}，无法自动合并：${shown.join('；')}${rows.length > 5 ? ` 等 ${rows.length} 处` : ''}。请先与督查室核实、处理后再合并。`;
}

function reportClashes(db: Reader, sourceId: number, targetId: number): Clash[] {
  const other = alias(reports, 'other_report');
  return db
    .select({ no: tasks.no, title: tasks.title, month: reportingPeriods.month })
    .from(reports)
    .innerJoin(other, and(eq(other.taskId, reports.taskId), eq(other.periodId, reports.periodId)))
    .innerJoin(tasks, eq(tasks.id, reports.taskId))
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, reports.periodId))
    .where(and(eq(reports.unitId, sourceId), eq(other.unitId, targetId)))
    .orderBy(asc(reportingPeriods.month), asc(tasks.no))
    .all();
}

function contributionClashes(db: Reader, sourceId: number, targetId: number): Clash[] {
  const other = alias(contributions, 'other_contribution');
  return db
    .select({ no: tasks.no, title: tasks.title, month: reportingPeriods.month })
    .from(contributions)
    .innerJoin(other, and(eq(other.taskId, contributions.taskId), eq(other.periodId, contributions.periodId)))
    .innerJoin(tasks, eq(tasks.id, contributions.taskId))
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, contributions.periodId))
    .where(and(eq(contributions.unitId, sourceId), eq(other.unitId, targetId)))
    .orderBy(asc(reportingPeriods.month), asc(tasks.no))
    .all();
}

export type MergeSummary = {
  taskLinksMoved: number;
  taskLinksKeptTarget: number;
  users: number;
  reports: number;
  contributions: number;
  attachments: number;
  noticeTargets: number;
  instructionReceipts: number;
  aliases: number;
  other: Record<string, number>;
};

/**
 * 合并: `source` was another name for `target` (or has been absorbed by it). Everything that
 * belonged to source moves to target and source's name becomes one of target's aliases, in one
 * IMMEDIATE transaction. Refused, with nothing written, when both units reported on the same
 * task and month (the two reports cannot be combined automatically).
 */
export function mergeUnits(db: AppDatabase, actor: Actor, raw: unknown, meta: RequestMeta, at: Date): AdminResult<MergeSummary> {
  assertCan(actor, 'units.manage');
  const parsed = unitMergeSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { sourceId, targetId } = parsed.data;
  try {
    return db.transaction(
      (tx): AdminResult<MergeSummary> => {
        const source = tx.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, sourceId)).get();
        const target = tx.select({ id: units.id, name: units.name, active: units.active }).from(units).where(eq(units.id, targetId)).get();
        if (!source) return refuse('找不到要合并的单位');
        if (!target) return refuseField('targetId', '找不到目标单位');
        if (!target.active) return refuseField('targetId', `目标单位“${target.name}”已停用，请先启用它或选择其他单位`);

        const reportClash = reportClashes(tx, source.id, target.id);
        if (reportClash.length) return refuseField('targetId', describeClashes('月度进展', reportClash));
        const contributionClash = contributionClashes(tx, source.id, target.id);
        if (contributionClash.length) return refuseField('targetId', describeClashes('协办情况', contributionClash));

        const summary: MergeSummary = {
          taskLinksMoved: 0,
          taskLinksKeptTarget: 0,
          users: 0,
          reports: 0,
          contributions: 0,
          attachments: 0,
          noticeTargets: 0,
          instructionReceipts: 0,
          aliases: 0,
          other: {},
        };

        // 任务责任关系. The target's own row wins; a unit that leads a task is not also listed as participating.
        const links = tx.select().from(taskUnits).where(eq(taskUnits.unitId, source.id)).all();
        for (const link of links) {
          const targetRoles = tx
            .select({ role: taskUnits.role })
            .from(taskUnits)
            .where(and(eq(taskUnits.taskId, link.taskId), eq(taskUnits.unitId, target.id)))
            .all()
            .map((r) => r.role);
          if (targetRoles.includes(link.role) || (link.role === 'participating' && targetRoles.includes('lead'))) {
            summary.taskLinksKeptTarget += 1;
            continue;
          }
          if (link.role === 'lead' && targetRoles.includes('participating')) {
            tx.delete(taskUnits)
              .where(and(eq(taskUnits.taskId, link.taskId), eq(taskUnits.unitId, target.id), eq(taskUnits.role, 'participating')))
              .run();
          }
          tx.insert(taskUnits).values({ taskId: link.taskId, unitId: target.id, role: link.role, position: link.position }).run();
          summary.taskLinksMoved += 1;
        }
        tx.delete(taskUnits).where(eq(taskUnits.unitId, source.id)).run();

        summary.users = tx.update(users).set({ unitId: target.id }).where(eq(users.unitId, source.id)).run().changes;
        summary.reports = tx.update(reports).set({ unitId: target.id }).where(eq(reports.unitId, source.id)).run().changes;
        summary.contributions = tx.update(contributions).set({ unitId: target.id }).where(eq(contributions.unitId, source.id)).run().changes;
        summary.attachments = tx.update(attachments).set({ unitId: target.id }).where(eq(attachments.unitId, source.id)).run().changes;

        // 督办单: one answer per unit and notice; where both were addressed, the further-advanced answer stays.
        for (const row of tx.select().from(noticeTargets).where(eq(noticeTargets.unitId, source.id)).all()) {
          const theirs = tx
            .select({ id: noticeTargets.id, status: noticeTargets.status })
            .from(noticeTargets)
            .where(and(eq(noticeTargets.noticeId, row.noticeId), eq(noticeTargets.unitId, target.id)))
            .get();
          if (theirs && NOTICE_TARGET_RANK[theirs.status] >= NOTICE_TARGET_RANK[row.status]) {
            tx.delete(noticeTargets).where(eq(noticeTargets.id, row.id)).run();
            continue;
          }
          if (theirs) tx.delete(noticeTargets).where(eq(noticeTargets.id, theirs.id)).run();
          tx.update(noticeTargets).set({ unitId: target.id }).where(eq(noticeTargets.id, row.id)).run();
          summary.noticeTargets += 1;
        }

        // 批示签收: the target's receipt stays, completed with the source's acknowledgement or reply.
        for (const row of tx.select().from(instructionReceipts).where(eq(instructionReceipts.unitId, source.id)).all()) {
          const theirs = tx
            .select()
            .from(instructionReceipts)
            .where(and(eq(instructionReceipts.instructionId, row.instructionId), eq(instructionReceipts.unitId, target.id)))
            .get();
          if (!theirs) {
            tx.update(instructionReceipts).set({ unitId: target.id }).where(eq(instructionReceipts.id, row.id)).run();
            summary.instructionReceipts += 1;
            continue;
          }
          const fill: Partial<typeof instructionReceipts.$inferInsert> = {};
          if (!theirs.acknowledgedAt && row.acknowledgedAt) Object.assign(fill, { acknowledgedAt: row.acknowledgedAt, acknowledgedBy: row.acknowledgedBy });
          if (!theirs.reply && row.reply) Object.assign(fill, { reply: row.reply, repliedAt: row.repliedAt });
          if (Object.keys(fill).length) tx.update(instructionReceipts).set(fill).where(eq(instructionReceipts.id, theirs.id)).run();
          tx.delete(instructionReceipts).where(eq(instructionReceipts.id, row.id)).run();
        }

        // 单位组: the target joins every group the source was listed in (once).
        for (const m of tx.select().from(unitGroupMembers).where(eq(unitGroupMembers.unitId, source.id)).all()) {
          tx.insert(unitGroupMembers).values({ groupId: m.groupId, unitId: target.id }).onConflictDoNothing().run();
        }
        tx.delete(unitGroupMembers).where(eq(unitGroupMembers.unitId, source.id)).run();

        // Tables added by other features (e.g. 考核): moved as they are; a clash refuses the whole merge.
        for (const ref of otherUnitReferences(tx)) {
          try {
            const r = tx.run(sql.raw(`update ${quoteIdent(ref.table)} set ${quoteIdent(ref.column)} = ${target.id} where ${quoteIdent(ref.column)} = ${source.id}`));
            if (r.changes) summary.other[ref.table] = (summary.other[ref.table] ?? 0) + r.changes;
          } catch (err) {
            if (isConstraintError(err)) {
              const label = OTHER_TABLE_LABELS[ref.table] ?? ref.table;
              throw new RefusalError(`两个单位的“${label}”记录相互冲突（同一期间各有一条），无法自动合并。请先与督查室核实、处理后再合并。`, 'targetId');
            }
            throw err;
          }
        }

        // 别名: the source's aliases and its own name now name the target.
        for (const a of tx.select().from(unitAliases).where(eq(unitAliases.unitId, source.id)).all()) {
          if (a.alias === target.name) tx.delete(unitAliases).where(eq(unitAliases.id, a.id)).run();
          else tx.update(unitAliases).set({ unitId: target.id }).where(eq(unitAliases.id, a.id)).run();
          summary.aliases += 1;
        }
        tx.delete(units).where(eq(units.id, source.id)).run();
        tx.insert(unitAliases).values({ alias: source.name, unitId: target.id }).onConflictDoNothing().run();

        writeAudit(
          tx,
          actor,
          {
            action: 'unit.merge',
            entityType: 'unit',
            entityId: target.id,
            unitId: target.id,
            detail: { from: { id: source.id, name: source.name }, into: { id: target.id, name: target.name }, moved: summary },
          },
          meta,
          at,
        );
        return { ok: true, data: summary, message: `已将“${source.name}”合并到“${target.name}”，原名称保留为别名` };
      },
      { behavior: 'immediate' },
    );
  } catch (err) {
    if (err instanceof RefusalError) return err.field ? refuseField(err.field, err.message) : refuse(err.message);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// 停用 / 启用

/**
 * A deactivated unit is hidden from pickers. Refused while the unit leads tasks of an active list
 * (someone must report on them) or still has active accounts (they would act for a unit that
 * nobody can pick any more).
 */
export function setUnitActive(db: AppDatabase, actor: Actor, raw: unknown, meta: RequestMeta, at: Date): AdminResult {
  assertCan(actor, 'units.manage');
  const parsed = unitActiveSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { unitId, active } = parsed.data;
  return db.transaction(
    (tx): AdminResult => {
      const unit = tx.select({ id: units.id, name: units.name, active: units.active }).from(units).where(eq(units.id, unitId)).get();
      if (!unit) return refuse('找不到该单位');
      if (unit.active === active) return refuse(active ? '该单位已是启用状态' : '该单位已停用');
      if (!active) {
        const reasons: string[] = [];
        // Tasks it leads in the active lists (someone must report on them).
        const lists = activePlans(tx);
        const planOf = new Map(lists.map((p) => [p.id, p]));
        const led = lists.length
          ? tx
              .select({ no: tasks.no, planId: tasks.planId })
              .from(taskUnits)
              .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
              .where(and(eq(taskUnits.unitId, unit.id), eq(taskUnits.role, 'lead'), inArray(tasks.planId, [...planOf.keys()])))
              .all()
              .sort((a, b) => lists.indexOf(planOf.get(a.planId)!) - lists.indexOf(planOf.get(b.planId)!) || a.no - b.no)
          : [];
        if (led.length) {
          const shown = led.slice(0, 10);
          const more = led.length > 10 ? ' 等' : '';
          if (lists.length === 1) {
            reasons.push(`该单位牵头 ${lists[0]!.year} 年任务 ${led.length} 项（任务 ${shown.map((t) => t.no).join('、')}${more}），停用后将无人报送；如单位已撤并，请使用“合并”`);
          } else {
            const labels = shown.map((t) => taskLabel(planOf.get(t.planId)!, t.no)).join('、');
            reasons.push(`该单位牵头进行中清单的任务 ${led.length} 项（${labels}${more}），停用后将无人报送；如单位已撤并，请使用“合并”`);
          }
        }
        const activeUsers = tx
          .select({ username: users.username })
          .from(users)
          .where(and(eq(users.unitId, unit.id), eq(users.active, true)))
          .orderBy(asc(users.username))
          .all();
        if (activeUsers.length) {
          reasons.push(`该单位仍有 ${activeUsers.length} 个启用的账户（${activeUsers.map((u) => u.username).join('、')}），请先停用这些账户或调整其所属单位`);
        }
        if (reasons.length) return refuse(`不能停用“${unit.name}”：${reasons.join('；')}。`);
      }
      tx.update(units).set({ active }).where(eq(units.id, unit.id)).run();
      writeAudit(tx, actor, { action: active ? 'unit.reactivate' : 'unit.deactivate', entityType: 'unit', entityId: unit.id, unitId: unit.id, detail: { name: unit.name } }, meta, at);
      return { ok: true, message: active ? `已启用“${unit.name}”` : `已停用“${unit.name}”，选择单位时将不再显示` };
    },
    { behavior: 'immediate' },
  );
}

/** Active units for the account form's picker. */
export function activeUnitOptions(db: AppDatabase, actor: Actor): { id: number; name: string }[] {
  assertCan(actor, 'users.manage');
  return db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(eq(units.active, true))
    .all()
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
