/**
 * Writes the binary fixtures of the document extractors into lib/plan-import/__fixtures__/formats/:
 *   npx tsx scripts/make-import-fixtures.ts
 *
 * Run once; the outputs are committed, so the tests never depend on this script, on Chromium or on
 * the fonts. The PDFs need Debian's Chromium (/usr/bin/chromium), a CJK font (fonts-wqy-microhei) and
 * qpdf (for encrypted.pdf, notice.pdf with an open password).
 *
 * The content is real, from public government pages (official documents, cited in each fixture):
 *  - 鞍山市立山区人民政府 鞍立政发〔2023〕2号 — http://www.lishan.gov.cn/html/ASLSQ/202303/0168765895614794.html
 *    (table-notice.docx: the notice, and its first six tasks laid out as a Word table; the page lists
 *    each task with `牵头单位：` / `责任单位：` lines)
 *  - 谯城区2025年政府工作报告重点工作任务分解表 — https://bzqc.gov.cn/OpennessContent/show/2830307.html
 *    (tasks 1–6) and the 区教育局 extract of the same table —
 *    https://www.bzqc.gov.cn/XxgkContent/show/2831654.html (tasks 68, 69)
 *    (breakdown.xlsx as the table; notice-gbk.html as the page; notice.pdf in the inline layout
 *    `1.…（牵头单位：…；配合单位：…）`, 主要责任单位 → 牵头单位 and 协同配合单位 → 配合单位)
 *  - 蔡甸区人民政府办公室 蔡政办〔2023〕1号 — https://www.caidian.gov.cn/zwgk/zc/zfwj/qzfbgwj/202302/t20230208_2147809.shtml
 *    (notice-gb18030.txt)
 * Punctuation is written full-width, as in the originals (the crawled copies had it normalised).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import ExcelJS from 'exceljs';

const OUT_DIR = path.join(__dirname, '..', 'lib', 'plan-import', '__fixtures__', 'formats');
const CHROMIUM = '/usr/bin/chromium';

const LISHAN_URL = 'http://www.lishan.gov.cn/html/ASLSQ/202303/0168765895614794.html';
const QIAOCHENG_URL = 'https://bzqc.gov.cn/OpennessContent/show/2830307.html';
const QIAOCHENG_EDU_URL = 'https://www.bzqc.gov.cn/XxgkContent/show/2831654.html';
const CAIDIAN_URL = 'https://www.caidian.gov.cn/zwgk/zc/zfwj/qzfbgwj/202302/t20230208_2147809.shtml';

// ---------------------------------------------------------------------------
// Content

const LISHAN = {
  title: '立山区人民政府关于印发《立山区政府2023年重点工作任务分解和责任分工方案》的通知',
  code: '鞍立政发〔2023〕2号',
  addressees: '立山经济开发区，各街道办事处，各区直部门，各有关单位：',
  preamble: '经区政府同意，现将《立山区政府2023年重点工作任务分解和责任分工方案》印发给你们，请结合实际，认真贯彻落实。',
  issuer: '立山区人民政府',
  date: '2023年3月28日',
  planTitle: '立山区政府2023年重点工作任务分解和责任分工方案',
  intro:
    '为全面贯彻落实党的二十大精神，深入贯彻中央、省市工作会议精神和市委十三届五次全会精神、区委十五届四次全会精神，认真贯彻国家、省、市关于2023年重点工作部署，聚焦辽宁省全面振兴新突破三年行动、鞍山市“抓项目、进企业、解难题”专项行动，做好今年政府工作，努力实现全年经济社会发展的目标任务，现就全区2023年重点工作，制定分工方案如下。',
  section: '一、经济社会发展的主要预期目标',
  header: ['类别', '序号', '重点任务', '牵头单位', '责任单位'],
  tasks: [
    ['1', '努力实现地区生产总值增长6.2%左右。', '区发改局', '立山经济开发区，全区经济运行各专班'],
    ['2', '规模上工业增加值增长5%左右。', '区工信局', '立山经济开发区'],
    ['3', '固定资产投资增长15%左右。', '区发改局', '立山经济开发区，各街道、区直各部门'],
    ['4', '社会消费品零售总额增长9%左右。', '区商务局', '各街道，区市场局'],
    ['5', '一般公共预算收入增长8%左右。', '区财政局', '立山经济开发区，各街道，税务局'],
    ['6', '居民收入增长与经济增长基本同步。', '区发改局', '各街道，各相关单位'],
  ],
};

type QiaochengTask = { no: number; text: string; lead: string[]; partners: string };
type QiaochengSection = { title: string; tasks: QiaochengTask[] };
const QIAOCHENG = {
  title: '谯城区2025年政府工作报告重点工作任务分解表',
  issuer: '谯城区政府（办公室）',
  source: '谯城区委督查考核办',
  published: '2025-03-28 16:00',
  header: ['序号', '重点工作任务', '主要责任单位', '协同配合单位'],
  sections: [
    {
      title: '一、2025年经济社会发展的主要预期目标',
      tasks: [
        { no: 1, text: '地区生产总值增长6.5%左右。', lead: ['区发改委'], partners: '区政府各部门，各乡镇人民政府、街道办事处，谯城经开区管委会，魏武国控集团。' },
        { no: 2, text: '一般公共预算收入增长5%左右。', lead: ['区财政局', '区税务局'], partners: '区政府有关部门，各乡镇人民政府、街道办事处，谯城经开区管委会，魏武国控集团。' },
        {
          no: 3,
          text: '固定资产投资增长7.5%左右。',
          lead: ['区发改委'],
          partners: '区工信局、区住建局、区交通局、区水利局、区农业农村局、区教育局、区卫健委，各乡镇人民政府、街道办事处，谯城经开区管委会，魏武国控集团。',
        },
        { no: 4, text: '社会消费品零售总额增长8.2%左右。', lead: ['区商务局'], partners: '区发改委、区市场监管局。' },
        { no: 5, text: '规模以上工业增加值增长10%左右。', lead: ['区工信局'], partners: '区农业农村局、区商务局、区药发中心，各乡镇人民政府、街道办事处，谯城经开区管委会。' },
        // The crawled copy breaks off after "谯城经开"; completed as in tasks 1–5.
        { no: 6, text: '城镇、农村常住居民人均可支配收入分别增长5.2%、8%左右。', lead: ['区人社局', '区农业农村局'], partners: '区发改委，各乡镇人民政府、街道办事处，谯城经开区管委会。' },
      ],
    },
    {
      title: '六、全力以赴惠民生、增福祉，加快社会事业发展',
      tasks: [
        { no: 68, text: '持续推进学前教育普及普惠、义务教育优质均衡发展，加快建设黎明小学、亳州四中等扩建教学楼项目。', lead: ['区教育局'], partners: '区政府有关部门，各乡镇人民政府、街道办事处。' },
        { no: 69, text: '深化与海亮集团合作，积极引进优质教育资源。', lead: ['区教育局'], partners: '区投资促进中心。' },
      ],
    },
  ] satisfies QiaochengSection[],
};

const CAIDIAN_TEXT = [
  '区人民政府办公室关于印发2023年区《政府工作报告》确定的主要目标任务责任分解方案的通知',
  '蔡政办〔2023〕1号',
  '',
  '各街道办事处、乡人民政府，区人民政府各部门、各直属机构：',
  '　　2023年《区〈政府工作报告〉确定的主要目标任务责任分解方案》已报经区人民政府同意，现印发给你们，并就有关事项通知如下：',
  '　　一、各责任单位要高度重视，切实加强领导，对照2023年区《政府工作报告》确定的目标任务，制订工作方案，明确责任，明确措施，明确时间节点，狠抓落实，并于2023年1月15日前将工作方案报区人民政府办公室。',
  '　　二、区绩效考评机构要将2023年区《政府工作报告》确定的重要目标任务，纳入绩效管理考核范围，细化考核内容，加强过程考核，确保各项工作落到实处。',
  '　　三、从2023年第一季度开始，各责任单位要在每季度最后一个月的30日前将本季度落实各项工作目标任务进展情况报区人民政府办公室，区人民政府办公室将对各项工作目标任务的落实情况进行全程跟踪督办，并适时通报有关办理落实情况。',
  '',
  '蔡甸区人民政府办公室',
  '2023年1月3日',
  '',
  '2023年区《政府工作报告》确定的主要目标任务责任分解方案',
  '',
  '一、2023年全区经济社会发展的主要预期目标',
  '（一）地区生产总值增长7%以上',
  '责任单位：区发展和改革局',
  '（二）规上工业增加值增长12%以上',
  '责任单位：区科技和经信局',
  '（三）固定资产投资增长10%以上',
  '责任单位：区发展和改革局',
  '',
  `来源：${CAIDIAN_URL}`,
  '',
].join('\r\n');

// ---------------------------------------------------------------------------
// Encoders

/**
 * GBK / GB18030 bytes for a text. Node has decoders for these but no encoder: the table is built by
 * decoding every two-byte sequence, which covers all the Chinese text here (the four-byte GB18030
 * range is never needed, and asking for it throws).
 */
function encodeGb(text: string): Uint8Array {
  const table = new Map<string, [number, number]>();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.of(lead, trail));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const pair = table.get(ch);
    if (!pair) throw new Error(`不能用 GBK 编码的字符：${ch} (U+${code.toString(16)})`);
    out.push(...pair);
  }
  return Uint8Array.from(out);
}

/** A greyscale PNG of a "scanned page": light paper with dark bars where lines of text would be. */
function scannedPagePng(width: number, height: number): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    const inLine = y > 60 && (y - 60) % 36 < 14 && y < height - 80;
    for (let x = 0; x < width; x++) {
      const lineEnd = width - 60 - ((y * 7919) % 180);
      const ink = inLine && x > 60 && x < lineEnd && (x * 31 + y * 17) % 23 > 4;
      const noise = (x * 13 + y * 7) % 11;
      raw[y * (width + 1) + 1 + x] = ink ? 40 + noise : 235 + noise;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function printToPdf(html: string, outFile: string): void {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium fonts-wqy-microhei`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixture-pdf-'));
  try {
    const htmlFile = path.join(dir, 'page.html');
    fs.writeFileSync(htmlFile, html);
    const run = spawnSync(
      CHROMIUM,
      ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--user-data-dir=${path.join(dir, 'profile')}`, `--print-to-pdf=${outFile}`, `file://${htmlFile}`],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (run.status !== 0 || !fs.existsSync(outFile)) throw new Error(`chromium failed (${run.status}): ${run.stderr}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// Fixtures

async function tableNoticeDocx(): Promise<Buffer> {
  const d = LISHAN;
  const p = (text: string, opts: { bold?: boolean; center?: boolean; indent?: boolean } = {}) =>
    new Paragraph({
      alignment: opts.center ? AlignmentType.CENTER : undefined,
      indent: opts.indent ? { firstLine: 640 } : undefined,
      children: [new TextRun({ text, bold: opts.bold, font: 'FangSong' })],
    });
  const cell = (text: string, opts: { bold?: boolean; rowSpan?: number } = {}) =>
    new TableCell({ rowSpan: opts.rowSpan, children: [new Paragraph({ children: [new TextRun({ text, bold: opts.bold })] })] });

  const rows = [new TableRow({ tableHeader: true, children: d.header.map((h) => cell(h, { bold: true })) })];
  d.tasks.forEach((t, i) => {
    // The 类别 cell spans every task row. docx writes rowSpan as Word's <w:vMerge w:val="restart"/>
    // and adds the <w:vMerge/> continuation cells to the rows below itself.
    const first = i === 0 ? [cell(d.section.replace(/^一、/, ''), { rowSpan: d.tasks.length })] : [];
    rows.push(new TableRow({ children: [...first, ...t.map((v) => cell(v))] }));
  });

  const doc = new Document({
    creator: 'make-import-fixtures',
    sections: [
      {
        children: [
          p(d.title, { bold: true, center: true }),
          p(d.code, { center: true }),
          p(d.addressees),
          p(d.preamble, { indent: true }),
          p(d.issuer),
          p(d.date),
          p('（此件公开发布）'),
          p(d.planTitle, { bold: true, center: true }),
          p(d.intro, { indent: true }),
          new Paragraph({ children: [new TextRun({ text: d.section, bold: true })] }),
          new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }),
          p(`来源：${LISHAN_URL}`),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

async function breakdownXlsx(): Promise<Buffer> {
  const q = QIAOCHENG;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'make-import-fixtures';
  const ws = wb.addWorksheet('任务分解表');
  ws.columns = [{ width: 22 }, { width: 6 }, { width: 50 }, { width: 16 }, { width: 50 }];

  ws.mergeCells('A1:E1');
  ws.getCell('A1').value = q.title;
  ws.getCell('A1').font = { bold: true, size: 16 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  // Row 2 is left blank, as such tables often have between title and header.
  ws.getRow(3).values = ['类别', ...q.header];
  ws.getRow(3).font = { bold: true };

  let r = 4;
  for (const section of q.sections) {
    const first = r;
    for (const t of section.tasks) {
      const row = ws.getRow(r);
      row.getCell(2).value = t.no;
      // The first task's text is rich text (a bold run and a plain run), as Excel writes it.
      row.getCell(3).value =
        t.no === 1 ? { richText: [{ text: '地区生产总值', font: { bold: true } }, { text: t.text.slice('地区生产总值'.length) }] } : t.text;
      row.getCell(4).value = t.lead.join('\n');
      row.getCell(4).alignment = { wrapText: true };
      row.getCell(5).value = t.partners;
      r++;
    }
    ws.mergeCells(first, 1, r - 1, 1);
    ws.getCell(first, 1).value = section.title;
    ws.getCell(first, 1).alignment = { vertical: 'middle', wrapText: true };
  }
  // Tasks 68 and 69 share 区教育局: merged, as an office would lay it out.
  ws.mergeCells(r - 2, 4, r - 1, 4);

  const info = wb.addWorksheet('说明');
  info.addRow(['项目', '内容']);
  info.addRow(['发布机构', q.issuer]);
  info.addRow(['信息来源', q.source]);
  info.addRow(['发布日期', new Date(Date.UTC(2025, 2, 28))]);
  info.getCell('B4').numFmt = 'yyyy-mm-dd';
  info.addRow(['任务数', { formula: "COUNT('任务分解表'!B4:B11)", result: 8 }]);
  info.addRow(['来源', `${QIAOCHENG_URL} ；${QIAOCHENG_EDU_URL}`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The 谯城 table page as a government site serves it: GBK, site chrome, article in .TRS_Editor. The
 * breadcrumb, the 信息公开 metadata, the title line and the table are the page's; the header, menu,
 * share bar, footer and scripts are a typical template around them (the ICP number is a placeholder).
 */
function gbkHtml(): Uint8Array {
  const q = QIAOCHENG;
  const rows: string[] = [];
  rows.push(`<tr>${q.header.map((h) => `<td><strong>${h}</strong></td>`).join('')}</tr>`);
  for (const s of q.sections.slice(0, 1)) {
    rows.push(`<tr><td colspan="4">${escapeHtml(s.title)}</td></tr>`);
    for (const t of s.tasks) {
      rows.push(`<tr><td>${t.no}</td><td>${escapeHtml(t.text)}</td><td>${t.lead.join('<br>')}</td><td>${escapeHtml(t.partners)}</td></tr>`);
    }
  }
  const html = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html>
<head>
<meta charset="gb2312">
<title>${q.title}_谯城区人民政府</title>
<link rel="stylesheet" href="/css/style.css">
<style>.TRS_Editor table{border-collapse:collapse}.TRS_Editor td{border:1px solid #000}</style>
<script type="text/javascript">var _hmt = _hmt || []; document.write('<div class="ad">统计代码</div>');</script>
</head>
<!-- 来源：${QIAOCHENG_URL}（任务 1–6） -->
<body>
<div class="header"><div class="logo">亳州市谯城区人民政府</div><div class="search"><input type="text" value="请输入关键字"><button>搜索</button></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/xwzx">新闻中心</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="wza"><a href="#">无障碍</a> <a href="#">长辈版</a></div>
<div class="position">当前位置: 网站首页 &gt; 政府信息公开 &gt; 谯城区政府(办公室) &gt; 年度重点工作分解情况</div>
<table class="xxgk_table">
<tr><th>索引号:</th><td>11341602003166647K/202503-00040</td><th>组配分类:</th><td>年度重点工作分解情况</td></tr>
<tr><th>发布机构:</th><td>${q.issuer}</td><th>主题分类:</th><td>综合政务</td></tr>
<tr><th>名称:</th><td>${q.title}</td><th>文号:</th><td></td></tr>
<tr><th>发文日期:</th><td>2025-03-28</td><th>发布日期:</th><td>2025-03-28</td></tr>
</table>
<div class="article">
<h1 class="title">${q.title}</h1>
<div class="info">发布时间:${q.published} 信息来源:${q.source} 浏览次数:<span id="hits"></span> 字体:[ <a href="#">大</a> <a href="#">中</a> <a href="#">小</a> ]</div>
<div class="TRS_Editor" id="zoom">
<p align="center"><strong>${q.title}</strong></p>
<table width="100%" border="1" cellspacing="0">
${rows.join('\n')}
</table>
<p>　</p>
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> 【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div>
<div class="footer"><p>主办：亳州市谯城区人民政府办公室</p><p>皖ICP备00000000号</p></div>
<script>document.getElementById('hits').innerHTML = '1024';</script>
</body>
</html>
`;
  return encodeGb(html);
}

/** The 谯城 tasks in the inline layout, printed to PDF by Chromium (a real text layer). */
function noticePdfHtml(): string {
  const q = QIAOCHENG;
  const body: string[] = [];
  body.push(`<h1>${q.title}</h1>`);
  body.push(`<p class="meta">发布机构：${q.issuer}　发布日期：2025-03-28</p>`);
  for (const s of q.sections) {
    body.push(`<h2>${escapeHtml(s.title)}</h2>`);
    for (const t of s.tasks) {
      const partners = t.partners.replace(/。$/, '');
      body.push(`<p>${t.no}.${escapeHtml(t.text)}（牵头单位：${t.lead.join('、')}；配合单位：${escapeHtml(partners)}）</p>`);
    }
  }
  body.push(`<p class="src">来源：${QIAOCHENG_URL}</p>`);
  body.push(`<p class="src">${QIAOCHENG_EDU_URL}</p>`);
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page { size: A4; margin: 25mm 20mm 25mm 20mm; @bottom-center { content: "- " counter(page) " -"; font-family: "WenQuanYi Micro Hei"; font-size: 12pt; } }
body { font-family: "WenQuanYi Micro Hei", sans-serif; font-size: 15pt; line-height: 1.6; }
h1 { font-size: 20pt; text-align: center; font-weight: normal; }
h2 { font-size: 15pt; font-weight: normal; margin: 0.6em 0 0; }
p { margin: 0; text-indent: 2em; }
p.meta { text-align: center; text-indent: 0; }
p.src { font-size: 10pt; text-indent: 0; }
</style></head><body>
${body.join('\n')}
</body></html>`;
}

function scannedPdfHtml(): string {
  const png = scannedPagePng(794, 1123).toString('base64');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page { size: A4; margin: 0; } body { margin: 0; } img { width: 210mm; height: 297mm; display: block; }</style></head>
<body><img src="data:image/png;base64,${png}" alt=""></body></html>`;
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const write = (name: string, bytes: Uint8Array) => {
    fs.writeFileSync(path.join(OUT_DIR, name), bytes);
    console.log(`${name}: ${bytes.byteLength} bytes`);
  };
  write('table-notice.docx', await tableNoticeDocx());
  write('breakdown.xlsx', await breakdownXlsx());
  write('notice-gbk.html', gbkHtml());
  write('notice-gb18030.txt', encodeGb(CAIDIAN_TEXT));
  // Not a zip at all, though named .docx (a fixed seed, so reruns give the same bytes).
  let seed = 20250328;
  const random = Uint8Array.from({ length: 4096 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
  write('broken.docx', random);
  // An old Word 97–2003 file starts with the OLE compound-file signature.
  const ole = new Uint8Array(2048);
  ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  write('old.doc', ole);

  printToPdf(noticePdfHtml(), path.join(OUT_DIR, 'notice.pdf'));
  console.log(`notice.pdf: ${fs.statSync(path.join(OUT_DIR, 'notice.pdf')).size} bytes`);
  printToPdf(scannedPdfHtml(), path.join(OUT_DIR, 'scanned.pdf'));
  console.log(`scanned.pdf: ${fs.statSync(path.join(OUT_DIR, 'scanned.pdf')).size} bytes`);
  encryptPdf(path.join(OUT_DIR, 'notice.pdf'), path.join(OUT_DIR, 'encrypted.pdf'));
  console.log(`encrypted.pdf: ${fs.statSync(path.join(OUT_DIR, 'encrypted.pdf')).size} bytes`);
}

/** notice.pdf with an open (user) password, as qpdf writes it (AES-256). */
function encryptPdf(input: string, output: string): void {
  const run = spawnSync('qpdf', ['--encrypt', 'hedong-user', 'hedong-owner', '256', '--', input, output], { encoding: 'utf8' });
  if (run.error || run.status !== 0) throw new Error(`qpdf failed (apt-get install qpdf): ${run.error?.message ?? run.stderr}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
