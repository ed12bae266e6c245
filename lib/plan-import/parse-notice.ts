/**
 * Parser for task-breakdown notices (重点任务分解通知), e.g. 临东政办字〔2023〕19号.
 *
 * Pure function: a document (or text) in, a ParsedPlan out. No database access.
 *
 * It reads the layouts real notices use (see docs/IMPORTER.md):
 *  - prose: numbered tasks (1. 1、 （1） （一） 一是 …) under one or two heading levels (一、 （一）
 *    第一部分), units in a bracket at the end of the task (牵头单位：…；配合单位：… / A牵头，B配合) or
 *    on their own lines (牵头单位：… 责任单位：… 责任领导：… 完成时限：…);
 *  - tables: Word/Excel tables and tables flattened into text (one row per line, or one cell per
 *    line), found by their header row (序号 工作任务 牵头单位 配合单位 责任领导 完成时限 …).
 * The work is split by what it reads: notice/header.ts (文号, title, year), notice/prose-layout.ts,
 * notice/table-layout.ts, notice/units-clause.ts (who leads, who takes part), notice/deadline.ts.
 *
 * It never throws for a missing year, code or title (they are null: the importer asks for them);
 * it throws NoticeParseError only when no task at all is found.
 */
import { documentFromText, type NoticeDocument } from './document/document';
import { NoticeParseError, type ParsedPlan } from './parsed-plan';
import { PlanBuilder } from './notice/builder';
import { parseHeader } from './notice/header';
import { readProse, type Item } from './notice/prose-layout';
import { findFlatTable, findTableHeader, type TextLine } from './notice/table-layout';
import { cleanLine, cleanRaw } from './notice/text';

export {
  NoticeParseError,
  type ParsedPlan,
  type ParsedSection,
  type ParsedTask,
  type ParseWarning,
  type PlanKind,
} from './parsed-plan';
export { chineseNumeralToNumber } from './notice/text';
export { TITLE_MAX_LENGTH } from './notice/builder';
export {
  DEADLINE_LABELS,
  LEADER_LABELS,
  LEAD_LABELS,
  PARTICIPATING_LABELS,
  RESPONSIBLE_LABELS,
} from './notice/labels';
export { parseDeadline } from './notice/deadline';
export { isCollectivePhrase } from './notice/groups';
export { guessKind } from './notice/header';

export type ParseNoticeOptions = { aliases?: ReadonlyMap<string, string> };

export const NO_TASKS_MESSAGE =
  '未识别到任何任务：请确认通知正文包含编号任务（如"1.……""（一）……"）及其牵头/责任单位，或包含带"序号、工作任务、牵头单位（责任单位）"等表头的任务表格。';

/**
 * The document as the layouts read it: text lines (paragraphs) and task tables. A table flattened
 * into text becomes a table here; a Word table without a task header becomes text lines.
 */
function toItems(doc: NoticeDocument): { items: Item[]; titles: string[]; lineText: Map<number, string> } {
  const lineText = new Map<number, string>();
  const titles: string[] = [];
  const lines: TextLine[] = [];
  const items: Item[] = [];

  const flushLines = () => {
    for (let k = 0; k < lines.length; ) {
      const flat = (lines[k]?.text ?? '') !== '' ? findFlatTable(lines, k) : null;
      if (flat && flat.rows.length > 0) {
        items.push({ kind: 'table', roles: flat.roles, rows: flat.rows, line: (lines[k] as TextLine).line });
        k = flat.end;
      } else {
        items.push({ kind: 'line', ...(lines[k] as TextLine) });
        k++;
      }
    }
    lines.length = 0;
  };
  const addLine = (rawText: string, line: number) => {
    const raw = cleanRaw(rawText);
    const text = raw.trim();
    lineText.set(line, text);
    lines.push({ raw, text, line });
  };

  for (const block of doc.blocks) {
    if (block.kind === 'paragraph') {
      addLine(block.text, block.line);
      continue;
    }
    block.rows.forEach((row, i) => lineText.set(block.line + i, row.map(cleanLine).join(' | ')));
    const header = findTableHeader(block.rows);
    if (!header) {
      // Not a task table (a layout table): its rows are read as text.
      block.rows.forEach((row, i) => addLine(row.map(cleanLine).filter((c) => c !== '').join('  '), block.line + i));
      continue;
    }
    flushLines();
    for (const row of block.rows.slice(0, header.at)) {
      const title = row.map(cleanLine).filter((c) => c !== '');
      if (title.length > 0) titles.push([...new Set(title)].join(''));
    }
    const rows = block.rows.slice(header.at + 1).map((cells, i) => ({ cells, line: block.line + header.at + 1 + i }));
    items.push({ kind: 'table', roles: header.roles, rows, line: block.line });
  }
  flushLines();
  return { items, titles, lineText };
}

export function parseNotice(input: string | NoticeDocument, options?: ParseNoticeOptions): ParsedPlan {
  const doc = typeof input === 'string' ? documentFromText(input) : input;
  const aliases = options?.aliases;
  const { items, titles, lineText } = toItems(doc);
  const builder = new PlanBuilder((line) => lineText.get(line) ?? '', aliases);
  const { preamble, later } = readProse(items, builder, aliases);
  const header = parseHeader([...preamble, ...titles], later);
  const { sections, tasks } = builder.finish(header.year);
  if (tasks.length === 0) throw new NoticeParseError(NO_TASKS_MESSAGE);
  return { ...header, sections, tasks, warnings: builder.warnings };
}
