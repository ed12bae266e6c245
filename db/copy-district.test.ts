/**
 * npm run db:copy -- --district: one district of an embedded installation (the demo, 河东区 371312,
 * plus a sign-off, evidence, links and a locked month) moves into a PostgreSQL deployment that
 * already serves another district, with new ids that every reference follows; the deployment's
 * own district stays as it was, a second copy and a username clash are refused with nothing
 * written. (PostgreSQL run only: the target is always PostgreSQL.) The ordering of cycles and
 * self-references is checked on made-up tables (the schema has none today).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { integer as pgInteger, pgTable } from 'drizzle-orm/pg-core';
import { integer, sqliteTable, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endDatabase, ENGINE } from './client';
import { districtCopyPlan } from './copy-district';
import type { Pair } from './copy';

const run = promisify(execFile);
const tsx = path.resolve('node_modules/.bin/tsx');
type Failure = { code: number; stderr: string; stdout: string };

describe('district copy order', () => {
  it('defers a nullable reference that closes a cycle or points at its own table, and refuses a NOT NULL cycle', () => {
    const a = sqliteTable('a', { id: integer('id').primaryKey({ autoIncrement: true }), bId: integer('b_id').references((): AnySQLiteColumn => b.id) });
    const b = sqliteTable('b', { id: integer('id').primaryKey({ autoIncrement: true }), aId: integer('a_id').notNull().references((): AnySQLiteColumn => a.id) });
    const c = sqliteTable('c', { id: integer('id').primaryKey({ autoIncrement: true }), parentId: integer('parent_id').references((): AnySQLiteColumn => c.id) });
    const pgOf = (name: string) => pgTable(name, { id: pgInteger('id').primaryKey().generatedByDefaultAsIdentity() });
    const pairs = new Map<string, Pair>(
      ([['a', a], ['b', b], ['c', c]] as const).map(([name, t]) => [name, { name, exportName: name, source: t, target: pgOf(name) }]),
    );
    const plan = districtCopyPlan(pairs);
    // a first (its b_id set afterwards), then b, whose NOT NULL a_id needs a.
    expect(plan.map((t) => t.name)).toEqual(['a', 'b', 'c']);
    expect(plan.find((t) => t.name === 'a')!.fks).toMatchObject([{ column: 'b_id', deferred: true }]);
    expect(plan.find((t) => t.name === 'b')!.fks).toMatchObject([{ column: 'a_id', deferred: false }]);
    expect(plan.find((t) => t.name === 'c')!.fks).toMatchObject([{ column: 'parent_id', deferred: true }]);

    const x = sqliteTable('x', { id: integer('id').primaryKey({ autoIncrement: true }), yId: integer('y_id').notNull().references((): AnySQLiteColumn => y.id) });
    const y = sqliteTable('y', { id: integer('id').primaryKey({ autoIncrement: true }), xId: integer('x_id').notNull().references((): AnySQLiteColumn => x.id) });
    const hard = new Map<string, Pair>(([['x', x], ['y', y]] as const).map(([name, t]) => [name, { name, exportName: name, source: t, target: pgOf(name) }]));
    expect(() => districtCopyPlan(hard)).toThrow(/循环引用且不可为空/);
  });
});

describe.runIf(ENGINE === 'postgres')('npm run db:copy -- --district', () => {
  let dir: string;
  const targets: { url: string; drop: () => Promise<void> }[] = [];
  const childEnv = () => {
    const { DATABASE_URL: _d, ...rest } = process.env;
    return { ...rest, DATA_DIR: dir, DEMO_MODE: '1', SCHEDULER: '0' };
  };
  const SOURCE_SECRET = 'the-embedded-installations-secret-0123456789';
  const TARGET_SECRET = 'the-citys-deployment-secret-0123456789abcdef';
  const TOTP_KEY = 'JBSWY3DPEHPK3PXP';
  const copy = (url: string) =>
    run(tsx, ['scripts/db-copy.ts', '--to', url, '--from', dir, '--district', '371312'], { env: { ...childEnv(), SOURCE_AUTH_SECRET: SOURCE_SECRET, AUTH_SECRET: TARGET_SECRET } });
  const refusal = (url: string) => copy(url).then(
    () => ({ code: 0, stderr: '', stdout: '' }) as Failure,
    (e: Failure) => e,
  );

  /** A deployment already serving 兰山区 (the demo seeded as its district 1, recoded); `renameUsers`: its accounts do not clash with the source's. */
  async function deployment(renameUsers: boolean): Promise<string> {
    const { createPgTestDatabase } = await import('@/lib/testing/pg-test-db');
    const { seedIfEmpty } = await import('@/lib/seed/seed');
    const made = await createPgTestDatabase();
    targets.push(made);
    await seedIfEmpty(made.db, { demo: true, today: '2023-11-22' });
    await endDatabase(made.db);
    const client = new pg.Client({ connectionString: made.url });
    await client.connect();
    try {
      await client.query(`update districts set code = '371302', name = '兰山区', office_name = '兰山区人民政府督查室' where id = 1`);
      if (renameUsers) await client.query(`update users set username = 'ls_' || username where district_id is not null`);
      // Deployment-level rows that must stay the target's own.
      await client.query(`insert into settings (key, value, updated_at) values ('security', '{"target":true}', now())`);
    } finally {
      await client.end();
    }
    return made.url;
  }

  /** Every row of every table as text (the data generation and the task versions move on with any write). */
  async function snapshot(url: string): Promise<Map<string, string[]>> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows: names } = await client.query<{ t: string }>(`select tablename as t from pg_tables where schemaname = 'public' and tablename not in ('data_generation', 'task_versions', '__drizzle_migrations') order by 1`);
      const out = new Map<string, string[]>();
      for (const { t } of names) out.set(t, (await client.query<{ j: string }>(`select row_to_json(x)::text as j from "${t}" x`)).rows.map((r) => r.j).sort());
      return out;
    } finally {
      await client.end();
    }
  }

  let source: Database.Database;
  const one = <T>(q: string, ...args: unknown[]) => source.prepare(q).get(...args) as T;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keytasks-copy-district-'));
    await run(tsx, ['scripts/setup-data.ts'], { env: childEnv() });
    source = new Database(path.join(dir, 'app.db'));
    // What only text knows about ids: a sign-off with evidence, links, a dedupe key, a locked month; and deployment-level rows.
    const report = one<{ id: number; task_id: number; unit_id: number; version: number; period_id: number }>(`select id, task_id, unit_id, version, period_id from reports where status = 'submitted' order by id limit 1`);
    const contribution = one<{ id: number; version: number }>(`select id, version from contributions order by id limit 1`);
    const user = one<{ id: number }>(`select id from users where unit_id = ? limit 1`, report.unit_id) ?? one<{ id: number }>(`select id from users where username = 'duchashi'`);
    const notice = one<{ id: number; unit_id: number }>(`select n.id, t.unit_id from supervision_notices n join notice_targets t on t.notice_id = n.id order by n.id limit 1`);
    const plan = one<{ id: number }>(`select plan_id as id from reporting_periods where id = ?`, report.period_id);
    source.prepare(`delete from attachments`).run();
    const a1 = source
      .prepare(`insert into attachments (owner_type, owner_id, unit_id, task_id, sha256, size, mime, file_name, uploaded_by, created_at) values ('report', ?, ?, ?, ?, 3, 'text/plain', '说明.txt', ?, 1700000000000)`)
      .run(report.id, report.unit_id, report.task_id, 'a'.repeat(64), user.id).lastInsertRowid;
    const a2 = source
      .prepare(`insert into attachments (owner_type, owner_id, unit_id, task_id, sha256, size, mime, file_name, uploaded_by, created_at) values ('report', ?, ?, ?, ?, 3, 'text/plain', '照片.txt', ?, 1700000000001)`)
      .run(report.id, report.unit_id, report.task_id, 'b'.repeat(64), user.id).lastInsertRowid;
    source
      .prepare(`insert into month_sign_offs (unit_id, month, versions, files, signed_by, signed_at) values (?, '2023-10', ?, ?, ?, 1700000000000)`)
      .run(report.unit_id, JSON.stringify({ [`report:${report.id}`]: report.version, [`contribution:${contribution.id}`]: contribution.version }), JSON.stringify({ [`report:${report.id}`]: `${a1},${a2}` }), user.id);
    const add = source.prepare(`insert into notifications (user_id, kind, title, body, link, urgent, dedupe_key, created_at) values (?, 'test', ?, '', ?, 0, ?, 1700000000000)`);
    add.run(user.id, '复制测试：任务', `/my/tasks/${report.task_id}?period=2023-10`, null);
    add.run(user.id, '复制测试：督办单', `/notices/${notice.id}`, `notice-soon:${notice.id}:${notice.unit_id}:u${user.id}`);
    source
      .prepare(`insert into assessment_month_scores (month, unit_id, total, rank, position, breakdown, locked_by, locked_at) values ('2023-10', ?, 90.5, 1, 0, ?, ?, 1700000000000)`)
      .run(report.unit_id, JSON.stringify([{ planId: plan.id, planName: '重点任务', weight: 1, periodId: report.period_id, total: 90.5, rank: 1, units: 1, counted: true, components: [] }]), user.id);
    source.prepare(`insert into submission_snapshots (owner_type, owner_id, event, content, actor_id, at) values ('report', ?, 'submitted', '{}', ?, 1700000000000)`).run(report.id, user.id);
    source.prepare(`insert into district_settings (district_id, key, value, updated_at) values (1, 'attachments', '{"unitQuotaMb":64}', 1700000000000)`).run();
    source.prepare(`insert into settings (key, value, updated_at) values ('security', '{"source":true}', 1700000000000)`).run();
    source.prepare(`insert into user_sessions (id, user_id, created_at, last_seen_at) values ('s1', ?, 1700000000000, 1700000000000)`).run(user.id);
    source.prepare(`insert into login_throttle (username_key, failed_count) values ('admin', 2)`).run();
    source.prepare(`insert into password_history (user_id, password_hash, created_at) values (?, 'old', 1700000000000)`).run(user.id);
    // TOTP keys are sealed for their user id: one sealed with the source's secret, one that opens with nothing.
    const { sealTotpSecret } = await import('@/lib/auth/totp-service');
    const setTotp = source.prepare(`update users set totp_secret = ?, totp_enabled_at = 1700000000000, totp_last_step = 5 where username = ?`);
    const admin = one<{ id: number }>(`select id from users where username = 'admin'`);
    setTotp.run(sealTotpSecret(admin.id, TOTP_KEY, SOURCE_SECRET), 'admin');
    setTotp.run('v1.broken.key.value', 'duchashi');
    source.prepare(`insert into user_identities (user_id, issuer, subject, created_at) values (?, 'https://idp.example', 'sub-1', 1700000000000)`).run(user.id);
  }, 180_000);
  afterAll(async () => {
    source?.close();
    for (const t of targets) await t.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies the district with new ids, references and links following them, and leaves the other district as it was', async () => {
    const url = await deployment(true);
    const before = await snapshot(url);
    const { stdout } = await copy(url);
    expect(stdout).toMatch(/\[复制\] tasks：\d+ 行，校验一致/);
    expect(stdout).toMatch(/完成：行政区 河东区（371312）在目标数据库的编号为 2；\d+ 张表，共 \d+ 行/);
    expect(stdout).toContain('附件文件未复制');
    expect(stdout).toContain('以下账户的动态口令密钥无法用源安装的密钥打开，已清除，下次登录时需重新绑定：duchashi');

    const after = await snapshot(url);
    // Every row the deployment held is still there, unchanged; only the new district's were added.
    for (const [table, rows] of before) {
      const now = new Set(after.get(table));
      expect(rows.filter((r) => !now.has(r)), table).toEqual([]);
    }
    for (const table of ['settings', 'login_throttle', 'user_sessions']) expect(after.get(table)!.length, table).toBe(before.get(table)!.length);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const q = async <T>(text: string, ...values: unknown[]) => (await client.query(text, values)).rows as T[];
    try {
      const districts = await q<{ id: number; code: string; name: string }>(`select id, code, name from districts order by id`);
      expect(districts).toEqual([
        { id: 1, code: '371302', name: '兰山区' },
        { id: 2, code: '371312', name: '河东区' },
      ]);
      const count = (sqlite: string, pgText: string) => [(source.prepare(sqlite).get() as { n: number }).n, q<{ n: number }>(pgText).then((r) => r[0]!.n)] as const;
      for (const [s, t] of [
        [`select count(*) as n from tasks`, `select count(*)::int as n from tasks where district_id = 2`],
        [`select count(*) as n from units`, `select count(*)::int as n from units where district_id = 2`],
        [`select count(*) as n from users where district_id = 1`, `select count(*)::int as n from users where district_id = 2`],
        [`select count(*) as n from reports`, `select count(*)::int as n from reports r join tasks t on t.id = r.task_id where t.district_id = 2`],
        [`select count(*) as n from audit_log`, `select (select count(*) from audit_log)::int - ${before.get('audit_log')!.length} as n`],
        [`select count(*) as n from user_identities`, `select count(*)::int as n from user_identities`],
        [`select count(*) as n from district_settings`, `select count(*)::int as n from district_settings where district_id = 2`],
      ] as const) {
        const [a, b] = count(s, t);
        expect(await b, t).toBe(a);
      }
      expect((await q<{ n: number }>(`select count(*)::int as n from tasks where district_id = 1`))[0]!.n).toBeGreaterThan(70);

      // A row of the source, found in the target by what it is (list code, task number, unit name, month).
      const srcReport = source
        .prepare(
          `select r.id, t.no, p.code, u.name as unit, rp.month from month_sign_offs s join reports r on 'report:' || r.id = (select key from json_each(s.versions) where key like 'report:%')
           join tasks t on t.id = r.task_id join plans p on p.id = t.plan_id join units u on u.id = r.unit_id join reporting_periods rp on rp.id = r.period_id`,
        )
        .get() as { id: number; no: number; code: string; unit: string; month: string };
      const [report] = await q<{ id: number; task_id: number; plan_id: number; period_id: number }>(
        `select r.id, r.task_id, t.plan_id, r.period_id from reports r join tasks t on t.id = r.task_id join plans p on p.id = t.plan_id join units u on u.id = r.unit_id join reporting_periods rp on rp.id = r.period_id
         where t.district_id = 2 and p.code = $1 and t.no = $2 and u.name = $3 and rp.month = $4 and u.district_id = 2`,
        srcReport.code,
        srcReport.no,
        srcReport.unit,
        srcReport.month,
      );
      expect(report!.id).not.toBe(srcReport.id);
      const [signOff] = await q<{ versions: string; files: string }>(`select versions, files from month_sign_offs s join units u on u.id = s.unit_id where u.district_id = 2`);
      const attachments = await q<{ id: number; owner_id: number }>(`select a.id, a.owner_id from attachments a join tasks t on t.id = a.task_id where t.district_id = 2 order by a.id`);
      expect(attachments.map((a) => a.owner_id)).toEqual([report!.id, report!.id]);
      const versions = JSON.parse(signOff!.versions) as Record<string, number>;
      expect(Object.keys(versions)).toContain(`report:${report!.id}`);
      const [contribution] = await q<{ id: number }>(`select id from contributions where id = $1`, Number(Object.keys(versions).find((k) => k.startsWith('contribution:'))!.split(':')[1]));
      expect(contribution).toBeDefined();
      expect(JSON.parse(signOff!.files)).toEqual({ [`report:${report!.id}`]: attachments.map((a) => a.id).join(',') });

      const links = await q<{ title: string; link: string; dedupe_key: string | null; user_id: number }>(`select title, link, dedupe_key, user_id from notifications where title like '复制测试%' order by title`);
      expect(links.find((l) => l.title === '复制测试：任务')!.link).toBe(`/my/tasks/${report!.task_id}?period=2023-10`);
      const [notice] = await q<{ id: number; unit_id: number }>(`select n.id, t.unit_id from supervision_notices n join notice_targets t on t.notice_id = n.id where n.district_id = 2 order by n.id limit 1`);
      const noticeLink = links.find((l) => l.title === '复制测试：督办单')!;
      expect(noticeLink.link).toBe(`/notices/${notice!.id}`);
      expect(noticeLink.dedupe_key).toBe(`notice-soon:${notice!.id}:${notice!.unit_id}:u${noticeLink.user_id}`);
      // The demo's own links to tasks point at the district's tasks.
      const taskLinks = await q<{ district_id: number }>(`select t.district_id from notifications n join users u on u.id = n.user_id join tasks t on n.link = '/tasks/' || t.id where u.district_id = 2`);
      expect(taskLinks.length).toBeGreaterThan(0);
      expect(new Set(taskLinks.map((t) => t.district_id))).toEqual(new Set([2]));

      const [month] = await q<{ breakdown: string }>(`select breakdown from assessment_month_scores s join units u on u.id = s.unit_id where u.district_id = 2`);
      expect(JSON.parse(month!.breakdown)).toMatchObject([{ planId: report!.plan_id, periodId: report!.period_id }]);
      const [snap] = await q<{ owner_id: number }>(`select owner_id from submission_snapshots s join users u on u.id = s.actor_id where u.district_id = 2`);
      expect(snap!.owner_id).toBe(report!.id);
      // Deployment-level accounts stay the target's own; the district's audit lines name its new ids.
      expect((await q<{ username: string }>(`select username from users where district_id is null order by username`)).map((u) => u.username)).toEqual(['anquan', 'shenji']);
      const audit = await q<{ task_id: number | null; district_id: number | null }>(
        `select a.task_id, t.district_id from audit_log a left join tasks t on t.id = a.task_id where a.id > (select max(id) from audit_log) - ${(source.prepare('select count(*) as n from audit_log').get() as { n: number }).n}`,
      );
      expect(audit.filter((a) => a.task_id !== null).every((a) => a.district_id === 2)).toBe(true);
      // The TOTP key opens for the account's new id with the deployment's secret; the broken one is cleared.
      const { openTotpSecret } = await import('@/lib/auth/totp-service');
      const totp = await q<{ id: number; username: string; totp_secret: string | null; totp_enabled_at: Date | null }>(`select id, username, totp_secret, totp_enabled_at from users where username in ('admin', 'duchashi') and district_id = 2 order by username`);
      expect(totp[0]!.id).not.toBe(one<{ id: number }>(`select id from users where username = 'admin'`).id);
      expect(openTotpSecret(totp[0]!.id, totp[0]!.totp_secret, TARGET_SECRET)).toBe(TOTP_KEY);
      expect(totp[1]).toMatchObject({ username: 'duchashi', totp_secret: null, totp_enabled_at: null });
      // New rows continue after the copied ids.
      const [next] = await q<{ id: number }>(`insert into units (district_id, name, kind) values (2, '区复制测试局', 'department') returning id`);
      expect(next!.id).toBeGreaterThan((await q<{ m: number }>(`select max(id)::int as m from units where name <> '区复制测试局'`))[0]!.m);
      await q(`delete from units where id = $1`, next!.id);
    } finally {
      await client.end();
    }

    // A second copy of the same district is refused, the deployment as it was.
    const again = await snapshot(url);
    const err = await refusal(url);
    expect(err.code).toBe(1);
    expect(err.stderr).toContain('目标数据库已有行政区划代码为 371312 的行政区「河东区」，且已有数据');
    expect(await snapshot(url)).toEqual(again);
  });

  it('copies only the named district of a source holding two, into an empty district row of that code', async () => {
    const url = targets[0]!.url;
    // The source gets a second district (罗庄区: its office unit and default unit groups) with an account, a notification and an audit line.
    await run(tsx, ['scripts/district.ts', 'add', '--code', '371311', '--name', '罗庄区'], { env: childEnv() });
    const second = one<{ id: number }>(`select id from districts where code = '371311'`).id;
    const office = one<{ id: number }>(`select id from units where district_id = ? and kind = 'office'`, second).id;
    const user = source.prepare(`insert into users (username, display_name, password_hash, role, district_id, unit_id) values ('lz_duchashi', '罗庄督查', '!', 'supervisor', ?, ?)`).run(second, office).lastInsertRowid;
    source.prepare(`insert into notifications (user_id, kind, title, body, link, urgent, created_at) values (?, 'test', '罗庄通知', '', '/approvals', 0, 1700000000000)`).run(user);
    source.prepare(`insert into audit_log (at, actor_id, actor_name, action, entity_type, entity_id, unit_id) values (1700000000000, ?, '罗庄督查', 'unit.update', 'unit', ?, ?)`).run(user, office, office);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const q = async <T>(text: string, ...values: unknown[]) => (await client.query(text, values)).rows as T[];
    try {
      // A district row made ahead (no data yet) takes the copy.
      const [made] = await q<{ id: number }>(`insert into districts (code, name, office_name) values ('371311', '罗庄', '罗庄') returning id`);
      const before = await snapshot(url);
      const { stdout } = await run(tsx, ['scripts/db-copy.ts', '--to', url, '--from', dir, '--district', '371311'], { env: childEnv() });
      expect(stdout).toContain(`完成：行政区 罗庄区（371311）在目标数据库的编号为 ${made!.id}`);
      const after = await snapshot(url);
      const added = (t: string) => after.get(t)!.length - before.get(t)!.length;
      expect(added('units')).toBe(one<{ n: number }>(`select count(*) as n from units where district_id = ?`, second).n);
      expect(added('unit_groups')).toBe(one<{ n: number }>(`select count(*) as n from unit_groups where district_id = ?`, second).n);
      expect([added('users'), added('notifications'), added('tasks'), added('plans'), added('reports'), added('districts')]).toEqual([1, 1, 0, 0, 0, 0]);
      // Its audit lines only (the office unit's), naming its new ids.
      const lines = await q<{ unit_id: number; entity_id: number; actor_id: number }>(`select a.unit_id, a.entity_id, a.actor_id from audit_log a join units u on u.id = a.unit_id where u.district_id = $1`, made!.id);
      expect(added('audit_log')).toBe(lines.length);
      expect(lines).toContainEqual(expect.objectContaining({ entity_id: lines[0]!.unit_id }));
      expect((await q<{ name: string; office_name: string }>(`select name, office_name from districts where id = $1`, made!.id))[0]).toEqual({ name: '罗庄区', office_name: '罗庄区人民政府督查室' });
    } finally {
      await client.end();
    }
  });

  it('refuses the whole copy when a username already exists in the deployment, naming it, with nothing written', async () => {
    const url = await deployment(false);
    const before = await snapshot(url);
    const err = await refusal(url);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/以下用户名在目标数据库中已存在：.*admin.*duchashi/);
    expect(err.stderr).not.toContain('anquan');
    expect(await snapshot(url)).toEqual(before);
  });

  it('refuses a district the source does not hold', async () => {
    const url = targets[0]!.url;
    const err = await run(tsx, ['scripts/db-copy.ts', '--to', url, '--from', dir, '--district', '371399'], { env: childEnv() }).catch((e: Failure) => e);
    expect((err as Failure).code).toBe(1);
    expect((err as Failure).stderr).toContain('源数据库中没有行政区划代码为 371399 的行政区');
  });
});
