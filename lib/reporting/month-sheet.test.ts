import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contributions, indicators, plans, reportIndicatorValues, reportingPeriods, reports, tasks, taskUnits, units, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError } from '@/lib/errors';
import { decideExtension, requestExtension } from '@/lib/extensions/extension-service';
import { seedIfEmpty } from '@/lib/seed/seed';
import { DEMO_NOW } from '@/lib/testing/seeded-fixture';
import { actorFor, contextFor, createTempDb } from '@/lib/testing/temp-db';
import { saveContribution } from './contribution-service';
import { saveReport } from './lead-report-service';
import { getMonthSheet, type MonthFilter, type MonthItem, type MonthLeadItem, type MonthPartItem } from './month-sheet';
import { saveContributionSchema, saveReportSchema } from './schemas';

/**
 * The month page's data (月度填报) on the demo data as on first start (both active lists, the
 * sample months before November), as 区工业和信息化局 (gxj) on the demo clock. Every expectation is
 * counted from the seeded tables, and the totals are pinned, so a changed seed shows here.
 */
const TODAY = '2023-11-22';
const GXJ = '区工业和信息化局';

let env: Awaited<ReturnType<typeof createTempDb>>;
const userIds = new Map<string, number>();

beforeAll(async () => {
  env = await createTempDb();
  await seedIfEmpty(env.db, { demo: true, today: TODAY });
  for (const u of await env.db.select({ id: users.id, username: users.username }).from(users)) userIds.set(u.username, u.id);
  for (const [role, unit, username] of ACCOUNTS) actors.set(username, await actorFor(env.db, role, unit, userIds.get(username)));
}, 60_000);
afterAll(() => env.cleanup());

/** The accounts the tests act as (made once the database is seeded). */
const ACCOUNTS: [Actor['role'], string | null, string][] = [
  ['reporter', GXJ, 'gxj'],
  ['reporter', '区科学技术局', 'kjj'],
  ['reporter', '河东生态环境分局', 'sthj'],
  ['reporter', '区发展和改革局', 'fgj'],
  ['supervisor', '区政府督查室', 'duchashi'],
  ['leader', null, 'lingdao'],
  ['admin', null, 'admin'],
];
const actors = new Map<string, Actor>();
const account = (role: Actor['role'], unit: string | null, username: string): Actor => {
  const actor = actors.get(username);
  if (!actor || actor.role !== role || actor.unitName !== unit) throw new Error(`month-sheet test: no account ${username} as ${role} of ${String(unit)}`);
  return actor;
};
const gxj = () => account('reporter', GXJ, 'gxj');
const kjj = () => account('reporter', '区科学技术局', 'kjj');
const sthj = () => account('reporter', '河东生态环境分局', 'sthj');
const fgj = () => account('reporter', '区发展和改革局', 'fgj');
const supervisor = () => account('supervisor', '区政府督查室', 'duchashi');
const ctxOf = (actor: Actor) => contextFor(env.db, actor, DEMO_NOW);
const sheetOf = (actor: Actor, filter?: MonthFilter) => getMonthSheet(ctxOf(actor), filter);

const isLead = (i: MonthItem): i is MonthLeadItem => i.kind === 'report';
const isPart = (i: MonthItem): i is MonthPartItem => i.kind === 'contribution';

async function unitId(name: string): Promise<number> {
  return (await env.db.select({ id: units.id }).from(units).where(eq(units.name, name)).limit(1))[0]!.id;
}

/** The unit's tasks on the active lists, from task_units (closed ones included, marked). */
async function assignments(unit: number) {
  return env.db
    .select({ taskId: tasks.id, planId: tasks.planId, planKind: plans.kind, no: tasks.no, role: taskUnits.role, status: tasks.status })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(taskUnits.unitId, unit), eq(plans.status, 'active')))
    .orderBy(asc(tasks.planId), asc(tasks.no));
}

async function periodOf(planId: number, month: string) {
  return (await env.db.select().from(reportingPeriods).where(and(eq(reportingPeriods.planId, planId), eq(reportingPeriods.month, month))).limit(1))[0];
}

/** The keys the page should list for the unit in a month: one per open task of a list with that month. */
async function expectedKeys(unit: number, month: string): Promise<string[]> {
  const keys: string[] = [];
  for (const a of await assignments(unit)) {
    const period = await periodOf(a.planId, month);
    if (!period || a.status === 'closed') continue;
    keys.push(`${a.role === 'lead' ? 'report' : 'contribution'}:${a.taskId}:${period.id}`);
  }
  return keys;
}

/** The unit's last approved report of a task before `month` (the pre-fill), with its figures. */
async function lastApproved(unit: number, taskId: number, month: string) {
  const [row] = await env.db
    .select({ r: reports, month: reportingPeriods.month })
    .from(reports)
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, reports.periodId))
    .where(and(eq(reports.unitId, unit), eq(reports.taskId, taskId), eq(reports.status, 'approved'), lt(reportingPeriods.month, month)))
    .orderBy(desc(reportingPeriods.month))
    .limit(1);
  if (!row) return null;
  const values = await env.db.select().from(reportIndicatorValues).where(eq(reportIndicatorValues.reportId, row.r.id));
  return { ...row, values: new Map(values.map((v) => [v.indicatorId, v.value])) };
}

describe('the month page of 区工业和信息化局 on the demo data', () => {
  it('lists every task it leads and every part it owes in November, across both active lists, and nothing else', async () => {
    const unit = await unitId(GXJ);
    const sheet = await sheetOf(gxj());
    expect(sheet.unit).toEqual({ id: unit, name: GXJ });
    expect(sheet.today).toBe(TODAY);
    expect(sheet.month).toBe('2023-11');
    expect(sheet.signOffRequired).toBe(false);
    expect(sheet.signOff).toBeNull();

    const expected = await expectedKeys(unit, '2023-11');
    expect(sheet.items.map((i) => i.key).sort()).toEqual([...expected].sort());
    // Pinned from the seed: 16 key tasks led and one part (key task 40); 4 work-report targets led and 5 parts.
    const count = (kind: string, planKind: string) => sheet.items.filter((i) => i.kind === kind && i.plan.name === (planKind === 'key_tasks' ? '重点任务' : '工作报告')).length;
    expect(sheet.items).toHaveLength(26);
    expect([count('report', 'key_tasks'), count('contribution', 'key_tasks'), count('report', 'work_report'), count('contribution', 'work_report')]).toEqual([16, 1, 4, 5]);
    expect(new Set(sheet.items.map((i) => i.plan.id)).size).toBe(2);
    // Lists in order, tasks by number within each.
    const order = sheet.items.map((i) => [i.plan.id, Number(i.task.label.split(' ')[1])] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    expect(sheet.items.find((i) => i.task.label === '重点任务 40')?.kind).toBe('contribution');
  });

  it('a closed task is not listed, in any month', async () => {
    const unit = await unitId(GXJ);
    const closed = (await assignments(unit)).filter((a) => a.status === 'closed');
    // The demo closed key task 48, which gxj leads.
    expect(closed.map((a) => [a.planKind, a.no])).toEqual([['key_tasks', 48]]);
    for (const month of ['2023-11', '2023-10']) {
      const sheet = await sheetOf(gxj(), { month });
      expect(sheet.items.filter((i) => i.task.id === closed[0]!.taskId)).toEqual([]);
    }
  });

  it('each row carries its deadline and state, and a row not yet written is empty and editable', async () => {
    const sheet = await sheetOf(gxj());
    for (const item of sheet.items) {
      const period = (await env.db.select().from(reportingPeriods).where(eq(reportingPeriods.id, item.periodId)).limit(1))[0]!;
      expect(period.month, item.key).toBe('2023-11');
      expect(item.deadline, item.key).toBe(item.kind === 'report' ? period.leadDeadline : period.contributionDeadline);
      expect(item).toMatchObject({ due: true, movedFrom: null, state: 'none', id: null, version: 0, editable: true, updatedAt: null, updatedByName: null, submittedAt: null, attachments: [] });
    }
    // The seeded calendar: parts by the 20th, lead reports by the 25th.
    expect(new Set(sheet.items.filter(isLead).map((i) => i.deadline))).toEqual(new Set(['2023-11-25']));
    expect(new Set(sheet.items.filter(isPart).map((i) => i.deadline))).toEqual(new Set(['2023-11-20']));
  });

  it('pre-fills percent done, problems and next steps from the last approved month (not a later unapproved one); this month’s progress stays empty', async () => {
    const unit = await unitId(GXJ);
    const sheet = await sheetOf(gxj());
    let prefilled = 0;
    for (const item of sheet.items.filter(isLead)) {
      const prev = await lastApproved(unit, item.task.id, '2023-11');
      if (prev) {
        prefilled += 1;
        expect(item.prefilledFrom, item.key).toBe(prev.month);
        expect(item.fields, item.key).toEqual({ progress: '', percentDone: prev.r.percentDone, problems: prev.r.problems, nextSteps: prev.r.nextSteps });
        expect(item.missing, item.key).toEqual(prev.r.percentDone === null ? ['本月进展', '完成百分比'] : ['本月进展']);
      } else {
        expect(item.prefilledFrom, item.key).toBeNull();
        expect(item.fields, item.key).toEqual({ progress: '', percentDone: null, problems: '', nextSteps: '' });
        expect(item.missing, item.key).toEqual(['本月进展', '完成百分比']);
      }
    }
    // Pinned: every key task but 34 (returned in October, nothing approved before) has an approved month; the work report is new.
    expect(prefilled).toBe(15);
    expect(sheet.items.filter(isLead).filter((i) => i.prefilledFrom === null).map((i) => i.task.label)).toEqual(['重点任务 34', '工作报告 8', '工作报告 9', '工作报告 11', '工作报告 15']);
    // Key task 1: October's report is submitted but not approved, so September's fills the form.
    const task1 = sheet.items.find((i) => i.task.label === '重点任务 1') as MonthLeadItem;
    expect(task1.prefilledFrom).toBe('2023-09');
    const october = await env.db.select({ status: reports.status }).from(reports).where(and(eq(reports.unitId, unit), eq(reports.taskId, task1.task.id), eq(reports.periodId, (await periodOf(task1.plan.id, '2023-10'))!.id)));
    expect(october).toEqual([{ status: 'submitted' }]);
    // A part has nothing to pre-fill.
    for (const part of sheet.items.filter(isPart)) expect(part).toMatchObject({ content: '', missing: ['协办情况'] });
  });

  it('shows each task’s confirmed indicators, with last approved figures filled in and shown as previous', async () => {
    const unit = await unitId(GXJ);
    const sheet = await sheetOf(gxj());
    let withIndicators = 0;
    for (const item of sheet.items.filter(isLead)) {
      const confirmed = await env.db
        .select({ id: indicators.id, name: indicators.name, unit: indicators.unit, kind: indicators.kind })
        .from(indicators)
        .where(and(eq(indicators.taskId, item.task.id), eq(indicators.status, 'confirmed')))
        .orderBy(asc(indicators.position), asc(indicators.id));
      expect(item.indicators.map((i) => ({ id: i.id, name: i.name, unit: i.unit, kind: i.kind })), item.key).toEqual(confirmed);
      const prev = await lastApproved(unit, item.task.id, '2023-11');
      for (const ind of item.indicators) {
        const last = prev?.values.get(ind.id) ?? null;
        expect(ind.previous, `${item.key} ${ind.name}`).toBe(last);
        expect(item.indicatorValues[ind.id], `${item.key} ${ind.name}`).toBe(last);
      }
      expect(Object.keys(item.indicatorValues).map(Number).sort()).toEqual(confirmed.map((c) => c.id).sort());
      if (confirmed.length) withIndicators += 1;
    }
    // Pinned: key tasks 3, 6, 7, 12, 14, 16, 44 and 49 have indicators (3 figures on task 3).
    expect(withIndicators).toBe(8);
    expect((sheet.items.find((i) => i.task.label === '重点任务 3') as MonthLeadItem).indicators).toHaveLength(3);
  });

  it('shows the parts received this month (sent or approved, never a draft) and names the units still to send', async () => {
    const sheet = await sheetOf(gxj());
    let received = 0;
    for (const item of sheet.items.filter(isLead)) {
      const sent = await env.db
        .select({ unitName: units.name, content: contributions.content })
        .from(contributions)
        .innerJoin(units, eq(units.id, contributions.unitId))
        .where(and(eq(contributions.taskId, item.task.id), eq(contributions.periodId, item.periodId), inArray(contributions.status, ['submitted', 'approved'])));
      expect(item.parts.map((p) => ({ unitName: p.unitName, content: p.content })).sort((a, b) => a.unitName.localeCompare(b.unitName)), item.key).toEqual(sent.sort((a, b) => a.unitName.localeCompare(b.unitName)));
      const participating = await env.db
        .select({ name: units.name })
        .from(taskUnits)
        .innerJoin(units, eq(units.id, taskUnits.unitId))
        .where(and(eq(taskUnits.taskId, item.task.id), eq(taskUnits.role, 'participating')))
        .orderBy(asc(taskUnits.position));
      expect(item.missingParts, item.key).toEqual(participating.map((p) => p.name).filter((n) => !sent.some((s) => s.unitName === n)));
      received += item.parts.length;
    }
    // Pinned: two parts on key task 1, one on key task 49.
    expect(received).toBe(3);
    expect((sheet.items.find((i) => i.task.label === '重点任务 1') as MonthLeadItem).parts).toHaveLength(2);
    // A part names the lead units it goes to.
    for (const part of sheet.items.filter(isPart)) {
      const leads = await env.db
        .select({ name: units.name })
        .from(taskUnits)
        .innerJoin(units, eq(units.id, taskUnits.unitId))
        .where(and(eq(taskUnits.taskId, part.task.id), eq(taskUnits.role, 'lead')))
        .orderBy(asc(taskUnits.position));
      expect(part.leadNames, part.key).toEqual(leads.map((l) => l.name));
    }
    expect((sheet.items.find((i) => i.task.label === '重点任务 40') as MonthPartItem).leadNames).toEqual(['河东生态环境分局']);
  });

  it('switches month: the open months are listed; October shows its rows as they stand; a month not open falls back to this one', async () => {
    const unit = await unitId(GXJ);
    const november = await sheetOf(gxj());
    expect(november.months).toEqual(['2023-11', '2023-10', '2023-09']);

    const october = await sheetOf(gxj(), { month: '2023-10' });
    expect(october.month).toBe('2023-10');
    expect(october.months).toEqual(november.months);
    // The work report was published in November: October has the key tasks only.
    expect(october.items.map((i) => i.key).sort()).toEqual((await expectedKeys(unit, '2023-10')).sort());
    expect(october.items).toHaveLength(17);
    expect(new Set(october.items.map((i) => i.plan.name))).toEqual(new Set(['重点任务']));
    for (const item of october.items) {
      const table = item.kind === 'report' ? reports : contributions;
      const [row] = await env.db.select().from(table).where(and(eq(table.unitId, unit), eq(table.taskId, item.task.id), eq(table.periodId, item.periodId))).limit(1);
      expect(item.state, item.key).toBe(row?.status ?? 'none');
      expect(item.id, item.key).toBe(row?.id ?? null);
      expect(item.version, item.key).toBe(row?.version ?? 0);
      expect(item.editable, item.key).toBe(['none', 'draft', 'returned'].includes(item.state));
      if (row && isLead(item) && 'progress' in row) expect(item.fields.progress, item.key).toBe(row.progress);
    }
    // Pinned: October as seeded.
    const states = (s: string) => october.items.filter((i) => i.state === s).length;
    expect([states('approved'), states('submitted'), states('returned'), states('none')]).toEqual([10, 4, 2, 1]);

    // Only what still has to be sent in October: the returned and unwritten rows.
    const due = await sheetOf(gxj(), { month: '2023-10', onlyOutstanding: true });
    expect(due.month).toBe('2023-10');
    expect(due.items.map((i) => i.key)).toEqual(october.items.filter((i) => i.editable).map((i) => i.key));
    expect(due.items.map((i) => i.state).sort()).toEqual(['none', 'returned', 'returned']);

    for (const month of ['2023-12', '2022-11', '2023-13', '']) {
      const sheet = await sheetOf(gxj(), { month });
      expect(sheet.month, month).toBe('2023-11');
      expect(sheet.items.map((i) => i.key), month).toEqual(november.items.map((i) => i.key));
    }
  });

  it('is for a unit’s staff only', async () => {
    await expect(sheetOf(supervisor())).rejects.toThrow(ForbiddenError);
    await expect(sheetOf(account('leader', null, 'lingdao'))).rejects.toThrow(ForbiddenError);
    await expect(sheetOf(account('admin', null, 'admin'))).rejects.toThrow(ForbiddenError);
  });
});

describe('after gxj wrote on its month', () => {
  const DRAFT_TEXT = '工信局十一月草稿：专精特新企业梯度培育';
  const PART_TEXT = '工信局协办：提供重点企业VOCs排放清单';
  const saved = { reports: [] as number[], parts: [] as number[] };
  let task1: MonthLeadItem, task2: MonthLeadItem, part40: MonthPartItem, workPart: MonthPartItem;

  beforeAll(async () => {
    const before = await sheetOf(gxj());
    task1 = before.items.find((i) => i.task.label === '重点任务 1') as MonthLeadItem;
    task2 = before.items.find((i) => i.task.label === '重点任务 2') as MonthLeadItem;
    part40 = before.items.find((i) => i.task.label === '重点任务 40') as MonthPartItem;
    workPart = before.items.find((i) => isPart(i) && i.plan.name === '工作报告') as MonthPartItem;
    const report = (item: MonthLeadItem, over: Record<string, unknown>, intent: 'save' | 'submit') =>
      saveReport(ctxOf(gxj()), saveReportSchema.parse({ taskId: item.task.id, periodId: item.periodId, version: 0, ...item.fields, indicatorValues: [], ...over, intent }));
    const part = (item: MonthPartItem, content: string, intent: 'save' | 'submit') =>
      saveContribution(ctxOf(gxj()), saveContributionSchema.parse({ taskId: item.task.id, periodId: item.periodId, version: 0, content, intent }));
    // An approved extension of key task 2's November deadline (asked by gxj before it sent the report, approved by the office).
    const asked = await requestExtension(ctxOf(gxj()), { subject: 'report', taskId: task2.task.id, periodId: task2.periodId, toDate: '2023-11-30', reason: '统计数据延迟发布' });
    if (!asked.ok) throw new Error(asked.error);
    const decided = await decideExtension(ctxOf(supervisor()), { requestId: asked.id, decision: 'approve', comment: '' });
    if (!decided.ok) throw new Error(decided.error);
    for (const r of [await report(task1, { progress: DRAFT_TEXT, percentDone: 70 }, 'save'), await report(task2, { progress: '本月完成技改项目验收' }, 'submit')]) {
      if (!r.ok) throw new Error(r.error);
      saved.reports.push(r.id);
    }
    for (const r of [await part(part40, PART_TEXT, 'submit'), await part(workPart, '协办草稿', 'save')]) {
      if (!r.ok) throw new Error(r.error);
      saved.parts.push(r.id);
    }
  }, 60_000);

  it('shows a saved draft as saved (its text, version and who saved it), no longer as pre-filled', async () => {
    const sheet = await sheetOf(gxj());
    const row = sheet.items.find((i) => i.key === task1.key) as MonthLeadItem;
    expect(row).toMatchObject({ state: 'draft', id: saved.reports[0], version: 1, editable: true, prefilledFrom: null, updatedByName: '工信局填报员', missing: [] });
    expect(row.fields).toEqual({ ...task1.fields, progress: DRAFT_TEXT, percentDone: 70 });
    expect(row.updatedAt).toEqual(DEMO_NOW);
    const draftPart = sheet.items.find((i) => i.key === workPart.key) as MonthPartItem;
    expect(draftPart).toMatchObject({ state: 'draft', id: saved.parts[1], version: 1, content: '协办草稿', missing: [] });
  });

  it('shows what was sent as read-only, with its moved deadline', async () => {
    const sheet = await sheetOf(gxj());
    const sent = sheet.items.find((i) => i.key === task2.key)!;
    expect(sent).toMatchObject({ state: 'submitted', editable: false, submittedAt: DEMO_NOW, deadline: '2023-11-30', movedFrom: '2023-11-25' });
    expect(sheet.items.find((i) => i.key === part40.key)).toMatchObject({ state: 'submitted', editable: false, content: PART_TEXT });
    // The other rows keep the planned deadline.
    expect(sheet.items.filter((i) => i.movedFrom !== null).map((i) => i.key)).toEqual([task2.key]);
  });

  it('only what still has to be sent: drops the submitted rows, keeps drafts and unwritten ones', async () => {
    const all = await sheetOf(gxj());
    const due = await sheetOf(gxj(), { onlyOutstanding: true });
    expect(all.items).toHaveLength(26);
    expect(due.items).toHaveLength(24);
    expect(due.items.map((i) => i.key)).toEqual(all.items.filter((i) => i.key !== task2.key && i.key !== part40.key).map((i) => i.key));
    expect(due.items.every((i) => i.editable)).toBe(true);
    expect(due.items.map((i) => i.key)).toEqual(expect.arrayContaining([task1.key, workPart.key]));
  });

  it('another unit sees none of gxj’s rows (a sent part reaches its lead unit, a draft never)', async () => {
    const gxjUnit = await unitId(GXJ);
    for (const other of [kjj(), sthj(), fgj()]) {
      const sheet = await sheetOf(other);
      expect(sheet.unit.id).toBe(other.unitId);
      expect(sheet.unit.id).not.toBe(gxjUnit);
      expect(sheet.items.length).toBeGreaterThan(0);
      expect(sheet.items.filter((i) => i.kind === 'report' && i.id !== null && saved.reports.includes(i.id))).toEqual([]);
      expect(sheet.items.filter((i) => i.kind === 'contribution' && i.id !== null && saved.parts.includes(i.id))).toEqual([]);
      const text = JSON.stringify(sheet);
      expect(text).not.toContain(DRAFT_TEXT);
      expect(text).not.toContain('协办草稿');
      expect(text).not.toContain('本月完成技改项目验收');
      // The rows listed are the other unit's own tasks.
      expect(sheet.items.map((i) => i.key).sort()).toEqual((await expectedKeys(other.unitId!, '2023-11')).sort());
      if (other.unitName === '河东生态环境分局') {
        const lead40 = sheet.items.find((i) => i.task.id === part40.task.id) as MonthLeadItem;
        expect(lead40.parts.filter((p) => p.unitName === GXJ).map((p) => p.content)).toEqual([PART_TEXT]);
      } else {
        expect(text).not.toContain(PART_TEXT);
      }
    }
  });
});
