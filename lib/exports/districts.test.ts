/**
 * Exports of two districts: each file is one district's, titled and issued by it (from its row);
 * the city office names the district it exports, or is refused.
 */
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { tasks, units } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { NotFoundError, RefusalError } from '@/lib/errors';
import { planById, type PlanSummary } from '@/lib/plans/plan-scope';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { getBulletin, listBulletinMonths, resolveBulletinMonth } from './bulletin';
import { CITY_EXPORT_NEEDS_DISTRICT } from './export-district';
import { getExportsPage } from './export-service';
import { getLedgerExport } from './ledger-export';
import { writeLedgerXlsx } from './ledger-files';

const env = useSeededDb();
let d2: SecondDistrict;
let both: PlanSummary[];
let city: Actor;
type Side = { district: number; name: string; office: string; planId: number; periodId: (month: string) => number; actors: Actor[] };
let sides: Side[];
const creatorOf = async (body: Buffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb.creator;
};

beforeAll(async () => {
  d2 = await addSecondDistrict(env.db);
  both = [(await planById(env.db, { kind: 'all' }, env.planId()))!, (await planById(env.db, { kind: 'all' }, d2.planId))!];
  sides = [
    { district: FIRST_DISTRICT_ID, name: '河东区', office: '河东区人民政府督查室', planId: env.planId(), periodId: env.periodId, actors: [env.supervisor(), env.fgj()] },
    { district: d2.districtId, name: '兰山区', office: '兰山区人民政府督查室', planId: d2.planId, periodId: d2.periodId, actors: [await d2.actor('supervisor'), await d2.actor('reporter', '区发展和改革局')] },
  ];
  city = await actorFor(env.db, 'city_supervisor', null);
});

describe('districts', () => {
  it('the ledger export: the district’s tasks only, authored by the district’s system', async () => {
    for (const side of sides) {
      const own = new Set((await env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.districtId, side.district))).map((t) => t.id));
      for (const actor of side.actors) {
        const model = await getLedgerExport(env.as(actor), both);
        expect(model.district.name).toBe(side.name);
        expect(model.plans.map((p) => p.id)).toEqual([side.planId]);
        expect(model.rows.length).toBeGreaterThan(0);
        expect(model.rows.every((r) => own.has(r.taskId))).toBe(true);
        expect(await creatorOf(await writeLedgerXlsx(model, new Date()))).toBe(`${side.name}重点任务督查督办系统`);
        // Only the other district's list in view: an empty file.
        expect((await getLedgerExport(env.as(actor), both.filter((p) => p.id !== side.planId))).rows).toEqual([]);
      }
    }
    // The city office: one district's lists, that district's file; several districts are refused.
    expect((await getLedgerExport(env.as(city), [both[1]!])).district.name).toBe('兰山区');
    await expect(getLedgerExport(env.as(city), both)).rejects.toThrow(CITY_EXPORT_NEEDS_DISTRICT);
    await expect(getLedgerExport(env.as(city), [])).rejects.toThrow(RefusalError);
  });

  it('the bulletin: the district’s lists, its title and issuer; another district’s period or district is not found', async () => {
    for (const [i, side] of sides.entries()) {
      const other = sides[1 - i]!;
      const ctx = env.as(side.actors[0]!);
      const b = await getBulletin(ctx, '2023-10');
      expect(b.title).toBe(`${side.name}重点工作任务`);
      expect(b.issuer).toBe(side.office);
      expect(b.lists.map((l) => l.planId)).toEqual([side.planId]);
      expect(b.lists[0]!.periodId).toBe(side.periodId('2023-10'));
      const ownUnits = new Set((await env.db.select({ id: units.id }).from(units).where(eq(units.districtId, side.district))).map((u) => u.id));
      expect(b.ranking.units).toBeGreaterThan(0);
      expect([...b.commended, ...b.lagging].every((u) => ownUnits.has(u.unitId))).toBe(true);
      expect((await listBulletinMonths(ctx)).map((m) => m.month)).toEqual(['2023-11', '2023-10', '2023-09']);
      expect(await resolveBulletinMonth(ctx, String(side.periodId('2023-10')))).toBe('2023-10');
      await expect(resolveBulletinMonth(ctx, String(other.periodId('2023-10')))).rejects.toThrow(NotFoundError);
      await expect(getBulletin(ctx, '2023-10', other.district)).rejects.toThrow(NotFoundError);
      await expect(listBulletinMonths(ctx, other.district)).rejects.toThrow(NotFoundError);
      expect((await getBulletin(ctx, '2023-10', side.district)).title).toBe(b.title);
    }
    // The city office names the district; without one it is refused, and its downloads page offers no month.
    const cityCtx = env.as(city);
    expect(await getBulletin(cityCtx, '2023-10', d2.districtId)).toMatchObject({ title: '兰山区重点工作任务', issuer: '兰山区人民政府督查室', lists: [{ planId: d2.planId }] });
    // The same bulletin as the district's own office gets (nothing of the other district in its ranking, overdue items, notices).
    for (const side of sides) {
      for (const month of ['2023-10', '2023-11']) {
        expect(await getBulletin(cityCtx, month, side.district)).toEqual(await getBulletin(env.as(side.actors[0]!), month));
      }
    }
    await expect(getBulletin(cityCtx, '2023-10')).rejects.toThrow(CITY_EXPORT_NEEDS_DISTRICT);
    await expect(getBulletin(cityCtx, '2023-10', 999_999)).rejects.toThrow(NotFoundError);
    expect(await listBulletinMonths(cityCtx)).toEqual([]);
    expect((await listBulletinMonths(cityCtx, d2.districtId)).length).toBeGreaterThan(0);
    expect((await getExportsPage(cityCtx, both)).bulletins).toEqual([]);
    // Viewing a district (chosen on /city): that district's bulletin and ledger, nothing of the other.
    const viewing = env.as({ ...city, districtId: d2.districtId });
    expect((await getBulletin(viewing, '2023-10')).title).toBe('兰山区重点工作任务');
    expect((await getLedgerExport(viewing, both)).plans.map((p) => p.id)).toEqual([d2.planId]);
    await expect(getBulletin(viewing, '2023-10', FIRST_DISTRICT_ID)).rejects.toThrow(NotFoundError);
  });
});
