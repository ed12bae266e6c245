import { and, asc, count, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog, districts, units, users } from '@/db/schema';
import { jsonTextMember, likeIgnoringCase } from '@/db/dialect';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { transaction } from '@/lib/db';
import { RefusalError } from '@/lib/errors';
import { toCsv } from '@/lib/exports/csv';
import type { ExportFile } from '@/lib/exports/export-service';
import { CSV_MIME } from '@/lib/exports/ledger-files';
import { APP_TIME_ZONE } from '@/lib/format';
import { clampPage, pageCountOf, type Page } from '@/lib/pagination/pagination';
import { AUDIT_ACTION_LABELS, writeAudit } from './audit-service';

/**
 * 审计日志 (the audit administrator's page and its export): filter by person, action, unit, time
 * and address; newest first, a page at a time. The page and the export route parse the query
 * string with the one schema below. Every search and every export is itself audited (`audit.search`,
 * `audit.export`): the audit administrator's reads are on the record too. Nothing here writes to,
 * or deletes from, the log beyond those lines (the table refuses UPDATE and DELETE anyway).
 *
 * The audit administrator serves the whole deployment (no district) and reads every district's
 * lines. Where the deployment has several districts, a unit is named with its district (two
 * districts have units of the same names); an embedded installation (one district) reads as before.
 */

export const AUDIT_PAGE_SIZE = 50;
/** One export holds at most this many lines: more is refused with a message (narrow the time range). */
export const AUDIT_EXPORT_MAX = 10_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (v: string) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};
/** '' (an empty form field) and a repeated parameter's extra values mean nothing given / the first value. */
const blank = (v: unknown) => {
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' && first.trim() === '' ? undefined : first;
};
const dateField = (what: string) =>
  z.preprocess(
    blank,
    z
      .string()
      .regex(DATE, `${what}格式应为 YYYY-MM-DD`)
      .refine(realDate, `${what}不是有效日期`)
      .optional(),
  );

/** The filters, as the page's GET form and the export link send them. */
export const auditFilterSchema = z
  .object({
    /** 人员: part of a username or a name (also the name typed at a failed login). */
    person: z.preprocess(blank, z.string().trim().max(40, '人员最多 40 个字').optional()),
    /** 操作: one action code (the select lists the ones that occur). */
    action: z.preprocess(blank, z.string().trim().max(60, '操作类型不正确').regex(/^[a-zA-Z_]+\.[a-zA-Z_]+$/, '操作类型不正确').optional()),
    /** 单位: lines about the unit's data or by its staff. */
    unit: z.preprocess(blank, z.coerce.number({ error: '单位不正确' }).int('单位不正确').positive('单位不正确').optional()),
    /** 时间: dates in Beijing, both inclusive. */
    from: dateField('开始日期'),
    to: dateField('结束日期'),
    /** 地址: the start of an IP address (10.1. or 2001:db8:). */
    ip: z.preprocess(
      blank,
      z
        .string()
        .trim()
        .max(45, '地址最多 45 个字符')
        .regex(/^[0-9a-fA-F.:]+$/, '地址只能包含数字、a–f、点和冒号')
        .optional(),
    ),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ['to'], message: '结束日期不能早于开始日期' });
export type AuditFilter = z.output<typeof auditFilterSchema>;

/** The filters actually set (for the audit line of a search, and the export link). */
export function activeFilters(filter: AuditFilter): Partial<Record<keyof AuditFilter, string | number>> {
  const out: Partial<Record<keyof AuditFilter, string | number>> = {};
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') out[k as keyof AuditFilter] = v as string | number;
  return out;
}

/** The query string of a filter (the export link keeps the page's filters). */
export function filterQuery(filter: AuditFilter): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(activeFilters(filter))) q.set(k, String(v));
  return q.toString();
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const likeEscaped = (column: SQL | typeof auditLog.actorName, pattern: string) => likeIgnoringCase(column, pattern, '\\');
/** Midnight starting a Beijing date. */
const startOfDay = (date: string) => new Date(`${date}T00:00:00+08:00`);
const DAY_MS = 24 * 60 * 60 * 1000;

function conditionsOf(filter: AuditFilter): SQL | undefined {
  const where: SQL[] = [];
  if (filter.person) {
    const pattern = `%${escapeLike(filter.person.toLowerCase())}%`;
    const matching = sql`select ${users.id} from ${users} where ${likeEscaped(sql`${users.username}`, pattern)} or ${likeEscaped(sql`${users.displayName}`, pattern)}`;
    where.push(
      or(
        likeEscaped(auditLog.actorName, pattern),
        sql`${auditLog.actorId} in (${matching})`,
        // A failed login has no actor: the name typed is in the detail.
        likeEscaped(jsonTextMember(auditLog.detail, 'username'), pattern),
      )!,
    );
  }
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.unit) {
    where.push(or(eq(auditLog.unitId, filter.unit), sql`${auditLog.actorId} in (select ${users.id} from ${users} where ${users.unitId} = ${filter.unit})`)!);
  }
  if (filter.from) where.push(gte(auditLog.at, startOfDay(filter.from)));
  if (filter.to) where.push(lt(auditLog.at, new Date(startOfDay(filter.to).getTime() + DAY_MS)));
  if (filter.ip) where.push(likeEscaped(sql`${auditLog.ip}`, `${escapeLike(filter.ip.toLowerCase())}%`));
  return where.length ? and(...where) : undefined;
}

export type AuditRow = {
  id: number;
  at: Date;
  actorId: number | null;
  actorName: string | null;
  actorUsername: string | null;
  action: string;
  label: string;
  entityType: string;
  entityId: number | null;
  taskId: number | null;
  unitId: number | null;
  unitName: string | null;
  /** The unit's 行政区, set only where the deployment has more than one district. */
  unitDistrictName: string | null;
  ip: string | null;
  detail: string | null;
};

const secondsFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: APP_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
/** An audit line's time in Beijing, to the second. */
export function formatAuditTime(at: Date): string {
  return secondsFormat.format(at);
}

/** The unit of a line: its name (and district, when there are several), or for a unit since merged into another (its row is gone, the line keeps its id) that id. */
export function unitLabel(r: Pick<AuditRow, 'unitId' | 'unitName'> & { unitDistrictName?: string | null }): string | null {
  if (r.unitName) return r.unitDistrictName ? `${r.unitName}（${r.unitDistrictName}）` : r.unitName;
  return r.unitId === null ? null : `单位 #${r.unitId}（已合并）`;
}

export function actionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

/** Whether the deployment has more than one district (then units are named with theirs). */
async function severalDistricts(ctx: ServiceContext): Promise<boolean> {
  const rows = await ctx.db.select({ id: districts.id }).from(districts).limit(2);
  return rows.length > 1;
}

function selectRows(ctx: ServiceContext, where: SQL | undefined) {
  return ctx.db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorName: auditLog.actorName,
      actorUsername: users.username,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      taskId: auditLog.taskId,
      unitId: auditLog.unitId,
      unitName: units.name,
      unitDistrictName: districts.name,
      ip: auditLog.ip,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .leftJoin(units, eq(units.id, auditLog.unitId))
    .leftJoin(districts, eq(districts.id, units.districtId))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id));
}

async function countRows(ctx: ServiceContext, where: SQL | undefined): Promise<number> {
  const [row] = await ctx.db.select({ n: count() }).from(auditLog).where(where);
  return row?.n ?? 0;
}

/** One page of the log, newest first; the search is audited with its filters. */
export async function searchAuditLog(ctx: ServiceContext, filter: AuditFilter, page = 1): Promise<Page<AuditRow>> {
  assertCan(ctx.actor, 'audit.read');
  const where = conditionsOf(filter);
  const total = await countRows(ctx, where);
  const current = clampPage(page, total, AUDIT_PAGE_SIZE);
  const rows = await selectRows(ctx, where)
    .limit(AUDIT_PAGE_SIZE)
    .offset((current - 1) * AUDIT_PAGE_SIZE);
  const several = await severalDistricts(ctx);
  await transaction(ctx.db, (tx) =>
    writeAudit(tx, ctx.actor, { action: 'audit.search', entityType: 'audit_log', detail: { filters: activeFilters(filter), page: current, total } }, ctx.meta, ctx.now),
  );
  return {
    items: rows.map((r) => ({ ...r, unitDistrictName: several ? r.unitDistrictName : null, label: actionLabel(r.action) })),
    page: current,
    pageCount: pageCountOf(total, AUDIT_PAGE_SIZE),
    pageSize: AUDIT_PAGE_SIZE,
    total,
  };
}

/**
 * The distinct actions take a scan of the whole log (no index on the action: ~0.4 s at a million
 * lines), so they are kept per database for a few minutes; an action new since then is missing
 * from the select until it refreshes (it can still be searched by person, time or address).
 */
const ACTION_OPTIONS_TTL_MS = 5 * 60_000;
const actionOptionsCache = new WeakMap<object, { until: number; actions: string[] }>();

/** The actions that occur in the log, for the filter's select (labelled where a label exists). */
export async function auditActionOptions(ctx: ServiceContext): Promise<{ value: string; label: string }[]> {
  assertCan(ctx.actor, 'audit.read');
  let cached = actionOptionsCache.get(ctx.db);
  if (!cached || cached.until < Date.now()) {
    const rows = await ctx.db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action));
    cached = { until: Date.now() + ACTION_OPTIONS_TTL_MS, actions: rows.map((r) => r.action) };
    actionOptionsCache.set(ctx.db, cached);
  }
  return cached.actions.map((action) => ({ value: action, label: actionLabel(action) }));
}

/** Every unit of every district, those since deactivated included (old lines still name them); named with the district when there are several. */
export async function auditUnitOptions(ctx: ServiceContext): Promise<{ id: number; name: string }[]> {
  assertCan(ctx.actor, 'audit.read');
  const rows = await ctx.db
    .select({ id: units.id, name: units.name, district: districts.name })
    .from(units)
    .innerJoin(districts, eq(districts.id, units.districtId))
    .orderBy(asc(units.name), asc(units.districtId));
  const several = await severalDistricts(ctx);
  return rows.map((u) => ({ id: u.id, name: several ? `${u.name}（${u.district}）` : u.name }));
}

const CSV_HEADER = ['时间', '操作人', '账号', '操作', '操作代码', '对象类型', '对象编号', '任务编号', '单位', 'IP 地址', '详情'];

/**
 * 导出: every line matching the filters (newest first) as CSV with a BOM (Excel, WPS), at most
 * AUDIT_EXPORT_MAX lines — more is refused with how many there are. Audited with the filters.
 */
export async function exportAuditLog(ctx: ServiceContext, filter: AuditFilter): Promise<ExportFile> {
  assertCan(ctx.actor, 'audit.read');
  const where = conditionsOf(filter);
  const total = await countRows(ctx, where);
  if (total > AUDIT_EXPORT_MAX) {
    throw new RefusalError(`符合条件的记录共 ${total.toLocaleString('zh-CN')} 条，超过单次导出上限 ${AUDIT_EXPORT_MAX.toLocaleString('zh-CN')} 条，请缩小时间范围或增加筛选条件后再导出`);
  }
  const rows = await selectRows(ctx, where).limit(AUDIT_EXPORT_MAX);
  const several = await severalDistricts(ctx);
  const csv = toCsv([
    CSV_HEADER,
    ...rows.map((r) => [
      formatAuditTime(r.at),
      r.actorName,
      r.actorUsername,
      actionLabel(r.action),
      r.action,
      r.entityType,
      r.entityId,
      r.taskId,
      unitLabel({ ...r, unitDistrictName: several ? r.unitDistrictName : null }),
      r.ip,
      r.detail,
    ]),
  ]);
  await transaction(ctx.db, (tx) =>
    writeAudit(tx, ctx.actor, { action: 'audit.export', entityType: 'audit_log', detail: { filters: activeFilters(filter), rows: rows.length, format: 'csv' } }, ctx.meta, ctx.now),
  );
  return { body: Buffer.from(csv, 'utf8'), fileName: `审计日志-${ctx.today}.csv`, contentType: CSV_MIME };
}
