import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { notifications, plans, supervisionNotices, units } from '@/db/schema';
import { ForbiddenError } from '@/lib/errors';
import { addSecondList } from '@/lib/oversight/second-list.fixture';
import { activePlans } from '@/lib/plans/plan-scope';
import { actorFor } from '@/lib/testing/temp-db';
import { acceptResponse, issueNotice, sendBackResponse } from './notice-commands';
import { admin, answer, ctxOf, env, fgj, issue, kjj, leader, parsedIssue, setUpNotices, setUpSecondDistrict, sthj, supervisor, targetOf, task40, tearDownNotices, TODAY, TOMORROW } from './notice.fixture';
import { getIssueFormData, getNotice, listNotices, listOverdueNotices, type OverdueNoticeRow } from './notice-views';

beforeAll(() => setUpNotices());
afterAll(() => tearDownNotices());

describe('the issuing form', () => {
  it('offers the plan’s tasks with their lead units to the issuing form', async () => {
    const data = await getIssueFormData(ctxOf(supervisor()), await activePlans(env.db, supervisor()));
    const t40 = data.tasks.find((t) => t.no === 40)!;
    expect(t40.lead.map((u) => u.name)).toEqual(['河东生态环境分局']);
    expect(data.units.some((u) => u.name === '区科学技术局')).toBe(true);
    await expect(getIssueFormData(ctxOf(leader()), await activePlans(env.db, supervisor()))).rejects.toThrow(ForbiddenError);
  });
});

describe('who sees what', () => {
  it('unit staff see only notices addressed to them and never another unit’s answer; leaders read all but cannot write', async () => {
    const n = await issue({ unitIds: [sthj().unitId, kjj().unitId] });
    const sthjTarget = await targetOf(n.id, sthj().unitId);
    const kjjTarget = await targetOf(n.id, kjj().unitId);
    await answer(sthj(), sthjTarget.id, '生态环境分局的整改情况');
    await answer(kjj(), kjjTarget.id, '科技局的整改情况');

    const asKjj = (await getNotice(ctxOf(kjj()), n.id))!;
    expect(asKjj.targets.map((t) => t.unit.name)).toEqual(['区科学技术局']);
    expect(asKjj.targets[0]).toMatchObject({ response: '科技局的整改情况', mine: true });
    expect(JSON.stringify(asKjj)).not.toContain('生态环境分局的整改情况');
    expect(asKjj.notes).toEqual([]);
    // The printed notice names every addressee.
    expect(asKjj.addressees.map((u) => u.name)).toEqual(['河东生态环境分局', '区科学技术局']);
    const listed = (await listNotices(ctxOf(kjj()), {})).find((r) => r.id === n.id)!;
    expect(listed.targets.map((t) => t.unit.name)).toEqual(['区科学技术局']);

    // 发改局 is not addressed: the notice does not exist for it.
    expect(await getNotice(ctxOf(fgj()), n.id)).toBeNull();
    expect((await listNotices(ctxOf(fgj()), {})).some((r) => r.id === n.id)).toBe(false);
    // A unit filter in the query string cannot widen a unit's view.
    expect((await listNotices(ctxOf(fgj()), { unit: sthj().unitId! })).some((r) => r.id === n.id)).toBe(false);

    const asLeader = (await getNotice(ctxOf(leader()), n.id))!;
    expect(asLeader.targets.map((t) => t.response)).toEqual(['生态环境分局的整改情况', '科技局的整改情况']);
    expect(asLeader.canManage).toBe(false);
    await expect(acceptResponse(ctxOf(leader()), { targetId: sthjTarget.id })).rejects.toThrow(ForbiddenError);
    expect(await getNotice(ctxOf(admin()), n.id)).not.toBeNull();
    expect((await getNotice(ctxOf(supervisor()), n.id))!.canManage).toBe(true);

    // The oversight list filters by unit.
    const onlyKjj = await listNotices(ctxOf(supervisor()), { unit: kjj().unitId! });
    expect(onlyKjj.some((r) => r.id === n.id)).toBe(true);
    expect(onlyKjj.length).toBeGreaterThan(0);
    expect(onlyKjj.every((r) => r.targets.some((t) => t.unit.id === kjj().unitId))).toBe(true);
  });

  it('a unit account without a unit reads nothing', async () => {
    const orphan = { ...sthj(), unitId: null };
    await expect(listNotices(ctxOf(orphan), {})).rejects.toThrow(ForbiddenError);
    await expect(listOverdueNotices(ctxOf(orphan))).rejects.toThrow(ForbiddenError);
    await expect(getNotice(ctxOf(orphan), 1)).rejects.toThrow(ForbiddenError);
  });
});

describe('overdue', () => {
  it('due today is not overdue; the next day it is overdue by 1 for the units that have not answered', async () => {
    const n = await issue({ unitIds: [sthj().unitId, kjj().unitId, fgj().unitId], dueDate: TODAY });
    const mine = (rows: OverdueNoticeRow[]) => rows.filter((r) => r.noticeId === n.id);
    expect(mine(await listOverdueNotices(ctxOf(supervisor())))).toEqual([]);
    expect((await listNotices(ctxOf(supervisor()), {})).find((r) => r.id === n.id)!.overdueDays).toBeNull();

    await answer(kjj(), (await targetOf(n.id, kjj().unitId)).id);
    const tomorrow = mine(await listOverdueNotices(ctxOf(supervisor(), TOMORROW)));
    expect(tomorrow.map((r) => [r.unit.name, r.daysOverdue]).sort()).toEqual([
      ['区发展和改革局', 1],
      ['河东生态环境分局', 1],
    ]);
    expect(tomorrow[0]).toMatchObject({ no: expect.stringMatching(/^督办〔2023〕第\d+号$/), task: { no: 40 }, dueDate: TODAY });
    const later = mine(await listOverdueNotices(ctxOf(supervisor(), '2023-11-25')));
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((r) => r.daysOverdue === 3)).toBe(true);
    expect((await listNotices(ctxOf(supervisor(), TOMORROW), { status: 'overdue' })).find((r) => r.id === n.id)!.overdueDays).toBe(1);
    expect((await getNotice(ctxOf(supervisor(), TOMORROW), n.id))!.targets.map((t) => t.overdueDays)).toEqual([1, null, 1]);

    // A unit sees only its own lateness: 科技局 answered, so the notice is not overdue for it.
    expect(mine(await listOverdueNotices(ctxOf(kjj(), TOMORROW)))).toEqual([]);
    expect((await listNotices(ctxOf(kjj(), TOMORROW), { status: 'overdue' })).some((r) => r.id === n.id)).toBe(false);
    expect(mine(await listOverdueNotices(ctxOf(sthj(), TOMORROW))).map((r) => r.unit.name)).toEqual(['河东生态环境分局']);

    // A sent-back answer counts as not answered.
    const k = await targetOf(n.id, kjj().unitId);
    await sendBackResponse(ctxOf(supervisor()), { targetId: k.id, comment: '不完整' });
    expect(mine(await listOverdueNotices(ctxOf(kjj(), TOMORROW))).map((r) => r.status)).toEqual(['sent_back']);
  });
});

describe('notices on tasks of several lists', () => {
  it('a notice can concern a task of any active list; it is named with its list everywhere and reaches only its units', async () => {
    const second = await addSecondList(env.db);
    const form = await getIssueFormData(ctxOf(supervisor()), await activePlans(env.db, supervisor()));
    expect(form.lists.map((l) => l.label)).toEqual([expect.any(String), '民生实事']);
    expect(form.tasks.filter((t) => t.planId === second.plan.id).map((t) => [t.label, t.lead.map((u) => u.name)])).toEqual([
      ['民生实事 1', ['区发展和改革局']],
      ['民生实事 2', ['区工业和信息化局']],
      ['民生实事 3', ['区民政局']],
    ]);
    // The first list's task 40 is still there, under its own list.
    expect(form.tasks.find((t) => t.id === task40)!.label).toMatch(/任务 40$/);

    const gxj = await actorFor(env.db, 'reporter', '区工业和信息化局');
    const n = await issue({ taskId: second.taskIds[2], unitIds: [gxj.unitId], triggerRule: '', triggerReason: '' });
    const [message] = await env.db
      .select()
      .from(notifications)
      .where(eq(notifications.link, `/notices/${n.id}`))
      .limit(1);
    expect(message!.body).toContain('民生实事 2“建设社区养老服务站”');
    const row = (await listNotices(ctxOf(gxj), {})).find((r) => r.id === n.id)!;
    expect(row.task).toEqual({ id: second.taskIds[2], planId: second.plan.id, no: 2, label: '民生实事 2', title: '建设社区养老服务站', planTitle: '河东区2023年十大民生实事' });
    expect((await getNotice(ctxOf(supervisor()), n.id))!.task.label).toBe('民生实事 2');
    // Other units see nothing of it, whatever id they try.
    expect((await listNotices(ctxOf(fgj()), {})).some((r) => r.id === n.id)).toBe(false);
    expect(await getNotice(ctxOf(fgj()), n.id)).toBeNull();
    const overdue = (await listOverdueNotices(ctxOf(gxj, '2023-12-30'))).find((r) => r.noticeId === n.id)!;
    expect(overdue.task.label).toBe('民生实事 2');
    expect((await listOverdueNotices(ctxOf(await actorFor(env.db, 'reporter', '区民政局'), '2023-12-30'))).some((r) => r.noticeId === n.id)).toBe(false);

    // A list being decomposed (draft) is not in the loop: no notice on its tasks, and the form leaves it out.
    await env.db.update(plans).set({ status: 'draft' }).where(eq(plans.id, second.plan.id));
    try {
      expect(await issueNotice(ctxOf(supervisor()), parsedIssue({ taskId: second.taskIds[1], unitIds: [fgj().unitId] }))).toMatchObject({ ok: false, error: '找不到该任务' });
      const tasksNow = (await getIssueFormData(ctxOf(supervisor()), await activePlans(env.db, supervisor()))).tasks;
      expect(tasksNow.length).toBeGreaterThan(0);
      expect(tasksNow.some((t) => t.planId === second.plan.id)).toBe(false);
    } finally {
      await env.db.update(plans).set({ status: 'active' }).where(eq(plans.id, second.plan.id));
    }
  });
});

describe('districts', () => {
  it('each district reads only its own notices (lists, overdue, by id, the form); the city office reads both', async () => {
    const b = await setUpSecondDistrict();
    const a = await issue();
    const city = await actorFor(env.db, 'city_supervisor', null);
    const idsOf = async (districtId: number) => new Set((await env.db.select({ id: supervisionNotices.id }).from(supervisionNotices).where(eq(supervisionNotices.districtId, districtId))).map((r) => r.id));
    const [ofA, ofB] = [await idsOf(1), await idsOf(b.districtId)];
    // Both notices are due 2023-11-29 and not answered: overdue on this day.
    const late = '2023-12-20';
    const cases: [Actor, Set<number>, number, number][] = [
      [supervisor(), ofA, a.id, b.notice.id],
      [sthj(), ofA, a.id, b.notice.id],
      [b.supervisor, ofB, b.notice.id, a.id],
      [b.sthj, ofB, b.notice.id, a.id],
    ];
    for (const [actor, own, mine, other] of cases) {
      const listed = (await listNotices(ctxOf(actor, late), {})).map((r) => r.id);
      expect(listed).toContain(mine);
      expect(listed.every((id) => own.has(id))).toBe(true);
      const overdue = (await listOverdueNotices(ctxOf(actor, late))).map((r) => r.noticeId);
      expect(overdue).toContain(mine);
      expect(overdue.every((id) => own.has(id))).toBe(true);
      expect(await getNotice(ctxOf(actor), mine)).not.toBeNull();
      expect(await getNotice(ctxOf(actor), other)).toBeNull();
    }
    // A unit filter naming the other district's unit finds nothing.
    expect(await listNotices(ctxOf(supervisor()), { unit: b.sthj.unitId! })).toEqual([]);
    // The issuer printed on the notice is its district's office.
    expect((await getNotice(ctxOf(supervisor()), a.id))!.issuer).toBe('河东区人民政府督查室');
    expect((await getNotice(ctxOf(b.supervisor), b.notice.id))!.issuer).toBe('兰山区人民政府督查室');

    // The issuing form offers the own district's lists, tasks and units only, whatever lists it is given.
    const everyList = [...(await activePlans(env.db, supervisor())), ...(await activePlans(env.db, b.supervisor))];
    const unitsOf = async (districtId: number) => new Set((await env.db.select({ id: units.id }).from(units).where(eq(units.districtId, districtId))).map((u) => u.id));
    for (const [actor, districtId] of [
      [supervisor(), 1],
      [b.supervisor, b.districtId],
    ] as const) {
      const form = await getIssueFormData(ctxOf(actor), everyList);
      const own = new Set((await activePlans(env.db, actor)).map((p) => p.id));
      const ownUnits = await unitsOf(districtId);
      expect(form.tasks.length).toBeGreaterThan(0);
      expect(form.lists.every((l) => own.has(l.id))).toBe(true);
      expect(form.tasks.every((t) => own.has(t.planId) && [...t.lead, ...t.participating].every((u) => ownUnits.has(u.id)))).toBe(true);
      expect(form.units.every((u) => ownUnits.has(u.id))).toBe(true);
    }

    // The city office: every district's notices, each with its own issuer.
    const all = (await listNotices(ctxOf(city), {})).map((r) => r.id);
    expect(all).toEqual(expect.arrayContaining([a.id, b.notice.id]));
    expect((await getNotice(ctxOf(city), b.notice.id))!.issuer).toBe('兰山区人民政府督查室');
  });
});
