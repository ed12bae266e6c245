/**
 * Parser for plan notices (重点工作任务通知), e.g. 临东政办字〔2023〕19号.
 *
 * Pure function: text in, structured plan out. No database access.
 *
 * Supported layouts:
 *  A. inline clause — one line per task, units in a trailing parenthetical:
 *     `1.标题。正文…(牵头单位:A、B,参与单位:C、D)`
 *  B. standalone unit lines — task text (possibly wrapped over several lines),
 *     followed by lines such as `牵头单位：A、B` / `责任单位：C` / `配合单位：D`.
 */
import { canonicalUnitName, normalizeUnitName } from '@/lib/units/normalize-unit-name';

export type ParseWarning = { line: number; text: string; message: string }; // line is 1-based
export type ParsedTask = {
  no: number; // global task number
  title: string; // short title (first sentence, max 40 chars)
  body: string; // rest of the task text, without the unit clause; may be ''
  text: string; // the whole task text (title sentence included), without the number and the unit clause
  lead: string[]; // 牵头单位, canonical names
  participating: string[]; // 参与/责任/配合单位, canonical names
  openEnded: boolean; // a unit list ended with 等
  sectionNo: number; // 1-based index of its section
  line: number; // line where the task starts
};
export type ParsedSection = { no: number; numeral: string; title: string; line: number };
export type ParsedPlan = {
  code: string | null; // 文号
  title: string | null;
  year: number | null;
  issuedOn: string | null; // YYYY-MM-DD
  sections: ParsedSection[];
  tasks: ParsedTask[];
  warnings: ParseWarning[];
};
export type ParseNoticeOptions = { aliases?: ReadonlyMap<string, string> };

export class NoticeParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoticeParseError';
  }
}

export const NO_TASKS_MESSAGE =
  '未识别到任何任务：请确认通知正文包含"一、……"部分标题和"1.……"编号任务。';

export const TITLE_MAX_LENGTH = 40;

/** 牵头单位 labels. */
export const LEAD_LABELS: readonly string[] = ['牵头单位', '牵头部门', '主办单位'];
/** 参与单位 labels (责任单位/配合单位 etc. are treated as participating). */
export const PARTICIPATING_LABELS: readonly string[] = [
  '参与单位',
  '责任单位',
  '配合单位',
  '协办单位',
  '参与部门',
  '配合部门',
];

type UnitRole = 'lead' | 'participating';

function labelRole(label: string): UnitRole | null {
  if (LEAD_LABELS.includes(label)) return 'lead';
  if (PARTICIPATING_LABELS.includes(label)) return 'participating';
  return null;
}

// ---------------------------------------------------------------------------
// Regular expressions

const CN_DIGITS = '一二三四五六七八九十';
/** `一、标题` */
const SECTION_RE = new RegExp(`^([${CN_DIGITS}]+)、\\s*(.*)$`, 'u');
/** `第一部分 标题` */
const PART_RE = new RegExp(`^第([${CN_DIGITS}]+)部分[\\s:：、，,.．]*(.*)$`, 'u');
/** `1.` `1．` `1、` — a dot followed by a digit is a decimal (2.3万亩), not a task number. */
const TASK_RE = /^(\d{1,3})\s*(?:[.．](?!\d)|、)\s*(.*)$/u;
/** Any `标签：` at the start of a clause / line. */
const LABEL_RE = /^([\u4e00-\u9fff]{2,8})\s*[:：]\s*(.*)$/su;
/** A standalone line with an unknown label that is clearly about units (…单位：/…部门：). */
const UNKNOWN_UNIT_LABEL_RE = /^[(（]?\s*([\u4e00-\u9fff]{0,6}(?:单位|部门))\s*[:：]/u;
/** 文号, e.g. 临东政办字〔2023〕19号 */
const CODE_RE = /[\u4e00-\u9fff]{1,16}[〔［\[【(（](\d{4})[〕］\]】)）]\s*\d{1,4}\s*号/u;
/** Trailing 等 / 等有关部门 on a unit → open-ended list. */
const OPEN_ENDED_RE = /等(?:有关|相关)?(?:单位|部门)?$/u;

const OPEN_PARENS = new Set(['(', '（']);
const CLOSE_PARENS = new Set([')', '）']);

// ---------------------------------------------------------------------------
// Small helpers

/** Chinese numeral (一 … 九十九) → number; null if malformed. */
export function chineseNumeralToNumber(s: string): number | null {
  const digit = (c: string | undefined): number | null => {
    if (c === undefined) return null;
    const i = '一二三四五六七八九'.indexOf(c);
    return i >= 0 ? i + 1 : null;
  };
  if (s.length === 0 || s.length > 3) return null;
  const tenIdx = s.indexOf('十');
  if (tenIdx < 0) return s.length === 1 ? digit(s[0]) : null;
  if (s.indexOf('十', tenIdx + 1) >= 0) return null;
  const before = s.slice(0, tenIdx);
  const after = s.slice(tenIdx + 1);
  let tens = 1;
  if (before.length === 1) {
    const d = digit(before[0]);
    if (d === null) return null;
    tens = d;
  } else if (before.length > 1) return null;
  let ones = 0;
  if (after.length === 1) {
    const d = digit(after[0]);
    if (d === null) return null;
    ones = d;
  } else if (after.length > 1) return null;
  return tens * 10 + ones;
}

function charLength(s: string): number {
  return Array.from(s).length;
}

function looksLikeProse(line: string): boolean {
  return /[，,。；;、]/u.test(line) || charLength(line) > 15;
}

/** Split on any char in `seps`, ignoring separators nested inside parentheses. */
function splitTopLevel(s: string, seps: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (OPEN_PARENS.has(ch)) depth++;
    else if (CLOSE_PARENS.has(ch) && depth > 0) depth--;
    if (depth === 0 && seps.includes(ch)) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * If `text` ends with a balanced parenthetical (optionally followed by 。；，),
 * return its start index and inner content.
 */
function findTrailingParen(text: string): { start: number; inner: string } | null {
  const trimmed = text.replace(/[\s。.；;，,]+$/u, '');
  const last = trimmed[trimmed.length - 1];
  if (last === undefined || !CLOSE_PARENS.has(last)) return null;
  let depth = 0;
  for (let i = trimmed.length - 1; i >= 0; i--) {
    const ch = trimmed[i];
    if (ch === undefined) break;
    if (CLOSE_PARENS.has(ch)) depth++;
    else if (OPEN_PARENS.has(ch)) {
      depth--;
      if (depth === 0) return { start: i, inner: trimmed.slice(i + 1, trimmed.length - 1) };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------
// Unit clause parsing

type UnitSet = { lead: string[]; participating: string[]; openEnded: boolean };

type ClauseParse = UnitSet & {
  knownLabels: number;
  unknownLabels: string[];
  /** role of the last labelled segment, for lists wrapped onto the next line */
  lastRole: UnitRole | null;
};

function emptyUnits(): UnitSet {
  return { lead: [], participating: [], openEnded: false };
}

/** Parse `A、B，C` into units, appending to `into[role]`. */
function addUnits(list: string, role: UnitRole, into: UnitSet, aliases: ReadonlyMap<string, string> | undefined): void {
  for (const piece of splitTopLevel(list, '、,，;；')) {
    let name = normalizeUnitName(piece);
    if (OPEN_ENDED_RE.test(name)) {
      into.openEnded = true;
      name = normalizeUnitName(name.replace(OPEN_ENDED_RE, ''));
    }
    if (name === '') continue;
    into[role].push(canonicalUnitName(name, aliases));
  }
}

/**
 * Parse clause content such as `牵头单位:A、B,参与单位:C、D等`.
 * Returns null if the content does not start with a `标签：`.
 */
function parseClause(
  content: string,
  aliases: ReadonlyMap<string, string> | undefined,
  initialRole: UnitRole | null = null,
): ClauseParse | null {
  const pieces = splitTopLevel(content.trim(), ',，;；');
  const first = pieces[0]?.trim() ?? '';
  if (initialRole === null && !LABEL_RE.test(first)) return null;
  const result: ClauseParse = { ...emptyUnits(), knownLabels: 0, unknownLabels: [], lastRole: initialRole };
  // 'skip' = inside a segment with an unknown label
  let role: UnitRole | 'skip' | null = initialRole;
  for (const rawPiece of pieces) {
    const piece = rawPiece.trim();
    if (piece === '') continue;
    const m = LABEL_RE.exec(piece);
    let rest = piece;
    if (m) {
      const label = m[1] ?? '';
      const known = labelRole(label);
      rest = m[2] ?? '';
      if (known) {
        role = known;
        result.knownLabels++;
      } else {
        role = 'skip';
        result.unknownLabels.push(label);
      }
    }
    if (role === 'lead' || role === 'participating') addUnits(rest, role, result, aliases);
  }
  result.lastRole = role === 'lead' || role === 'participating' ? role : null;
  return result;
}

function unknownLabelMessage(label: string): string {
  return `未知的单位标签「${label}」，该部分单位已忽略（可识别的标签：${[...LEAD_LABELS, ...PARTICIPATING_LABELS].join('、')}）`;
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}

// ---------------------------------------------------------------------------
// Header (preamble) parsing

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function makeDate(y: number, m: number, d: number): string | null {
  if (!(y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null; // e.g. 2月30日
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

function chineseYear(s: string): number | null {
  let out = '';
  for (const ch of s) {
    const i = '〇一二三四五六七八九'.indexOf(ch === '零' || ch === 'O' || ch === 'o' ? '〇' : ch);
    if (i < 0) return null;
    out += String(i);
  }
  return Number(out);
}

/** A line that is just a date: `2023年9月18日` or `二〇二三年九月十八日`. */
function parseDateLine(line: string): string | null {
  const s = line.replace(/\s+/gu, '');
  const m = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/u.exec(s);
  if (m) return makeDate(Number(m[1]), Number(m[2]), Number(m[3]));
  const c = /^([〇零Oo一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$/u.exec(s);
  if (c) {
    const y = chineseYear(c[1] ?? '');
    const mo = chineseNumeralToNumber(c[2] ?? '');
    const d = chineseNumeralToNumber(c[3] ?? '');
    if (y !== null && mo !== null && d !== null) return makeDate(y, mo, d);
  }
  return null;
}

type Header = { code: string | null; title: string | null; year: number | null; issuedOn: string | null };

function parseHeader(lines: readonly string[]): Header {
  let code: string | null = null;
  let codeYear: number | null = null;
  // 1) a line labelled 文号; 2) a line that is just the code
  for (const line of lines) {
    if (!/文号/u.test(line)) continue;
    const m = CODE_RE.exec(line.slice(line.indexOf('文号')));
    if (m) {
      code = m[0].replace(/\s+/gu, '');
      codeYear = Number(m[1]);
      break;
    }
  }
  if (code === null) {
    for (const line of lines) {
      const s = line.replace(/\s+/gu, '');
      const m = CODE_RE.exec(s);
      if (m && m[0] === s) {
        code = m[0];
        codeYear = Number(m[1]);
        break;
      }
    }
  }

  let title: string | null = null;
  for (const line of lines) {
    const m = /关于印发《?(.+?)》?的通知/u.exec(line);
    if (m?.[1]) {
      title = m[1].trim();
      break;
    }
  }
  if (title === null) {
    for (const line of lines) {
      const s = line.trim();
      if (
        /(任务|方案|计划|要点|清单|安排|意见)$/u.test(s) &&
        !/[。，,：:；;、]/u.test(s) &&
        charLength(s) <= 60
      ) {
        title = s;
        break;
      }
    }
  }
  if (title === null) {
    for (const line of lines) {
      const m = /《(.+?)》已经/u.exec(line);
      if (m?.[1]) {
        title = m[1].trim();
        break;
      }
    }
  }

  let year: number | null = codeYear;
  if (year === null && title !== null) {
    const m = /(\d{4})年/u.exec(title);
    if (m) year = Number(m[1]);
  }

  let issuedOn: string | null = null;
  for (const line of lines) {
    const m = /成文日期\s*[:：]\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/u.exec(line);
    if (m) {
      issuedOn = makeDate(Number(m[1]), Number(m[2]), Number(m[3]));
      if (issuedOn) break;
    }
  }
  if (issuedOn === null) {
    for (const line of lines) {
      issuedOn = parseDateLine(line);
      if (issuedOn) break;
    }
  }
  return { code, title, year, issuedOn };
}

// ---------------------------------------------------------------------------
// Main parser

type TaskDraft = {
  no: number;
  sectionNo: number;
  line: number;
  lastLine: number;
  text: string;
  /** units from standalone unit lines (layout B) */
  units: UnitSet;
  hasUnitLines: boolean;
  /** previous unit line ended with 、/， → next line continues that list */
  pendingRole: UnitRole | null;
};

type LineKind =
  | { kind: 'blank' }
  | { kind: 'section'; numeral: string; title: string }
  | { kind: 'task'; no: number; text: string }
  | { kind: 'units'; content: string }
  | { kind: 'unknownUnits'; label: string }
  | { kind: 'other' };

function classify(line: string): LineKind {
  if (line === '') return { kind: 'blank' };
  const sec = SECTION_RE.exec(line) ?? PART_RE.exec(line);
  if (sec && chineseNumeralToNumber(sec[1] ?? '') !== null) {
    return { kind: 'section', numeral: sec[1] ?? '', title: (sec[2] ?? '').trim().replace(/[\s。：:]+$/u, '') };
  }
  const task = TASK_RE.exec(line);
  if (task) return { kind: 'task', no: Number(task[1]), text: (task[2] ?? '').trim() };
  // standalone unit line, optionally wrapped in parentheses
  let content = line;
  const paren = findTrailingParen(line);
  if (paren && paren.start === 0) content = paren.inner.trim();
  const lm = LABEL_RE.exec(content);
  if (lm && labelRole(lm[1] ?? '') !== null) return { kind: 'units', content };
  const um = UNKNOWN_UNIT_LABEL_RE.exec(line);
  if (um) return { kind: 'unknownUnits', label: um[1] ?? '' };
  return { kind: 'other' };
}

function isUnitLineKind(k: LineKind): boolean {
  return k.kind === 'units' || k.kind === 'unknownUnits';
}

export function parseNotice(text: string, options?: ParseNoticeOptions): ParsedPlan {
  const aliases = options?.aliases;
  const lines = text.replace(/^\uFEFF/u, '').split(/\r\n|\r|\n/u).map((l) => l.trim());
  const kinds = lines.map(classify);
  const lineText = (ln: number): string => lines[ln - 1] ?? '';

  const warnings: ParseWarning[] = [];
  const warn = (line: number, message: string): void => {
    warnings.push({ line, text: lineText(line), message });
  };

  const preamble: string[] = [];
  const unplaced: string[] = [];
  const sections: ParsedSection[] = [];
  const tasks: ParsedTask[] = [];
  let inBody = false;
  let current: TaskDraft | null = null;
  let lastSectionValue = 0;

  const finalize = (): void => {
    if (!current) return;
    const d = current;
    current = null;
    let taskText = d.text;
    const units = emptyUnits();
    const paren = findTrailingParen(taskText);
    if (paren) {
      const clause = parseClause(paren.inner, aliases);
      if (clause && clause.knownLabels > 0) {
        taskText = taskText.slice(0, paren.start).trim();
        units.lead.push(...clause.lead);
        units.participating.push(...clause.participating);
        units.openEnded ||= clause.openEnded;
        for (const label of clause.unknownLabels) warn(d.lastLine, unknownLabelMessage(label));
      } else if (clause) {
        warn(
          d.lastLine,
          `括号内的标签「${clause.unknownLabels.join('、')}」不是可识别的单位标签，未作为责任单位解析（可识别的标签：${[...LEAD_LABELS, ...PARTICIPATING_LABELS].join('、')}）`,
        );
      }
    }
    units.lead.push(...d.units.lead);
    units.participating.push(...d.units.participating);
    units.openEnded ||= d.units.openEnded;

    const lead = dedupe(units.lead);
    const participating = dedupe(units.participating).filter((u) => !lead.includes(u));

    // title = first sentence (up to 。 or ；)
    const m = /[。；;]/u.exec(taskText);
    const sentence = m ? taskText.slice(0, m.index) : taskText;
    let title = sentence.trim().replace(/[\s。.．；;，,、：:]+$/u, '');
    let body = m ? taskText.slice(m.index + 1).trim() : '';
    if (charLength(title) > TITLE_MAX_LENGTH) {
      title = Array.from(title).slice(0, TITLE_MAX_LENGTH - 1).join('') + '…';
      body = taskText.trim(); // keep the full text so nothing is lost
    }
    if (title === '') warn(d.line, '任务缺少标题文字');

    tasks.push({
      no: d.no,
      title,
      body,
      text: taskText.trim(),
      lead,
      participating,
      openEnded: units.openEnded,
      sectionNo: d.sectionNo,
      line: d.line,
    });
  };

  /** Is there a unit line ahead (skipping blank and prose lines) before the next task/section? */
  const unitLineAhead = (from: number): boolean => {
    for (let j = from; j < kinds.length; j++) {
      const k = kinds[j];
      if (!k || k.kind === 'blank') continue;
      if (isUnitLineKind(k)) return true;
      if (k.kind === 'other' && looksLikeProse(lines[j] ?? '')) continue;
      return false;
    }
    return false;
  };

  for (let i = 0; i < lines.length; i++) {
    const ln = i + 1;
    const line = lines[i] ?? '';
    const k = kinds[i] ?? { kind: 'other' };
    if (k.kind === 'blank') continue;

    if (!inBody) {
      if (k.kind !== 'section' && k.kind !== 'task') {
        preamble.push(line);
        continue;
      }
      inBody = true;
    }

    if (k.kind === 'section') {
      finalize();
      const value = chineseNumeralToNumber(k.numeral) ?? 0;
      if (value !== lastSectionValue + 1) {
        warn(ln, `部分序号不连续：此处应为第${lastSectionValue + 1}部分，实际为「${k.numeral}」`);
      }
      lastSectionValue = value;
      sections.push({ no: sections.length + 1, numeral: k.numeral, title: k.title, line: ln });
      continue;
    }

    if (k.kind === 'task') {
      finalize();
      if (sections.length === 0) {
        sections.push({ no: 1, numeral: '', title: '未分部分', line: ln });
        warn(ln, '任务出现在任何部分标题（如"一、……"）之前，已归入"未分部分"');
      }
      current = {
        no: k.no,
        sectionNo: sections.length,
        line: ln,
        lastLine: ln,
        text: k.text,
        units: emptyUnits(),
        hasUnitLines: false,
        pendingRole: null,
      };
      continue;
    }

    const cur: TaskDraft | null = current;

    if (k.kind === 'units') {
      if (!cur) {
        warn(ln, '单位行之前没有对应的任务，已忽略');
        continue;
      }
      const clause = parseClause(k.content, aliases);
      if (!clause) {
        warn(ln, '无法归入任何任务，已忽略');
        continue;
      }
      cur.units.lead.push(...clause.lead);
      cur.units.participating.push(...clause.participating);
      cur.units.openEnded ||= clause.openEnded;
      for (const label of clause.unknownLabels) warn(ln, unknownLabelMessage(label));
      cur.hasUnitLines = true;
      cur.lastLine = ln;
      cur.pendingRole = /[、，,]$/u.test(k.content) ? clause.lastRole : null;
      continue;
    }

    if (k.kind === 'unknownUnits') {
      if (cur) {
        cur.hasUnitLines = true;
        cur.pendingRole = null;
      }
      warn(ln, unknownLabelMessage(k.label));
      continue;
    }

    // k.kind === 'other'
    if (cur && cur.pendingRole) {
      // unit list wrapped onto this line
      const clause = parseClause(line, aliases, cur.pendingRole);
      if (clause) {
        cur.units.lead.push(...clause.lead);
        cur.units.participating.push(...clause.participating);
        cur.units.openEnded ||= clause.openEnded;
        for (const label of clause.unknownLabels) warn(ln, unknownLabelMessage(label));
        cur.lastLine = ln;
        cur.pendingRole = /[、，,]$/u.test(line) ? clause.lastRole : null;
        continue;
      }
    }

    if (cur && !cur.hasUnitLines && hasOpenClause(cur.text)) {
      // `(牵头单位:A、` … `B)` — the unit clause continues on this line
      cur.text += line;
      cur.lastLine = ln;
      continue;
    }

    if (cur && !cur.hasUnitLines && !hasInlineClause(cur.text) && looksLikeProse(line)) {
      const endsSentence = /[。！？!?]$/u.test(cur.text);
      if (!endsSentence || unitLineAhead(i + 1)) {
        cur.text += line;
        cur.lastLine = ln;
        continue;
      }
    }

    unplaced.push(line);
    warn(ln, '无法归入任何任务，已忽略');
  }
  finalize();

  if (tasks.length === 0) throw new NoticeParseError(NO_TASKS_MESSAGE);

  // task numbering
  const seen = new Set<number>();
  const firstDup = tasks.find((t) => {
    if (seen.has(t.no)) return true;
    seen.add(t.no);
    return false;
  });
  if (firstDup) {
    tasks.forEach((t, idx) => {
      t.no = idx + 1;
    });
    warn(
      firstDup.line,
      `任务编号有重复（可能每个部分都从1重新编号），已按文档顺序统一重新编号为1–${tasks.length}`,
    );
  } else {
    let expected = 1;
    for (const t of tasks) {
      if (t.no !== expected) warn(t.line, `任务编号不连续：此处应为${expected}，实际为${t.no}，已保留原编号`);
      expected = t.no + 1;
    }
  }

  warnings.sort((a, b) => a.line - b.line);

  const header = parseHeader(preamble);
  if (header.issuedOn === null) {
    for (const line of unplaced) {
      const d = parseDateLine(line);
      if (d) {
        header.issuedOn = d;
        break;
      }
    }
  }

  return { ...header, sections, tasks, warnings };
}

/** Does the (accumulated) task text already end with a unit clause with a known label? */
function hasInlineClause(text: string): boolean {
  const paren = findTrailingParen(text);
  if (!paren) return false;
  const m = LABEL_RE.exec(paren.inner.trim());
  return m !== null && labelRole(m[1] ?? '') !== null;
}

/** Does the text end inside an unclosed `(牵头单位:…` clause? */
function hasOpenClause(text: string): boolean {
  const opens: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === undefined) break;
    if (OPEN_PARENS.has(ch)) opens.push(i);
    else if (CLOSE_PARENS.has(ch)) opens.pop();
  }
  const start = opens[0];
  if (start === undefined) return false;
  const m = LABEL_RE.exec(text.slice(start + 1).trim());
  return m !== null && labelRole(m[1] ?? '') !== null;
}
