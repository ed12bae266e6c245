import { and, asc, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { assessmentExplanations, assessmentScores, attachments, auditLog, contributions, plans, instructionReceipts, instructions, noticeTargets, reports, supervisionNotices, tasks, taskUnits, unitAliases, unitGroupMembers, unitGroups, units, users } from '@/db/schema';
import { addTestList, livelihoodList } from '@/lib/assessment/test-lists';
import type { Actor } from '@/lib/auth/actor';
import type { ServiceContext } from '@/lib/context';
import { ForbiddenError } from '@/lib/errors';
import { invalid } from '@/lib/result';
import { FIRST_DISTRICT_ID as D1 } from '@/lib/districts/district-scope';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { DEMO_NOW } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { listUnitOptions, resolveUnitId } from '@/lib/units/unit-service';
import { NON_ADMIN_ROLES, useAdminDb } from './admin.fixture';
import { unitMergeSchema, unitRenameSchema } from './schemas';
import { addUnitAlias, getUnitForAdmin, listUnitsForAdmin, mergeUnits, renameUnit, setUnitActive } from './unit-admin-service';

const AT = DEMO_NOW;
const { env, ctxOf, asAdmin, rowCount, rowCounts, unitIdOf } = useAdminDb();
const unitId = async (name: string) => (await unitIdOf(name))!;
const { idOf, taskId, periodId } = env;
const auditCount = () => rowCount(auditLog);

/** Row counts of every table a unit change may touch: a refusal must leave them all as they were. */
async function snapshot() {
  return {
    ...(await rowCounts({ units, aliases: unitAliases, taskUnits, users, reports, contributions, attachments, audit: auditLog })),
    unitRows: await env.db.select().from(units).orderBy(asc(units.id)),
    aliasRows: await env.db.select().from(unitAliases).orderBy(asc(unitAliases.id)),
    linkRows: await env.db.select().from(taskUnits).orderBy(asc(taskUnits.taskId), asc(taskUnits.unitId), asc(taskUnits.role)),
  };
}

async function newUnit(name: string): Promise<number> {
  return (await env.db.insert(units).values({ districtId: D1, name }).returning({ id: units.id }))[0]!.id;
}

describe('only admins manage units', () => {
  it.each(NON_ADMIN_ROLES)('%s is refused every unit action', async (role, unit) => {
    const ctx = ctxOf(await actorFor(env.db, role, unit));
    const id = await unitId('区民政局');
    const before = await snapshot();
    await expect(listUnitsForAdmin(ctx)).rejects.toThrow(ForbiddenError);
    await expect(getUnitForAdmin(ctx, id)).rejects.toThrow(ForbiddenError);
    await expect(renameUnit(ctx, { unitId: id, name: '区民政新局' })).rejects.toThrow(ForbiddenError);
    await expect(addUnitAlias(ctx, { unitId: id, alias: '民政局' })).rejects.toThrow(ForbiddenError);
    await expect(mergeUnits(ctx, { sourceId: id, targetId: await unitId('区财政局'), confirm: true })).rejects.toThrow(ForbiddenError);
    await expect(setUnitActive(ctx, { unitId: id, active: false })).rejects.toThrow(ForbiddenError);
    expect(await snapshot()).toEqual(before);
  });
});

describe('list', () => {
  it('shows every unit with aliases, task counts of the current plan and active accounts', async () => {
    const { plans: lists, units: rows } = await listUnitsForAdmin(asAdmin());
    expect(lists[0]?.year).toBe(2023);
    const fgj = rows.find((u) => u.name === '区发展和改革局')!;
    expect(fgj).toMatchObject({ active: true, kind: 'department', activeUserCount: 2 });
    expect(fgj.leadCount).toBeGreaterThan(5);
    expect(fgj.aliases).toContain('区发改局');
    expect(rows.find((u) => u.name === '九曲街道')).toMatchObject({ leadCount: 0, participatingCount: 0 });
  });
});

describe('rename', () => {
  it('keeps the old name as an alias, so notices that still use it resolve to the unit', async () => {
    const id = await unitId('区民政局');
    const r = await renameUnit(asAdmin({ ip: '10.0.0.1' }), unitRenameSchema.parse({ unitId: id, name: ' 区民政和社会事务局 ' }));
    expect(r).toMatchObject({ ok: true, data: { name: '区民政和社会事务局' } });
    expect((await env.db.select().from(units).where(eq(units.id, id)).limit(1))[0]!.name).toBe('区民政和社会事务局');
    expect(await resolveUnitId(env.db, D1, '区民政局')).toBe(id);
    expect(await resolveUnitId(env.db, D1, '区民政和社会事务局')).toBe(id);
    expect((await getUnitForAdmin(asAdmin(), id))!.aliases).toContain('区民政局');
    const audit = (await env.db.select().from(auditLog).where(eq(auditLog.action, 'unit.rename')).orderBy(desc(auditLog.id)).limit(1))[0]!;
    expect(audit).toMatchObject({ entityId: id, ip: '10.0.0.1', actorId: idOf('admin') });
    expect(JSON.parse(audit.detail!)).toEqual({ from: '区民政局', to: '区民政和社会事务局' });

    // Back again: the alias becomes the name and the interim name an alias.
    expect((await renameUnit(asAdmin(), { unitId: id, name: '区民政局' })).ok).toBe(true);
    const aliases = (await getUnitForAdmin(asAdmin(), id))!.aliases;
    expect(aliases).toContain('区民政和社会事务局');
    expect(aliases).not.toContain('区民政局');
    expect(await resolveUnitId(env.db, D1, '区民政和社会事务局')).toBe(id);
  });

  it('refuses a name used by another unit, another unit’s alias or a built-in abbreviation; writes nothing', async () => {
    const id = await unitId('区财政局');
    // A built-in abbreviation that is not stored as an alias still resolves to its unit.
    await env.db.delete(unitAliases).where(eq(unitAliases.alias, '区金融局'));
    const before = await snapshot();
    const cases: [string, RegExp][] = [
      ['区发展和改革局', /已被另一个单位使用/],
      ['区发改局', /已是单位“区发展和改革局”的别名/],
      ['区金融局', /系统内置/],
      ['区财政局', /与现在的名称相同/],
      ['区财政局、区税务局', /不能包含顿号/],
      ['', /至少 2 个字/],
    ];
    for (const [name, message] of cases) {
      // As the action does: the form's schema first (顿号, length), then the service.
      const parsed = unitRenameSchema.safeParse({ unitId: id, name });
      const r = parsed.success ? await renameUnit(asAdmin(), parsed.data) : invalid(parsed.error);
      expect(r.ok, name).toBe(false);
      expect(!r.ok && r.fieldErrors?.name?.[0], name).toMatch(message);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('aliases', () => {
  it('adds a normalised alias that then resolves, and refuses duplicates', async () => {
    const id = await unitId('区财政局');
    const r = await addUnitAlias(asAdmin(), { unitId: id, alias: '区 财政 局(本级)' });
    expect(r).toMatchObject({ ok: true, data: { alias: '区财政局（本级）' } });
    expect(await resolveUnitId(env.db, D1, '区财政局(本级)')).toBe(id);
    const before = await snapshot();
    const again = await addUnitAlias(asAdmin(), { unitId: id, alias: '区财政局（本级）' });
    expect(!again.ok && again.fieldErrors?.alias?.[0]).toBe('“区财政局（本级）”已是该单位的别名');
    const taken = await addUnitAlias(asAdmin(), { unitId: id, alias: '区发改局' });
    expect(!taken.ok && taken.fieldErrors?.alias?.[0]).toMatch('已是单位“区发展和改革局”的别名');
    const unitName = await addUnitAlias(asAdmin(), { unitId: id, alias: '区商务局' });
    expect(!unitName.ok && unitName.fieldErrors?.alias?.[0]).toMatch('另一个单位的名称');
    expect(await snapshot()).toEqual(before);
  });
});

describe('merge', () => {
  it('keeps the unit groups the merged unit was listed in, once', async () => {
    const target = await unitId('区财政局');
    const source = await newUnit('区财政事务中心');
    const group = (await env.db.insert(unitGroups).values({ districtId: D1, name: '财政口', phrases: '财政部门' }).returning({ id: unitGroups.id }))[0]!.id;
    await env.db.insert(unitGroupMembers).values([{ groupId: group, unitId: target }, { groupId: group, unitId: source }]);
    const r = await mergeUnits(asAdmin(), { sourceId: source, targetId: target, confirm: true });
    expect(r.ok).toBe(true);
    expect(await env.db.select().from(unitGroupMembers).where(eq(unitGroupMembers.groupId, group))).toEqual([{ groupId: group, unitId: target }]);
  });

  it('refuses merging a unit into itself', async () => {
    // The form's schema refuses both (the action parses before the service runs).
    const id = await unitId('区财政局');
    const r = invalid(unitMergeSchema.safeParse({ sourceId: id, targetId: id, confirm: true }).error!);
    expect(!r.ok && r.fieldErrors?.targetId?.[0]).toBe('不能把单位合并到它自己');
    const unconfirmed = invalid(unitMergeSchema.safeParse({ sourceId: id, targetId: await unitId('区商务局'), confirm: false }).error!);
    expect(!unconfirmed.ok && unconfirmed.fieldErrors?.confirm?.[0]).toMatch('请勾选确认');
  });

  it('moves links, accounts, reports, parts, attachments, notices, receipts and aliases to the target', async () => {
    const target = await unitId('区民政局');
    const source = await newUnit('区社会救助服务中心');
    await env.db.insert(unitAliases).values({ districtId: D1, alias: '区救助中心', unitId: source });
    // The target's own tasks (it participates in some); the source leads one elsewhere and joins one of the target's.
    const targetTask = (await env.db.select().from(taskUnits).where(eq(taskUnits.unitId, target)).orderBy(asc(taskUnits.role), asc(taskUnits.taskId)).limit(1))[0]!;
    const otherTask = taskId(1);
    const sameRoleTask = targetTask.taskId;
    await env.db.insert(taskUnits)
      .values([
        // Assigned and not yet signed for (签收): the assignment moves as it is.
        { taskId: otherTask, unitId: source, role: 'lead', position: 9, assignedOn: '2023-11-20' },
        { taskId: sameRoleTask, unitId: source, role: targetTask.role, position: 7 },
      ]);
    const userId = (await env.db.insert(users).values({ username: 'jiuzhu', displayName: '救助中心填报员', passwordHash: 'x', role: 'reporter', districtId: D1, unitId: source }).returning({ id: users.id }))[0]!.id;
    const sep = periodId('2023-09');
    const report = (
      await env.db
        .insert(reports)
        .values({ taskId: otherTask, periodId: sep, unitId: source, status: 'submitted', progress: '救助中心报送', updatedAt: AT })
        .returning({ id: reports.id })
    )[0]!.id;
    await env.db.insert(contributions).values({ taskId: sameRoleTask, periodId: sep, unitId: source, content: '协办', updatedAt: AT });
    await env.db.insert(attachments)
      .values({ ownerType: 'report', ownerId: report, unitId: source, taskId: otherTask, sha256: 'a'.repeat(64), size: 3, mime: 'application/pdf', fileName: 'a.pdf', uploadedBy: userId });
    const notice = (
      await env.db
        .insert(supervisionNotices)
        .values({ districtId: D1, year: 2023, seq: 900, taskId: otherTask, level: 'hint', problem: '慢', requirement: '快', dueDate: '2023-12-01', issuedBy: idOf('duchashi'), issuedAt: AT })
        .returning({ id: supervisionNotices.id })
    )[0]!.id;
    await env.db.insert(noticeTargets).values({ noticeId: notice, unitId: source, status: 'answered', response: '已整改' });
    const instruction = (await env.db.insert(instructions).values({ taskId: sameRoleTask, authorId: idOf('lingdao'), content: '抓紧', createdAt: AT }).returning({ id: instructions.id }))[0]!.id;
    await env.db.insert(instructionReceipts)
      .values([
        { instructionId: instruction, unitId: source, acknowledgedAt: AT, acknowledgedBy: userId, reply: '收到' },
        { instructionId: instruction, unitId: target },
      ]);
    const linksBefore = (await env.db.select().from(taskUnits).where(eq(taskUnits.unitId, target))).length;

    const r = await mergeUnits(asAdmin(), { sourceId: source, targetId: target, confirm: true });
    expect(r).toMatchObject({ ok: true, data: { taskLinksMoved: 1, taskLinksKeptTarget: 1, users: 1, reports: 1, contributions: 1, attachments: 1, noticeTargets: 1, aliases: 1 } });

    expect((await env.db.select().from(units).where(eq(units.id, source)).limit(1))[0]).toBeUndefined();
    expect(await env.db.select().from(taskUnits).where(eq(taskUnits.unitId, source))).toEqual([]);
    expect((await env.db.select().from(taskUnits).where(eq(taskUnits.unitId, target))).length).toBe(linksBefore + 1);
    // The target's row on the shared task was kept as it was (its own position, not the source's).
    expect((await env.db.select().from(taskUnits).where(eq(taskUnits.taskId, sameRoleTask))).filter((l) => l.unitId === target)).toEqual([targetTask]);
    expect(await env.db.select().from(taskUnits).where(eq(taskUnits.taskId, otherTask))).toContainEqual({ taskId: otherTask, unitId: target, role: 'lead', position: 9, assignedOn: '2023-11-20', signedAt: null, signedBy: null });
    expect((await env.db.select().from(users).where(eq(users.id, userId)).limit(1))[0]!.unitId).toBe(target);
    expect((await env.db.select().from(reports).where(eq(reports.id, report)).limit(1))[0]!.unitId).toBe(target);
    expect(await env.db.select().from(contributions).where(eq(contributions.unitId, source))).toEqual([]);
    expect((await env.db.select().from(attachments).where(eq(attachments.ownerId, report)).limit(1))[0]!.unitId).toBe(target);
    expect(await env.db.select().from(noticeTargets).where(eq(noticeTargets.noticeId, notice))).toMatchObject([{ unitId: target, status: 'answered' }]);
    // One receipt per unit: the target's, completed with the source's acknowledgement and reply.
    expect(await env.db.select().from(instructionReceipts).where(eq(instructionReceipts.instructionId, instruction))).toMatchObject([{ unitId: target, reply: '收到', acknowledgedBy: userId }]);
    // Both names of the absorbed unit now resolve to the target.
    expect(await resolveUnitId(env.db, D1, '区社会救助服务中心')).toBe(target);
    expect(await resolveUnitId(env.db, D1, '区救助中心')).toBe(target);
    const audit = (await env.db.select().from(auditLog).where(eq(auditLog.action, 'unit.merge')).orderBy(desc(auditLog.id)).limit(1))[0]!;
    expect(JSON.parse(audit.detail!)).toMatchObject({ from: { id: source, name: '区社会救助服务中心' }, into: { id: target } });
  });

  it('a unit that leads a task is not also listed as participating after the merge', async () => {
    const target = await unitId('区商务局');
    const source = await newUnit('区商务发展促进中心');
    const led = (await env.db.select().from(taskUnits).where(eq(taskUnits.unitId, target))).find((l) => l.role === 'lead')!;
    const linked = new Set((await env.db.select({ taskId: taskUnits.taskId }).from(taskUnits).where(eq(taskUnits.unitId, target))).map((l) => l.taskId));
    const free = (await env.db.select({ id: tasks.id }).from(tasks).orderBy(asc(tasks.id))).find((t) => !linked.has(t.id))!.id;
    await env.db.insert(taskUnits)
      .values([
        { taskId: led.taskId, unitId: source, role: 'participating', position: 5 },
        { taskId: free, unitId: target, role: 'participating', position: 3 },
        { taskId: free, unitId: source, role: 'lead', position: 0 },
      ]);
    expect((await mergeUnits(asAdmin(), { sourceId: source, targetId: target, confirm: true })).ok).toBe(true);
    const roles = async (t: number) => (await env.db.select().from(taskUnits).where(eq(taskUnits.taskId, t))).filter((l) => l.unitId === target).map((l) => l.role);
    expect(await roles(led.taskId)).toEqual(['lead']);
    expect(await roles(free)).toEqual(['lead']);
  });

  it('refuses when both units reported on the same task and month, explaining which, and writes nothing', async () => {
    const target = await unitId('区财政局');
    const source = await newUnit('区财政事务中心');
    const t = taskId(3);
    const oct = periodId('2023-10');
    await env.db.insert(reports)
      .values([
        { taskId: t, periodId: oct, unitId: source, progress: 'A', updatedAt: AT },
        { taskId: t, periodId: oct, unitId: target, progress: 'B', updatedAt: AT },
      ]);
    await env.db.insert(users).values({ username: 'czsw', displayName: '财政事务', passwordHash: 'x', role: 'reporter', districtId: D1, unitId: source });
    const before = await snapshot();
    const r = await mergeUnits(asAdmin(), { sourceId: source, targetId: target, confirm: true });
    expect(r.ok).toBe(false);
    const title = (await env.db.select().from(tasks).where(eq(tasks.id, t)).limit(1))[0]!.title;
    expect(!r.ok && r.error).toBe(`两个单位在同一任务、同一月份都有月度进展，无法自动合并：任务 3「${title}」2023年10月。请先与督查室核实、处理后再合并。`);
    expect(await snapshot()).toEqual(before);

    // The same for two parts (协办情况) of one task and month.
    await env.db.delete(reports).where(eq(reports.unitId, source));
    await env.db.insert(contributions)
      .values([
        { taskId: t, periodId: oct, unitId: source, updatedAt: AT },
        { taskId: t, periodId: oct, unitId: target, updatedAt: AT },
      ]);
    const before2 = await snapshot();
    const r2 = await mergeUnits(asAdmin(), { sourceId: source, targetId: target, confirm: true });
    expect(!r2.ok && r2.error).toMatch('都有协办情况');
    expect(await snapshot()).toEqual(before2);
  });

  it('moves rows of the other tables that reference a unit (考核得分 …), and refuses (writing nothing) when they clash', async () => {
    // The tables are found in the schema (db/schema.ts): every foreign key to units.id outside the ones moved explicitly.
    const period = periodId('2023-09');
    const scores = () =>
      env.db
        .select({ unitId: assessmentScores.unitId })
        .from(assessmentScores)
        .where(eq(assessmentScores.periodId, period))
        .orderBy(asc(assessmentScores.total));
    const target = await unitId('区商务局');
    const a = await newUnit('区商贸流通服务中心');
    await env.db.insert(assessmentScores).values({ periodId: period, unitId: a, total: 90, rank: 1, breakdown: '{}' });
    const explanation = (
      await env.db
        .insert(assessmentExplanations)
        .values({ periodId: period, unitId: a, content: '情况说明', authorId: idOf('admin'), createdAt: AT })
        .returning({ id: assessmentExplanations.id })
    )[0]!.id;
    expect(await mergeUnits(asAdmin(), { sourceId: a, targetId: target, confirm: true })).toMatchObject({ ok: true, data: { other: { assessment_scores: 1, assessment_explanations: 1 } } });
    expect(await scores()).toEqual([{ unitId: target }]);
    expect((await env.db.select().from(assessmentExplanations).where(eq(assessmentExplanations.id, explanation)).limit(1))[0]).toMatchObject({ unitId: target });

    const b = await newUnit('区电子商务服务中心');
    await env.db.insert(assessmentScores).values({ periodId: period, unitId: b, total: 80, rank: 2, breakdown: '{}' });
    const before = await snapshot();
    const r = await mergeUnits(asAdmin(), { sourceId: b, targetId: target, confirm: true });
    expect(!r.ok && r.fieldErrors?.targetId?.[0]).toMatch('“考核得分”记录相互冲突');
    expect(await snapshot()).toEqual(before);
    expect(await scores()).toEqual([{ unitId: b }, { unitId: target }]);
    await env.db.delete(assessmentScores).where(eq(assessmentScores.periodId, period));
    await env.db.delete(assessmentExplanations).where(eq(assessmentExplanations.id, explanation));
  });

  it('refuses an inactive target', async () => {
    const target = await unitId('九曲街道');
    expect((await setUnitActive(asAdmin(), { unitId: target, active: false })).ok).toBe(true);
    const r = await mergeUnits(asAdmin(), { sourceId: await unitId('汤头街道'), targetId: target, confirm: true });
    expect(!r.ok && r.fieldErrors?.targetId?.[0]).toMatch('已停用');
    expect((await setUnitActive(asAdmin(), { unitId: target, active: true })).ok).toBe(true);
  });
});

describe('deactivate / reactivate', () => {
  it('refuses a unit that leads tasks of the current plan or has active accounts, saying why', async () => {
    const before = await snapshot();
    const r = await setUnitActive(asAdmin(), { unitId: await unitId('区发展和改革局'), active: false });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^不能停用“区发展和改革局”：该单位牵头 2023 年任务 \d+ 项（任务 [\d、]+/);
    expect(!r.ok && r.error).toMatch('仍有 2 个启用的账户（fgj、fgj_head）');
    expect(await snapshot()).toEqual(before);
  });

  it('a deactivated unit is hidden from pickers until reactivated', async () => {
    const id = await unitId('八湖镇');
    const audits = await auditCount();
    expect(await setUnitActive(asAdmin(), { unitId: id, active: false })).toMatchObject({ ok: true });
    expect((await listUnitOptions(asAdmin())).map((u) => u.id)).not.toContain(id);
    expect((await listUnitsForAdmin(asAdmin())).units.find((u) => u.id === id)?.active).toBe(false);
    expect((await setUnitActive(asAdmin(), { unitId: id, active: false })).ok).toBe(false);
    expect((await setUnitActive(asAdmin(), { unitId: id, active: true })).ok).toBe(true);
    expect((await listUnitOptions(asAdmin())).map((u) => u.id)).toContain(id);
    expect((await env.db.select().from(auditLog).orderBy(asc(auditLog.id))).slice(audits).map((a) => a.action)).toEqual(['unit.deactivate', 'unit.reactivate']);
  });
});

describe('several active lists', () => {
  const second = useAdminDb();
  let listId: number;
  const admin2 = () => second.asAdmin();
  const unit2 = async (name: string) => (await second.unitIdOf(name))!;

  beforeAll(async () => {
    const added = await addTestList(
      second.env.db,
      livelihoodList([
        { no: 1, title: '街道便民服务站提升', lead: ['九曲街道'] },
        { no: 2, title: '新建社区养老服务中心', lead: ['区发展和改革局'], participating: ['九曲街道'] },
      ]),
    );
    listId = added.plan.id;
  });

  it('counts the tasks of every active list', async () => {
    const before = await listUnitsForAdmin(admin2());
    expect(before.plans.map((p) => p.shortName)).toEqual(['重点任务', '民生实事']);
    expect(before.units.find((u) => u.name === '九曲街道')).toMatchObject({ leadCount: 1, participatingCount: 1 });
    const detail = (await getUnitForAdmin(admin2(), await unit2('九曲街道')))!;
    expect(detail).toMatchObject({ leadCount: 1, participatingCount: 1 });
    expect(detail.plans).toHaveLength(2);
  });

  it('refuses to deactivate a unit that leads tasks of any active list, naming them by list', async () => {
    const r = await setUnitActive(admin2(), { unitId: await unit2('九曲街道'), active: false });
    expect(!r.ok && r.error).toBe('不能停用“九曲街道”：该单位牵头进行中清单的任务 1 项（民生实事 1），停用后将无人报送；如单位已撤并，请使用“合并”。');
    // Once the list is archived, it no longer holds the unit.
    await second.env.db.update(plans).set({ status: 'archived' }).where(eq(plans.id, listId));
    expect((await listUnitsForAdmin(admin2())).units.find((u) => u.name === '九曲街道')).toMatchObject({ leadCount: 0, participatingCount: 0 });
    expect(await setUnitActive(admin2(), { unitId: await unit2('九曲街道'), active: false })).toMatchObject({ ok: true });
  });
});

describe('districts', () => {
  // 兰山区 beside the seeded 河东区: the same unit names under other ids. (Last in the file: it adds a district.)
  let d2: SecondDistrict;
  let admin2: Actor;
  beforeAll(async () => {
    d2 = await addSecondDistrict(env.db);
    admin2 = await d2.actor('admin');
  });
  const unitOf2 = async (name: string) => (await env.db.select({ id: units.id }).from(units).where(and(eq(units.districtId, d2.districtId), eq(units.name, name))))[0]!.id;
  const idsOf = async (districtId: number) => new Set((await env.db.select({ id: units.id }).from(units).where(eq(units.districtId, districtId))).map((u) => u.id));

  it('each district’s administrator lists and opens only its own units, counting its own lists and accounts', async () => {
    const cases: [ServiceContext, number, number][] = [
      [asAdmin(), D1, d2.districtId],
      [ctxOf(admin2), d2.districtId, D1],
    ];
    for (const [ctx, own, other] of cases) {
      const ownIds = await idsOf(own);
      const otherIds = await idsOf(other);
      const { plans: lists, units: rows } = await listUnitsForAdmin(ctx);
      expect(rows.map((u) => u.id).sort()).toEqual([...ownIds].sort());
      expect(lists.map((p) => p.year)).toEqual([2023]);
      const detail = (await getUnitForAdmin(ctx, rows.find((u) => u.name === '区民政局')!.id))!;
      expect(detail.mergeTargets.every((t) => ownIds.has(t.id))).toBe(true);
      for (const id of [...otherIds].slice(0, 3)) expect(await getUnitForAdmin(ctx, id)).toBeNull();
    }
    // The same notice in both: the same task counts, each district's own; accounts are counted per district.
    const fgj1 = (await listUnitsForAdmin(asAdmin())).units.find((u) => u.name === '区发展和改革局')!;
    const fgj2 = (await listUnitsForAdmin(ctxOf(admin2))).units.find((u) => u.name === '区发展和改革局')!;
    expect(fgj2).toMatchObject({ leadCount: fgj1.leadCount, participatingCount: fgj1.participatingCount, activeUserCount: 0 });
    expect(fgj1.activeUserCount).toBe(2);
  });

  it('an administrator naming another district’s unit is refused as "not found", writing nothing', async () => {
    const before = await snapshot();
    for (const [ctx, foreign, own] of [
      [asAdmin(), await unitOf2('区民政局'), await unitId('区财政局')],
      [ctxOf(admin2), await unitId('区民政局'), await unitOf2('区财政局')],
    ] as const) {
      expect(await renameUnit(ctx, { unitId: foreign, name: '区民政新局' })).toEqual({ ok: false, error: '找不到该单位' });
      expect(await addUnitAlias(ctx, { unitId: foreign, alias: '民政新局' })).toEqual({ ok: false, error: '找不到该单位' });
      expect(await setUnitActive(ctx, { unitId: foreign, active: false })).toEqual({ ok: false, error: '找不到该单位' });
      expect(await mergeUnits(ctx, { sourceId: foreign, targetId: own, confirm: true })).toEqual({ ok: false, error: '找不到要合并的单位' });
      expect(await mergeUnits(ctx, { sourceId: own, targetId: foreign, confirm: true })).toMatchObject({ ok: false, fieldErrors: { targetId: ['找不到目标单位'] } });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('names and aliases are the district’s own: another district’s may be the same', async () => {
    const mz2 = await unitOf2('区民政局');
    // The same alias in both districts, each for its own unit; 兰山区 may take a name that 河东区 uses too.
    expect(await addUnitAlias(ctxOf(admin2), { unitId: mz2, alias: '区民政事务局' })).toMatchObject({ ok: true });
    expect(await resolveUnitId(env.db, d2.districtId, '区民政事务局')).toBe(mz2);
    expect(await resolveUnitId(env.db, D1, '区民政事务局')).toBeNull();
    expect(await addUnitAlias(asAdmin(), { unitId: await unitId('区民政局'), alias: '区民政事务局' })).toMatchObject({ ok: true });
    expect(await resolveUnitId(env.db, D1, '区民政事务局')).toBe(await unitId('区民政局'));
    const onlyHere = await newUnit('区河东特有中心');
    expect(await renameUnit(ctxOf(admin2), { unitId: mz2, name: '区河东特有中心' })).toMatchObject({ ok: true });
    // The old name stays an alias in 兰山区 only.
    const [old] = await env.db.select().from(unitAliases).where(and(eq(unitAliases.alias, '区民政局'), eq(unitAliases.unitId, mz2)));
    expect(old).toMatchObject({ districtId: d2.districtId });
    expect(await resolveUnitId(env.db, D1, '区民政局')).toBe(await unitId('区民政局'));
    expect(await resolveUnitId(env.db, D1, '区河东特有中心')).toBe(onlyHere);
  });

  it('a merge within a district moves only that district’s rows', async () => {
    const source = (await env.db.insert(units).values({ districtId: d2.districtId, name: '区兰山救助中心' }).returning({ id: units.id }))[0]!.id;
    const target = await unitOf2('区财政局');
    const others = await env.db.select().from(taskUnits).where(eq(taskUnits.unitId, await unitId('区财政局')));
    expect(await mergeUnits(ctxOf(admin2), { sourceId: source, targetId: target, confirm: true })).toMatchObject({ ok: true });
    expect((await env.db.select().from(unitAliases).where(eq(unitAliases.alias, '区兰山救助中心')))[0]).toMatchObject({ unitId: target, districtId: d2.districtId });
    expect(await env.db.select().from(taskUnits).where(eq(taskUnits.unitId, await unitId('区财政局')))).toEqual(others);
  });

  it('the city role and an account without a district are refused', async () => {
    const city = await actorFor(env.db, 'city_supervisor', null);
    await expect(listUnitsForAdmin(ctxOf(city))).rejects.toThrow(ForbiddenError);
    await expect(listUnitsForAdmin(ctxOf({ ...env.admin(), districtId: null }))).rejects.toThrow(ForbiddenError);
  });
});
