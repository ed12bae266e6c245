import fs from 'node:fs';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { activePlans } from '@/lib/plans/plan-scope';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, contributions, reportingPeriods, reports, tasks } from '@/db/schema';
import { addAttachment, deleteAttachment, findReadableAttachment } from '@/lib/attachments/attachment-service';
import { FileStore } from '@/lib/attachments/file-store';
import { ForbiddenError } from '@/lib/auth/permissions';
import { actorFor, createSeededDb } from '@/lib/testing/temp-db';
import { getReportEditor, getWorkbench, saveContribution, saveReport } from './report-service';

// The demo clock: November 2023 is the open month, December has not begun.
const TODAY = '2023-11-22';
const NOW = new Date('2023-11-22T09:30:00+08:00');
const MAX = 20 * 1024 * 1024;

const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'));
const PNG = new Uint8Array(
  Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex'),
);

let env: Awaited<ReturnType<typeof createSeededDb>>;
let store: FileStore;
let task40: number;
let task15: number;
let nov: number;
let dec: number;

beforeAll(async () => {
  env = await createSeededDb();
  store = new FileStore(path.join(env.dir, 'files'));
  const id = (no: number) => env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.no, no)).get()!.id;
  task40 = id(40);
  task15 = id(15);
  const period = (month: string) => env.db.select().from(reportingPeriods).where(eq(reportingPeriods.month, month)).get()!.id;
  nov = period('2023-11');
  dec = period('2023-12');
});
afterAll(() => env.cleanup());

const sthj = () => actorFor(env.db, 'reporter', '河东生态环境分局', 7); // lead of 40
const sthjColleague = () => actorFor(env.db, 'unit_head', '河东生态环境分局', 5);
const kjj = () => actorFor(env.db, 'reporter', '区科学技术局', 8); // participating in 40, lead of 15
const fgj = () => actorFor(env.db, 'reporter', '区发展和改革局', 4); // participating in 40

const draft = (over: Record<string, unknown> = {}) => ({
  taskId: task40,
  periodId: nov,
  version: 0,
  progress: '',
  percentDone: null,
  problems: '',
  nextSteps: '',
  indicatorValues: [],
  ...over,
});

const fileCount = () => store.list().length;
const attachmentRows = () => env.db.select({ n: count() }).from(attachments).get()!.n;

describe('lead report: save, submit, conflicts', () => {
  it('a lead unit saves a draft, then a colleague’s stale save gets a conflict with the other version', () => {
    const first = saveReport(env.db, sthj(), draft({ progress: '初稿' }), 'save', NOW, TODAY);
    expect(first).toMatchObject({ ok: true, version: 1, status: 'draft' });
    const mine = saveReport(env.db, sthj(), draft({ version: 1, progress: '第二稿', percentDone: 70 }), 'save', NOW, TODAY);
    expect(mine).toMatchObject({ ok: true, version: 2 });
    // The colleague still holds version 1.
    const stale = saveReport(env.db, sthjColleague(), draft({ version: 1, progress: '同事的稿子' }), 'save', NOW, TODAY);
    expect(stale.ok).toBe(false);
    if (stale.ok) return;
    expect(stale.error).toContain('保存冲突');
    expect(stale.conflict).toMatchObject({ version: 2, fields: { progress: '第二稿', percentDone: 70 } });
    const row = env.db.select().from(reports).where(and(eq(reports.taskId, task40), eq(reports.periodId, nov))).get()!;
    expect(row.progress).toBe('第二稿');
  });

  it('submitting needs progress and percent done, and then the report is read-only', () => {
    const missing = saveReport(env.db, sthj(), draft({ version: 2 }), 'submit', NOW, TODAY);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.fieldErrors).toMatchObject({ progress: ['请填写本月进展'], percentDone: ['完成百分比须为 0–100 的整数'] });
    const bad = saveReport(env.db, sthj(), draft({ version: 2, progress: 'x', percentDone: 120 }), 'submit', NOW, TODAY);
    expect(bad.ok).toBe(false);
    const ok = saveReport(env.db, sthj(), draft({ version: 2, progress: '本月完成臭氧污染防治攻坚。', percentDone: 80 }), 'submit', NOW, TODAY);
    expect(ok).toMatchObject({ ok: true, status: 'submitted' });
    const again = saveReport(env.db, sthj(), draft({ version: 3, progress: '改一下' }), 'save', NOW, TODAY);
    expect(again).toMatchObject({ ok: false, error: '该报告已报送，不能再修改' });
  });

  it('status, unitId and reviewer fields smuggled into the input are ignored', () => {
    const r = saveReport(
      env.db,
      kjj(),
      { ...draft({ taskId: task15, progress: '科技型企业培育' }), status: 'approved', unitId: 1, reviewedBy: 1 },
      'save',
      NOW,
      TODAY,
    );
    expect(r).toMatchObject({ ok: true, status: 'draft' });
    const row = env.db.select().from(reports).where(and(eq(reports.taskId, task15), eq(reports.periodId, nov))).get()!;
    expect(row.status).toBe('draft');
    expect(row.unitId).toBe(kjj().unitId);
    expect(row.reviewedBy).toBeNull();
  });

  it('indicator values of another task are not stored', () => {
    const own = getReportEditor(env.db, kjj(), 15, '2023-11', TODAY);
    const ind = own.indicators[0]!;
    const r = saveReport(
      env.db,
      kjj(),
      draft({ taskId: task15, version: own.report!.version, progress: 'x', indicatorValues: [{ indicatorId: ind.id, value: 80 }, { indicatorId: 999_999, value: 1 }] }),
      'save',
      NOW,
      TODAY,
    );
    expect(r.ok).toBe(true);
    expect(getReportEditor(env.db, kjj(), 15, '2023-11', TODAY).report!.indicatorValues).toEqual({ [ind.id]: 80 });
  });

  it('a participating unit cannot write the lead report, nor another unit’s task', () => {
    expect(() => saveReport(env.db, kjj(), draft({ progress: '越权' }), 'save', NOW, TODAY)).toThrow(ForbiddenError);
    expect(() => saveReport(env.db, fgj(), draft({ taskId: task15, progress: '越权' }), 'save', NOW, TODAY)).toThrow(ForbiddenError);
    for (const role of ['supervisor', 'leader', 'admin'] as const) {
      expect(() => saveReport(env.db, actorFor(env.db, role, null), draft(), 'save', NOW, TODAY)).toThrow(ForbiddenError);
    }
  });

  it('a future month cannot be reported yet', () => {
    expect(() => saveReport(env.db, sthj(), draft({ periodId: dec, progress: 'x' }), 'save', NOW, TODAY)).toThrow('尚未开始');
  });
});

describe('participating unit’s part', () => {
  it('is sent to the lead, who sees it; the participating unit never sees the lead’s report', () => {
    const saved = saveContribution(env.db, kjj(), { taskId: task40, periodId: nov, version: 0, content: '配合开展VOCs专项检查' }, 'submit', NOW, TODAY);
    expect(saved).toMatchObject({ ok: true, status: 'submitted' });
    const lead = getReportEditor(env.db, sthj(), 40, '2023-11', TODAY);
    expect(lead.contributions.map((c) => c.unit.name)).toContain('区科学技术局');
    expect(lead.missingContributions.map((u) => u.name)).toContain('区发展和改革局');
    const part = getReportEditor(env.db, kjj(), 40, '2023-11', TODAY);
    expect(part.role).toBe('participating');
    expect(part.report).toBeNull();
    expect(part.contributions).toEqual([]);
    expect(part.contribution?.content).toBe('配合开展VOCs专项检查');
  });

  it('a draft part stays with its unit; a lead unit cannot send a part', () => {
    saveContribution(env.db, fgj(), { taskId: task40, periodId: nov, version: 0, content: '草稿中' }, 'save', NOW, TODAY);
    const lead = getReportEditor(env.db, sthj(), 40, '2023-11', TODAY);
    expect(lead.contributions.map((c) => c.unit.name)).not.toContain('区发展和改革局');
    expect(() => saveContribution(env.db, sthj(), { taskId: task40, periodId: nov, version: 0, content: 'x' }, 'save', NOW, TODAY)).toThrow(ForbiddenError);
    const sent = saveContribution(env.db, kjj(), { taskId: task40, periodId: nov, version: 1, content: '再改' }, 'save', NOW, TODAY);
    expect(sent).toMatchObject({ ok: false, error: '本单位的协办情况已报送，不能再修改' });
  });

  it('the editor refuses units not on the task', () => {
    expect(() => getReportEditor(env.db, actorFor(env.db, 'reporter', '区民政局'), 40, undefined, TODAY)).toThrow(ForbiddenError);
  });
});

describe('attachments', () => {
  const target = () => ({ ownerType: 'contribution', taskId: task40, periodId: nov });

  it('stores a PDF by hash for the unit’s draft and only the right readers can find it', async () => {
    const fgjPart = { ownerType: 'contribution', taskId: task40, periodId: nov };
    const bad = await addAttachment(env.db, store, fgj(), fgjPart, { name: '../../协办材料（11月）.pdf', bytes: PDF }, { maxBytes: MAX, now: NOW, today: TODAY });
    expect(bad).toMatchObject({ ok: false, error: '文件名不能包含路径，请改名后重新上传' });
    const r = await addAttachment(env.db, store, fgj(), fgjPart, { name: '协办材料（11月）.pdf', bytes: PDF }, { maxBytes: MAX, now: NOW, today: TODAY });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.attachment.fileName).toBe('协办材料（11月）.pdf');
    const row = env.db.select().from(attachments).where(eq(attachments.id, r.attachment.id)).get()!;
    expect(fs.existsSync(store.pathFor(row.sha256))).toBe(true);
    expect(fs.readdirSync(path.join(env.dir, 'files'), { recursive: true }).join('|')).not.toContain('协办');
    // Own unit: yes. Lead unit: not while the part is a draft. Another unit and oversight: no.
    expect(findReadableAttachment(env.db, fgj(), row.id)).not.toBeNull();
    expect(findReadableAttachment(env.db, sthj(), row.id)).toBeNull();
    expect(findReadableAttachment(env.db, kjj(), row.id)).toBeNull();
    expect(findReadableAttachment(env.db, actorFor(env.db, 'supervisor', '区政府督查室'), row.id)).toBeNull();
    // Once sent, the lead unit and the oversight roles may read it.
    const part = env.db.select().from(contributions).where(eq(contributions.id, row.ownerId)).get()!;
    saveContribution(env.db, fgj(), { taskId: task40, periodId: nov, version: part.version, content: '配合做好减排项目审批' }, 'submit', NOW, TODAY);
    expect(findReadableAttachment(env.db, sthj(), row.id)).not.toBeNull();
    expect(findReadableAttachment(env.db, actorFor(env.db, 'leader', null), row.id)).not.toBeNull();
    expect(findReadableAttachment(env.db, actorFor(env.db, 'reporter', '区民政局'), row.id)).toBeNull();
  });

  it('refuses oversize, wrong bytes with a .pdf name, empty files and an .exe, writing nothing', async () => {
    const rows = attachmentRows();
    const files = fileCount();
    const tries: [string, Uint8Array, string][] = [
      ['大文件.pdf', new Uint8Array(MAX + 1), '大小限制'],
      ['伪装.pdf', new Uint8Array(Buffer.from('<html><script>alert(1)</script></html>')), '不是允许的类型'],
      ['空.pdf', new Uint8Array(0), '空文件'],
      ['程序.pdf', new Uint8Array(Buffer.from('4d5a90000300000004000000ffff0000', 'hex')), '不是允许的类型'],
    ];
    for (const [name, bytes, message] of tries) {
      const r = await addAttachment(env.db, store, sthj(), { ...target(), ownerType: 'report' }, { name, bytes }, { maxBytes: MAX, now: NOW, today: TODAY });
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.error).toContain(message);
    }
    expect(attachmentRows()).toBe(rows);
    expect(fileCount()).toBe(files);
  });

  it('refuses uploads to a sent report or part, and to tasks the unit is not on, leaving no orphan file', async () => {
    const rows = attachmentRows();
    const files = fileCount();
    // sthj's November report was submitted above.
    const sent = await addAttachment(env.db, store, sthj(), { ...target(), ownerType: 'report' }, { name: '照片.png', bytes: PNG }, { maxBytes: MAX, now: NOW, today: TODAY });
    expect(sent).toMatchObject({ ok: false, error: '报告已报送，不能再添加附件' });
    await expect(
      addAttachment(env.db, store, actorFor(env.db, 'reporter', '区民政局'), target(), { name: 'a.pdf', bytes: PDF }, { maxBytes: MAX, now: NOW, today: TODAY }),
    ).rejects.toThrow(ForbiddenError);
    expect(attachmentRows()).toBe(rows);
    expect(fileCount()).toBe(files);
  });

  it('deletes only the unit’s own attachment of an editable draft, and its file when unreferenced', async () => {
    const r = await addAttachment(env.db, store, kjj(), { ownerType: 'report', taskId: task15, periodId: nov }, { name: '统计表.png', bytes: PNG }, { maxBytes: MAX, now: NOW, today: TODAY });
    if (!r.ok) throw new Error(r.error);
    const sha = env.db.select().from(attachments).where(eq(attachments.id, r.attachment.id)).get()!.sha256;
    expect(deleteAttachment(env.db, store, sthj(), r.attachment.id)).toMatchObject({ ok: false, error: '找不到该附件' });
    expect(deleteAttachment(env.db, store, kjj(), r.attachment.id)).toEqual({ ok: true });
    expect(store.exists(sha)).toBe(false);
  });
});

describe('reporter’s workbench', () => {
  it('shows this period’s state and parts received for the unit’s own tasks only', () => {
    const [wb, ...others] = getWorkbench(env.db, sthj(), activePlans(env.db), TODAY);
    if (!wb) throw new Error('no workbench');
    expect(others).toEqual([]);
    expect(wb.period?.month).toBe('2023-11');
    const row40 = wb.leading.find((r) => r.task.no === 40)!;
    expect(row40.state).toBe('submitted');
    expect(row40.partsExpected).toBeGreaterThanOrEqual(13);
    expect(row40.partsReceived).toBe(2);
    expect(wb.leading.map((r) => r.task.no)).toEqual([8, 39, 40, 41, 42]);
    expect(wb.joining).toEqual([]);
    expect(Object.keys(row40.history)).toContain('2023-11');
    expect(() => getWorkbench(env.db, actorFor(env.db, 'supervisor', '区政府督查室'), activePlans(env.db), TODAY)).toThrow(ForbiddenError);
  });
});
