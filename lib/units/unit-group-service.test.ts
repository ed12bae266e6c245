import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, tasks, taskUnits, units } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError } from '@/lib/errors';
import { importNoticeText, resolveGroups } from '@/lib/plan-import/import-plan';
import { useSeededDb, viaSchema } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { listUnitGroups, loadGroupPhrases, saveUnitGroup, unitGroupSchema } from './unit-group-service';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';

const env = useSeededDb();
/** The admin (made in beforeAll, once the database exists). */
let adminActor: Actor;
beforeAll(async () => {
  adminActor = await actorFor(env.db, 'admin', null);
});
const admin = () => adminActor;
const ctxOf = (actor: Actor) => env.as(actor);
/** As the action does: the form's schema first, then the service. */
const save = (actor: Actor, raw: unknown) => viaSchema(unitGroupSchema, raw, (input) => saveUnitGroup(ctxOf(actor), input));

describe('unit groups (单位组)', () => {
  it('has the default groups, whose kinds include units created after them', async () => {
    const groups = await listUnitGroups(ctxOf(admin()));
    expect(groups.map((g) => g.name)).toEqual(['各镇街', '区直各部门', '各园区']);
    const towns = groups[0]!;
    expect(towns.members.map((m) => m.name)).toEqual(expect.arrayContaining(['九曲街道', '八湖镇']));
    // The departments were created by the notice import, after the groups.
    expect(groups[1]!.members.map((m) => m.name)).toContain('区发展和改革局');
    await env.db.insert(units).values({ districtId: FIRST_DISTRICT_ID, name: '新设街道', kind: 'street' });
    expect((await loadGroupPhrases(env.db, FIRST_DISTRICT_ID)).get('各镇（街道）')!.members).toContain('新设街道');
  });

  it('expands a phrase of a group into participating units; other phrases stay a note', async () => {
    const phrases = await loadGroupPhrases(env.db, FIRST_DISTRICT_ID);
    const r = resolveGroups({ lead: ['九曲街道'], participating: ['区财政局'], groups: ['各镇街', '各有关单位'] }, phrases);
    expect(r.participating[0]).toBe('区财政局');
    expect(r.participating).toContain('八湖镇');
    expect(r.participating).not.toContain('九曲街道');
    expect(r.note).toEqual(['各有关单位']);
    expect(r.mapped).toEqual([{ phrase: '各镇街', group: '各镇街' }]);
  });

  it('an import keeps the expansion and the note on the task', async () => {
    const text = '某区2024年民生实事\n一、民生\n1.推进背街小巷整治。（牵头单位：区住房和城乡建设局；配合单位：各镇街、各有关单位）';
    const { summary } = await importNoticeText(env.db, FIRST_DISTRICT_ID, text, { year: 2024, kind: 'livelihood' });
    expect(summary.status).toBe('created');
    // Through drizzle's columns: the note is JSON text on SQLite and jsonb on PostgreSQL.
    const [row] = await env.db
      .select({ note: tasks.groupNote, n: count(taskUnits.unitId) })
      .from(tasks)
      .innerJoin(taskUnits, eq(taskUnits.taskId, tasks.id))
      .where(eq(tasks.planId, summary.planId!))
      .groupBy(tasks.id);
    expect(row!.note).toEqual(['各有关单位']);
    expect(row!.n).toBeGreaterThan(6);
    // The same text again changes nothing.
    expect((await importNoticeText(env.db, FIRST_DISTRICT_ID, text, { year: 2024, kind: 'livelihood' })).summary.status).toBe('unchanged');
  });

  it('is edited by the admin only; bad input is refused with the field named and writes nothing', async () => {
    await expect(saveUnitGroup(ctxOf(await actorFor(env.db, 'supervisor', '区政府督查室')), { name: '农业口', phrases: '', unitIds: [] })).rejects.toThrow(ForbiddenError);
    expect(await save(admin(), { name: '组', phrases: '', unitIds: [] })).toMatchObject({ ok: false, fieldErrors: { name: ['组名至少 2 个字'] } });
    expect(await save(admin(), { name: '农业口', phrases: '涉农部门', unitIds: [999_999] })).toMatchObject({ ok: false, error: '成员单位不存在，请刷新后重试' });
    const agri = (await env.db.select({ id: units.id }).from(units).where(eq(units.name, '区农业农村局')).limit(1))[0]!.id;
    const r = await save(admin(), { name: '农业口', phrases: '涉农部门、各涉农单位', unitIds: [agri] });
    expect(r.ok).toBe(true);
    expect((await loadGroupPhrases(env.db, FIRST_DISTRICT_ID)).get('涉农部门')).toEqual({ name: '农业口', members: ['区农业农村局'] });
    expect(await save(admin(), { name: '各镇街', phrases: '', unitIds: [] })).toMatchObject({ ok: false, fieldErrors: { name: ['已有同名单位组'] } });
    expect(await env.db.select().from(auditLog).where(eq(auditLog.action, 'unitGroup.save'))).toHaveLength(1);
  });
});
