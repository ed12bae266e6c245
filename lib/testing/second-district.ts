/**
 * Test helper (not a test): a second district (兰山区) beside the seeded first one, with the same
 * 2023 notice imported, so its units carry the same names under other ids and its tasks the same
 * numbers: the hardest case for a query that forgets the district. Its accounts are real rows
 * (writes reference them), named `lanshan-…`.
 */
import fs from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { districts, reportingPeriods, tasks, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import type { Role } from '@/lib/auth/roles';
import { ensureDistrictUnits, importNoticeText } from '@/lib/plan-import/import-plan';
import { SEED_NOTICE_FILE } from '@/lib/seed/seed';
import { actorFor } from './temp-db';

export const SECOND_DISTRICT = { code: '371302', name: '兰山区', officeName: '兰山区人民政府督查室' } as const;

export type SecondDistrict = {
  districtId: number;
  planId: number;
  /** Task id by its number in the notice. */
  taskId: (no: number) => number;
  /** Reporting period id by month (YYYY-MM). */
  periodId: (month: string) => number;
  /** An actor of this district with an account row of its own (unitName: a unit of this district by name). */
  actor: (role: Role, unitName?: string | null) => Promise<Actor>;
};

export async function addSecondDistrict(db: AppDatabase): Promise<SecondDistrict> {
  const [district] = await db.insert(districts).values(SECOND_DISTRICT).returning({ id: districts.id });
  const districtId = district!.id;
  await ensureDistrictUnits(db, districtId);
  const { summary } = await importNoticeText(db, districtId, fs.readFileSync(SEED_NOTICE_FILE, 'utf8'));
  const planId = summary.planId!;
  const taskRows = await db.select({ id: tasks.id, no: tasks.no }).from(tasks).where(and(eq(tasks.districtId, districtId), eq(tasks.planId, planId)));
  const taskIds = new Map(taskRows.map((t) => [t.no, t.id]));
  const periodRows = await db.select({ id: reportingPeriods.id, month: reportingPeriods.month }).from(reportingPeriods).where(eq(reportingPeriods.planId, planId));
  const periodIds = new Map(periodRows.map((p) => [p.month, p.id]));
  let n = 0;
  return {
    districtId,
    planId,
    taskId: (no) => {
      const id = taskIds.get(no);
      if (id === undefined) throw new Error(`second district: no task ${no}`);
      return id;
    },
    periodId: (month) => {
      const id = periodIds.get(month);
      if (id === undefined) throw new Error(`second district: no period ${month}`);
      return id;
    },
    actor: async (role, unitName = null) => {
      const probe = await actorFor(db, role, unitName, 0, districtId);
      const [row] = await db
        .insert(users)
        .values({ username: `lanshan-${role}-${++n}`, displayName: `兰山${role}`, passwordHash: '!', role, districtId: probe.districtId, unitId: probe.unitId })
        .returning({ id: users.id, username: users.username });
      return { ...probe, userId: row!.id, username: row!.username };
    },
  };
}
