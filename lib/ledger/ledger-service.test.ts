import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '@/lib/auth/permissions';
import { actorFor, createSeededDb } from '@/lib/testing/temp-db';
import { listUnits, resolveUnitId } from '@/lib/units/unit-service';
import { and, eq } from 'drizzle-orm';
import { sections, tasks } from '@/db/schema';
import { activePlans } from '@/lib/plans/plan-scope';
import { getWorkbench } from '@/lib/reporting/report-service';
import { getLedger, getTaskById, ledgerFilterSchema, listSections } from './ledger-service';

let env: Awaited<ReturnType<typeof createSeededDb>>;
beforeAll(async () => {
  env = await createSeededDb();
});
afterAll(() => env.cleanup());

const nos = (list: { no: number }[]) => list.map((t) => t.no);
const inView = () => activePlans(env.db);
/** The section filter takes section ids (one field for every list in view). */
const sectionId = (no: number) => String(env.db.select({ id: sections.id }).from(sections).where(and(eq(sections.planId, inView()[0]!.id), eq(sections.no, no))).get()!.id);
const taskId = (no: number) => env.db.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.planId, inView()[0]!.id), eq(tasks.no, no))).get()!.id;
const ledgerNos = (filters: Record<string, string>) => {
  const ledger = getLedger(env.db, actorFor(env.db, 'leader', null), inView(), ledgerFilterSchema.parse(filters));
  return ledger.sections.flatMap((s) => nos(s.tasks));
};

describe('ledger (工作台账)', () => {
  it('groups all 77 tasks under their 12 sections', () => {
    const ledger = getLedger(env.db, actorFor(env.db, 'supervisor', '区政府督查室'), inView(), ledgerFilterSchema.parse({}));
    expect(ledger.total).toBe(77);
    expect(ledger.sections).toHaveLength(12);
    expect(ledger.sections[11]).toMatchObject({ numeral: '十二', title: '组织实施' });
    expect(nos(ledger.sections[11]!.tasks)).toEqual([75, 76, 77]);
    expect(ledger.sections[11]!.tasks[0]!.lead).toEqual([]);
  });

  it('filters by section, by unit and role, and by keyword', () => {
    expect(ledgerNos({ section: sectionId(2) })).toEqual([11, 12, 13, 14, 15, 16]);
    const sthj = String(resolveUnitId(env.db, '河东生态环境分局'));
    expect(ledgerNos({ unit: sthj })).toEqual([8, 39, 40, 41, 42]);
    const kjj = String(resolveUnitId(env.db, '区科学技术局'));
    expect(ledgerNos({ unit: kjj, unitRole: 'participating' })).toEqual([40, 49]);
    expect(ledgerNos({ unit: kjj, unitRole: 'lead' })).toEqual([11, 12, 13, 14, 15, 16]);
    expect(ledgerNos({ q: '高标准农田' })).toEqual([23]);
    // A keyword also matches unit names.
    expect(ledgerNos({ q: '区法院' })).toEqual([74]);
    expect(ledgerNos({ section: sectionId(2), q: '人才' })).toEqual([13, 16]);
    expect(ledgerNos({ section: sectionId(1), q: '人才' })).toEqual([]);
  });

  it('ignores malformed filter values instead of failing', () => {
    expect(ledgerFilterSchema.parse({ section: 'abc', unit: '-1', unitRole: 'boss', q: '' })).toEqual({ unitRole: 'any', page: 1 });
    // A keyword with SQL wildcards is matched literally.
    expect(ledgerNos({ q: '_' })).toEqual([]);
    expect(ledgerNos({ q: '增长10%' })).toEqual([6]);
  });

  it('pages the ledger and narrows it by what the page computed', () => {
    const leader = actorFor(env.db, 'leader', null);
    const all = ledgerNos({});
    const pages = [1, 2, 3, 4].map((page) => getLedger(env.db, leader, inView(), ledgerFilterSchema.parse({ page: String(page) }), { pageSize: 20 }));
    expect(pages.map((p) => p.page.pageCount)).toEqual([4, 4, 4, 4]);
    expect(pages.flatMap((p) => p.sections.flatMap((s) => nos(s.tasks)))).toEqual(all);
    // A section split over two pages keeps its full count.
    const split = pages[0]!.sections.at(-1)!;
    expect(split.matchedInSection).toBeGreaterThanOrEqual(split.tasks.length);
    expect(pages[0]!.allSections).toHaveLength(12);
    const even = getLedger(env.db, leader, inView(), ledgerFilterSchema.parse({}), { keep: (id) => id % 2 === 0, pageSize: 20 });
    expect(even.matched).toBeLessThan(77);
    expect(even.total).toBe(77);
    expect(even.sections.every((s) => s.tasks.every((t) => t.id % 2 === 0))).toBe(true);
  });

  it('a task page has the full text and its units', () => {
    const t16 = getTaskById(env.db, actorFor(env.db, 'reporter', '区委组织部'), taskId(16))!;
    expect(t16.label).toBe('重点任务 16');
    expect(t16.lead.map((u) => u.name)).toEqual(['区委组织部', '区科学技术局', '区人力资源和社会保障局', '区发展和改革局', '区工业和信息化局']);
    expect(t16.text).toMatch(/^强化创新人才引育。/);
    expect(getTaskById(env.db, actorFor(env.db, 'leader', null), 999_999)).toBeNull();
  });
});

describe('my unit’s tasks (本单位任务)', () => {
  it('splits the unit’s tasks into led and joined, from the session’s unit only', () => {
    const [my] = getWorkbench(env.db, actorFor(env.db, 'reporter', '区科学技术局'), inView(), '2023-11-22');
    expect(nos(my!.leading.map((r) => r.task))).toEqual([11, 12, 13, 14, 15, 16]);
    expect(nos(my!.joining.map((r) => r.task))).toEqual([40, 49]);
    // A unit without tasks in the lists in view sees none.
    expect(getWorkbench(env.db, actorFor(env.db, 'unit_head', '九曲街道'), inView(), '2023-11-22')).toEqual([]);
  });

  it('is refused to roles without a unit of their own', () => {
    for (const role of ['supervisor', 'leader', 'admin'] as const) {
      expect(() => getWorkbench(env.db, actorFor(env.db, role, null), inView(), '2023-11-22')).toThrow(ForbiddenError);
    }
    expect(() => getWorkbench(env.db, { ...actorFor(env.db, 'reporter', null) }, inView(), '2023-11-22')).toThrow(ForbiddenError);
  });
});

describe('sections for the filter', () => {
  it('names each section by id with its list', () => {
    const list = listSections(env.db, actorFor(env.db, 'leader', null), inView());
    expect(list).toHaveLength(12);
    expect(list[0]).toMatchObject({ id: Number(sectionId(1)), numeral: '一', planLabel: '重点任务' });
  });
});

describe('units (责任单位)', () => {
  it('lists each real unit once with lead and participating counts', () => {
    const list = listUnits(env.db, actorFor(env.db, 'reporter', '区民政局'), inView());
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
