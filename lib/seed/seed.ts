import fs from 'node:fs';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { plans, users } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { DEPLOYMENT_ROLES } from '@/lib/auth/roles';
import { transaction, type Db } from '@/lib/db';
import { ensureDistrictUnits, importNoticeText, type ImportSummary } from '@/lib/plan-import/import-plan';
import { applyConfirmedIndicators } from './confirmed-indicators';
import { resolveUnitId } from '@/lib/units/unit-service';
import { seedDemoReports } from './demo-reports';
import { seedDemoWorkReport } from './demo-work-report';
import { seedDemoSignForClosure } from './demo-sign-for-closure';
import { seedDemoMilestones } from './demo-milestones';
import { seedDemoExtensions } from './demo-extensions';
import { seedDemoOversight } from './demo-oversight';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts';
import { revokeDemoPasswords } from './demo-passwords';

export const SEED_NOTICE_FILE = path.resolve(process.cwd(), 'db/seed-data/hedong-2023-key-tasks-notice.txt');

export type SeedReport = {
  plan: ImportSummary | null;
  indicators: number;
  demoAccountsCreated: string[];
  /** Outside demo mode: accounts that still held the published demo password, now unusable. */
  demoPasswordsRevoked: string[];
  demoReports: { reports: number; contributions: number } | null;
  /** Demo: the work report, decomposed and published beside the key tasks. */
  workReport: ImportSummary | null;
};

/**
 * First-start seed: the district's units, the 2023 notice through the same importer an admin uses,
 * and (demo mode) one account per role. Safe to run on every start: it only fills what is missing
 * (an existing demo account, password included, is left as it is). Outside demo mode, the demo
 * password stops opening any account.
 */
export async function seedIfEmpty(db: Db, options: { demo: boolean; today?: string; now?: Date }): Promise<SeedReport> {
  // The demo is the first district (an embedded installation's only one); npm run district adds others.
  const districtId = FIRST_DISTRICT_ID;
  await ensureDistrictUnits(db, districtId);
  let plan: ImportSummary | null = null;
  let indicatorCount = 0;
  const [planCount] = await db.select({ n: count() }).from(plans).where(eq(plans.districtId, districtId));
  if ((planCount?.n ?? 0) === 0) {
    plan = (await importNoticeText(db, districtId, fs.readFileSync(SEED_NOTICE_FILE, 'utf8'))).summary;
    // The 2023 plan ships with its reviewed indicator set instead of raw proposals.
    if (plan.planId !== null) indicatorCount = await applyConfirmedIndicators(db, plan.planId);
  }
  const demoAccountsCreated: string[] = [];
  if (options.demo) {
    // Hashed before the transaction: the writer is not held while bcrypt works.
    const hash = await hashPassword(DEMO_PASSWORD);
    await transaction(db, async (tx) => {
      for (const account of DEMO_ACCOUNTS) {
        const [exists] = await tx.select({ id: users.id }).from(users).where(eq(users.username, account.username)).limit(1);
        if (exists) continue;
        const unitId = account.unitName ? await resolveUnitId(tx, districtId, account.unitName) : null;
        if (account.unitName && unitId === null) throw new Error(`演示账户的单位不存在：${account.unitName}`);
        await tx.insert(users).values({
          username: account.username,
          displayName: account.displayName,
          passwordHash: hash,
          role: account.role,
          // The security and the audit administrator are the deployment's, not the district's.
          districtId: DEPLOYMENT_ROLES.includes(account.role) ? null : districtId,
          unitId,
          mustChangePassword: false,
        });
        demoAccountsCreated.push(account.username);
      }
    });
  }
  const demoPasswordsRevoked = options.demo ? [] : await revokeDemoPasswords(db, options.now ?? new Date());
  let demoReports: SeedReport['demoReports'] = null;
  let workReport: ImportSummary | null = null;
  if (options.demo && plan?.status === 'created' && plan.planId !== null && options.today) {
    demoReports = await seedDemoReports(db, plan.planId, options.today);
    workReport = await seedDemoWorkReport(db, options.today);
    // The rest of the loop in use: sign-for and closure, milestones, extensions, problems, 督办单, 批示, flags.
    await seedDemoSignForClosure(db, plan.planId, options.today);
    await seedDemoMilestones(db, plan.planId, options.today);
    await seedDemoExtensions(db, workReport.planId, options.today);
    await seedDemoOversight(db, plan.planId, options.today);
  }
  return { plan, indicators: indicatorCount, demoAccountsCreated, demoPasswordsRevoked, demoReports, workReport };
}
