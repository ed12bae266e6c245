import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sections, tasks } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError } from '@/lib/errors';
import { activePlans } from '@/lib/plans/plan-scope';
import { getWorkbench } from '@/lib/reporting/workbench';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { listUnits, resolveUnitId } from '@/lib/units/unit-service';
import { getLedger, getTaskById, ledgerFilterSchema, listSections } from './ledger-service';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';

const env = useSeededDb();
const { taskId } = env;

const nos = (list: { no: number }[]) => list.map((t) => t.no);
const ctxOf = (actor: Actor) => env.as(actor);
const inView = () => activePlans(env.db, { kind: 'district', districtId: FIRST_DISTRICT_ID });
/** The section filter takes section ids (one field for every list in view). */
const sectionId = async (no: number) => {
  const [row] = await env.db
    .select({ id: sections.id })
    .from(sections)
    .where(and(eq(sections.planId, (await inView())[0]!.id), eq(sections.no, no)))
    .limit(1);
  return String(row!.id);
};
const ledgerNos = async (filters: Record<string, string>) => {
  const ledger = await getLedger(ctxOf(await actorFor(env.db, 'leader', null)), await inView(), ledgerFilterSchema.parse(filters));
  return ledger.sections.flatMap((s) => nos(s.tasks));
};

describe('ledger (工作台账)', () => {
  it('groups all 77 tasks under their 12 sections', async () => {
    const ledger = await getLedger(ctxOf(await actorFor(env.db, 'supervisor', '区政府督查室')), await inView(), ledgerFilterSchema.parse({}));
    expect(ledger.total).toBe(77);
    expect(ledger.sections).toHaveLength(12);
    expect(ledger.sections[11]).toMatchObject({ numeral: '十二', title: '组织实施' });
    expect(nos(ledger.sections[11]!.tasks)).toEqual([75, 76, 77]);
    expect(ledger.sections[11]!.tasks[0]!.lead).toEqual([]);
  });

  it('filters by section, by unit and role, and by keyword', async () => {
    expect(await ledgerNos({ section: await sectionId(2) })).toEqual([11, 12, 13, 14, 15, 16]);
    const sthj = String(await resolveUnitId(env.db, FIRST_DISTRICT_ID, '河东生态环境分局'));
    expect(await ledgerNos({ unit: sthj })).toEqual([8, 39, 40, 41, 42]);
    const kjj = String(await resolveUnitId(env.db, FIRST_DISTRICT_ID, '区科学技术局'));
    expect(await ledgerNos({ unit: kjj, unitRole: 'participating' })).toEqual([40, 49]);
    expect(await ledgerNos({ unit: kjj, unitRole: 'lead' })).toEqual([11, 12, 13, 14, 15, 16]);
    expect(await ledgerNos({ q: '高标准农田' })).toEqual([23]);
    // A keyword also matches unit names.
    expect(await ledgerNos({ q: '区法院' })).toEqual([74]);
    expect(await ledgerNos({ section: await sectionId(2), q: '人才' })).toEqual([13, 16]);
    expect(await ledgerNos({ section: await sectionId(1), q: '人才' })).toEqual([]);
  });

  it('ignores malformed filter values instead of failing', async () => {
    expect(ledgerFilterSchema.parse({ section: 'abc', unit: '-1', unitRole: 'boss', q: '' })).toEqual({ unitRole: 'any', page: 1 });
    // A keyword with SQL wildcards is matched literally.
    expect(await ledgerNos({ q: '_' })).toEqual([]);
    expect(await ledgerNos({ q: '增长10%' })).toEqual([6]);
  });

  it('pages the ledger and narrows it by what the page computed', async () => {
    const leader = ctxOf(await actorFor(env.db, 'leader', null));
    const all = await ledgerNos({});
    const pages = [];
    for (const page of [1, 2, 3, 4]) pages.push(await getLedger(leader, await inView(), ledgerFilterSchema.parse({ page: String(page) }), { pageSize: 20 }));
    expect(pages.map((p) => p.page.pageCount)).toEqual([4, 4, 4, 4]);
    expect(pages.flatMap((p) => p.sections.flatMap((s) => nos(s.tasks)))).toEqual(all);
    // A section split over two pages keeps its full count.
    const split = pages[0]!.sections.at(-1)!;
    expect(split.matchedInSection).toBeGreaterThanOrEqual(split.tasks.length);
    expect(pages[0]!.allSections).toHaveLength(12);
    const even = await getLedger(leader, await inView(), ledgerFilterSchema.parse({}), { keep: (id) => id % 2 === 0, pageSize: 20 });
    expect(even.matched).toBeLessThan(77);
    expect(even.total).toBe(77);
    expect(even.sections.length).toBeGreaterThan(0);
    for (const s of even.sections) expect(s.tasks.length).toBeGreaterThan(0);
    expect(even.sections.every((s) => s.tasks.every((t) => t.id % 2 === 0))).toBe(true);
  });

  it('a task page has the full text and its units', async () => {
    const t16 = (await getTaskById(ctxOf(await actorFor(env.db, 'reporter', '区委组织部')), taskId(16)))!;
    expect(t16.label).toBe('重点任务 16');
    expect(t16.lead.map((u) => u.name)).toEqual(['区委组织部', '区科学技术局', '区人力资源和社会保障局', '区发展和改革局', '区工业和信息化局']);
    expect(t16.text).toMatch(/^强化创新人才引育。/);
    expect(await getTaskById(ctxOf(await actorFor(env.db, 'leader', null)), 999_999)).toBeNull();
  });
});

describe('my unit’s tasks (本单位任务)', () => {
  it('splits the unit’s tasks into led and joined, from the session’s unit only', async () => {
    const [my] = await getWorkbench(ctxOf(await actorFor(env.db, 'reporter', '区科学技术局')), await inView());
    expect(nos(my!.leading.map((r) => r.task))).toEqual([11, 12, 13, 14, 15, 16]);
    expect(nos(my!.joining.map((r) => r.task))).toEqual([40, 49]);
    // A unit without tasks in the lists in view sees none.
    expect(await getWorkbench(ctxOf(await actorFor(env.db, 'unit_head', '九曲街道')), await inView())).toEqual([]);
  });

  it('is refused to roles without a unit of their own', async () => {
    for (const role of ['supervisor', 'leader', 'admin'] as const) {
      await expect(getWorkbench(ctxOf(await actorFor(env.db, role, null)), await inView())).rejects.toThrow(ForbiddenError);
    }
    await expect(getWorkbench(ctxOf({ ...(await actorFor(env.db, 'reporter', null)) }), await inView())).rejects.toThrow(ForbiddenError);
  });
});

describe('sections for the filter', () => {
  it('names each section by id with its list', async () => {
    const list = await listSections(ctxOf(await actorFor(env.db, 'leader', null)), await inView());
    expect(list).toHaveLength(12);
    expect(list[0]).toMatchObject({ id: Number(await sectionId(1)), numeral: '一', planLabel: '重点任务' });
  });
});

describe('units (责任单位)', () => {
  it('lists each real unit once with lead and participating counts', async () => {
    const list = await listUnits(ctxOf(await actorFor(env.db, 'reporter', '区民政局')), await inView());
    const by = new Map(list.map((u) => [u.name, u]));
    expect(by.get('区投资促进服务中心')).toMatchObject({ leadCount: 3, participatingCount: 1, aliases: expect.arrayContaining(['区投资促进中心']) });
    expect(by.has('区投资促进中心')).toBe(false);
    expect(by.get('河东生态环境分局')).toMatchObject({ leadCount: 5, participatingCount: 0 });
    for (const name of ['九曲街道', '太平街道', '汤头街道', '八湖镇', '汤河镇', '郑旺镇', '临沂汤头温泉旅游度假区', '河东经济开发区', '农业高新技术产业示范区', '区政府督查室']) {
      expect(by.get(name), name).toMatchObject({ leadCount: 0, participatingCount: 0 });
    }
    expect(by.get('八湖镇')!.kind).toBe('town');
    expect(by.get('九曲街道')!.kind).toBe('street');
  });
});

describe('a page of the ledger', () => {
  it('is kept until the next write, for every reader of the district, apart for each filter', async () => {
    const office = ctxOf(await actorFor(env.db, 'supervisor', '区政府督查室'));
    const leader = ctxOf(await actorFor(env.db, 'leader', null));
    const lists = await inView();
    const page = await getLedger(office, lists, ledgerFilterSchema.parse({}));
    expect(await getLedger(leader, lists, ledgerFilterSchema.parse({}))).toBe(page);
    const filtered = await getLedger(office, lists, ledgerFilterSchema.parse({ q: '污染' }));
    expect(filtered).not.toBe(page);
    expect(filtered.matched).toBeLessThan(page.matched);
    // Narrowed by what the page computed (a function): read afresh every time.
    const keep = () => true;
    expect(await getLedger(office, lists, ledgerFilterSchema.parse({}), { keep })).not.toBe(page);
    await env.db.update(tasks).set({ title: '改过的标题' }).where(eq(tasks.id, taskId(1)));
    const after = await getLedger(office, lists, ledgerFilterSchema.parse({}));
    expect(after).not.toBe(page);
    expect(after.sections[0]!.tasks[0]!.title).toBe('改过的标题');
  });
});
