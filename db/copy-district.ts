import { asc, eq, getTableColumns, getTableName, inArray, sql, type AnyColumn } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { BATCH, digestRows, keyColumns, tablePairs, type Pair, type TableCheck } from './copy';
import { WRITE_LOCK_KEY } from './pg-client';
import type * as pgSchema from './schema-pg';
import type { AppDatabase } from './sqlite-client';

/**
 * npm run db:copy -- --district CODE: moves ONE district of an embedded (SQLite) database into a
 * PostgreSQL deployment that already holds other districts. Every serial id gets a new number from
 * the target's sequence and every reference follows it: the foreign keys of db/schema-sqlite.ts
 * (read from drizzle's table config, so a new table or column is covered without editing this
 * file), and the ids no foreign key can declare, listed here:
 *
 * - polymorphic columns (POLYMORPHIC): attachments.owner_id (by owner_type: report, contribution,
 *   notice_response → notice_targets, milestone_plan, extension_request, closure_request, problem),
 *   submission_snapshots.owner_id (report, contribution);
 * - audit_log (AUDIT_REFS, no foreign keys: history outlives rows): actor_id, task_id, unit_id and
 *   entity_id by entity_type; an id whose row was not copied (deleted since, or a deployment-level
 *   account) becomes NULL (actor_name keeps who it was). `detail` is history and stays as written;
 * - ids inside text the app reads back (TEXT_REFS):
 *   month_sign_offs.versions and .files keys "report:<id>" / "contribution:<id>" (lib/reporting/
 *   month-rules.ts signOffKey) and the files' values (attachment ids, comma-separated, ascending);
 *   notifications.link "/tasks/<id>…", "/my/tasks/<id>…", "/notices/<id>" (lib/**: item, instruction,
 *   milestone, closure, extension, review, notice and reminder services); notifications.dedupe_key
 *   (lib/notifications/reminder-service.ts: remind, soon, overdue, notice-soon, notice-overdue,
 *   sign-overdue, each ending ":u<userId>"; unique across the deployment, so it must follow);
 *   assessment_month_scores.breakdown (ListPart[]: planId, periodId).
 * Read and found free of ids: assessment_scores.breakdown (components), submission_snapshots.content
 * (fields and indicator names), digests.body (month links), district_settings.value (warnings,
 * assessment weights, attachment quota), tasks' JSON columns (leaders, headings, group notes).
 *
 * Not copied: the deployment's own tables (DEPLOYMENT_TABLES: the security policy, login throttling,
 * sessions; the data generation is never copied) and the deployment-level accounts (安全/审计管理员,
 * 市督查员: DEPLOYMENT_ROLES); a nullable reference to one becomes NULL (reported as a note).
 * Attachment files are not moved (as in the plain copy).
 */

type Row = Record<string, unknown>;
type Target = NodePgDatabase<typeof pgSchema>;
type Ids = (table: string, id: number) => number | undefined;

export const DEPLOYMENT_TABLES: readonly string[] = ['settings', 'login_throttle', 'user_sessions'];
const DEPLOYMENT_ROLES: ReadonlySet<unknown> = new Set(['security_admin', 'audit_admin', 'city_supervisor']);

export type Polymorphic = { column: string; typeColumn: string; tables: Record<string, string> };
export const POLYMORPHIC: Record<string, Polymorphic[]> = {
  attachments: [
    {
      column: 'ownerId',
      typeColumn: 'ownerType',
      tables: {
        report: 'reports',
        contribution: 'contributions',
        notice_response: 'notice_targets',
        milestone_plan: 'milestone_plans',
        extension_request: 'extension_requests',
        closure_request: 'closure_requests',
        problem: 'problems',
      },
    },
  ],
  submission_snapshots: [{ column: 'ownerId', typeColumn: 'ownerType', tables: { report: 'reports', contribution: 'contributions' } }],
};

/** audit_log's entity types (writeAudit callers in lib/**) and the table of their entity_id; other types (month, export, settings, audit_log) carry none. */
export const AUDIT_ENTITY_TABLES: Record<string, string> = {
  assessment: 'assessment_explanations',
  attachment: 'attachments',
  closure_request: 'closure_requests',
  contribution: 'contributions',
  extension: 'extension_requests',
  flag: 'task_flags',
  indicator: 'indicators',
  instruction: 'instructions',
  milestone: 'milestones',
  milestone_plan: 'milestone_plans',
  notice: 'supervision_notices',
  period: 'reporting_periods',
  plan: 'plans',
  problem: 'problems',
  report: 'reports',
  task: 'tasks',
  unit: 'units',
  unit_group: 'unit_groups',
  user: 'users',
};
const AUDIT_REFS: Record<string, string> = { actorId: 'users', taskId: 'tasks', unitId: 'units' };

const SIGN_OFF_TABLES: Record<string, string> = { report: 'reports', contribution: 'contributions' };

/** "report:<id>" keys of a sign-off; for `files` also the values (attachment ids). A key whose row was not copied is dropped (it names nothing). */
const remapSignOff =
  (files: boolean) =>
  (value: unknown, ids: Ids): unknown => {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(JSON.parse(String(value)) as Record<string, unknown>)) {
      const m = /^([a-z_]+):(\d+)$/.exec(key);
      const table = m ? SIGN_OFF_TABLES[m[1]!] : undefined;
      const id = table ? ids(table, Number(m![2])) : undefined;
      if (id === undefined) continue;
      out[`${m![1]}:${id}`] = files
        ? String(v)
            .split(',')
            .filter(Boolean)
            .map((a) => ids('attachments', Number(a)))
            .filter((a): a is number => a !== undefined)
            .sort((a, b) => a - b)
            .join(',')
        : v;
    }
    return JSON.stringify(out);
  };

/** A notification's link to a task or a notice follows it; a link to a row not copied is dropped. */
function remapLink(value: unknown, ids: Ids): unknown {
  if (typeof value !== 'string') return value;
  const m = /^(\/(?:my\/)?tasks\/|\/notices\/)(\d+)(.*)$/s.exec(value);
  if (!m) return value;
  const id = ids(m[1]!.endsWith('tasks/') ? 'tasks' : 'supervision_notices', Number(m[2]));
  return id === undefined ? null : `${m[1]}${id}${m[3]}`;
}

/** The id parts of each reminder's dedupe key, by position after the kind (comma lists allowed). */
const DEDUPE_PARTS: Record<string, (string | null)[]> = {
  remind: ['reporting_periods', 'units', null],
  soon: ['reporting_periods', null, 'units'],
  overdue: ['reporting_periods', null, 'units'],
  'notice-soon': ['supervision_notices', 'units'],
  'notice-overdue': ['supervision_notices', 'units'],
  'sign-overdue': ['units', 'tasks'],
};

/** A dedupe key with its ids renumbered; one naming a row not copied is dropped (the reminder may come once more). Unknown shapes stay. */
function remapDedupeKey(value: unknown, ids: Ids): unknown {
  if (typeof value !== 'string') return value;
  const m = /^(.*):u(\d+)$/s.exec(value);
  const [kind, ...parts] = (m?.[1] ?? '').split(':');
  const spec = m ? DEDUPE_PARTS[kind!] : undefined;
  if (!m || !spec) return value;
  const user = ids('users', Number(m[2]));
  if (user === undefined) return null;
  const mapped: string[] = [];
  for (const [i, part] of parts.entries()) {
    const table = spec[i];
    if (!table) {
      mapped.push(part);
      continue;
    }
    const each = part.split(',').map((p) => (/^\d+$/.test(p) ? ids(table, Number(p)) : undefined));
    if (each.some((id) => id === undefined)) return null;
    mapped.push(each.join(','));
  }
  return `${[kind, ...mapped].join(':')}:u${user}`;
}

/**
 * A locked month's list parts name their list and period. One that was not copied stops the copy:
 * its old id would name another row of the target.
 */
function remapListParts(value: unknown, ids: Ids): unknown {
  const parts = JSON.parse(String(value)) as unknown;
  if (!Array.isArray(parts)) return value;
  const mapped = (table: string, id: number) => {
    const to = ids(table, id);
    if (to === undefined || to === null) throw new Error(`考核明细引用了未复制的 ${table} #${id}，无法换算编号`);
    return to;
  };
  return JSON.stringify(
    parts.map((p: Record<string, unknown>) => ({
      ...p,
      ...(typeof p.planId === 'number' ? { planId: mapped('plans', p.planId) } : {}),
      ...(typeof p.periodId === 'number' ? { periodId: mapped('reporting_periods', p.periodId) } : {}),
    })),
  );
}

const TEXT_REFS: Record<string, Record<string, (value: unknown, ids: Ids) => unknown>> = {
  month_sign_offs: { versions: remapSignOff(false), files: remapSignOff(true) },
  notifications: { link: remapLink, dedupeKey: remapDedupeKey },
  assessment_month_scores: { breakdown: remapListParts },
};

type Fk = { key: string; column: string; parent: string; nullable: boolean; deferred: boolean };
export type TablePlan = {
  name: string;
  pair: Pair;
  /** Property name of the serial id (renumbered), or null (a composite or natural key). */
  serial: string | null;
  fks: Fk[];
  /** Property name of the district column (a foreign key to districts named district_id). */
  district: string | null;
};

function columnKeys(table: SQLiteTable | PgTable): Map<string, string> {
  return new Map(Object.entries(getTableColumns(table)).map(([key, c]) => [(c as AnyColumn).name, key]));
}

/**
 * The tables of a district copy, parents before children. A foreign key back into a table being
 * visited (a cycle) or into its own table is `deferred`: inserted as NULL, then set once every row
 * is in (such a column must be nullable).
 */
export function districtCopyPlan(pairs: Map<string, Pair> = tablePairs()): TablePlan[] {
  const info = new Map<string, Omit<TablePlan, 'fks'> & { fks: Omit<Fk, 'deferred'>[] }>();
  for (const [name, pair] of pairs) {
    if (DEPLOYMENT_TABLES.includes(name)) continue;
    const keys = columnKeys(pair.source);
    const pk = keyColumns(pair.target);
    const serial = pk.length === 1 && (pk[0] as unknown as { generatedIdentity?: unknown }).generatedIdentity ? keys.get(pk[0]!.name)! : null;
    const fks = getTableConfig(pair.source).foreignKeys.map((fk) => {
      const ref = fk.reference();
      const parent = getTableName(ref.foreignTable);
      if (ref.columns.length !== 1) throw new Error(`${name} 的复合外键（${ref.columns.map((c) => c.name).join('、')}）：按行政区复制尚不支持`);
      const column = ref.columns[0]!;
      return { key: keys.get(column.name)!, column: column.name, parent, nullable: !column.notNull, foreignColumn: ref.foreignColumns[0]!.name };
    });
    info.set(name, { name, pair, serial, fks, district: fks.find((f) => f.parent === 'districts' && f.column === 'district_id')?.key ?? null });
  }
  type Raw = Omit<Fk, 'deferred'> & { foreignColumn: string };
  const fksOf = (name: string) => info.get(name)!.fks as Raw[];
  for (const [name] of info) {
    for (const fk of fksOf(name)) {
      const parent = info.get(fk.parent);
      if (!parent) throw new Error(`${name}.${fk.column} 指向部署级数据表 ${fk.parent}：按行政区复制不知道如何处理`);
      // Only a serial id can be renumbered and followed.
      if (!parent.serial || columnKeys(parent.pair.source).get(fk.foreignColumn) !== parent.serial) throw new Error(`${name}.${fk.column} 指向 ${fk.parent}.${fk.foreignColumn}（不是自增编号）：按行政区复制尚不支持`);
    }
  }
  const ordered: TablePlan[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  /** Tables reachable from `name` through NOT NULL references (those must be inserted first, whatever happens). */
  const hardReach = (name: string, seen = new Set<string>()): Set<string> => {
    for (const fk of fksOf(name)) {
      if (fk.nullable || seen.has(fk.parent) || state.get(fk.parent) === 'done') continue;
      seen.add(fk.parent);
      hardReach(fk.parent, seen);
    }
    return seen;
  };
  const visit = (name: string) => {
    if (state.get(name)) return;
    state.set(name, 'visiting');
    const fks: Fk[] = [];
    // NOT NULL references first: their parents must come before, a cycle of them cannot be inserted at all.
    for (const fk of fksOf(name).filter((f) => !f.nullable)) {
      if (fk.parent === name || state.get(fk.parent) === 'visiting') throw new Error(`${name}.${fk.column} 与 ${fk.parent} 循环引用且不可为空：按行政区复制无法排序`);
      visit(fk.parent);
    }
    // A nullable one whose parent cannot come first without a NOT NULL path back into the tables being visited: set after the inserts.
    for (const fk of fksOf(name)) {
      if (!fk.nullable) {
        fks.push({ key: fk.key, column: fk.column, parent: fk.parent, nullable: false, deferred: false });
        continue;
      }
      const deferred = fk.parent === name || state.get(fk.parent) === 'visiting' || [...hardReach(fk.parent)].some((n) => state.get(n) === 'visiting');
      if (!deferred) visit(fk.parent);
      fks.push({ key: fk.key, column: fk.column, parent: fk.parent, nullable: true, deferred });
    }
    state.set(name, 'done');
    const table = info.get(name)!;
    ordered.push({ name, pair: table.pair, serial: table.serial, fks, district: table.district });
  };
  for (const name of [...info.keys()].sort()) visit(name);
  return ordered;
}

export type DistrictCopyReport = { district: { id: number; code: string; name: string }; tables: TableCheck[]; rows: number; notes: string[] };

/**
 * The TOTP keys (users.totp_secret) are sealed for their user id (lib/auth/totp-service.ts), with
 * the auth secret of the installation: opened with the source's and the old id, sealed again with
 * the deployment's and the new id. Without it (or when a key does not open) the account's second
 * factor is cleared and its user enrols again at the next login, as after a change of AUTH_SECRET.
 */
export type TotpResealer = { open: (userId: number, sealed: string) => string | null; seal: (userId: number, secret: string) => string };

const CHUNK = 5000;
const chunks = <T>(list: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/**
 * Copies the district `code` of `source` (SQLite) into `target` (PostgreSQL, migrated, holding
 * other districts) in one transaction, with new ids, and checks each table (row count and checksum
 * of the source rows as renumbered, against the target rows with the new ids) before it commits:
 * any difference or refusal leaves the target as it was.
 */
export async function copyDistrictToPostgres(
  source: AppDatabase,
  target: Target,
  code: string,
  onTable?: (check: TableCheck) => void,
  totp?: TotpResealer,
): Promise<DistrictCopyReport> {
  const plan = districtCopyPlan();
  const byName = new Map(plan.map((t) => [t.name, t]));
  const all = new Map<string, Row[]>();
  for (const t of plan) {
    const order = keyColumns(t.pair.source).map((c) => asc(c));
    all.set(t.name, (await source.select().from(t.pair.source).orderBy(...order)) as Row[]);
  }
  const sourceDistrict = all.get('districts')!.find((d) => d.code === code);
  if (!sourceDistrict) throw new Error(`源数据库中没有行政区划代码为 ${code} 的行政区`);
  const districtName = String(sourceDistrict.name);

  // Which rows are the district's: its own row, rows naming it, then (to a fixed point) rows referring to those.
  const chosen = new Map<string, Row[]>([['districts', [sourceDistrict]]]);
  const chosenIds = (name: string): Set<unknown> => {
    const t = byName.get(name)!;
    return new Set((chosen.get(name) ?? []).map((r) => r[t.serial!]));
  };
  for (const t of plan) {
    if (!t.district) continue;
    chosen.set(
      t.name,
      all.get(t.name)!.filter((r) => r[t.district!] === sourceDistrict.id && !(t.name === 'users' && DEPLOYMENT_ROLES.has(r.role))),
    );
  }
  const derived = plan.filter((t) => !t.district && t.name !== 'districts' && t.name !== 'audit_log');
  for (let changed = true; changed; ) {
    changed = false;
    const sets = new Map(plan.filter((t) => t.serial).map((t) => [t.name, chosenIds(t.name)]));
    for (const t of derived) {
      const rows = all.get(t.name)!.filter(
        (r) =>
          t.fks.some((fk) => r[fk.key] != null && sets.get(fk.parent)?.has(r[fk.key])) ||
          (POLYMORPHIC[t.name] ?? []).some((p) => {
            const parent = p.tables[String(r[p.typeColumn])];
            return parent !== undefined && sets.get(parent)?.has(r[p.column]);
          }),
      );
      if (rows.length !== (chosen.get(t.name)?.length ?? 0)) {
        chosen.set(t.name, rows);
        changed = true;
      }
    }
  }
  for (const t of derived) {
    if (t.fks.length === 0 && !POLYMORPHIC[t.name] && all.get(t.name)!.length > 0) throw new Error(`${t.name} 表既没有行政区字段也没有外键：不知道哪些行属于 ${districtName}，请先补充 db/copy-district.ts`);
  }
  const sourceDistricts = all.get('districts')!.length;
  {
    // The audit trail: all of it when the source holds this district only (its whole history), else the lines naming its rows.
    const sets = Object.fromEntries([...new Set([...Object.values(AUDIT_REFS), ...Object.values(AUDIT_ENTITY_TABLES)])].map((n) => [n, chosenIds(n)]));
    chosen.set(
      'audit_log',
      all
        .get('audit_log')!
        .filter(
          (r) =>
            sourceDistricts === 1 ||
            Object.entries(AUDIT_REFS).some(([k, n]) => r[k] != null && sets[n]!.has(r[k])) ||
            (AUDIT_ENTITY_TABLES[String(r.entityType)] !== undefined && r.entityId != null && sets[AUDIT_ENTITY_TABLES[String(r.entityType)]!]!.has(r.entityId)),
        ),
    );
  }

  const users = chosen.get('users') ?? [];
  const notes: string[] = [];
  const tables: TableCheck[] = [];
  let targetDistrictId = 0;
  await target.transaction(async (txArg) => {
    const tx = txArg as unknown as Target;
    // The deployment is in use: its writers wait (as they wait for each other), so the checks below hold until the commit.
    await tx.execute(sql`select pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
    const districtsTable = byName.get('districts')!.pair.target;
    const districtIdColumn = getTableColumns(districtsTable).id as AnyColumn;
    const codeColumn = getTableColumns(districtsTable).code as AnyColumn;
    const [existing] = (await tx.select().from(districtsTable).where(eq(codeColumn, code))) as Row[];
    if (existing) {
      const held: string[] = [];
      for (const t of plan) {
        if (!t.district) continue;
        const [row] = await tx
          .select({ n: sql<number>`count(*)`.mapWith(Number) })
          .from(t.pair.target)
          .where(eq(getTableColumns(t.pair.target)[t.district] as AnyColumn, existing.id));
        if (row!.n > 0) held.push(`${t.name} ${row!.n} 行`);
      }
      if (held.length) throw new Error(`目标数据库已有行政区划代码为 ${code} 的行政区「${String(existing.name)}」，且已有数据（${held.join('、')}）：不能再复制到它（是否已经复制过？）`);
    }
    const usersTable = byName.get('users')!.pair.target;
    const usernameColumn = getTableColumns(usersTable).username as never as AnyColumn;
    const clashes: string[] = [];
    for (const part of chunks(users.map((u) => String(u.username)), CHUNK)) {
      clashes.push(...((await tx.select({ u: usernameColumn as never }).from(usersTable).where(inArray(usernameColumn, part))) as { u: string }[]).map((r) => r.u));
    }
    if (clashes.length) throw new Error(`以下用户名在目标数据库中已存在：${clashes.sort().join('、')}（用户名在整个部署内唯一）：请先在源数据库中改名，未复制任何数据`);
    const identities = chosen.get('user_identities') ?? [];
    if (identities.length) {
      const identitiesTable = byName.get('user_identities')!.pair.target;
      const taken = (await tx.select().from(identitiesTable)) as Row[];
      const keys = new Set(taken.map((r) => `${String(r.issuer)}\n${String(r.subject)}`));
      const bound = identities.filter((r) => keys.has(`${String(r.issuer)}\n${String(r.subject)}`));
      if (bound.length) throw new Error(`以下统一身份认证账号在目标数据库中已绑定其他用户：${bound.map((r) => String(r.subject)).join('、')}，未复制任何数据`);
    }

    // New ids, from each table's own sequence (other writers of the deployment may be inserting meanwhile), in the order of the old ones.
    const idMaps = new Map<string, Map<number, number>>();
    for (const t of plan) {
      if (!t.serial) continue;
      const rows = chosen.get(t.name) ?? [];
      const map = new Map<number, number>();
      idMaps.set(t.name, map);
      if (t.name === 'districts' && existing) {
        map.set(sourceDistrict.id as number, existing.id as number);
        continue;
      }
      if (rows.length === 0) continue;
      const column = (getTableColumns(t.pair.target)[t.serial] as AnyColumn).name;
      const result = await tx.execute<{ id: number }>(
        sql`select nextval(pg_get_serial_sequence(${t.name}, ${column}))::int as id from generate_series(1, ${rows.length}::int)`,
      );
      const fresh = result.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
      rows.forEach((r, i) => map.set(r[t.serial!] as number, fresh[i]!));
    }
    const ids: Ids = (table, id) => idMaps.get(table)?.get(id);
    targetDistrictId = ids('districts', sourceDistrict.id as number)!;

    // Every row renumbered in memory first: the checksums below are taken of exactly these.
    const copied = new Map<string, Row[]>();
    const nulled = new Map<string, number>();
    const totpCleared: string[] = [];
    for (const t of plan) {
      const rows = chosen.get(t.name) ?? [];
      copied.set(
        t.name,
        rows.map((r) => {
          const out: Row = { ...r };
          if (t.serial) out[t.serial] = ids(t.name, r[t.serial] as number);
          for (const fk of t.fks) {
            const v = r[fk.key];
            if (v == null) continue;
            const id = ids(fk.parent, v as number);
            if (id !== undefined) out[fk.key] = id;
            else if (fk.nullable) {
              out[fk.key] = null;
              const note = `${t.name}.${fk.column} → ${fk.parent}`;
              nulled.set(note, (nulled.get(note) ?? 0) + 1);
            } else throw new Error(`${t.name}.${fk.column} 指向未随 ${districtName} 复制的 ${fk.parent} #${String(v)}（例如部署级账户）：无法复制`);
          }
          for (const p of POLYMORPHIC[t.name] ?? []) {
            const parent = p.tables[String(r[p.typeColumn])];
            const id = parent ? ids(parent, r[p.column] as number) : undefined;
            if (id === undefined) throw new Error(`${t.name} #${String(r[t.serial ?? p.column])} 的所属记录（${String(r[p.typeColumn])} #${String(r[p.column])}）不在 ${districtName} 的数据中：无法复制`);
            out[p.column] = id;
          }
          if (t.name === 'audit_log') {
            for (const [k, n] of Object.entries(AUDIT_REFS)) if (r[k] != null) out[k] = ids(n, r[k] as number) ?? null;
            const entityTable = AUDIT_ENTITY_TABLES[String(r.entityType)];
            if (entityTable && r.entityId != null) out.entityId = ids(entityTable, r.entityId as number) ?? null;
          }
          for (const [k, remap] of Object.entries(TEXT_REFS[t.name] ?? {})) if (r[k] != null) out[k] = remap(r[k], ids);
          if (t.name === 'users' && typeof r.totpSecret === 'string') {
            const plain = totp?.open(r.id as number, r.totpSecret) ?? null;
            if (plain !== null) out.totpSecret = totp!.seal(out.id as number, plain);
            else {
              Object.assign(out, { totpSecret: null, totpEnabledAt: null, totpLastStep: null });
              totpCleared.push(String(r.username));
            }
          }
          return out;
        }),
      );
    }
    for (const [note, n] of nulled) notes.push(`${note}：${n} 处指向未复制的行（部署级账户等），已置空`);
    if (totpCleared.length) notes.push(`以下账户的动态口令密钥无法用源安装的密钥打开，已清除，下次登录时需重新绑定：${totpCleared.join('、')}`);

    for (const t of plan) {
      const rows = copied.get(t.name)!;
      if (rows.length === 0) continue;
      const deferred = t.fks.filter((fk) => fk.deferred);
      const values = rows.map((r) => (deferred.length ? { ...r, ...Object.fromEntries(deferred.map((fk) => [fk.key, null])) } : r));
      if (t.name === 'districts' && existing) {
        // An empty district row of that code (npm run district add without data) takes the source's.
        const { id: _id, ...rest } = values[0]!;
        await tx.update(districtsTable).set(rest as never).where(eq(districtIdColumn, existing.id));
        continue;
      }
      for (const part of chunks(values, BATCH)) await tx.insert(t.pair.target).values(part as never);
    }
    for (const t of plan) {
      const idColumn = t.serial ? (getTableColumns(t.pair.target)[t.serial] as AnyColumn) : null;
      for (const fk of t.fks.filter((f) => f.deferred)) {
        for (const r of copied.get(t.name)!) {
          if (r[fk.key] == null) continue;
          if (!idColumn) throw new Error(`${t.name} 没有自增编号，无法回填 ${fk.column}`);
          await tx.update(t.pair.target).set({ [fk.key]: r[fk.key] } as never).where(eq(idColumn, r[t.serial!]));
        }
      }
    }

    // Checked before the commit: a difference rolls the whole copy back.
    for (const t of plan) {
      const expected = copied.get(t.name)!;
      const columns = getTableColumns(t.pair.target) as Record<string, AnyColumn>;
      const keys = Object.keys(columns).sort();
      const targetKeys = columnKeys(t.pair.target);
      const pk = keyColumns(t.pair.target).map((c) => targetKeys.get(c.name)!);
      const keyOf = (r: Row) => JSON.stringify(pk.map((k) => (r[k] instanceof Date ? (r[k] as Date).getTime() : r[k])));
      const wanted = new Set(expected.map(keyOf));
      const firstValues = [...new Set(expected.map((r) => r[pk[0]!]))];
      const found: Row[] = [];
      for (const part of chunks(firstValues, CHUNK)) {
        const rows = (await tx.select().from(t.pair.target).where(inArray(columns[pk[0]!]!, part as unknown[]))) as Row[];
        found.push(...rows.filter((r) => wanted.has(keyOf(r))));
      }
      const [a, b] = [digestRows(expected, keys), digestRows(found, keys)];
      if (a.rows !== b.rows) throw new Error(`${t.name}：行数不一致（源 ${a.rows}，目标 ${b.rows}）`);
      if (a.checksum !== b.checksum) throw new Error(`${t.name}：内容校验和不一致`);
      const check = { table: t.name, rows: a.rows, checksum: a.checksum };
      tables.push(check);
      onTable?.(check);
    }
  });
  return { district: { id: targetDistrictId, code, name: districtName }, tables, rows: tables.reduce((n, t) => n + t.rows, 0), notes };
}
