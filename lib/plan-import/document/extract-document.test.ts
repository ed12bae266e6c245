import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { DocBlock, NoticeDocument, ParagraphBlock, TableBlock } from './document';
import { formatNumber } from './docx-numbering';
import { ACCEPTED_EXTENSIONS, DOCUMENT_SIZE_LIMITS, DocumentExtractError, extractDocument } from './extract-document';
import { declaredCharset, decodeHtml } from './extract-html';
import { isGarbled, isPageNumber, pdfLines, SCANNED_PDF_MESSAGE, type PdfTextItem } from './extract-pdf';
import { decodeText } from './extract-txt';
import { htmlToBlocks } from './html-to-blocks';

const FIXTURES = path.join(__dirname, '..', '__fixtures__', 'formats');
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));

const paragraphs = (doc: NoticeDocument | DocBlock[]) =>
  ('blocks' in doc ? doc.blocks : doc).filter((b): b is ParagraphBlock => b.kind === 'paragraph').map((b) => b.text);
const tables = (doc: NoticeDocument | DocBlock[]) => ('blocks' in doc ? doc.blocks : doc).filter((b): b is TableBlock => b.kind === 'table');

/** Each paragraph one line, each table row one line, in order. */
function expectConsecutiveLines(blocks: DocBlock[]): void {
  let line = 1;
  for (const b of blocks) {
    expect(b.line).toBe(line);
    line += b.kind === 'paragraph' ? 1 : b.rows.length;
  }
}

async function refusal(bytes: Uint8Array, name: string, options?: { sheet?: string }): Promise<string> {
  try {
    await extractDocument(bytes, name, options);
  } catch (err) {
    expect(err).toBeInstanceOf(DocumentExtractError);
    return (err as Error).message;
  }
  throw new Error(`${name} was not refused`);
}

const isValidUtf8 = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

// ---------------------------------------------------------------------------

describe('exports', () => {
  it('accepts the five kinds and limits each', () => {
    expect(ACCEPTED_EXTENSIONS).toBe('.txt,.docx,.xlsx,.pdf,.html,.htm');
    expect(DOCUMENT_SIZE_LIMITS).toEqual({ txt: 5 << 20, html: 5 << 20, docx: 20 << 20, xlsx: 20 << 20, pdf: 20 << 20 });
  });
});

describe('.docx (table-notice.docx: 鞍立政发〔2023〕2号)', () => {
  it('reads the notice paragraphs with bold runs marked', async () => {
    const doc = await extractDocument(fixture('table-notice.docx'), 'table-notice.docx');
    expect(doc.source).toEqual({ format: 'docx', fileName: 'table-notice.docx' });
    const texts = paragraphs(doc);
    expect(texts[0]).toBe('**立山区人民政府关于印发《立山区政府2023年重点工作任务分解和责任分工方案》的通知**');
    expect(texts[1]).toBe('鞍立政发〔2023〕2号');
    expect(texts[2]).toBe('立山经济开发区，各街道办事处，各区直部门，各有关单位：');
    expect(texts).toContain('**一、经济社会发展的主要预期目标**');
    expect(texts.at(-1)).toBe('来源：http://www.lishan.gov.cn/html/ASLSQ/202303/0168765895614794.html');
    expectConsecutiveLines(doc.blocks);
  });

  it('reads the Word table, the vertically merged cell as ""', async () => {
    const doc = await extractDocument(fixture('table-notice.docx'), 'table-notice.docx');
    const [table] = tables(doc);
    expect(table!.rows).toHaveLength(7);
    expect(table!.rows[0]).toEqual(['类别', '序号', '重点任务', '牵头单位', '责任单位']); // header: no bold markers in cells
    expect(table!.rows[1]).toEqual(['经济社会发展的主要预期目标', '1', '努力实现地区生产总值增长6.2%左右。', '区发改局', '立山经济开发区，全区经济运行各专班']);
    expect(table!.rows[5]).toEqual(['', '5', '一般公共预算收入增长8%左右。', '区财政局', '立山经济开发区，各街道，税务局']);
    expect(table!.rows.slice(2).map((r) => r[0])).toEqual(['', '', '', '', '']);
    // The paragraph after the table takes the line after the table's last row.
    const last = doc.blocks.at(-1)!;
    expect(last.line).toBe(table!.line + 7);
  });

  it('writes Word automatic numbering into the text (mammoth alone drops it)', async () => {
    const { Document, LevelFormat, Packer, Paragraph, TextRun } = await import('docx');
    const numbered = (text: string, level: number, bold = false) =>
      new Paragraph({ numbering: { reference: 'notice', level }, children: [new TextRun({ text, bold })] });
    const doc = new Document({
      numbering: {
        config: [
          {
            reference: 'notice',
            levels: [
              { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、' },
              { level: 1, format: LevelFormat.DECIMAL, text: '%2.' },
              { level: 2, format: LevelFormat.DECIMAL, text: '（%3）' },
            ],
          },
        ],
      },
      sections: [
        {
          children: [
            new Paragraph('河东区2024年重点工作任务'),
            numbered('加快产业转型升级', 0, true),
            numbered('培优育强重点产业。（牵头单位：区发改局）', 1),
            numbered('提升产业链能级。（牵头单位：区工信局）', 1),
            numbered('细项', 2),
            numbered('持续改善民生', 0, true),
            numbered('办好民生实事。（牵头单位：区民政局）', 1),
            ...Array.from({ length: 9 }, (_, i) => numbered(`第${i + 2}项`, 1)),
          ],
        },
      ],
    });
    const result = await extractDocument(new Uint8Array(await Packer.toBuffer(doc)), 'numbered.docx');
    expect(paragraphs(result)).toEqual([
      '河东区2024年重点工作任务',
      '一、 **加快产业转型升级**',
      '1. 培优育强重点产业。（牵头单位：区发改局）',
      '2. 提升产业链能级。（牵头单位：区工信局）',
      '（1） 细项',
      '二、 **持续改善民生**',
      '1. 办好民生实事。（牵头单位：区民政局）',
      ...Array.from({ length: 9 }, (_, i) => `${i + 2}. 第${i + 2}项`),
    ]);
  });

  it('formats list numbers as Word does', () => {
    expect([1, 9, 10, 11, 20, 23, 100, 101, 110].map((n) => formatNumber(n, 'chineseCounting'))).toEqual([
      '一', '九', '十', '十一', '二十', '二十三', '一百', '一百零一', '一百一十',
    ]);
    expect(formatNumber(3, 'ideographTraditional')).toBe('丙');
    expect(formatNumber(2, 'decimalEnclosedCircleChinese')).toBe('②');
    expect(formatNumber(12, 'decimalFullWidth')).toBe('１２');
    expect(formatNumber(4, 'upperRoman')).toBe('IV');
    expect(formatNumber(28, 'lowerLetter')).toBe('bb');
  });

  it('reads a docx by its content whatever its extension', async () => {
    const doc = await extractDocument(fixture('table-notice.docx'), '通知.xlsx');
    expect(doc.source.format).toBe('docx');
  });
});

describe('.xlsx (breakdown.xlsx: 谯城区2025年政府工作报告重点工作任务分解表)', () => {
  it('reads the first sheet as a title paragraph and one table', async () => {
    const doc = await extractDocument(fixture('breakdown.xlsx'), 'breakdown.xlsx');
    expect(doc.source).toEqual({ format: 'xlsx', fileName: 'breakdown.xlsx', sheet: '任务分解表', sheets: ['任务分解表', '说明'] });
    expect(doc.blocks[0]).toEqual({ kind: 'paragraph', text: '谯城区2025年政府工作报告重点工作任务分解表', line: 1 });
    const [table] = tables(doc);
    expect(table!.line).toBe(2);
    const rows = table!.rows;
    expect(rows).toHaveLength(9); // header + 8 tasks; the blank row under the title is dropped
    expect(rows[0]).toEqual(['类别', '序号', '重点工作任务', '主要责任单位', '协同配合单位']);
    // Rich text as plain text; the merged 类别 cell keeps its value in the first row only.
    expect(rows[1]).toEqual(['一、2025年经济社会发展的主要预期目标', '1', '地区生产总值增长6.5%左右。', '区发改委', '区政府各部门，各乡镇人民政府、街道办事处，谯城经开区管委会，魏武国控集团。']);
    expect(rows.slice(2, 7).map((r) => r[0])).toEqual(['', '', '', '', '']);
    expect(rows[2]![3]).toBe('区财政局\n区税务局'); // a line break in a cell
    expect(rows[7]!.slice(0, 4)).toEqual(['六、全力以赴惠民生、增福祉，加快社会事业发展', '68', '持续推进学前教育普及普惠、义务教育优质均衡发展，加快建设黎明小学、亳州四中等扩建教学楼项目。', '区教育局']);
    expect(rows[8]).toEqual(['', '69', '深化与海亮集团合作，积极引进优质教育资源。', '', '区投资促进中心。']); // 区教育局 merged down
  });

  it('reads the sheet asked for: dates as YYYY-MM-DD, formula results as text', async () => {
    const doc = await extractDocument(fixture('breakdown.xlsx'), 'breakdown.xlsx', { sheet: '说明' });
    expect(doc.source.sheet).toBe('说明');
    const [table] = tables(doc);
    expect(table!.rows).toContainEqual(['发布日期', '2025-03-28']);
    expect(table!.rows).toContainEqual(['任务数', '8']);
    expect(table!.rows).toContainEqual(['发布机构', '谯城区政府（办公室）']);
  });

  it('refuses an unknown sheet name, listing the sheets', async () => {
    const message = await refusal(fixture('breakdown.xlsx'), 'breakdown.xlsx', { sheet: 'Sheet1' });
    expect(message).toBe('工作簿“breakdown.xlsx”中没有名为“Sheet1”的工作表（现有：任务分解表、说明）。');
  });

  it('skips empty sheets by default; a one-column sheet is paragraphs', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('空白');
    const ws = wb.addWorksheet('通知');
    ws.getCell('B2').value = '关于印发重点工作任务的通知';
    ws.getCell('B3').value = '1.推进项目建设。（牵头单位：区发改局）';
    const doc = await extractDocument(new Uint8Array(await wb.xlsx.writeBuffer()), 'x.xlsx');
    expect(doc.source.sheet).toBe('通知');
    expect(doc.source.sheets).toEqual(['空白', '通知']);
    expect(doc.blocks).toEqual([
      { kind: 'paragraph', text: '关于印发重点工作任务的通知', line: 1 },
      { kind: 'paragraph', text: '1.推进项目建设。（牵头单位：区发改局）', line: 2 },
    ]);
  });

  it('refuses a workbook with no content, and an empty sheet asked for', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1');
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(await refusal(bytes, 'empty.xlsx')).toBe('Excel 文件“empty.xlsx”中没有内容。');
    expect(await refusal(bytes, 'empty.xlsx', { sheet: 'Sheet1' })).toBe('工作表“Sheet1”是空的：请选择其他工作表。');
  });
});

describe('.html (notice-gbk.html: a GB2312 page of 谯城区人民政府)', () => {
  it('is GBK, not UTF-8, and declares gb2312', () => {
    const bytes = fixture('notice-gbk.html');
    expect(isValidUtf8(bytes)).toBe(false);
    expect(declaredCharset(bytes)).toBe('gb2312');
  });

  it('reads the article (title and table) and nothing of the site chrome', async () => {
    const doc = await extractDocument(fixture('notice-gbk.html'), 'notice-gbk.html');
    expect(doc.source).toEqual({ format: 'html', fileName: 'notice-gbk.html' });
    expect(paragraphs(doc)).toEqual(['**谯城区2025年政府工作报告重点工作任务分解表**']);
    const [table] = tables(doc);
    expect(table!.line).toBe(2);
    expect(table!.rows[0]).toEqual(['序号', '重点工作任务', '主要责任单位', '协同配合单位']);
    expect(table!.rows[1]).toEqual(['一、2025年经济社会发展的主要预期目标', '', '', '']); // colspan="4"
    expect(table!.rows[3]).toEqual(['2', '一般公共预算收入增长5%左右。', '区财政局\n区税务局', '区政府有关部门，各乡镇人民政府、街道办事处，谯城经开区管委会，魏武国控集团。']);
    expect(table!.rows).toHaveLength(8);
    const all = JSON.stringify(doc.blocks);
    for (const chrome of ['首页', '无障碍', '当前位置', '索引号', '皖ICP备', '统计代码', '分享到', '打印本页', '_hmt', '来源']) {
      expect(all).not.toContain(chrome);
    }
  });
});

describe('.txt (notice-gb18030.txt: 蔡政办〔2023〕1号)', () => {
  it('decodes GB18030 and keeps the file’s own lines', async () => {
    const bytes = fixture('notice-gb18030.txt');
    expect(isValidUtf8(bytes)).toBe(false);
    const doc = await extractDocument(bytes, 'notice-gb18030.txt');
    expect(doc.source).toEqual({ format: 'txt', fileName: 'notice-gb18030.txt' });
    expect(doc.blocks[0]).toEqual({ kind: 'paragraph', text: '区人民政府办公室关于印发2023年区《政府工作报告》确定的主要目标任务责任分解方案的通知', line: 1 });
    expect(doc.blocks[1]).toEqual({ kind: 'paragraph', text: '蔡政办〔2023〕1号', line: 2 });
    expect(paragraphs(doc)).toContain('（一）地区生产总值增长7%以上');
    expect(paragraphs(doc)).toContain('责任单位：区发展和改革局');
    expect(paragraphs(doc).join('')).not.toContain('\ufffd');
  });

  it('decodes UTF-8 with and without BOM and UTF-16 with BOM', () => {
    const text = '关于印发重点工作任务的通知\n1.推进项目建设。';
    const utf8 = new TextEncoder().encode(text);
    expect(decodeText(utf8)).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ text, encoding: 'utf-8' });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeText(new Uint8Array(le))).toEqual({ text, encoding: 'utf-16le' });
    const be = Buffer.from(text, 'utf16le').swap16();
    expect(decodeText(new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), be])))).toEqual({ text, encoding: 'utf-16be' });
  });

  it('reads a UTF-16 text file through extractDocument', async () => {
    const bytes = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('第一行\r\n第二行', 'utf16le')]));
    const doc = await extractDocument(bytes, 'a.txt');
    expect(paragraphs(doc)).toEqual(['第一行', '第二行']);
  });
});

describe('.pdf (notice.pdf: 谯城区 tasks, inline layout, printed by Chromium)', () => {
  it('rebuilds the lines of the text layer, without page numbers', async () => {
    const doc = await extractDocument(fixture('notice.pdf'), 'notice.pdf');
    expect(doc.source).toEqual({ format: 'pdf', fileName: 'notice.pdf' });
    const lines = paragraphs(doc);
    expect(lines[0]).toBe('谯城区2025年政府工作报告重点工作任务分解表');
    expect(lines).toContain('一、2025年经济社会发展的主要预期目标');
    expect(lines).toContain('六、全力以赴惠民生、增福祉，加快社会事业发展');
    expect(lines.find((l) => l.startsWith('1.'))).toMatch(/^1\.地区生产总值增长6\.5%左右。（牵头单位：区发改委；配合单?$/u);
    expect(lines.find((l) => l.startsWith('69.'))).toMatch(/^69\.深化与海亮集团合作，积极引进优质教育资源。（牵头单位：$/u);
    expect(lines.join('')).toContain('（牵头单位：区教育局；配合单位：区投资促进中心）');
    expect(lines.some(isPageNumber)).toBe(false);
    expect(lines.every((l) => l.trim() === l && l !== '')).toBe(true);
    expectConsecutiveLines(doc.blocks);
  });

  it('refuses a scan (no text layer)', async () => {
    expect(await refusal(fixture('scanned.pdf'), 'scanned.pdf')).toBe(SCANNED_PDF_MESSAGE);
    expect(SCANNED_PDF_MESSAGE).toBe('该 PDF 没有可识别的文字（可能是扫描件）：请上传 Word、Excel 或文本版本，或先做文字识别后再上传。');
  });

  it('refuses an encrypted PDF and a damaged one', async () => {
    expect(await refusal(fixture('encrypted.pdf'), 'encrypted.pdf')).toBe('PDF“encrypted.pdf”设有打开密码（已加密），无法读取：请上传未加密的版本。');
    const truncated = fixture('notice.pdf').subarray(0, 600);
    expect(await refusal(truncated, 'cut.pdf')).toBe('PDF“cut.pdf”已损坏或格式无效，无法读取：请重新导出 PDF 后再上传。');
  });

  it('reads a PDF by its content whatever its extension', async () => {
    const doc = await extractDocument(fixture('notice.pdf'), '通知.docx');
    expect(doc.source.format).toBe('pdf');
  });
});

describe('PDF line building', () => {
  const item = (str: string, x: number, y: number, fontSize = 12): PdfTextItem => ({ str, x, y, width: str.length * fontSize, fontSize });

  it('joins runs on one baseline in x order and starts a line when y changes', () => {
    const lines = pdfLines([[item('二行', 30, 680), item('第一行', 30, 700), item('的后半', 66, 700.3), item('第', 18, 680)]]);
    expect(lines).toEqual(['第一行的后半', '第二行']);
  });

  it('widens a column gap into two spaces, so a flattened table row can be split', () => {
    const row = [item('1', 40, 500), item('地区生产总值增长6.5%左右。', 80, 500), item('区发改委', 420, 500), item('区政府各部门', 500, 500)];
    const [line] = pdfLines([row]);
    expect(line).toBe('1  地区生产总值增长6.5%左右。  区发改委  区政府各部门');
    expect(line!.split(/ {2,}/)).toEqual(['1', '地区生产总值增长6.5%左右。', '区发改委', '区政府各部门']);
  });

  it('keeps one space between Latin words and none inside Chinese prose', () => {
    const words = [item('Page', 10, 100, 10), item('layout', 10 + 4 * 10 + 2.5, 100, 10)];
    expect(pdfLines([words])).toEqual(['Page layout']);
  });

  it('tells a text layer without Unicode mapping (private-use characters) from real text', () => {
    expect(isGarbled(['\ue001\ue002', '一、总体要求：加快发展'])).toBe(false);
    expect(isGarbled(['\ue001\ue002\ue003\ue004\ue005\ue006\ue007', '一、总体'])).toBe(true);
  });

  it('drops page numbers and a running header repeated on most pages', () => {
    const page = (n: number) => [item('河东区人民政府办公室文件', 100, 800), item(`正文第${n}页的内容`, 40, 600), item(`- ${n} -`, 280, 40)];
    expect(pdfLines([page(1), page(2), page(3)])).toEqual(['正文第1页的内容', '正文第2页的内容', '正文第3页的内容']);
    for (const n of ['- 1 -', '—2—', '－3－', '第4页', '第 1 页 共 5 页', '2/5']) expect(isPageNumber(n)).toBe(true);
    for (const n of ['1', '1.推进项目建设', '一、总体要求']) expect(isPageNumber(n)).toBe(false);
  });
});

// ---------------------------------------------------------------------------

describe('HTML to blocks', () => {
  it('marks bold runs, splits paragraphs at <br> and block elements, reads <li> as paragraphs', () => {
    const blocks = htmlToBlocks(
      '<p><strong>一、总体要求</strong></p><p>1.<b>推进项目建设。</b>加快进度。<br/>牵头单位：区发改局</p><ul><li>第一项</li><li>第二<strong> 项 </strong></li></ul><div>甲<span style="font-weight:bold">乙</span></div>',
    );
    expect(paragraphs(blocks)).toEqual(['**一、总体要求**', '1.**推进项目建设。**加快进度。', '牵头单位：区发改局', '第一项', '第二 **项**', '甲**乙**']);
    expectConsecutiveLines(blocks);
  });

  it('decodes entities, keeps &nbsp; runs, drops line breaks between Chinese characters', () => {
    const blocks = htmlToBlocks('<p>A &amp; B&nbsp;&nbsp;&nbsp;C</p><p>重点\n  任务   分解</p><p>&#x4E00;、</p><p>  </p>');
    expect(paragraphs(blocks)).toEqual(['A & B   C', '重点任务 分解', '一、']);
  });

  it('places colspan and rowspan cells, covered positions as ""', () => {
    const [table] = tables(
      htmlToBlocks(`<table>
        <thead><tr><th>类别</th><th>序号</th><th>任务</th><th>牵头单位</th></tr></thead>
        <tbody>
          <tr><td rowspan="3">一、产业</td><td>1</td><td>任务甲</td><td rowspan="2">区工信局</td></tr>
          <tr><td>2</td><td>任务乙</td></tr>
          <tr><td colspan="2">任务丙（跨两列）</td><td>区商务局</td></tr>
          <tr><td colspan="4">注：列第一位的为牵头单位</td></tr>
          <tr><td></td><td></td><td></td><td></td></tr>
        </tbody></table>`),
    );
    expect(table!.rows).toEqual([
      ['类别', '序号', '任务', '牵头单位'],
      ['一、产业', '1', '任务甲', '区工信局'],
      ['', '2', '任务乙', ''],
      ['', '任务丙（跨两列）', '', '区商务局'],
      ['注：列第一位的为牵头单位', '', '', ''],
    ]);
  });

  it('pads short rows, joins a cell’s paragraphs with a newline and reads layout tables as blocks', () => {
    const blocks = htmlToBlocks(
      '<table><tr><td><p>标题</p><table><tr><td>甲</td><td>乙</td></tr></table></td></tr></table><table><tr><td>a</td><td><p>区财政局</p><p>区税务局</p></td></tr><tr><td>b</td></tr></table>',
    );
    expect(blocks).toEqual([
      { kind: 'paragraph', text: '标题', line: 1 },
      { kind: 'table', rows: [['甲', '乙']], line: 2 },
      { kind: 'table', rows: [['a', '区财政局\n区税务局'], ['b', '']], line: 3 },
    ]);
  });

  it('closes unclosed <p>/<td> as old pages write them', () => {
    const blocks = htmlToBlocks('<p>第一段<p>第二段<table><tr><td>1<td>任务<tr><td>2<td>任务二</table>');
    expect(paragraphs(blocks)).toEqual(['第一段', '第二段']);
    expect(tables(blocks)[0]!.rows).toEqual([['1', '任务'], ['2', '任务二']]);
  });
});

describe('HTML pages', () => {
  const gbk = (s: string) => {
    // Node has a GBK decoder but no encoder: invert the decoder over every two-byte code.
    const table = new Map<string, number[]>();
    const dec = new TextDecoder('gb18030');
    for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) if (b !== 0x7f) table.set(dec.decode(Uint8Array.of(a, b)), [a, b]);
    return Uint8Array.from([...s].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)!)));
  };

  it('reads the charset from <meta http-equiv>, and decodes an undeclared GBK page', () => {
    const page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK"></head><body><p>关于印发的通知</p></body></html>';
    expect(declaredCharset(gbk(page))).toBe('gbk');
    expect(decodeHtml(gbk(page))).toContain('关于印发的通知');
    expect(decodeHtml(gbk('<p>关于印发的通知</p>'))).toBe('<p>关于印发的通知</p>');
  });

  it('trusts valid UTF-8 over a stale GB2312 declaration (a page re-saved by a browser)', () => {
    const page = '<meta charset="gb2312"><p>关于印发的通知</p>';
    expect(decodeHtml(new TextEncoder().encode(page))).toBe(page);
  });

  it('falls back to the body without a content container, removing nav/header/footer', async () => {
    const page = `<html><head><title>关于印发2024年重点工作任务的通知_河东区人民政府</title></head><body>
      <header>河东区人民政府</header><nav><a>首页</a><a>政务公开</a></nav>
      <div class="breadcrumb">当前位置：首页 &gt; 通知公告</div>
      <div class="main"><h1>关于印发2024年重点工作任务的通知</h1><p>各镇人民政府、街道办事处：</p><p>1.推进项目建设。（牵头单位：区发改局）</p></div>
      <div class="footer">版权所有</div></body></html>`;
    const doc = await extractDocument(new TextEncoder().encode(page), 'page.htm');
    expect(paragraphs(doc)).toEqual(['关于印发2024年重点工作任务的通知', '各镇人民政府、街道办事处：', '1.推进项目建设。（牵头单位：区发改局）']);
  });

  it('puts the page title before the article container when the container lacks it', async () => {
    const body = '1.推进项目建设，加快重点项目开工。（牵头单位：区发改局；配合单位：区财政局）'.repeat(3);
    const page = `<html><head><title>关于印发2024年重点工作任务的通知 - 河东区人民政府</title></head><body>
      <div class="top">网站导航</div><div class="zoom"><p>${body}</p></div><div class="share">分享</div></body></html>`;
    const doc = await extractDocument(new TextEncoder().encode(page), 'page.html');
    expect(paragraphs(doc)).toEqual(['关于印发2024年重点工作任务的通知', body]);
  });

  it('removes chrome inside a generic `content` wrapper, but never inside a CMS body', async () => {
    const task = '1.推进项目建设，加快重点项目开工。（牵头单位：区发改局；配合单位：区财政局）';
    const page = `<html><body><div id="content"><div class="nav">首页 | 政务公开</div><div class="position">当前位置：首页</div>
      <article><header><h1>关于印发重点工作任务的通知</h1></header><p>${task}</p><p>${task}</p></article>
      <div class="share">分享到</div></div></body></html>`;
    const doc = await extractDocument(new TextEncoder().encode(page), 'page.html');
    expect(paragraphs(doc)).toEqual(['关于印发重点工作任务的通知', task, task]);

    const cms = `<html><body><div class="nav">首页</div><div class="TRS_Editor"><div class="share">一、分享发展成果</div><p>${task}</p><p>${task}</p></div></body></html>`;
    expect(paragraphs(await extractDocument(new TextEncoder().encode(cms), 'cms.html'))).toEqual(['一、分享发展成果', task, task]);
  });

  it('reads HTML saved under a .doc or .xls name as a page', async () => {
    const page = '<html><body><table><tr><td>序号</td><td>任务</td></tr><tr><td>1</td><td>推进项目建设</td></tr></table></body></html>';
    const doc = await extractDocument(new TextEncoder().encode(page), '任务分解表.xls');
    expect(doc.source.format).toBe('html');
    expect(tables(doc)[0]!.rows).toEqual([['序号', '任务'], ['1', '推进项目建设']]);
  });
});

// ---------------------------------------------------------------------------

describe('refusals', () => {
  it('refuses an empty file', async () => {
    expect(await refusal(new Uint8Array(0), 'C:\\Users\\督查室\\通知.docx')).toBe('“通知.docx”是空文件：请检查后重新上传。');
  });

  it('refuses a file over its format’s limit, naming the limit in MB', async () => {
    const text = new Uint8Array(5 * 1024 * 1024 + 1).fill(0x61);
    expect(await refusal(text, '通知.txt')).toBe('“通知.txt”有 5 MB，超过文本文件的大小上限 5 MB：请删去无关内容（如图片）或拆分后再上传。');
    expect(await refusal(new Uint8Array(6 * 1024 * 1024).fill(0x61), 'page.html')).toMatch(/超过网页文件的大小上限 5 MB/u);
    const big = new Uint8Array(21 * 1024 * 1024);
    big.set(new TextEncoder().encode('%PDF-1.7\n'));
    expect(await refusal(big, '通知.pdf')).toBe('“通知.pdf”有 21 MB，超过PDF 文件的大小上限 20 MB：请删去无关内容（如图片）或拆分后再上传。');
  });

  it('refuses an unknown kind, listing the accepted ones', async () => {
    expect(await refusal(new TextEncoder().encode('# 通知'), 'notes.md')).toBe(
      '无法识别“notes.md”的文件类型：请上传 Word（.docx）、Excel（.xlsx）、PDF（.pdf）、网页（.html/.htm）或文本（.txt）文件。',
    );
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    expect(await refusal(png, '扫描.png')).toMatch(/^“扫描\.png”的内容是 PNG 文件，不能作为通知导入：请上传 Word（\.docx）/u);
  });

  it('refuses an executable or other binary renamed .txt', async () => {
    const exe = new Uint8Array(512);
    exe.set([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]);
    expect(await refusal(exe, '通知.txt')).toBe('“通知.txt”的内容是 EXE 文件，不能作为通知导入：请上传 Word（.docx）、Excel（.xlsx）、PDF（.pdf）、网页（.html/.htm）或文本（.txt）文件。');
    const binary = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
    expect(await refusal(binary, '通知.txt')).toBe('“通知.txt”不是文本文件（内容是二进制数据）：请上传 Word、Excel、PDF、网页或纯文本格式的通知。');
  });

  it('refuses random bytes named .docx and an old .doc / .xls', async () => {
    expect(await refusal(fixture('broken.docx'), 'broken.docx')).toBe('“broken.docx”不是有效的 Word 文档（文件内容与扩展名不符，可能已损坏）：请重新导出后再上传。');
    expect(await refusal(fixture('old.doc'), 'old.doc')).toBe('“old.doc”是旧版 Word 格式（.doc），无法直接读取：请用 Word 或 WPS 打开后另存为 .docx 再上传。');
    expect(await refusal(fixture('old.doc'), '分解表.xls')).toBe('“分解表.xls”是旧版 Excel 格式（.xls），无法直接读取：请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。');
  });

  it('refuses a password-protected Office file (an OLE container with EncryptedPackage)', async () => {
    const bytes = new Uint8Array(4096);
    bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    bytes.set(Buffer.from('EncryptedPackage', 'utf16le'), 1024);
    expect(await refusal(bytes, '通知.docx')).toBe('“通知.docx”设有打开密码（已加密），无法读取：请取消密码后另存为 .docx 或 .xlsx 再上传。');
  });

  it('refuses a .docx or .xlsx that fails to open', async () => {
    const word = new JSZip();
    word.file('[Content_Types].xml', '<?xml version="1.0"?><Types/>');
    word.file('word/document.xml', 'this is not xml <w:body');
    const docx = await word.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    expect(await refusal(docx, '通知.docx')).toBe('Word 文档“通知.docx”无法打开（文件可能已损坏或不是标准的 .docx）：请用 Word 或 WPS 打开后另存为 .docx 再上传。');

    const excel = new JSZip();
    excel.file('xl/workbook.xml', 'not a workbook');
    const xlsx = await excel.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    expect(await refusal(xlsx, '分解表.xlsx')).toBe('Excel 文件“分解表.xlsx”无法打开（文件可能已损坏或不是标准的 .xlsx）：请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。');

    const other = new JSZip();
    other.file('readme.txt', '说明');
    const zip = await other.generateAsync({ type: 'uint8array' });
    expect(await refusal(zip, '通知.docx')).toBe('“通知.docx”不是有效的 Word 文档（压缩包中没有文档正文）：请用 Word 打开后另存为 .docx 再上传。');
    expect(await refusal(zip, '材料.zip')).toMatch(/^“材料\.zip”是压缩包，不能直接导入/u);
    expect(await refusal(docx.subarray(0, docx.length - 30), '通知.docx')).toBe('“通知.docx”已损坏（压缩包结构无效），无法打开：请重新保存后再上传。');
  });

  it('refuses a zip bomb by the sizes its entries declare', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('word/document.xml', new Uint8Array(300 * 1024 * 1024)); // 300 MB of zeros
    const bomb = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 1 } });
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
    expect(await refusal(bomb, '通知.docx')).toBe('“通知.docx”文件解压后体积异常（约 300 MB），疑似压缩炸弹，已拒绝读取。');
  });

  it('refuses a zip whose entry inflates past the size it declares', async () => {
    const zip = new JSZip();
    zip.file('word/document.xml', new Uint8Array(4 * 1024 * 1024));
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    // Forge the central directory: declare 1000 bytes instead of 4 MB (within every declared limit).
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // The central directory follows the data: the name's last occurrence is its central entry.
    const at = Buffer.from(bytes).lastIndexOf(Buffer.from('word/document.xml')) - 46;
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    view.setUint32(at + 24, 1000, true);
    expect(await refusal(bytes, '通知.docx')).toBe('“通知.docx”文件解压后体积异常（远超其声明的大小），疑似压缩炸弹，已拒绝读取。');
  });

  it('refuses RTF and PowerPoint with what to do instead', async () => {
    expect(await refusal(new TextEncoder().encode('{\\rtf1\\ansi 通知}'), '通知.doc')).toBe('“通知.doc”是 RTF 格式：请用 Word 或 WPS 打开后另存为 .docx 再上传。');
    const ppt = new JSZip();
    ppt.file('ppt/presentation.xml', '<p:presentation/>');
    expect(await refusal(await ppt.generateAsync({ type: 'uint8array' }), '汇报.pptx')).toMatch(/^“汇报\.pptx”是 PowerPoint 演示文稿/u);
  });

  it('says what is wrong in Simplified Chinese, never in English', async () => {
    const messages = await Promise.all([
      refusal(new Uint8Array(0), 'a.txt'),
      refusal(fixture('broken.docx'), 'broken.docx'),
      refusal(fixture('scanned.pdf'), 'scanned.pdf'),
      refusal(fixture('old.doc'), 'old.doc'),
    ]);
    for (const m of messages) expect(m).toMatch(/[\u4e00-\u9fff]/u);
  });
});
