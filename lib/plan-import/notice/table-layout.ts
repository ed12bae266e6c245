/**
 * Task tables: Word/Excel tables (TableBlock) and tables flattened into text, one row per line
 * (cells separated by tabs, `|` or two or more spaces) or one cell per line (with or without a
 * closing `|`). A table is found by its header row (序号 | 重点工作 | 牵头单位 | 配合单位 | 责任领导 |
 * 完成时限 …); each following row is a task, or a section row (一、… / a category).
 *
 * Merged cells are '' in a row: an empty category, unit, leader or deadline cell takes the value
 * above it (the cell was merged over several tasks).
 */
import { labelRole, type LabelRole } from './labels';
import { looksLikeDeadline } from './deadline';
import { readMarker, type Marker } from './markers';
import { emptyAccumulator, parseClause, type UnitAccumulator } from './units-clause';
import { charLength, cleanLine, collapseCjkSpaces, compact, findTrailingBracket, trimEndOf } from './text';

export type ColumnRole = 'no' | 'category' | 'task' | 'detail' | 'other' | LabelRole;
export type TableRow = { cells: string[]; line: number };
/** A line of text as the layouts read it: `raw` keeps inner tabs and runs of spaces (cell separators). */
export type TextLine = { raw: string; text: string; line: number };

export type TableTask = { line: number; text: string; acc: UnitAccumulator };
/** Where a table's sections, headings, tasks and warnings go (the plan builder). */
export interface TableSink {
  openSection(numeral: string | null, title: string, line: number, value: number | null): void;
  openHeading(text: string, line: number): void;
  addTask(task: TableTask): void;
  warn(line: number, message: string): void;
}

// ---------------------------------------------------------------------------
// Header row

/** Header cells are short; a longer cell is data. */
const HEADER_CELL_MAX = 16;
const UNIT_ROLES: readonly ColumnRole[] = ['lead', 'participating', 'responsible'];
const ANSWER_ROLES: readonly ColumnRole[] = [...UNIT_ROLES, 'leaders', 'deadline'];

/** A header cell without spaces, a closing `|` and notes (责任单位（★为牵头单位）, 投资金额（万元）). */
function headerCore(raw: string): string {
  return compact(raw)
    .replace(/[|｜]+$/u, '')
    .replace(/[(（][^()（）]{0,12}[)）]/gu, '');
}

/** The role of a header cell; null when the cell cannot be a header (too long, a sentence, a label with content). */
function classifyHeaderCell(raw: string): ColumnRole | null {
  if (raw.length > 4 * HEADER_CELL_MAX) return null;
  const c = headerCore(raw);
  if (c === '' || c.length > HEADER_CELL_MAX || /[:：。，,；;、]/u.test(c)) return null;
  if (/^(?:序号|编号|序|项次|序列)$/u.test(c)) return 'no';
  const role = labelRole(c);
  if (role) return role;
  if (/^(?:责任人|负责人|牵头人|联系领导)$/u.test(c)) return 'leaders';
  if (/(?:时限|时间节点|完成时间|完成期限|截止时间|办结时间|时间要求)$/u.test(c)) return 'deadline';
  if (/^(?:牵头|主责|主办)(?:单位|部门)?$/u.test(c)) return 'lead';
  if (/(?:参与|配合|协办|协同|协助)(?:单位|部门)$/u.test(c)) return 'participating';
  if (/(?:责任|承办|实施|主体)(?:单位|部门)$|^(?:单位|部门|责任主体)$/u.test(c)) return 'responsible';
  if (/^(?:类别|领域|类型|板块|分类|方面|所属领域|工作类别|项目类别|重点领域|专项|篇章)$/u.test(c)) return 'category';
  if (/(?:任务|工作|事项|实事|内容|项目|措施|目标|举措|名称|要求)$/u.test(c)) return 'task';
  return 'other';
}

/**
 * Roles of a header row, or null if the row is not one: it needs a task column and a unit, leader
 * or deadline column, and most of its cells must be known headers.
 */
function headerRoles(cells: readonly string[]): ColumnRole[] | null {
  const roles: ColumnRole[] = [];
  let known = 0;
  let filled = 0;
  for (const cell of cells) {
    if (compact(cell) === '') {
      roles.push('other');
      continue;
    }
    const role = classifyHeaderCell(cell);
    if (role === null) return null;
    filled++;
    if (role !== 'other') known++;
    roles.push(role);
  }
  const taskAt = roles.indexOf('task');
  if (taskAt < 0 || !roles.some((r) => ANSWER_ROLES.includes(r)) || known * 2 < filled) return null;
  // 项目名称 | 建设内容: the first names the task, the others add to its text.
  return roles.map((r, i) => (r === 'task' && i !== taskAt ? 'detail' : r));
}

// ---------------------------------------------------------------------------
// Reading rows

const ROW_NUMBER_RE = /^\d{1,3}[.、．]?$/u;
const CN_ROW_NUMBER_RE = /^[(（]?([一二三四五六七八九十]{1,3})[)）、.．]?$/u;

function cleanCell(cell: string): string {
  return cleanLine(trimEndOf(cell, '|｜'));
}

/** Section titles may carry a clause for the whole section (（牵头领导：…）): dropped from the title. */
function withoutTrailingClause(text: string): string {
  const t = findTrailingBracket(text);
  if (!t || t.start === 0) return text;
  return /[:：]|牵头|配合/u.test(t.inner) ? text.slice(0, t.start).trim() : text;
}

function isSectionMarker(marker: Marker | null): marker is Marker {
  return marker !== null && (marker.kind === 'part' || marker.kind === 'cn' || marker.kind === 'cnParen');
}

/** A row that opens a section: a Chinese numeral in the 序号 column, or one cell merged across the row. */
function sectionRow(cells: readonly string[], roles: readonly ColumnRole[]): { text: string; numeral: string | null } | null {
  const noAt = roles.indexOf('no');
  const noCell = noAt >= 0 ? (cells[noAt] ?? '') : '';
  const cn = CN_ROW_NUMBER_RE.exec(noCell);
  if (cn) {
    const text = cells.find((c, i) => i !== noAt && c !== '') ?? '';
    return { text: withoutTrailingClause(text), numeral: cn[1] ?? null };
  }
  const filled = cells.map((c, i) => ({ c, i })).filter((x) => x.c !== '');
  const distinct = new Set(filled.map((x) => x.c));
  if (distinct.size !== 1) return null;
  const only = filled[0];
  if (!only) return null;
  const marker = readMarker(only.c);
  if (!isSectionMarker(marker)) {
    // A row merged across keeps its text in the first cell (or the category column). A task without
    // units has its text in the task column only, a row with just a 序号 or a unit is no title.
    const titleColumn = roles[only.i] === 'category' || (only.i === 0 && roles[0] !== 'task');
    if (!titleColumn || (roles[only.i] === 'no' && ROW_NUMBER_RE.test(only.c))) return null;
  }
  if (charLength(only.c) > 60) return null;
  return { text: withoutTrailingClause(only.c), numeral: null };
}

/** Task text: the task cell and any detail cells, a leading task number removed. */
function taskText(cells: readonly string[], roles: readonly ColumnRole[]): string {
  const parts: string[] = [];
  roles.forEach((role, i) => {
    const cell = cells[i] ?? '';
    if (cell === '' || (role !== 'task' && role !== 'detail')) return;
    const marker = role === 'task' ? readMarker(cell) : null;
    const text = marker && ['num', 'numParen', 'circled'].includes(marker.kind) ? marker.rest : cell;
    parts.push(collapseCjkSpaces(text.replace(/\n+/gu, '')));
  });
  return parts.reduce((acc, p) => (acc === '' ? p : /[。；;！!？?]$/u.test(acc) ? acc + p : `${acc}。${p}`), '');
}

type Carried = Partial<Record<ColumnRole, string>>;

/** Reads data rows into sections and tasks. */
export function readTableRows(
  roles: readonly ColumnRole[],
  rows: readonly TableRow[],
  sink: TableSink,
  aliases: ReadonlyMap<string, string> | undefined,
): void {
  const primary: ColumnRole | null = roles.includes('lead') ? 'lead' : roles.includes('responsible') ? 'responsible' : null;
  const categoryAt = roles.indexOf('category');
  /** Unit, leader and deadline cells of the row above, for merged (empty) cells. */
  let carried: Carried = {};
  let category: string | null = null;
  /** A numbered section (一、…) was opened: unnumbered categories and （一） rows are headings below it. */
  let numberedSections = false;

  const open = (text: string, numeral: string | null, line: number) => {
    const marker = readMarker(text);
    if (isSectionMarker(marker) && !(marker.kind === 'cnParen' && numberedSections)) {
      numberedSections ||= marker.kind !== 'cnParen';
      sink.openSection(marker.numeral, marker.rest, line, marker.value);
    } else if (numberedSections) {
      sink.openHeading(text, line);
    } else {
      sink.openSection(numeral, text, line, null);
    }
    // Merged cells never reach across a section or category boundary.
    carried = {};
  };

  for (const row of rows) {
    const cells = roles.map((_, i) => cleanCell(row.cells[i] ?? ''));
    if (cells.every((c) => c === '')) continue;
    const section = sectionRow(cells, roles);
    if (section) {
      category = null;
      if (section.text !== '') open(section.text, section.numeral, row.line);
      continue;
    }
    if (categoryAt >= 0) {
      // An empty category cell is merged with the one above.
      const cat: string = cells[categoryAt] || category || '';
      if (cat !== '' && cat !== category) {
        category = cat;
        open(cat, null, row.line);
      }
    }
    const text = taskText(cells, roles);
    if (text === '') {
      const own = cells.some((c, i) => c !== '' && roles[i] !== 'no' && roles[i] !== 'category');
      if (own) sink.warn(row.line, '表格行缺少任务内容，已忽略');
      continue;
    }
    const primaryOwn = primary === null || roles.some((r, i) => r === primary && cells[i] !== '');
    const acc = emptyAccumulator();
    const next: Carried = { ...carried };
    roles.forEach((role, i) => {
      if (!ANSWER_ROLES.includes(role)) return;
      const own = cells[i] ?? '';
      // A participating cell is carried down only with the lead cell: alone, '' means "none".
      const mayCarry = role !== 'participating' || !primaryOwn;
      const value = own !== '' ? own : mayCarry ? (carried[role] ?? '') : '';
      if (own !== '') next[role] = own;
      if (value === '') return;
      if (role === 'deadline') acc.deadlineTexts.push(collapseCjkSpaces(value.replace(/\n+/gu, ' ')));
      else parseClause(value, acc, aliases, role as LabelRole);
    });
    carried = next;
    sink.addTask({ line: row.line, text, acc });
  }
}

// ---------------------------------------------------------------------------
// Tables flattened into text

export type FlatTable = { roles: ColumnRole[]; rows: TableRow[]; end: number };

type Separator = 'pipe' | 'tab' | 'spaces';

function splitRow(raw: string, sep: Separator): string[] {
  let parts: string[];
  if (sep === 'pipe') {
    parts = raw.split(/[|｜]/u);
    if (parts.length > 1 && (parts[0] ?? '').trim() === '') parts.shift();
    if (parts.length > 1 && (parts[parts.length - 1] ?? '').trim() === '') parts.pop();
  } else if (sep === 'tab') {
    // Only spaces are trimmed: a leading tab is an empty (merged) first cell.
    parts = raw.replace(/^ +| +$/gu, '').split('\t');
  } else {
    parts = raw.trim().split(/ {2,}/u);
  }
  return parts.map((p) => p.trim());
}

/** A row of a flattened table aligned to the header: a missing (merged) 序号 is put back. */
function align(cells: string[], roles: readonly ColumnRole[]): string[] {
  let out = cells;
  if (out.length < roles.length && roles[0] === 'no' && !ROW_NUMBER_RE.test(out[0] ?? '')) out = ['', ...out];
  if (out.length > roles.length) out = [...out.slice(0, roles.length - 1), out.slice(roles.length - 1).join(' ')];
  while (out.length < roles.length) out.push('');
  return out;
}

const SEPARATOR_LINE_RE = /^[|｜\s:：\-—=+]+$/u;

function nextNonBlank(lines: readonly TextLine[], from: number): number {
  let j = from;
  while (j < lines.length && (lines[j]?.text ?? '') === '') j++;
  return j;
}

/** One row per line: `序号 | 工作任务 | 牵头单位 | 完成时限` then `1 | … | … | …`. */
function rowPerLine(lines: readonly TextLine[], start: number): FlatTable | null {
  const first = lines[start];
  if (!first) return null;
  const seps: Separator[] = [];
  if (/[|｜]/u.test(first.raw)) seps.push('pipe');
  if (first.raw.includes('\t')) seps.push('tab');
  if (/\S {2,}\S/u.test(first.raw)) seps.push('spaces');
  for (const sep of seps) {
    const header = splitRow(first.raw, sep);
    if (header.length < 3) continue;
    const roles = headerRoles(header);
    if (!roles) continue;
    const rows: TableRow[] = [];
    let j = start + 1;
    let end = j;
    while (j < lines.length) {
      const l = lines[j] as TextLine;
      if (l.text === '' || SEPARATOR_LINE_RE.test(l.raw)) {
        j++;
        continue;
      }
      const cells = splitRow(l.raw, sep);
      if (cells.length >= 2) {
        rows.push({ cells: align(cells, roles), line: l.line });
        end = ++j;
        continue;
      }
      // A single cell is a section row when it is numbered like one or more rows follow.
      const after = lines[nextNonBlank(lines, j + 1)];
      const marker = readMarker(l.text);
      const sectionLike = isSectionMarker(marker) || (after && splitRow(after.raw, sep).length >= 2);
      if (!sectionLike || charLength(l.text) > 60) break;
      rows.push({ cells: [l.text, ...roles.slice(1).map(() => '')], line: l.line });
      end = ++j;
    }
    return { roles, rows, end };
  }
  return null;
}

/** The longest header written one cell per line. */
const MAX_HEADER_CELLS = 16;

/** Header cells one per line (blank lines between allowed); returns the roles and where the data starts. */
function cellPerLineHeader(lines: readonly TextLine[], start: number): { roles: ColumnRole[]; next: number; pipe: boolean } | null {
  const cells: string[] = [];
  let j = start;
  let pipe = false;
  while (j < lines.length && cells.length < MAX_HEADER_CELLS) {
    const t = lines[j]?.text ?? '';
    if (t === '') {
      j++;
      continue;
    }
    const role = classifyHeaderCell(t);
    // Unknown header words (建设地点) are allowed; a number or a long line ends the header.
    const core = headerCore(t);
    if (role === null || (role === 'other' && (/\d/u.test(core) || charLength(core) > 8))) break;
    if (cells.length === 0 && role === 'other') return null;
    if (/[|｜]$/u.test(t)) pipe = true;
    cells.push(t);
    j++;
  }
  if (cells.length < 3) return null;
  const roles = headerRoles(cells);
  return roles ? { roles, next: j, pipe } : null;
}

/** Cells ending with `|`; a line that is only `|` separates rows. */
function cellPerLinePiped(lines: readonly TextLine[], start: number, roles: ColumnRole[]): FlatTable {
  const rows: TableRow[] = [];
  let cells: string[] = [];
  let rowLine = -1;
  let current: string[] = [];
  let currentLine = -1;
  let usedSeparators = false;
  let end = start;
  const pushRow = () => {
    if (cells.length > 0) rows.push({ cells: align(cells, roles), line: rowLine });
    cells = [];
  };
  let j = start;
  for (; j < lines.length; j++) {
    const l = lines[j] as TextLine;
    if (l.text === '') continue;
    if (/^[|｜]$/u.test(l.text)) {
      usedSeparators = true;
      pushRow();
      end = j + 1;
      continue;
    }
    if (!/[|｜]$/u.test(l.text)) {
      // Text after the last cell ends the table unless a piped line follows (a cell over several lines).
      const after = lines[nextNonBlank(lines, j + 1)];
      if (current.length === 0 && !(after && /[|｜]$/u.test(after.text))) break;
      if (current.length === 0) currentLine = l.line;
      current.push(l.text);
      continue;
    }
    if (current.length === 0) currentLine = l.line;
    current.push(trimEndOf(l.text, '|｜'));
    if (cells.length === 0) rowLine = currentLine;
    cells.push(current.join('\n'));
    current = [];
    end = j + 1;
    if (!usedSeparators && cells.length === roles.length) pushRow();
  }
  pushRow();
  return { roles, rows, end };
}

const UNIT_SUFFIX_RE =
  /(?:局|委|办|室|部|处|科|中心|政府|街道|镇|乡|区|县|市|院|会|所|队|站|馆|社|团|联|公司|集团|银行|指挥部|管委会|办事处|分局|园|组)$/u;

function isRowNumber(t: string): boolean {
  return ROW_NUMBER_RE.test(t);
}
function unitLike(t: string): boolean {
  return !isRowNumber(t) && !looksLikeDeadline(t) && charLength(t) <= 40 && !/[。！？!?]/u.test(t);
}
function leaderLike(t: string): boolean {
  if (charLength(t) > 20 || looksLikeDeadline(t)) return false;
  const pieces = t.split(/[、，,;；\s]+/u).filter((p) => p !== '');
  return (
    pieces.length > 0 &&
    pieces.every((p) => (/^[\u4e00-\u9fff·]{2,4}$/u.test(p) || /(?:长|书记|主任|主席|委员|领导)$/u.test(p)) && !UNIT_SUFFIX_RE.test(p))
  );
}
/** A line that can start a row whose 序号 cell is merged with the row above. */
function taskLike(t: string): boolean {
  return (
    charLength(t) >= 4 &&
    !isRowNumber(t) &&
    !looksLikeDeadline(t) &&
    (/[。；;！!]$/u.test(t) || charLength(t) > 12 || /[，,]/u.test(t))
  );
}
function proseContinuation(t: string): boolean {
  return taskLike(t) && (/[。；;！!]$/u.test(t) || charLength(t) > 40);
}

/** Cells one per line without `|`: cells are told apart by what they look like, column by column. */
function cellPerLinePlain(lines: readonly TextLine[], start: number, roles: ColumnRole[]): FlatTable {
  const rows: TableRow[] = [];
  let j = start;
  let end = start;
  /** 序号 of the current row (of the row above for a row without one). */
  let rowNo = 0;
  for (;;) {
    j = nextNonBlank(lines, j);
    const first = lines[j];
    if (!first) break;
    const startsRow = roles[0] === 'no' ? isRowNumber(first.text) : taskLike(first.text);
    if (!startsRow && !(rows.length > 0 && taskLike(first.text))) break;
    const cells = roles.map(() => '');
    for (let c = 0; c < roles.length; c++) {
      j = nextNonBlank(lines, j);
      const t = lines[j]?.text;
      if (t === undefined) break;
      const role = roles[c] as ColumnRole;
      const nextRole = roles[c + 1];
      const take = () => {
        const text = lines[j]?.text ?? '';
        cells[c] = cells[c] === '' ? text : `${cells[c]}\n${text}`;
        j++;
      };
      if (role === 'no') {
        if (isRowNumber(t)) take();
      } else if (role === 'task' || role === 'detail') {
        if (isRowNumber(t) || looksLikeDeadline(t)) continue;
        take();
        // More paragraphs of the same cell, unless the next column is text too (项目名称 | 建设内容).
        const nextIsText = nextRole === 'detail' || nextRole === 'other' || nextRole === 'task';
        for (let k = nextNonBlank(lines, j); !nextIsText && k < lines.length && proseContinuation(lines[k]?.text ?? ''); k = nextNonBlank(lines, j)) {
          j = k;
          take();
        }
      } else if (UNIT_ROLES.includes(role)) {
        // Two unit columns side by side: the first (牵头单位) takes one line.
        const single = nextRole !== undefined && UNIT_ROLES.includes(nextRole);
        while (lines[j] && unitLike(lines[j]?.text ?? '') && !(single && cells[c] !== '')) {
          take();
          j = nextNonBlank(lines, j);
        }
      } else if (role === 'leaders') {
        while (lines[j] && leaderLike(lines[j]?.text ?? '')) {
          take();
          j = nextNonBlank(lines, j);
        }
      } else if (role === 'deadline') {
        if (looksLikeDeadline(t)) take();
      } else if (!(isRowNumber(t) && parseInt(t, 10) === rowNo + 1)) {
        // Any other column (建设地点, 投资金额 300) takes one line, unless it is the next row's 序号.
        take();
      }
      if (role === 'no' && cells[c] !== '') rowNo = parseInt(cells[c] ?? '', 10);
    }
    if (cells.every((c) => c === '')) break;
    rows.push({ cells, line: first.line });
    end = j;
  }
  return { roles, rows, end };
}

/** A table flattened into text starting at `start` (its header line), or null. */
export function findFlatTable(lines: readonly TextLine[], start: number): FlatTable | null {
  const byRow = rowPerLine(lines, start);
  if (byRow) return byRow;
  const header = cellPerLineHeader(lines, start);
  if (!header) return null;
  return header.pipe ? cellPerLinePiped(lines, header.next, header.roles) : cellPerLinePlain(lines, header.next, header.roles);
}

/** The header row of a Word/Excel table (searched in its first rows), with the rows above it (titles). */
export function findTableHeader(rows: readonly string[][]): { roles: ColumnRole[]; at: number } | null {
  const limit = Math.min(rows.length, 5);
  for (let r = 0; r < limit; r++) {
    const roles = headerRoles(rows[r] ?? []);
    if (!roles) continue;
    // A two-row header (责任单位 over 牵头单位 | 配合单位): the second row names the unit columns.
    // Only unit, leader and deadline headers qualify, so a data row is never taken for it.
    const below = (rows[r + 1] ?? []).map((c) => (compact(c) === '' ? null : classifyHeaderCell(c)));
    const subHeader = below.some((x) => x !== null) && below.every((x, i) => (x === null ? compact(rows[r + 1]?.[i] ?? '') === '' : ANSWER_ROLES.includes(x)));
    if (subHeader) return { roles: roles.map((role, i) => below[i] ?? role), at: r + 1 };
    return { roles, at: r };
  }
  return null;
}
