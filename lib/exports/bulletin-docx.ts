import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  LineRuleType,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  Tab,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IFontAttributesProperties,
} from 'docx';
import type { Bulletin } from './bulletin';
import { bulletinContent, type BulletinBlock, type BulletinTable } from './bulletin-content';

/**
 * 月度调度通报 as .docx, in the layout of an official document (GB/T 9704): A4 with margins of
 * 37/26/35/28 mm, title in 方正小标宋简体 二号, body in 仿宋_GB2312 三号 at a fixed 28 pt line,
 * first-level headings in 黑体. Word and WPS substitute a font that is not installed (仿宋_GB2312
 * → 仿宋 …); ASCII falls back to Times New Roman. Same sections and tables as the print page.
 */

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const A4 = { width: 11906, height: 16838 }; // twips
const MARGIN = { top: convertMillimetersToTwip(37), right: convertMillimetersToTwip(26), bottom: convertMillimetersToTwip(35), left: convertMillimetersToTwip(28) };
const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;

const font = (eastAsia: string): IFontAttributesProperties => ({ ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia });
const TITLE_FONT = font('方正小标宋简体');
const BODY_FONT = font('仿宋_GB2312');
const HEADING_FONT = font('黑体');
const RED = 'D40000';
const SIZE = { title: 44, body: 32, table: 24 }; // half-points: 二号 22pt, 三号 16pt, 小四 12pt
const BODY_LINE = { line: 560, lineRule: LineRuleType.EXACT }; // 28 pt

function body(text: string, options: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}): Paragraph {
  return new Paragraph({
    alignment: options.align ?? AlignmentType.JUSTIFIED,
    indent: options.indent === false ? undefined : { firstLine: 640 },
    spacing: BODY_LINE,
    children: [new TextRun({ text, font: BODY_FONT, size: SIZE.body })],
  });
}

function cell(text: string, widthTwips: number, header: boolean, align: 'left' | 'center' = 'left'): TableCell {
  const lines = text.split('\n');
  return new TableCell({
    width: { size: widthTwips, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: lines.map(
      (line) =>
        new Paragraph({
          alignment: header || align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT,
          spacing: { line: 300, lineRule: LineRuleType.AUTO },
          children: [new TextRun({ text: line, font: header ? HEADING_FONT : BODY_FONT, size: SIZE.table })],
        }),
    ),
  });
}

function table(t: BulletinTable): (Paragraph | Table)[] {
  if (t.rows.length === 0) return t.empty ? [body(`${t.caption}：${t.empty}。`)] : [];
  const total = t.widths.reduce((a, b) => a + b, 0);
  const widths = t.widths.map((w) => Math.floor((w / total) * CONTENT_WIDTH));
  const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  return [
    new Table({
      width: { size: CONTENT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      alignment: AlignmentType.CENTER,
      borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
      rows: [
        new TableRow({ tableHeader: true, cantSplit: true, children: t.headers.map((h, i) => cell(h, widths[i]!, true)) }),
        ...t.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, widths[i]!, false, t.align[i])) })),
      ],
    }),
    // Word needs a paragraph between a table and what follows.
    new Paragraph({ spacing: { line: 240 }, children: [] }),
  ];
}

function block(b: BulletinBlock): (Paragraph | Table)[] {
  return b.type === 'para' ? [body(b.text)] : table(b.table);
}

export async function writeBulletinDocx(model: Bulletin): Promise<Buffer> {
  const c = bulletinContent(model);
  const children: (Paragraph | Table)[] = [
    ...c.titleLines.map(
      (line) =>
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { line: 700, lineRule: LineRuleType.EXACT },
          children: [new TextRun({ text: line, font: TITLE_FONT, size: SIZE.title, color: RED })],
        }),
    ),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240, ...BODY_LINE }, children: [new TextRun({ text: c.issueLine, font: BODY_FONT, size: SIZE.body })] }),
    new Paragraph({
      spacing: { after: 240, ...BODY_LINE },
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 4 } },
      tabStops: [{ type: 'right', position: CONTENT_WIDTH }],
      children: [new TextRun({ text: c.issuer, font: BODY_FONT, size: SIZE.body }), new TextRun({ children: [new Tab(), c.dateLine], font: BODY_FONT, size: SIZE.body })],
    }),
  ];
  for (const s of c.sections) {
    children.push(
      new Paragraph({
        indent: { firstLine: 640 },
        spacing: BODY_LINE,
        keepNext: true,
        children: [new TextRun({ text: `${s.numeral}、${s.title}`, font: HEADING_FONT, size: SIZE.body })],
      }),
    );
    for (const b of s.blocks) children.push(...block(b));
  }
  children.push(new Paragraph({ spacing: BODY_LINE, children: [] }));
  for (const line of c.closing) children.push(body(line, { indent: false, align: AlignmentType.RIGHT }));

  const doc = new Document({
    creator: c.issuer,
    title: `${c.titleLines.join('')}${c.issueLine}`,
    description: `${model.listsText} ${model.period.label}`,
    styles: { default: { document: { run: { font: BODY_FONT, size: SIZE.body } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4.width, height: A4.height, orientation: PageOrientation.PORTRAIT },
            margin: { ...MARGIN, header: convertMillimetersToTwip(15), footer: convertMillimetersToTwip(28) },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
