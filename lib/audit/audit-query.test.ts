import { and, asc, eq, gte } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import type { Role } from '@/lib/auth/roles';
import { transaction } from '@/lib/db';
import { ForbiddenError, RefusalError } from '@/lib/errors';
import { UTF8_BOM } from '@/lib/exports/csv';
import { addSecondDistrict } from '@/lib/testing/second-district';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { AUDIT_EXPORT_MAX, AUDIT_PAGE_SIZE, auditActionOptions, auditFilterSchema, exportAuditLog, filterQuery, searchAuditLog, unitLabel, type AuditFilter } from './audit-query';
import { writeAudit, type AuditEntry } from './audit-service';

const env = useSeededDb();
const shenji = () => env.demo('shenji');
const asAuditor = (at = new Date('2030-02-01T09:00:00+08:00')) => env.as(shenji(), at, { ip: '10.7.7.7' });
/** Every line of these tests is written in January 2030 (Beijing), apart from the seed's own lines. */
const JAN = { from: '2030-01-01', to: '2030-01-31' } as const;
const filter = (f: Record<string, unknown>): AuditFilter => auditFilterSchema.parse({ ...JAN, ...f });

async function line(actor: Actor | null, entry: AuditEntry, at: string, ip: string | null) {
  await transaction(env.db, (tx) => writeAudit(tx, actor, entry, { ip }, new Date(at)));
}

let seeded = false;
/** A small log: logins (one failed, for a name typed), a report of 发改局, an admin's change, spread over January 2030. */
async function seedLines() {
  if (seeded) return;
  seeded = true;
  const fgj = env.fgj();
  const gxj = env.gxj();
  const admin = env.admin();
  await line(fgj, { action: 'login.success', entityType: 'user', entityId: fgj.userId, detail: { username: 'fgj' } }, '2030-01-05T08:00:00+08:00', '10.1.2.3');
  await line(null, { action: 'login.failure', entityType: 'user', detail: { username: 'fgj', reason: 'invalid' } }, '2030-01-05T07:59:00+08:00', '192.168.0.9');
  await line(fgj, { action: 'report.submit', entityType: 'report', entityId: 1, taskId: 1, unitId: fgj.unitId }, '2030-01-10T23:59:59+08:00', '10.1.2.3');
  await line(gxj, { action: 'report.save', entityType: 'report', entityId: 2, taskId: 2, unitId: gxj.unitId }, '2030-01-11T00:00:00+08:00', '10.1.9.9');
  await line(admin, { action: 'account.update', entityType: 'user', entityId: gxj.userId, detail: { username: 'gxj' } }, '2030-01-20T10:00:00+08:00', '172.16.0.1');
}

const actionsOf = async (f: Record<string, unknown>) => (await searchAuditLog(asAuditor(), filter(f))).items.map((r) => r.action);

describe('三员分立: only the audit administrator reads the log', () => {
  const OTHERS: [Role, string | null, string][] = [
    ['admin', null, 'admin'],
    ['security_admin', null, 'anquan'],
    ['supervisor', null, 'duchashi'],
    ['leader', null, 'lingdao'],
    ['reporter', '区发展和改革局', 'fgj'],
  ];
  it.each(OTHERS)('%s is refused search, actions and export', async (role, unit, username) => {
    const ctx = env.as(await actorFor(env.db, role, unit, env.idOf(username)));
    await expect(searchAuditLog(ctx, filter({}))).rejects.toThrow(ForbiddenError);
    await expect(auditActionOptions(ctx)).rejects.toThrow(ForbiddenError);
    await expect(exportAuditLog(ctx, filter({}))).rejects.toThrow(ForbiddenError);
  });
});

describe('filters', () => {
  it('by person: part of a username or a name, and the name typed at a failed login', async () => {
    await seedLines();
    expect(await actionsOf({ person: 'FG' })).toEqual(['report.submit', 'login.success', 'login.failure']);
    expect(await actionsOf({ person: '工信局' })).toEqual(['report.save']);
    expect(await actionsOf({ person: '系统管理' })).toEqual(['account.update']);
    // LIKE wildcards typed are taken literally.
    expect(await actionsOf({ person: '%' })).toEqual([]);
  });

  it('by action, unit (its data or its staff), address prefix', async () => {
    await seedLines();
    expect(await actionsOf({ action: 'login.failure' })).toEqual(['login.failure']);
    expect(await actionsOf({ unit: env.fgj().unitId })).toEqual(['report.submit', 'login.success']);
    expect(await actionsOf({ ip: '10.1.' })).toEqual(['report.save', 'report.submit', 'login.success']);
    expect(await actionsOf({ ip: '10.1.2' })).toEqual(['report.submit', 'login.success']);
    expect(await actionsOf({ ip: '192.' })).toEqual(['login.failure']);
  });

  it('by dates in Beijing, both ends inclusive; newest first', async () => {
    await seedLines();
    // 23:59:59 on the 10th is in "to 10th"; midnight starting the 11th is not.
    expect(await actionsOf({ from: '2030-01-10', to: '2030-01-10' })).toEqual(['report.submit']);
    expect(await actionsOf({ from: '2030-01-11', to: '2030-01-11' })).toEqual(['report.save']);
    expect(await actionsOf({})).toEqual(['account.update', 'report.save', 'report.submit', 'login.success', 'login.failure']);
  });

  it('the shared schema: blanks mean no filter; bad dates, a reversed range, a bad address or action are refused', () => {
    expect(auditFilterSchema.parse({ person: '', action: '', unit: '', from: '', to: '', ip: '' })).toEqual({});
    expect(auditFilterSchema.parse({ unit: '7', page: '3', junk: 'x' })).toEqual({ unit: 7 });
    const issue = (raw: Record<string, unknown>) => auditFilterSchema.safeParse(raw).error?.issues[0];
    expect(issue({ from: '2030-02-30' })).toMatchObject({ path: ['from'], message: '开始日期不是有效日期' });
    expect(issue({ to: '2030/01/01' })).toMatchObject({ path: ['to'], message: '结束日期格式应为 YYYY-MM-DD' });
    expect(issue({ from: '2030-01-02', to: '2030-01-01' })).toMatchObject({ path: ['to'], message: '结束日期不能早于开始日期' });
    expect(issue({ ip: "10.0.0.1' or 1=1" })).toMatchObject({ path: ['ip'] });
    expect(issue({ action: 'drop table' })).toMatchObject({ path: ['action'], message: '操作类型不正确' });
    expect(filterQuery(filter({ person: '张三', ip: '10.' }))).toBe('person=%E5%BC%A0%E4%B8%89&from=2030-01-01&to=2030-01-31&ip=10.');
  });

  it('lists the actions that occur, labelled in Chinese (the code where no label exists)', async () => {
    await seedLines();
    await line(null, { action: 'custom.thing', entityType: 'x' }, '2029-06-01T00:00:00+08:00', null);
    const options = await auditActionOptions(asAuditor());
    expect(options).toContainEqual({ value: 'login.failure', label: '登录失败' });
    expect(options).toContainEqual({ value: 'report.submit', label: '报送月度进展' });
    expect(options).toContainEqual({ value: 'custom.thing', label: 'custom.thing' });
  });
});

describe('paging and the audit of reads', () => {
  it('pages newest first; every search is audited with its filters, page and total', async () => {
    await seedLines();
    const more = Array.from({ length: AUDIT_PAGE_SIZE + 3 }, (_, i) => i);
    for (const i of more) await line(env.kjj(), { action: 'attachment.download', entityType: 'attachment', entityId: i }, `2030-01-25T10:00:${String(i % 60).padStart(2, '0')}+08:00`, '10.5.5.5');
    const at = new Date('2030-02-02T08:00:00+08:00');
    const p1 = await searchAuditLog(asAuditor(at), filter({ action: 'attachment.download' }), 1);
    expect(p1).toMatchObject({ page: 1, pageCount: 2, total: AUDIT_PAGE_SIZE + 3, pageSize: AUDIT_PAGE_SIZE });
    const times = p1.items.map((r) => r.at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const p2 = await searchAuditLog(asAuditor(at), filter({ action: 'attachment.download' }), 9);
    expect(p2.page).toBe(2);
    expect(p2.items).toHaveLength(3);
    expect(new Set([...p1.items, ...p2.items].map((r) => r.id)).size).toBe(AUDIT_PAGE_SIZE + 3);

    const searches = await env.db.select().from(auditLog).where(and(eq(auditLog.action, 'audit.search'), gte(auditLog.at, at))).orderBy(asc(auditLog.id));
    expect(searches).toHaveLength(2);
    expect(searches[0]).toMatchObject({ actorId: env.idOf('shenji'), ip: '10.7.7.7', entityType: 'audit_log' });
    expect(JSON.parse(searches[1]!.detail!)).toEqual({ filters: { action: 'attachment.download', ...JAN }, page: 2, total: AUDIT_PAGE_SIZE + 3 });
  });
});

describe('export', () => {
  it('CSV with a BOM (Excel), the same filters, formulas neutralised; audited with filters and row count', async () => {
    await seedLines();
    await line(env.fgj(), { action: 'report.save', entityType: 'report', entityId: 9, detail: { progress: '=cmd()' } }, '2030-01-30T12:00:00+08:00', '10.9.9.9');
    const at = new Date('2030-02-03T08:00:00+08:00');
    const file = await exportAuditLog(asAuditor(at), filter({ person: 'fgj' }));
    const text = file.body.toString('utf8');
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    expect(file.fileName).toBe('审计日志-2030-02-03.csv');
    expect(file.contentType).toContain('text/csv');
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('时间,操作人,账号,操作,操作代码,对象类型,对象编号,任务编号,单位,IP 地址,详情');
    expect(lines.slice(1).map((l) => l.split(',')[4])).toEqual(['report.save', 'report.submit', 'login.success', 'login.failure']);
    expect(lines[1]).toContain('2030/01/30 12:00:00');
    expect(lines[2]).toContain('报送月度进展');
    expect(lines[2]).toContain('区发展和改革局');
    const exported = await env.db.select().from(auditLog).where(and(eq(auditLog.action, 'audit.export'), gte(auditLog.at, at)));
    expect(exported).toHaveLength(1);
    expect(JSON.parse(exported[0]!.detail!)).toEqual({ filters: { person: 'fgj', ...JAN }, rows: 4, format: 'csv' });
  });

  it(`refuses more than ${AUDIT_EXPORT_MAX} lines with a clear message, writing no export line`, async () => {
    const t0 = new Date('2031-03-01T10:00:00+08:00').getTime();
    const bulk = Array.from({ length: AUDIT_EXPORT_MAX + 1 }, (_, i) => ({ at: new Date(t0 + i), actorId: null, actorName: null, action: 'bulk.line', entityType: 'x' }));
    await transaction(env.db, async (tx) => {
      // In batches: one statement may bind only so many values.
      for (let i = 0; i < bulk.length; i += 1000) await tx.insert(auditLog).values(bulk.slice(i, i + 1000));
    });
    const at = new Date('2031-03-02T08:00:00+08:00');
    const big = auditFilterSchema.parse({ from: '2031-03-01', to: '2031-03-01' });
    await expect(exportAuditLog(asAuditor(at), big)).rejects.toThrow(RefusalError);
    await expect(exportAuditLog(asAuditor(at), big)).rejects.toThrow(`符合条件的记录共 10,001 条，超过单次导出上限 10,000 条，请缩小时间范围或增加筛选条件后再导出`);
    expect(await env.db.select().from(auditLog).where(and(eq(auditLog.action, 'audit.export'), gte(auditLog.at, at)))).toEqual([]);
    // The page still shows them, a page at a time.
    expect((await searchAuditLog(asAuditor(at), big)).total).toBe(AUDIT_EXPORT_MAX + 1);
  });
});

describe('retention across a unit merge', () => {
  it('merging a unit deletes none of its audit lines; they keep its id and show it as merged', async () => {
    const { mergeUnits } = await import('@/lib/admin/unit-admin-service');
    const { units } = await import('@/db/schema');
    const idle = async (name: string) => (await env.db.insert(units).values({ districtId: 1, name }).returning({ id: units.id }))[0]!.id;
    const source = await idle('区测试甲局');
    const target = await idle('区测试乙局');
    await line(env.admin(), { action: 'unit.rename', entityType: 'unit', entityId: source, unitId: source }, '2030-05-01T10:00:00+08:00', null);
    const before = await env.db.select().from(auditLog).orderBy(asc(auditLog.id));
    expect(await mergeUnits(env.as(env.admin()), { sourceId: source, targetId: target, confirm: true })).toMatchObject({ ok: true });
    const after = await env.db.select().from(auditLog).orderBy(asc(auditLog.id));
    // Every line before the merge is still there, unchanged; the merge added its own.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.at(-1)).toMatchObject({ action: 'unit.merge' });
    const rows = (await searchAuditLog(asAuditor(), auditFilterSchema.parse({ from: '2030-05-01', to: '2030-05-01' }))).items;
    expect(rows.map((r) => [r.unitId, unitLabel(r)])).toEqual([[source, `单位 #${source}（已合并）`]]);
  });
});

describe('districts', () => {
  // (Last in the file: it adds a district.)
  it('the audit administrator reads every district’s lines; with several districts a unit is named with its district', async () => {
    const { auditUnitOptions } = await import('./audit-query');
    const { units } = await import('@/db/schema');
    // One district: names as before.
    const single = await auditUnitOptions(asAuditor());
    expect(single.find((u) => u.id === env.fgj().unitId)).toEqual({ id: env.fgj().unitId, name: '区发展和改革局' });
    const d2 = await addSecondDistrict(env.db);
    const fgj2 = await d2.actor('reporter', '区发展和改革局');
    await line(fgj2, { action: 'report.submit', entityType: 'report', entityId: 1, taskId: d2.taskId(1), unitId: fgj2.unitId }, '2030-06-01T10:00:00+08:00', '10.6.6.6');
    await line(env.fgj(), { action: 'report.submit', entityType: 'report', entityId: 1, taskId: env.taskId(1), unitId: env.fgj().unitId }, '2030-06-01T11:00:00+08:00', '10.6.6.7');
    const rows = (await searchAuditLog(asAuditor(), auditFilterSchema.parse({ from: '2030-06-01', to: '2030-06-01' }))).items;
    expect(rows.map((r) => unitLabel(r))).toEqual(['区发展和改革局（河东区）', '区发展和改革局（兰山区）']);
    const csv = (await exportAuditLog(asAuditor(), auditFilterSchema.parse({ from: '2030-06-01', to: '2030-06-01' }))).body.toString('utf8');
    expect(csv).toContain('区发展和改革局（兰山区）');
    const options = await auditUnitOptions(asAuditor());
    const both = options.filter((u) => u.name.startsWith('区发展和改革局（'));
    expect(both.map((u) => u.name).sort()).toEqual(['区发展和改革局（兰山区）', '区发展和改革局（河东区）'].sort());
    expect(options.length).toBe((await env.db.select({ id: units.id }).from(units)).length);
  });
});
