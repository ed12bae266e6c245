import { and, asc, count, eq, getTableColumns, getTableName, inArray, is, ne } from 'drizzle-orm';
import { alias, getTableConfig, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import * as schema from '@/db/schema';
import * as sqliteSchema from '@/db/schema-sqlite';
import {
  attachments,
  contributions,
  instructionReceipts,
  monthSignOffs,
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
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader, type Tx } from '@/lib/db';
import { ownDistrictId, type DistrictScope } from '@/lib/districts/district-scope';
import { isConstraintError, RefusalError } from '@/lib/errors';
import { activePlans, taskLabel, type PlanSummary } from '@/lib/plans/plan-scope';
import { monthLabel } from '@/lib/reporting/calendar';
import { fail, failField, ok, settle, type Result } from '@/lib/result';
import { canonicalUnitName, normalizeUnitName } from '@/lib/units/normalize-unit-name';
import { aliasesByUnit, taskCountsByUnit } from '@/lib/units/unit-service';
import type { UnitActiveInput, UnitAliasInput, UnitMergeInput, UnitRenameInput } from './schemas';

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

/**
 * The district the administrator manages: a district's system administrator keeps its units only,
 * and every read and change below names it (a unit of another district is "not found").
 */
function adminDistrict(ctx: ServiceContext): { districtId: number; scope: DistrictScope } {
  const districtId = ownDistrictId(ctx.actor);
  return { districtId, scope: { kind: 'district', districtId } };
}

/** 单位管理: every unit of the district, active or not, with aliases, task counts of the active lists and active accounts. */
export async function listUnitsForAdmin(ctx: ServiceContext): Promise<{
  /** The active lists the task counts cover. */
  plans: PlanSummary[];
  units: AdminUnitRow[];
}> {
  assertCan(ctx.actor, 'units.manage');
  const { db } = ctx;
  const { districtId, scope } = adminDistrict(ctx);
  const active = await activePlans(db, scope);
  const counts = await taskCountsByUnit(
    db,
    scope,
    active.map((p) => p.id),
  );
  const aliasMap = await aliasesByUnit(db, districtId);
  const userRows = await db
    .select({ unitId: users.unitId, n: count() })
    .from(users)
    .where(and(eq(users.districtId, districtId), eq(users.active, true)))
    .groupBy(users.unitId);
  const userCounts = new Map(userRows.map((r) => [r.unitId, r.n]));
  const rows = await db.select({ id: units.id, name: units.name, kind: units.kind, active: units.active }).from(units).where(eq(units.districtId, districtId));
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

/** A unit's records of each kind that follows the unit (moved by a merge, counted on its page). */
type UnitRecordCounts = {
  users: number;
  reports: number;
  contributions: number;
  attachments: number;
  noticeTargets: number;
  instructionReceipts: number;
};

export type UnitUsage = { taskLinks: number } & UnitRecordCounts;

/** The records that follow a unit (the unit is one of the district: checked by the caller, so its rows are too). */
async function unitUsage(db: Reader, unitId: number): Promise<UnitUsage> {
  const n = async (rows: Promise<{ n: number }[]>) => (await rows)[0]?.n ?? 0;
  return {
    taskLinks: await n(db.select({ n: count() }).from(taskUnits).where(eq(taskUnits.unitId, unitId))),
    users: await n(db.select({ n: count() }).from(users).where(eq(users.unitId, unitId))),
    reports: await n(db.select({ n: count() }).from(reports).where(eq(reports.unitId, unitId))),
    contributions: await n(db.select({ n: count() }).from(contributions).where(eq(contributions.unitId, unitId))),
    attachments: await n(db.select({ n: count() }).from(attachments).where(eq(attachments.unitId, unitId))),
    noticeTargets: await n(db.select({ n: count() }).from(noticeTargets).where(eq(noticeTargets.unitId, unitId))),
    instructionReceipts: await n(db.select({ n: count() }).from(instructionReceipts).where(eq(instructionReceipts.unitId, unitId))),
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

export async function getUnitForAdmin(ctx: ServiceContext, unitId: number): Promise<AdminUnitDetail | null> {
  assertCan(ctx.actor, 'units.manage');
  const { db } = ctx;
  const { districtId, scope } = adminDistrict(ctx);
  const [unit] = await db
    .select({ id: units.id, name: units.name, kind: units.kind, active: units.active })
    .from(units)
    .where(and(eq(units.id, unitId), eq(units.districtId, districtId)))
    .limit(1);
  if (!unit) return null;
  const active = await activePlans(db, scope);
  const counts = (
    await taskCountsByUnit(
      db,
      scope,
      active.map((p) => p.id),
    )
  ).get(unit.id);
  const unitUsers = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, active: users.active })
    .from(users)
    .where(eq(users.unitId, unit.id))
    .orderBy(asc(users.username));
  const targets = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.active, true), ne(units.id, unit.id)));
  return {
    ...unit,
    aliases: (await aliasesByUnit(db, districtId)).get(unit.id) ?? [],
    leadCount: counts?.lead ?? 0,
    participatingCount: counts?.participating ?? 0,
    activeUserCount: unitUsers.filter((u) => u.active).length,
    plans: active,
    usage: await unitUsage(db, unit.id),
    users: unitUsers,
    mergeTargets: targets.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
  };
}

// ---------------------------------------------------------------------------------------------
// Names and aliases

/** A unit of the district by id (another district's id: none). */
async function unitById(db: Reader, districtId: number, unitId: number): Promise<{ id: number; name: string; active: boolean } | undefined> {
  const [row] = await db
    .select({ id: units.id, name: units.name, active: units.active })
    .from(units)
    .where(and(eq(units.id, unitId), eq(units.districtId, districtId)))
    .limit(1);
  return row;
}

type ChangedUnit = { id: number; name: string; active: boolean; districtId: number };

/** Runs `change` on the unit in one transaction, for those who manage units; a unit that does not exist (in the district) is refused. */
async function changeUnit<T extends object>(ctx: ServiceContext, unitId: number, change: (tx: Tx, unit: ChangedUnit) => Promise<Result<T>>): Promise<Result<T>> {
  assertCan(ctx.actor, 'units.manage');
  const { districtId } = adminDistrict(ctx);
  return transaction(ctx.db, async (tx) => {
    const unit = await unitById(tx, districtId, unitId);
    return unit ? change(tx, { ...unit, districtId }) : fail('找不到该单位');
  });
}

/** The unit of the district that `alias` is an alias of, if any (names and aliases are the district's own). */
async function aliasOwner(db: Reader, districtId: number, alias: string): Promise<{ unitId: number; unitName: string } | undefined> {
  const [row] = await db
    .select({ unitId: unitAliases.unitId, unitName: units.name })
    .from(unitAliases)
    .innerJoin(units, eq(units.id, unitAliases.unitId))
    .where(and(eq(unitAliases.districtId, districtId), eq(unitAliases.alias, alias)))
    .limit(1);
  return row;
}

/**
 * Why `name` cannot become the name of unit `selfId` (null = it can). A name must resolve to the
 * unit it names: not another unit's name or alias in the district (another district may use it), and not a built-in abbreviation of another
 * name (the resolver would always send it there).
 */
async function nameConflict(db: Reader, districtId: number, name: string, selfId: number): Promise<string | null> {
  const [other] = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.name, name), ne(units.id, selfId)))
    .limit(1);
  if (other) return `名称“${name}”已被另一个单位使用`;
  const aliasRow = await aliasOwner(db, districtId, name);
  if (aliasRow && aliasRow.unitId !== selfId) return `“${name}”已是单位“${aliasRow.unitName}”的别名`;
  const builtin = canonicalUnitName(name);
  if (builtin !== name) return `“${name}”是系统内置的“${builtin}”的简称，不能用作单位名称`;
  return null;
}

/** 重命名: the old name stays as an alias, so notices that still use it resolve to the unit. */
export async function renameUnit(ctx: ServiceContext, input: UnitRenameInput): Promise<Result<{ data: { name: string } }>> {
  const name = normalizeUnitName(input.name);
  return changeUnit(ctx, input.unitId, async (tx, unit): Promise<Result<{ data: { name: string } }>> => {
    if (unit.name === name) return failField('name', '新名称与现在的名称相同');
    const conflict = await nameConflict(tx, unit.districtId, name, unit.id);
    if (conflict) return failField('name', conflict);
    // The new name may have been one of the unit's aliases: it is its name now.
    await tx.delete(unitAliases).where(and(eq(unitAliases.alias, name), eq(unitAliases.unitId, unit.id)));
    await tx.update(units).set({ name }).where(eq(units.id, unit.id));
    await tx.insert(unitAliases).values({ districtId: unit.districtId, alias: unit.name, unitId: unit.id }).onConflictDoNothing();
    await writeAudit(tx, ctx.actor, { action: 'unit.rename', entityType: 'unit', entityId: unit.id, unitId: unit.id, detail: { from: unit.name, to: name } }, ctx.meta, ctx.now);
    return ok({ data: { name }, message: `已改名为“${name}”，原名称“${unit.name}”保留为别名` });
  });
}

/** 添加别名: another spelling that notices use for the unit. */
export async function addUnitAlias(ctx: ServiceContext, input: UnitAliasInput): Promise<Result<{ data: { alias: string } }>> {
  const aliasText = normalizeUnitName(input.alias);
  return changeUnit(ctx, input.unitId, async (tx, unit): Promise<Result<{ data: { alias: string } }>> => {
    if (aliasText === unit.name) return failField('alias', '别名与单位名称相同');
    const [named] = await tx
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.districtId, unit.districtId), eq(units.name, aliasText)))
      .limit(1);
    if (named) return failField('alias', `“${aliasText}”是另一个单位的名称；如两者是同一单位，请使用“合并”`);
    const existing = await aliasOwner(tx, unit.districtId, aliasText);
    if (existing) {
      return failField('alias', existing.unitId === unit.id ? `“${aliasText}”已是该单位的别名` : `“${aliasText}”已是单位“${existing.unitName}”的别名`);
    }
    await tx.insert(unitAliases).values({ districtId: unit.districtId, alias: aliasText, unitId: unit.id });
    await writeAudit(tx, ctx.actor, { action: 'unit.alias', entityType: 'unit', entityId: unit.id, unitId: unit.id, detail: { alias: aliasText } }, ctx.meta, ctx.now);
    return ok({ data: { alias: aliasText }, message: `已添加别名“${aliasText}”` });
  });
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
const HANDLED_TABLES: ReadonlySet<SQLiteTable> = new Set<SQLiteTable>([
  unitAliases,
  unitGroupMembers,
  taskUnits,
  users,
  reports,
  contributions,
  attachments,
  noticeTargets,
  instructionReceipts,
  monthSignOffs,
]);

/** A column of a table outside HANDLED_TABLES with a foreign key to units.id; `key` is its property in the table object. */
type UnitReference = { table: SQLiteTable; tableName: string; key: string; column: SQLiteColumn };

let unitReferences: UnitReference[] | undefined;

/**
 * Every (table, column) outside HANDLED_TABLES with a foreign key to units.id, read off the drizzle
 * schema rather than the database's catalogue, so it is the same on any engine: the references are
 * found in the SQLite definitions (db/schema-sqlite.ts, the source of both engines' schemas), and
 * the tables are those of the engine the process runs on (db/schema.ts), matched by export name.
 * A table that another feature adds to the schema with a reference to a unit is moved too.
 */
function otherUnitReferences(): UnitReference[] {
  const handled = new Set([...HANDLED_TABLES].map((t) => getTableName(t)));
  const active = schema as unknown as Record<string, SQLiteTable>;
  unitReferences ??= Object.entries(sqliteSchema as Record<string, unknown>)
    .filter((entry): entry is [string, SQLiteTable] => is(entry[1], SQLiteTable) && !handled.has(getTableName(entry[1])))
    .flatMap(([exportName, definition]) => {
      const { name, foreignKeys } = getTableConfig(definition);
      const columns = Object.entries(getTableColumns(definition));
      return foreignKeys.flatMap((fk) => {
        const ref = fk.reference();
        if (getTableName(ref.foreignTable) !== 'units' || ref.columns.length !== 1 || ref.foreignColumns[0]!.name !== 'id') return [];
        const key = columns.find(([, c]) => c.name === ref.columns[0]!.name)?.[0];
        const table = active[exportName]!;
        return key ? [{ table, tableName: name, key, column: (table as unknown as Record<string, SQLiteColumn>)[key]! }] : [];
      });
    });
  return unitReferences;
}

type Clash = { no: number; title: string; month: string };

function describeClashes(kind: string, rows: Clash[]): string {
  const shown = rows.slice(0, 5).map((r) => `任务 ${r.no}「${r.title}」${monthLabel(r.month)}`);
  return `两个单位在同一任务、同一月份都有${kind}，无法自动合并：${shown.join('；')}${rows.length > 5 ? ` 等 ${rows.length} 处` : ''}。请先与督查室核实、处理后再合并。`;
}

/** The tasks and months where both units have a report (or both a part): those cannot be combined automatically. */
async function clashes(db: Reader, table: typeof reports | typeof contributions, sourceId: number, targetId: number): Promise<Clash[]> {
  const other = alias(table, 'other_row');
  return db
    .select({ no: tasks.no, title: tasks.title, month: reportingPeriods.month })
    .from(table)
    .innerJoin(other, and(eq(other.taskId, table.taskId), eq(other.periodId, table.periodId)))
    .innerJoin(tasks, eq(tasks.id, table.taskId))
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, table.periodId))
    .where(and(eq(table.unitId, sourceId), eq(other.unitId, targetId)))
    .orderBy(asc(reportingPeriods.month), asc(tasks.no));
}

export type MergeSummary = { taskLinksMoved: number; taskLinksKeptTarget: number } & UnitRecordCounts & { aliases: number; other: Record<string, number> };

/** Moves the rows of a table found by otherUnitReferences; a unique-key clash refuses the whole merge (the transaction rolls back). */
async function moveOtherReferences(tx: Tx, sourceId: number, targetId: number, summary: MergeSummary): Promise<void> {
  for (const ref of otherUnitReferences()) {
    let moved: unknown[];
    try {
      moved = await tx
        .update(ref.table)
        // The column is known only by its name here: the set clause is typed per table.
        .set({ [ref.key]: targetId } as never)
        .where(eq(ref.column, sourceId))
        .returning({ unitId: ref.column });
    } catch (err) {
      if (isConstraintError(err)) {
        const label = OTHER_TABLE_LABELS[ref.tableName] ?? ref.tableName;
        throw new RefusalError(`两个单位的“${label}”记录相互冲突（同一期间各有一条），无法自动合并。请先与督查室核实、处理后再合并。`, 'targetId');
      }
      throw err;
    }
    if (moved.length) summary.other[ref.tableName] = (summary.other[ref.tableName] ?? 0) + moved.length;
  }
}

/**
 * 合并: `source` was another name for `target` (or has been absorbed by it). Everything that
 * belonged to source moves to target and source's name becomes one of target's aliases, in one
 * transaction. Refused, with nothing written, when both units reported on the same task and
 * month (the two reports cannot be combined automatically).
 */
export async function mergeUnits(ctx: ServiceContext, input: UnitMergeInput): Promise<Result<{ data: MergeSummary }>> {
  assertCan(ctx.actor, 'units.manage');
  const { sourceId, targetId } = input;
  // Both units are of the administrator's district: then every row that follows them is too.
  const { districtId } = adminDistrict(ctx);
  // A clash found while moving throws a RefusalError (rolling everything back); it is answered as a refusal.
  return settle(() =>
    transaction(ctx.db, async (tx): Promise<Result<{ data: MergeSummary }>> => {
      const source = await unitById(tx, districtId, sourceId);
      const target = await unitById(tx, districtId, targetId);
      if (!source) return fail('找不到要合并的单位');
      if (!target) return failField('targetId', '找不到目标单位');
      if (!target.active) return failField('targetId', `目标单位“${target.name}”已停用，请先启用它或选择其他单位`);

      const reportClash = await clashes(tx, reports, source.id, target.id);
      if (reportClash.length) return failField('targetId', describeClashes('月度进展', reportClash));
      const contributionClash = await clashes(tx, contributions, source.id, target.id);
      if (contributionClash.length) return failField('targetId', describeClashes('协办情况', contributionClash));

      const summary: MergeSummary = { taskLinksMoved: 0, taskLinksKeptTarget: 0, users: 0, reports: 0, contributions: 0, attachments: 0, noticeTargets: 0, instructionReceipts: 0, aliases: 0, other: {} };

      // 任务责任关系. The target's own row wins; a unit that leads a task is not also listed as participating.
      const links = await tx.select().from(taskUnits).where(eq(taskUnits.unitId, source.id));
      for (const link of links) {
        const targetRoles = (
          await tx
            .select({ role: taskUnits.role })
            .from(taskUnits)
            .where(and(eq(taskUnits.taskId, link.taskId), eq(taskUnits.unitId, target.id)))
        ).map((r) => r.role);
        if (targetRoles.includes(link.role) || (link.role === 'participating' && targetRoles.includes('lead'))) {
          summary.taskLinksKeptTarget += 1;
          continue;
        }
        if (link.role === 'lead' && targetRoles.includes('participating')) {
          await tx.delete(taskUnits).where(and(eq(taskUnits.taskId, link.taskId), eq(taskUnits.unitId, target.id), eq(taskUnits.role, 'participating')));
        }
        // The same assignment: its 交办 date and 签收 move with it.
        await tx.insert(taskUnits).values({ taskId: link.taskId, unitId: target.id, role: link.role, position: link.position, assignedOn: link.assignedOn, signedAt: link.signedAt, signedBy: link.signedBy });
        summary.taskLinksMoved += 1;
      }
      await tx.delete(taskUnits).where(eq(taskUnits.unitId, source.id));

      summary.users = (await tx.update(users).set({ unitId: target.id }).where(eq(users.unitId, source.id)).returning({ id: users.id })).length;
      summary.reports = (await tx.update(reports).set({ unitId: target.id }).where(eq(reports.unitId, source.id)).returning({ id: reports.id })).length;
      summary.contributions = (await tx.update(contributions).set({ unitId: target.id }).where(eq(contributions.unitId, source.id)).returning({ id: contributions.id })).length;
      summary.attachments = (await tx.update(attachments).set({ unitId: target.id }).where(eq(attachments.unitId, source.id)).returning({ id: attachments.id })).length;

      // 督办单: one answer per unit and notice; where both were addressed, the further-advanced answer stays.
      for (const row of await tx.select().from(noticeTargets).where(eq(noticeTargets.unitId, source.id))) {
        const [theirs] = await tx
          .select({ id: noticeTargets.id, status: noticeTargets.status })
          .from(noticeTargets)
          .where(and(eq(noticeTargets.noticeId, row.noticeId), eq(noticeTargets.unitId, target.id)))
          .limit(1);
        if (theirs && NOTICE_TARGET_RANK[theirs.status] >= NOTICE_TARGET_RANK[row.status]) {
          await tx.delete(noticeTargets).where(eq(noticeTargets.id, row.id));
          continue;
        }
        if (theirs) await tx.delete(noticeTargets).where(eq(noticeTargets.id, theirs.id));
        await tx.update(noticeTargets).set({ unitId: target.id }).where(eq(noticeTargets.id, row.id));
        summary.noticeTargets += 1;
      }

      // 批示签收: the target's receipt stays, completed with the source's acknowledgement or reply.
      for (const row of await tx.select().from(instructionReceipts).where(eq(instructionReceipts.unitId, source.id))) {
        const [theirs] = await tx
          .select()
          .from(instructionReceipts)
          .where(and(eq(instructionReceipts.instructionId, row.instructionId), eq(instructionReceipts.unitId, target.id)))
          .limit(1);
        if (!theirs) {
          await tx.update(instructionReceipts).set({ unitId: target.id }).where(eq(instructionReceipts.id, row.id));
          summary.instructionReceipts += 1;
          continue;
        }
        const fill: Partial<typeof instructionReceipts.$inferInsert> = {};
        if (!theirs.acknowledgedAt && row.acknowledgedAt) Object.assign(fill, { acknowledgedAt: row.acknowledgedAt, acknowledgedBy: row.acknowledgedBy });
        if (!theirs.reply && row.reply) Object.assign(fill, { reply: row.reply, repliedAt: row.repliedAt });
        if (Object.keys(fill).length) await tx.update(instructionReceipts).set(fill).where(eq(instructionReceipts.id, theirs.id));
        await tx.delete(instructionReceipts).where(eq(instructionReceipts.id, row.id));
      }

      // 单位组: the target joins every group the source was listed in (once).
      for (const m of await tx.select().from(unitGroupMembers).where(eq(unitGroupMembers.unitId, source.id))) {
        await tx.insert(unitGroupMembers).values({ groupId: m.groupId, unitId: target.id }).onConflictDoNothing();
      }
      await tx.delete(unitGroupMembers).where(eq(unitGroupMembers.unitId, source.id));

      // 负责人审阅: a head's sign-off was of the source unit's month as it stood; the merged unit's head signs again.
      await tx.delete(monthSignOffs).where(eq(monthSignOffs.unitId, source.id));

      // Tables added by other features (e.g. 考核): moved as they are; a clash refuses the whole merge.
      await moveOtherReferences(tx, source.id, target.id, summary);

      // 别名: the source's aliases and its own name now name the target.
      for (const a of await tx.select().from(unitAliases).where(eq(unitAliases.unitId, source.id))) {
        if (a.alias === target.name) await tx.delete(unitAliases).where(eq(unitAliases.id, a.id));
        else await tx.update(unitAliases).set({ unitId: target.id }).where(eq(unitAliases.id, a.id));
        summary.aliases += 1;
      }
      await tx.delete(units).where(eq(units.id, source.id));
      await tx.insert(unitAliases).values({ districtId, alias: source.name, unitId: target.id }).onConflictDoNothing();

      await writeAudit(
        tx,
        ctx.actor,
        {
          action: 'unit.merge',
          entityType: 'unit',
          entityId: target.id,
          unitId: target.id,
          detail: { from: { id: source.id, name: source.name }, into: { id: target.id, name: target.name }, moved: summary },
        },
        ctx.meta,
        ctx.now,
      );
      return ok({ data: summary, message: `已将“${source.name}”合并到“${target.name}”，原名称保留为别名` });
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// 停用 / 启用

/**
 * A deactivated unit is hidden from pickers. Refused while the unit leads tasks of an active list
 * (someone must report on them) or still has active accounts (they would act for a unit that
 * nobody can pick any more).
 */
export async function setUnitActive(ctx: ServiceContext, input: UnitActiveInput): Promise<Result> {
  const { active } = input;
  return changeUnit(ctx, input.unitId, async (tx, unit): Promise<Result> => {
    if (unit.active === active) return fail(active ? '该单位已是启用状态' : '该单位已停用');
    if (!active) {
      const reasons: string[] = [];
      // Tasks it leads in the active lists (someone must report on them).
      const lists = await activePlans(tx, { kind: 'district', districtId: unit.districtId });
      const planOf = new Map(lists.map((p) => [p.id, p]));
      const led = lists.length
        ? (
            await tx
              .select({ no: tasks.no, planId: tasks.planId })
              .from(taskUnits)
              .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
              .where(and(eq(taskUnits.unitId, unit.id), eq(taskUnits.role, 'lead'), inArray(tasks.planId, [...planOf.keys()])))
          ).sort((a, b) => lists.indexOf(planOf.get(a.planId)!) - lists.indexOf(planOf.get(b.planId)!) || a.no - b.no)
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
      const activeUsers = await tx
        .select({ username: users.username })
        .from(users)
        .where(and(eq(users.unitId, unit.id), eq(users.active, true)))
        .orderBy(asc(users.username));
      if (activeUsers.length) {
        reasons.push(`该单位仍有 ${activeUsers.length} 个启用的账户（${activeUsers.map((u) => u.username).join('、')}），请先停用这些账户或调整其所属单位`);
      }
      if (reasons.length) return fail(`不能停用“${unit.name}”：${reasons.join('；')}。`);
    }
    await tx.update(units).set({ active }).where(eq(units.id, unit.id));
    await writeAudit(tx, ctx.actor, { action: active ? 'unit.reactivate' : 'unit.deactivate', entityType: 'unit', entityId: unit.id, unitId: unit.id, detail: { name: unit.name } }, ctx.meta, ctx.now);
    return ok({ message: active ? `已启用“${unit.name}”` : `已停用“${unit.name}”，选择单位时将不再显示` });
  });
}

/** Active units of the district for the account form's picker. */
export async function activeUnitOptions(ctx: ServiceContext): Promise<{ id: number; name: string }[]> {
  assertCan(ctx.actor, 'users.manage');
  const { districtId } = adminDistrict(ctx);
  const rows = await ctx.db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.active, true)));
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
