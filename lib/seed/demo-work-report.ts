import fs from 'node:fs';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { plans, taskUnits, tasks, units } from '@/db/schema';
import { transaction, type Db } from '@/lib/db';
import { importNoticeText, type ImportSummary } from '@/lib/plan-import/import-plan';
import { suggestUnits } from '@/lib/plan-import/suggest-units';
import { ensureDefaultPeriods } from '@/lib/reporting/period-service';

export const SEED_WORK_REPORT_FILE = path.resolve(process.cwd(), 'db/seed-data/hedong-2023-government-work-report.txt');

/** Who coordinates a target no keyword points at: the development and reform bureau (综合协调). */
const FALLBACK_LEAD = '区发展和改革局';

/**
 * Demo: the 2023 government work report imported through the same importer, decomposed as an
 * office would (the suggested units, the year's end as deadline) and published this month, so a
 * new user finds a second list beside the 77 key tasks.
 */
export async function seedDemoWorkReport(db: Db, today: string): Promise<ImportSummary> {
  const { summary } = await importNoticeText(db, FIRST_DISTRICT_ID, fs.readFileSync(SEED_WORK_REPORT_FILE, 'utf8'), { kind: 'work_report' });
  const planId = summary.planId;
  if (planId === null || summary.status !== 'created') return summary;
  const active = await db.select({ id: units.id, name: units.name }).from(units).where(and(eq(units.districtId, FIRST_DISTRICT_ID), eq(units.active, true)));
  const unitIds = new Map(active.map((u) => [u.name, u.id]));
  const names = [...unitIds.keys()];
  await transaction(db, async (tx) => {
    const rows = await tx.select({ id: tasks.id, text: tasks.text, title: tasks.title }).from(tasks).where(eq(tasks.planId, planId)).orderBy(asc(tasks.no));
    for (const t of rows) {
      const s = suggestUnits(`${t.title}。${t.text}`, names);
      const lead = s.lead[0]?.name ?? FALLBACK_LEAD;
      const participating = s.participating.map((p) => p.name).filter((n) => n !== lead);
      await tx.insert(taskUnits).values({ taskId: t.id, unitId: unitIds.get(lead)!, role: 'lead', position: 0 }).onConflictDoNothing();
      for (const [i, n] of participating.entries()) {
        await tx.insert(taskUnits).values({ taskId: t.id, unitId: unitIds.get(n)!, role: 'participating', position: i }).onConflictDoNothing();
      }
    }
    const [plan] = await tx.select().from(plans).where(eq(plans.id, planId)).limit(1);
    await tx.update(plans).set({ status: 'active' }).where(eq(plans.id, planId));
    await ensureDefaultPeriods(tx, { id: planId, year: plan!.year, issuedOn: today > (plan!.issuedOn ?? '') ? today : plan!.issuedOn, cadence: plan!.cadence });
  });
  return summary;
}

