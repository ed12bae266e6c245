import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, indicators, plans, reportingPeriods, reports, sections, taskUnits, tasks, unitAliases, units } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import type { ServiceContext } from '@/lib/context';
import { ForbiddenError } from '@/lib/errors';
import type { NoticeDocument } from '@/lib/plan-import/document/document';
import { documentFromText } from '@/lib/plan-import/document/document';
import { extractDocument } from '@/lib/plan-import/document/extract-document';
import { NO_TASKS_MESSAGE } from '@/lib/plan-import/parse-notice';
import { activePlans } from '@/lib/plans/plan-scope';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { DEMO_NOW } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { NON_ADMIN_ROLES, useAdminDb } from './admin.fixture';
import { importPlanFromConsole, invalidPlanRequest, listPlans, previewHashOf, previewPlanImport } from './plan-admin-service';
import { PLAN_TEXT_MAX_BYTES, planImportSchema, planPreviewSchema } from './schemas';

const AT = DEMO_NOW;
const FIXTURE = fs.readFileSync(path.resolve('lib/plan-import/__fixtures__/wrapped-fullwidth.txt'), 'utf8');
const CODE_2024 = '临东政办字〔2024〕5号';

const { env, ctxOf, rowCounts, unitIdOf } = useAdminDb();
const { admin } = env;
const unitId = async (name: string) => (await unitIdOf(name))!;

/** As the route does: the request's fields parsed with its schema (refused with the same flattening), then the service. */
async function previewRequest(raw: unknown, document?: NoticeDocument, ctx: ServiceContext = ctxOf(admin())) {
  const parsed = planPreviewSchema.safeParse(raw);
  return parsed.success ? previewPlanImport(ctx, parsed.data, document) : invalidPlanRequest(parsed.error);
}
async function commitRequest(raw: unknown, ctx: ServiceContext = ctxOf(admin())) {
  const parsed = planImportSchema.safeParse(raw);
  return parsed.success ? importPlanFromConsole(ctx, parsed.data) : invalidPlanRequest(parsed.error);
}

/** Row counts of every table an import writes: a refusal or a preview must leave them as they were. */
const counts = () => rowCounts({ plans, sections, tasks, taskUnits, units, aliases: unitAliases, indicators, periods: reportingPeriods, audit: auditLog });

describe('only admins import plans', () => {
  it.each(NON_ADMIN_ROLES)('%s is refused list, preview and import', async (role, unit) => {
    const ctx = ctxOf(await actorFor(env.db, role, unit));
    const before = await counts();
    if (role !== 'supervisor') await expect(listPlans(ctx)).rejects.toThrow(ForbiddenError);
    await expect(previewRequest({ text: FIXTURE }, undefined, ctx)).rejects.toThrow(ForbiddenError);
    await expect(commitRequest({ text: FIXTURE, previewHash: previewHashOf(FIXTURE) }, ctx)).rejects.toThrow(ForbiddenError);
    expect(await counts()).toEqual(before);
  });
});

describe('preview', () => {
  it('shows plan, sections, tasks with units, new vs known units, proposed indicators and warnings — and writes nothing', async () => {
    const before = await counts();
    const r = await previewRequest({ text: FIXTURE });
    expect(await counts()).toEqual(before);
    expect(r.ok).toBe(true);
    const p = r.ok ? r.data! : null!;
    expect(p).toMatchObject({ code: CODE_2024, title: '河东区2024年重点工作任务', year: 2024, issuedOn: '2024-03-01', existing: null, kind: 'key_tasks', shortName: '2024重点任务', startsAsDraft: false, generatedCode: false });
    // 重点任务 is taken by the 2023 list: the new one's tasks are named 2024重点任务 1, 2 …
    // A new list comes beside the lists already running.
    expect(p.activeLists.map((l) => l.label)).toEqual(['重点任务']);
    expect(p.sections.map((s) => [s.numeral, s.title, s.taskCount])).toEqual([
      ['一', '加快产业转型升级', 2],
      ['二', '持续改善民生', 3],
    ]);
    expect(p.tasks).toHaveLength(5);
    expect(p.tasks[0]).toMatchObject({ no: 1, title: '培优育强重点产业', lead: ['区发展和改革局', '区工业和信息化局'], openEnded: true });
    expect(p.tasks[0]!.participating).toContain('区投资促进服务中心');
    expect(p.tasks[3]).toMatchObject({ no: 4, lead: [], participating: ['区民政局'] });
    expect(p.units.existing.map((u) => u.name)).toContain('区发展和改革局');
    expect(p.units.existing.length).toBeGreaterThan(0);
    expect(p.units.existing.every((u) => u.active)).toBe(true);
    expect(p.warnings).toEqual([{ line: 30, text: '（此件公开发布）', message: '无法归入任何任务，已忽略' }]);
    // Task 3 states "新建、改扩建学校8所": the extractor proposes it.
    expect(p.tasks[2]!.indicators).toEqual([expect.objectContaining({ target: 8, unit: '所' })]);
    expect(p.indicatorCount).toBe(p.tasks.reduce((n, t) => n + t.indicators.length, 0));
    expect(p.previewHash).toBe(previewHashOf(FIXTURE));
  });

  it('lists names the district does not know, each with the closest known units', async () => {
    const text = FIXTURE.replace('配合单位：区民政局', '配合单位：区养老服务指导中心、县民政局');
    const r = await previewRequest({ text });
    const unknown = r.ok ? r.data!.units.unknown : [];
    expect(unknown.map((u) => u.name)).toEqual(['区养老服务指导中心', '县民政局']);
    expect(unknown[1]!.candidates[0]).toMatchObject({ name: '区民政局' });
  });

  it('asks for the year and title a document does not give, and takes them as options', async () => {
    const text = '一、产业发展\n1.培育重点产业。（牵头单位：区发展和改革局）';
    const r = await previewRequest({ text });
    expect(r).toMatchObject({ ok: false, needs: ['year', 'title'], fieldErrors: { year: ['请填写年度'], title: ['请填写清单标题'] } });
    const ok = await previewRequest({ text, options: { year: '2024', title: '某区2024年重点工作' } });
    expect(ok).toMatchObject({ ok: true, data: { year: 2024, title: '某区2024年重点工作', generatedCode: true } });
    const bad = await previewRequest({ text, options: { year: '20x', title: '某区2024年重点工作' } });
    expect(bad).toMatchObject({ ok: false, fieldErrors: { year: ['年度须为数字'] } });
    // Imported once, the same document typed with another title is recognised, not imported twice.
    const options = { year: '2024', title: '某区2024年重点工作' };
    const first = await commitRequest({ text, options, previewHash: ok.ok ? ok.data!.previewHash : '' });
    expect(first).toMatchObject({ ok: true, data: { status: 'created' } });
    const again = await previewRequest({ text, options: { year: '2024', title: '某区2024年重点工作任务' } });
    expect(again.ok && again.data!.existing).toMatchObject({ status: 'unchanged' });
    const before = await counts();
    const second = await commitRequest({ text, options: { year: '2024', title: '某区2024年重点工作任务' }, previewHash: again.ok ? again.data!.previewHash : '' });
    expect(second).toMatchObject({ ok: true, data: { status: 'unchanged' } });
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['table-notice.docx', '鞍立政发〔2023〕2号', 6],
    ['breakdown.xlsx', null, 8],
    ['notice.pdf', null, 8],
    ['notice-gbk.html', null, 6],
    ['notice-gb18030.txt', '蔡政办〔2023〕1号', 3],
  ] as const)('previews a real notice from %s: tasks with units, unknown units with candidates, nothing written', async (file, code, taskCount) => {
    const doc = await extractDocument(new Uint8Array(fs.readFileSync(path.resolve('lib/plan-import/__fixtures__/formats', file))), file);
    const before = await counts();
    const r = await previewRequest({}, doc);
    expect(await counts()).toEqual(before);
    expect(r.ok).toBe(true);
    const p = r.ok ? r.data! : null!;
    if (code) expect(p.code).toBe(code);
    expect(p.tasks).toHaveLength(taskCount);
    expect(p.tasks.length).toBeGreaterThan(0);
    expect(p.tasks.every((t) => t.lead.length > 0)).toBe(true);
    expect(p.source.fileName).toBe(file);
    expect(p.units.unknown.length).toBeGreaterThan(0);
  });

  it('reads a document extracted from a file the same way as pasted text', async () => {
    const fromText = await previewRequest({ text: FIXTURE });
    const fromDoc = await previewRequest({}, { ...documentFromText(FIXTURE, '通知.txt') });
    expect(fromDoc.ok && fromDoc.data!.tasks).toEqual(fromText.ok && fromText.data!.tasks);
    expect(fromDoc.ok && fromDoc.data!.source).toEqual({ format: 'txt', fileName: '通知.txt' });
  });

  it('text with no tasks shows the parser’s Chinese error', async () => {
    const before = await counts();
    const r = await previewRequest({ text: '河东区人民政府办公室\n关于印发河东区2025年重点工作任务的通知\n临东政办字〔2025〕1号\n各单位：请认真落实。' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.fieldErrors?.text?.[0]).toBe(NO_TASKS_MESSAGE);
    expect(!r.ok && r.error).toMatch('未写入任何数据');
    const empty = await previewRequest({ text: '   \n ' });
    expect(!empty.ok && empty.fieldErrors?.text?.[0]).toBe('请粘贴通知全文，或选择文件');
    const huge = await previewRequest({ text: '一'.repeat(PLAN_TEXT_MAX_BYTES / 3 + 10) });
    expect(!huge.ok && huge.fieldErrors?.text?.[0]).toMatch('超过 2 MB');
    expect(await counts()).toEqual(before);
  });
});

describe('import', () => {
  it('refuses a text that changed since its preview, and a text with no tasks; writes nothing', async () => {
    const before = await counts();
    const changed = await commitRequest({ text: FIXTURE + '\n', previewHash: previewHashOf(FIXTURE) });
    expect(!changed.ok && changed.fieldErrors?.text?.[0]).toMatch('请重新预览');
    // The options are part of what was previewed.
    const otherKind = await commitRequest({ text: FIXTURE, options: { kind: 'livelihood' }, previewHash: previewHashOf(FIXTURE) });
    expect(otherKind.ok).toBe(false);
    const noTasks = '临东政办字〔2025〕1号\n没有任务';
    const r = await commitRequest({ text: noTasks, previewHash: previewHashOf(noTasks) });
    expect(!r.ok && r.fieldErrors?.text?.[0]).toBe(NO_TASKS_MESSAGE);
    expect(await counts()).toEqual(before);
  });

  it('imports the fixture as list 临东政办字〔2024〕5号 with its tasks, periods and proposed indicators, beside the 2023 list', async () => {
    const before = await counts();
    const r = await commitRequest({ text: FIXTURE, previewHash: previewHashOf(FIXTURE) }, ctxOf(admin(), { ip: '10.2.2.2' }));
    expect(r).toMatchObject({ ok: true, data: { status: 'created', code: CODE_2024, year: 2024, sections: 2, tasks: 5 } });
    const [plan] = await env.db.select().from(plans).where(eq(plans.code, CODE_2024));
    const planTasks = await env.db.select().from(tasks).where(eq(tasks.planId, plan!.id)).orderBy(asc(tasks.id));
    expect(planTasks.map((t) => [t.no, t.title])).toEqual([
      [1, '培优育强重点产业'],
      [2, '提升产业链能级'],
      [3, '推动基础教育高质量发展'],
      [4, '完善兜底性养老服务'],
      [5, '加强基层医疗'],
    ]);
    expect((await activePlans(env.db, { kind: 'district', districtId: FIRST_DISTRICT_ID })).map((p) => p.code)).toEqual(expect.arrayContaining([CODE_2024, '临东政办字〔2023〕19号']));
    expect((await env.db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, plan!.id))).length).toBeGreaterThan(0);
    expect((await counts()).indicators).toBeGreaterThan(before.indicators);
    const audit = (await env.db.select().from(auditLog).where(eq(auditLog.action, 'plan.import')).orderBy(asc(auditLog.id))).filter((a) => a.entityId === plan!.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityType: 'plan', entityId: plan!.id, actorId: admin().userId, ip: '10.2.2.2' });
    expect(JSON.parse(audit[0]!.detail!)).toMatchObject({ code: CODE_2024, status: 'created', tasks: 5 });

    const list = await listPlans(ctxOf(admin()));
    expect(list.filter((p) => !p.code.startsWith('无文号')).map((p) => [p.code, p.year, p.taskCount, p.status])).toEqual([
      [CODE_2024, 2024, 5, 'active'],
      ['临东政办字〔2023〕19号', 2023, 77, 'active'],
    ]);
  });

  it('the same text again changes nothing and is not audited', async () => {
    const before = await counts();
    const preview = await previewRequest({ text: FIXTURE });
    expect(preview.ok && preview.data!.existing).toMatchObject({ status: 'unchanged', removedTaskNos: [] });
    const r = await commitRequest({ text: FIXTURE, previewHash: previewHashOf(FIXTURE) });
    expect(r).toMatchObject({ ok: true, data: { status: 'unchanged' } });
    expect(await counts()).toEqual(before);
  });

  it('another year’s list never touches this year’s lists', async () => {
    const text = FIXTURE.replace('临东政办字〔2024〕5号', '临东政办字〔2022〕8号').replaceAll('2024', '2022');
    // Imported during 2022 (a request's "today" is its context's): the list is current, not history to archive.
    const in2022 = ctxOf(admin(), undefined, new Date('2022-06-01T09:30:00+08:00'));
    const preview = await previewRequest({ text }, undefined, in2022);
    expect(preview.ok && preview.data!).toMatchObject({ year: 2022, existing: null });
    const before = await env.db.select().from(tasks).orderBy(asc(tasks.id));
    expect((await commitRequest({ text, previewHash: previewHashOf(text) }, in2022)).ok).toBe(true);
    const after = await env.db.select().from(tasks).orderBy(asc(tasks.id));
    expect(after.filter((t) => before.some((b) => b.id === t.id))).toEqual(before);
    expect((await activePlans(env.db, { kind: 'district', districtId: FIRST_DISTRICT_ID })).map((p) => p.code)).toContain('临东政办字〔2022〕8号');
    expect((await activePlans(env.db, { kind: 'district', districtId: FIRST_DISTRICT_ID })).map((p) => p.code)).toContain(CODE_2024);
  });

  it('maps unknown units as the office chose: onto a known unit (kept as its alias) or a new unit', async () => {
    const text = FIXTURE.replace('临东政办字〔2024〕5号', '临东政办字〔2024〕9号').replace('配合单位：区民政局', '配合单位：县民政局、区养老服务指导中心');
    const preview = await previewRequest({ text });
    const hash = preview.ok ? preview.data!.previewHash : '';
    const before = await counts();
    const r = await commitRequest({ text, previewHash: hash, mapping: { 县民政局: { to: 'unit', unitId: await unitId('区民政局') }, 区养老服务指导中心: { to: 'new' } } });
    expect(r).toMatchObject({ ok: true, data: { status: 'created', unitsCreated: ['区养老服务指导中心'] } });
    expect((await counts()).units).toBe(before.units + 1);
    expect((await env.db.select().from(unitAliases).where(eq(unitAliases.alias, '县民政局')))[0]).toMatchObject({ unitId: await unitId('区民政局') });
    // 县民政局 and 区民政局 are one unit now: a task naming both links it once.
    const both = FIXTURE.replace('临东政办字〔2024〕5号', '临东政办字〔2024〕12号').replace('配合单位：区民政局', '配合单位：县民政局、区民政局');
    const p3 = await previewRequest({ text: both });
    expect(p3.ok && p3.data!.units.unknown).toEqual([]);
    expect((await commitRequest({ text: both, previewHash: p3.ok ? p3.data!.previewHash : '' })).ok).toBe(true);
    const [plan12] = await env.db.select().from(plans).where(eq(plans.code, '临东政办字〔2024〕12号'));
    const links = await env.db.select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId }).from(taskUnits).innerJoin(tasks, eq(tasks.id, taskUnits.taskId)).where(eq(tasks.planId, plan12!.id));
    const mzj = await unitId('区民政局');
    const mz = links.filter((l) => l.unitId === mzj);
    expect(mz.length).toBeGreaterThan(0);
    expect(new Set(mz.map((l) => l.taskId)).size).toBe(mz.length);
    // A mapping onto a unit that does not exist writes nothing.
    const text2 = text.replace('〔2024〕9号', '〔2024〕11号').replace('县民政局', '市民政局');
    const p2 = await previewRequest({ text: text2 });
    const mid = await counts();
    expect((await commitRequest({ text: text2, previewHash: p2.ok ? p2.data!.previewHash : '', mapping: { 市民政局: { to: 'unit', unitId: 999_999 } } })).ok).toBe(false);
    expect(await counts()).toEqual(mid);
  });

  it('refuses an edited re-import that would delete tasks with reports', async () => {
    const [plan] = await env.db.select().from(plans).where(eq(plans.code, CODE_2024));
    const task5 = (await env.db.select().from(tasks).where(eq(tasks.planId, plan!.id))).find((t) => t.no === 5)!;
    const [period] = await env.db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, plan!.id)).orderBy(asc(reportingPeriods.id)).limit(1);
    await env.db.insert(reports).values({ taskId: task5.id, periodId: period!.id, unitId: await unitId('区卫生健康局'), progress: '已开展', updatedAt: AT });
    const text = FIXTURE.slice(0, FIXTURE.indexOf('5．加强基层医疗'));
    const preview = await previewRequest({ text });
    expect(preview.ok && preview.data!.existing).toMatchObject({ status: 'update', removedTaskNos: [5] });
    const before = await counts();
    const r = await commitRequest({ text, previewHash: previewHashOf(text) });
    expect(!r.ok && r.fieldErrors?.text?.[0]).toMatch('新文本删去了任务 5');
    expect(await counts()).toEqual(before);
  });
});

describe('districts', () => {
  // 兰山区 beside the seeded 河东区, with the same 2023 notice (the same code). (Last in the file: it adds a district.)
  let d2: SecondDistrict;
  let admin2: Actor;
  beforeAll(async () => {
    d2 = await addSecondDistrict(env.db);
    admin2 = await d2.actor('admin');
  });
  const CODE_2023 = '临东政办字〔2023〕19号';
  const planIdsOf = async (districtId: number) => (await env.db.select({ id: plans.id }).from(plans).where(eq(plans.districtId, districtId))).map((p) => p.id).sort();

  it('each district’s office lists only its own lists, with its own task counts', async () => {
    const own1 = await planIdsOf(FIRST_DISTRICT_ID);
    for (const ctx of [ctxOf(admin()), ctxOf(env.supervisor())]) {
      expect((await listPlans(ctx)).map((p) => p.id).sort()).toEqual(own1);
    }
    for (const ctx of [ctxOf(admin2), ctxOf(await d2.actor('supervisor'))]) {
      expect((await listPlans(ctx)).map((p) => [p.id, p.code, p.taskCount])).toEqual([[d2.planId, CODE_2023, 77]]);
    }
    await expect(listPlans(ctxOf(await actorFor(env.db, 'city_supervisor', null)))).rejects.toThrow(ForbiddenError);
  });

  it('a preview reads the district’s own lists and units: another district’s list of the same code is not "existing"', async () => {
    const before = await counts();
    const r = await previewRequest({ text: FIXTURE }, undefined, ctxOf(admin2));
    expect(r.ok && r.data!).toMatchObject({ code: CODE_2024, existing: null, shortName: '2024重点任务' });
    expect(r.ok && r.data!.activeLists.map((l) => l.id)).toEqual([d2.planId]);
    expect(r.ok && r.data!.units.existing.map((u) => u.name)).toContain('区发展和改革局');
    expect(await counts()).toEqual(before);
  });

  it('an import writes into the administrator’s district and leaves the other district’s list of the same code alone', async () => {
    const [plan1] = await env.db.select().from(plans).where(and(eq(plans.districtId, FIRST_DISTRICT_ID), eq(plans.code, CODE_2024)));
    const tasks1 = await env.db.select().from(tasks).where(eq(tasks.planId, plan1!.id)).orderBy(asc(tasks.id));
    const r = await commitRequest({ text: FIXTURE, previewHash: previewHashOf(FIXTURE) }, ctxOf(admin2));
    expect(r).toMatchObject({ ok: true, data: { status: 'created', code: CODE_2024, tasks: 5 } });
    const [plan2] = await env.db.select().from(plans).where(and(eq(plans.districtId, d2.districtId), eq(plans.code, CODE_2024)));
    expect(plan2!.id).not.toBe(plan1!.id);
    const tasks2 = await env.db.select({ districtId: tasks.districtId }).from(tasks).where(eq(tasks.planId, plan2!.id));
    expect(tasks2.map((t) => t.districtId)).toEqual(Array(5).fill(d2.districtId));
    // Its units are 兰山区's.
    const linked = await env.db
      .select({ districtId: units.districtId })
      .from(taskUnits)
      .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
      .innerJoin(units, eq(units.id, taskUnits.unitId))
      .where(eq(tasks.planId, plan2!.id));
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.every((l) => l.districtId === d2.districtId)).toBe(true);
    expect(await env.db.select().from(tasks).where(eq(tasks.planId, plan1!.id)).orderBy(asc(tasks.id))).toEqual(tasks1);
  });

  it('an unknown name mapped onto another district’s unit is refused, writing nothing', async () => {
    const text = FIXTURE.replace('临东政办字〔2024〕5号', '临东政办字〔2024〕31号').replace('配合单位：区民政局', '配合单位：县民政局');
    const preview = await previewRequest({ text }, undefined, ctxOf(admin2));
    expect(preview.ok && preview.data!.units.unknown.map((u) => u.name)).toEqual(['县民政局']);
    const before = await counts();
    const r = await commitRequest({ text, previewHash: preview.ok ? preview.data!.previewHash : '', mapping: { 县民政局: { to: 'unit', unitId: await unitId('区民政局') } } }, ctxOf(admin2));
    expect(r).toMatchObject({ ok: false, error: '要对应的单位不存在或已停用，请重新预览' });
    expect(await counts()).toEqual(before);
  });
});
