/**
 * Parser for a government work report (政府工作报告): decomposes the report's year plan into a task
 * list (政府工作报告重点任务分解), e.g. the Hedong District report of 2023-01-10.
 *
 * Pure function: text or document in, ParsedPlan (kind 'work_report') out. No database access.
 *
 * What becomes a task:
 *  - Only the top-level parts about the year's plan (`二、2023 年目标任务和工作安排`; any `X、` heading
 *    with 目标任务/工作安排/重点工作/主要任务/总体要求 and not 回顾/总结/自身建设). The review of the
 *    last year (`一、2022年工作回顾`) is never read.
 *  - Section 1 `主要预期目标`: the sentence after `主要预期目标是：` up to its `。` (across lines and
 *    `**` markers), split on top-level `，`/`；` into one task per target; a piece is split further on
 *    `、` only when every part is a quantified target of its own (`A增长5%、B增长6%`), so
 *    `主要指标增幅高于全省、全市平均水平` stays one target. Task text = the target as written.
 *  - One section per part `（一）…（七）`, titled with the part's first sentence. Items in a part:
 *      · every bold run `**…**` that starts a sentence (the part's own title sentence excepted) →
 *        title = the bold text without trailing `。`, text = from it to the next item or the end of
 *        the paragraph;
 *      · in a part that has bold items, a later paragraph that opens with a short heading-like sentence
 *        (4–20 Chinese characters, no comma, e.g. `细化城市功能建设。`) is an item too: the bold was
 *        lost at a page break in the source (warned, for the office to check);
 *      · a part without bold items: one task per `一是/二是…` item when there are at least two, else
 *        one task per paragraph after the part's opening paragraph, else (one paragraph only) the
 *        part as one task;
 *      · a paragraph that opens with no item is appended to the item before it (warned).
 *    The opening sentences of a part (before its first item) are its introduction, not a task.
 *  - Part `三、加强政府自身建设` is not decomposed (warned): it is the government's standing pledge about
 *    itself (诚信/法治/规范/高效/廉洁政府) with no bold items, targets or deliverables for the year; an
 *    office that wants to supervise one of its points adds that task by hand.
 *
 * Text handling: paragraphs split by a page break (a line that does not end a sentence, a blank line,
 * its continuation) are joined; `**` markers are removed from titles and texts; whitespace next to
 * Chinese characters is removed (`新增供热面积 60 万平方米` → `新增供热面积60万平方米`, which the
 * indicator extractor needs) and other runs collapse to one space.
 *
 * Every task: no units (a report names none: see suggest-units.ts), no leaders, deadline = the last
 * day of the report's year (`2023-12-31`: the report is the plan for that year; deadlineText stays
 * null because nothing is written), no groups, headingPath [].
 * Sections are numbered 一、二、… in list order (主要预期目标 first), not with the report's （一）.
 *
 * Throws NoticeParseError (only) when neither a target nor a task is found.
 */
import { chineseNumeralToNumber, numberToChineseNumeral } from './notice/text';
import { extractIndicators } from '@/lib/indicators/extract-indicators';
import { documentFromText, type NoticeDocument } from './document/document';
import {
  NoticeParseError,
  type ParsedPlan,
  type ParsedSection,
  type ParsedTask,
  type ParseWarning,
} from './parsed-plan';

export type ParseWorkReportOptions = {
  /** Accepted for symmetry with parseNotice; a work report names no units, so it is not used. */
  aliases?: ReadonlyMap<string, string>;
};

export const WORK_REPORT_TITLE_MAX_LENGTH = 40;
export const MAIN_TARGETS_SECTION_TITLE = '主要预期目标';

export const NO_WORK_REPORT_TASKS_MESSAGE =
  '未识别到任何目标或任务：请确认这是一份政府工作报告，正文包含“二、××××年目标任务和工作安排”部分、“主要预期目标是：……”一句或“（一）……”各方面工作。';
export const NO_PLAN_PART_MESSAGE =
  '未找到报告的“目标任务和工作安排”部分：请确认报告包含“二、××××年目标任务和工作安排”一类的标题。';

// ---------------------------------------------------------------------------
// Regular expressions

const CN_NUM = '一二三四五六七八九十';
/** `二、2023年目标任务和工作安排` (a short paragraph of its own). */
const TOP_HEADING_RE = new RegExp(`^([${CN_NUM}]{1,3})、\\s*(.+)$`, 'u');
const TOP_HEADING_MAX = 40;
/** A top-level part that holds the year's plan. */
const PLAN_HEADING_RE = /目标任务|工作安排|重点工作|主要任务|工作任务|总体要求|预期目标/u;
/** Top-level parts never decomposed. */
const EXCLUDED_HEADING_RE = /回顾|总结|自身建设/u;
const SELF_BUILDING_RE = /自身建设/u;
/** `（一）坚定不移…` */
const PART_RE = new RegExp(`^[（(]([${CN_NUM}]{1,3})[）)]\\s*`, 'u');
/** A line that opens a structural element: never the continuation of the line before. */
const STRUCT_START_RE = new RegExp(`^(?:[${CN_NUM}]{1,3}、|[（(][${CN_NUM}]{1,3}[）)]|各位代表)`, 'u');
/** A line ending a sentence (after trailing `**`): not continued by the next line. */
const LINE_END_RE = /(?:[。！？!?：:；;…]|[。！？!?]["”’」』）)])$/u;
/** `主要预期目标是：` */
const TARGETS_INTRO_RE = /主要(?:预期)?目标(?:任务)?(?:是|为)?[：:]/u;
const SENTENCE_END = '。！？!?';
const TITLE_END = '。！？!?；;';
/** `一是` `二是` at a sentence start. */
const ORDINAL_RE = new RegExp(`(?:^|[。；;！？!?：:])\\s*([${CN_NUM}]{1,3}是)[，,：:]?`, 'gu');
const ORDINAL_ONLY_RE = new RegExp(`^[${CN_NUM}]{1,3}是[，,：:]?$`, 'u');
/** A short heading-like first sentence (a bold item whose bold was lost). */
const HEADING_LIKE_RE = /^[\p{Script=Han}“”]{4,20}$/u;
const HAN_RE = /\p{Script=Han}/gu;
/** Characters next to which whitespace is dropped (Han, CJK punctuation, full-width forms, curly quotes). */
const CJK_RE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026]/u;
const DATE_RE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/u;
const YEAR_RE = /(\d{4})\s*年/u;

const OPEN_BRACKETS = '“‘《（(「『【[';
const CLOSE_BRACKETS = '”’》）)」』】]';

// ---------------------------------------------------------------------------
// Paragraphs

/** A source line; `hard`: a table row, never joined with the lines around it. */
type Line = { text: string; line: number; hard?: boolean };

/** A logical paragraph: `**` removed, whitespace normalised, with the source line of every char. */
type Para = {
  text: string;
  lineOf: number[];
  /** Bold runs as [start, end) offsets into text. */
  bold: Array<[number, number]>;
  line: number;
};

function docLines(doc: NoticeDocument): Line[] {
  const out: Line[] = [];
  for (const b of doc.blocks) {
    if (b.kind === 'paragraph') out.push({ text: b.text, line: b.line });
    else b.rows.forEach((row, i) => out.push({ text: row.join(' | '), line: b.line + i, hard: true }));
  }
  return out;
}

const stripStars = (s: string): string => s.trim().replace(/^\*+/u, '').replace(/\*+$/u, '').trim();

function isHeadingLine(text: string): boolean {
  const core = stripStars(text);
  return STRUCT_START_RE.test(core) && !/[。！？!?]/u.test(core);
}

/** Whether `next` continues the paragraph whose last line is `prev` (a page break inside a paragraph). */
function continues(prev: string, next: string): boolean {
  const p = stripStars(prev);
  if (p === '' || LINE_END_RE.test(p) || isHeadingLine(prev)) return false;
  return !STRUCT_START_RE.test(stripStars(next));
}

function groupLines(lines: Line[]): Line[][] {
  const out: Line[][] = [];
  let cur: Line[] | null = null;
  for (const l of lines) {
    if (l.text.trim() === '') continue;
    const last = cur?.[cur.length - 1];
    if (cur && last && !last.hard && !l.hard && continues(last.text, l.text)) cur.push(l);
    else {
      cur = [l];
      out.push(cur);
    }
  }
  return out;
}

function cleanPara(segs: Line[]): Para | null {
  let raw = '';
  const rawLine: number[] = [];
  for (const s of segs) {
    raw += s.text;
    for (let i = 0; i < s.text.length; i++) rawLine.push(s.line);
  }
  let text = '';
  const lineOf: number[] = [];
  const bold: Array<[number, number]> = [];
  let boldStart: number | null = null;
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i] ?? '';
    if (ch === '*' && raw[i + 1] === '*') {
      if (boldStart === null) boldStart = text.length;
      else {
        if (text.length > boldStart) bold.push([boldStart, text.length]);
        boldStart = null;
      }
      i += 2;
      continue;
    }
    if (/\s/u.test(ch)) {
      let j = i;
      while (j < raw.length && /\s/u.test(raw[j] ?? '')) j++;
      // The next visible char, skipping `**` markers.
      let k = j;
      while (k < raw.length && /[\s*]/u.test(raw[k] ?? '')) k++;
      const prevCh = text[text.length - 1];
      const nextCh = raw[k];
      if (prevCh !== undefined && nextCh !== undefined && !CJK_RE.test(prevCh) && !CJK_RE.test(nextCh)) {
        text += ' ';
        lineOf.push(rawLine[i] ?? segs[0]?.line ?? 1);
      }
      i = j;
      continue;
    }
    text += ch;
    lineOf.push(rawLine[i] ?? segs[0]?.line ?? 1);
    i++;
  }
  if (boldStart !== null && text.length > boldStart) bold.push([boldStart, text.length]);
  // Trim (a leading space can only come from `** x`).
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const merged: Array<[number, number]> = [];
  for (const [s, e] of bold) {
    const a = Math.max(0, s - lead);
    const b = Math.min(trimmed.length, e - lead);
    if (b <= a) continue;
    const last = merged[merged.length - 1];
    if (last && last[1] >= a) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  const lines = lineOf.slice(lead, lead + trimmed.length);
  return { text: trimmed, lineOf: lines, bold: merged, line: lines[0] ?? segs[0]?.line ?? 1 };
}

function lineAt(p: Para, at: number): number {
  return p.lineOf[Math.min(Math.max(at, 0), p.lineOf.length - 1)] ?? p.line;
}

// ---------------------------------------------------------------------------
// Small helpers

/** One Chinese-numeral converter for both parsers (notice/text.ts). */
export { numberToChineseNumeral };

function charLength(s: string): number {
  return Array.from(s).length;
}

/** The first 20 chars of a text, for a warning. */
function preview(s: string): string {
  return Array.from(s).slice(0, 20).join('');
}

function hanCount(s: string): number {
  return s.match(HAN_RE)?.length ?? 0;
}

const TRAILING_PUNCT_RE = /[\s。；;，,：:！!？?、.]+$/u;

/** A title of at most 40 chars: cut at the first `，`/`；` when the sentence is longer. */
function shortTitle(sentence: string): string {
  const s = sentence.trim().replace(TRAILING_PUNCT_RE, '');
  if (charLength(s) <= WORK_REPORT_TITLE_MAX_LENGTH) return s;
  const cut = s.search(/[，,；;]/u);
  if (cut >= 4 && charLength(s.slice(0, cut)) <= WORK_REPORT_TITLE_MAX_LENGTH) return s.slice(0, cut);
  return Array.from(s).slice(0, WORK_REPORT_TITLE_MAX_LENGTH).join('');
}

/** End (exclusive) of the first sentence of `s`, its terminal included; s.length when there is none. */
function sentenceEnd(s: string, terminals: string): number {
  for (let i = 0; i < s.length; i++) if (terminals.includes(s[i] ?? '')) return i + 1;
  return s.length;
}

function splitTitle(text: string): { title: string; body: string } {
  const end = sentenceEnd(text, TITLE_END);
  return { title: shortTitle(text.slice(0, end)), body: text.slice(end).trim() };
}

/** Split on any char of `seps` outside quotes and brackets; each piece with its offset. */
function splitTopLevel(s: string, seps: string): Array<{ text: string; at: number }> {
  const out: Array<{ text: string; at: number }> = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? '';
    if (OPEN_BRACKETS.includes(ch)) depth++;
    else if (CLOSE_BRACKETS.includes(ch) && depth > 0) depth--;
    else if (depth === 0 && seps.includes(ch)) {
      out.push({ text: s.slice(start, i), at: start });
      start = i + 1;
    }
  }
  out.push({ text: s.slice(start), at: start });
  return out;
}

function validDate(y: number, m: number, d: number): string | null {
  if (y < 1949 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > last) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function validYear(s: string | undefined): number | null {
  const y = Number(s);
  return Number.isInteger(y) && y >= 1949 && y <= 2100 ? y : null;
}

// ---------------------------------------------------------------------------
// Detection

/** The document's title is 政府工作报告 and it has a `X、…目标任务…` heading. */
export function looksLikeWorkReport(text: string): boolean {
  const lines = text
    .replace(/\r\n?/gu, '\n')
    .split('\n')
    .map((l) => l.replace(/[\s*]/gu, ''))
    .filter((l) => l !== '');
  const hasTitle = lines
    .slice(0, 40)
    .some((l) => charLength(l) <= 30 && /政府工作报告(?:[（(][^）)]*[）)])?$/u.test(l));
  const hasHeading = lines.some((l) => new RegExp(`^[${CN_NUM}]{1,3}、.{0,30}(?:目标任务|工作安排)`, 'u').test(l));
  return hasTitle && hasHeading;
}

// ---------------------------------------------------------------------------
// Main targets

type Target = { text: string; line: number };

/** A `、`-piece that is a target of its own: a named quantity (`一般公共预算收入增长6%`). */
function isOwnTarget(piece: string): boolean {
  const digit = piece.search(/\d/u);
  return digit >= 0 && hanCount(piece.slice(0, digit)) >= 2 && extractIndicators(piece).length > 0;
}

function splitTargets(sentence: string): Array<{ text: string; at: number }> {
  const out: Array<{ text: string; at: number }> = [];
  for (const piece of splitTopLevel(sentence, '，,；;')) {
    const subs = splitTopLevel(piece.text, '、');
    const parts = subs.length > 1 && subs.every((s) => isOwnTarget(s.text)) ? subs : [{ text: piece.text, at: 0 }];
    for (const p of parts) {
      const lead = p.text.length - p.text.trimStart().length;
      const t = p.text.trim().replace(TRAILING_PUNCT_RE, '').replace(/^等/u, '');
      if (hanCount(t) >= 2) out.push({ text: t, at: piece.at + p.at + lead });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Parts and their items

type Part = { numeral: string; title: string; line: number; paras: Para[]; contentStart: number };
type ItemKind = 'bold' | 'heading' | 'ordinal' | 'para';
type ItemStart = { pi: number; at: number; kind: ItemKind; titleEnd: number };
type Item = { title: string; text: string; body: string; line: number };

function atSentenceStart(text: string, at: number, min: number): boolean {
  if (at <= min) return true;
  const before = text.slice(min, at).trimEnd();
  if (before === '') return true;
  return /[。！？!?；;]$/u.test(before);
}

function findItemStarts(part: Part, warn: (line: number, text: string, message: string) => void): ItemStart[] {
  const starts: ItemStart[] = [];
  part.paras.forEach((p, pi) => {
    const min = pi === 0 ? part.contentStart : 0;
    for (const [s, e] of p.bold) {
      if (s < min || !atSentenceStart(p.text, s, min)) continue;
      const boldText = p.text.slice(s, e).trim();
      if (hanCount(boldText) < 2 || ORDINAL_ONLY_RE.test(boldText)) continue;
      // Title: the bold's first sentence; a terminal right after the bold belongs to it.
      let titleEnd = s + sentenceEnd(boldText, TITLE_END);
      if (titleEnd >= e && /^[。！？!?；;，,：:]/u.test(p.text.slice(e))) titleEnd = e + 1;
      starts.push({ pi, at: s, kind: 'bold', titleEnd });
    }
  });
  if (starts.length > 0) {
    part.paras.forEach((p, pi) => {
      if (pi === 0 || starts.some((st) => st.pi === pi && st.at === 0)) return;
      const end = sentenceEnd(p.text, SENTENCE_END);
      const first = p.text.slice(0, end).replace(TRAILING_PUNCT_RE, '');
      if (end < p.text.length && HEADING_LIKE_RE.test(first)) {
        starts.push({ pi, at: 0, kind: 'heading', titleEnd: end });
        warn(p.line, first, `“${first}”未加粗，按方面下的任务标题处理，请核对`);
      }
    });
    return starts.sort((a, b) => a.pi - b.pi || a.at - b.at);
  }
  // No bold items: 一是/二是 … items when there are at least two.
  const ordinals: ItemStart[] = [];
  part.paras.forEach((p, pi) => {
    const min = pi === 0 ? part.contentStart : 0;
    for (const m of p.text.slice(min).matchAll(ORDINAL_RE)) {
      const at = min + m.index + m[0].indexOf(m[1] ?? '');
      ordinals.push({ pi, at, kind: 'ordinal', titleEnd: at });
    }
  });
  if (ordinals.length >= 2) return ordinals;
  // Else one task per paragraph after the opening one.
  return part.paras.slice(1).map((_p, i) => ({ pi: i + 1, at: 0, kind: 'para' as const, titleEnd: 0 }));
}

function buildItems(part: Part, warn: (line: number, text: string, message: string) => void): Item[] {
  const starts = findItemStarts(part, warn);
  const first = part.paras[0];
  if (starts.length === 0) {
    // The part is one paragraph: it is one task, titled with the part's title.
    if (!first) return [];
    const text = first.text.slice(part.contentStart).trim();
    const whole = first.text.replace(PART_RE, '').trim();
    return [{ title: part.title, text: whole, body: text, line: part.line }];
  }
  const items: Item[] = [];
  const pending: Array<{ item: Item; extra: string[] }> = [];
  let current: { item: Item; extra: string[] } | null = null;
  part.paras.forEach((p, pi) => {
    const here = starts.filter((s) => s.pi === pi);
    const firstAt = here[0]?.at ?? p.text.length;
    const lead = p.text.slice(pi === 0 ? part.contentStart : 0, firstAt).trim();
    if (pi > 0 && lead !== '') {
      if (current) {
        current.extra.push(lead);
        warn(p.line, preview(lead), `段落开头无任务标题，已并入上一任务“${current.item.title}”，请核对`);
      } else {
        const { title, body } = splitTitle(lead);
        current = { item: { title, text: lead, body, line: p.line }, extra: [] };
        pending.push(current);
        warn(p.line, preview(lead), '段落前无加粗任务标题，单独作为一项任务，请核对');
      }
    }
    here.forEach((st, k) => {
      const end = here[k + 1]?.at ?? p.text.length;
      let from = st.at;
      if (st.kind === 'ordinal') from = st.at + (/^[一二三四五六七八九十]{1,3}是[，,：:]?/u.exec(p.text.slice(st.at))?.[0].length ?? 0);
      const text = p.text.slice(from, end).trim();
      if (text === '') return;
      let title: string;
      let body: string;
      if (st.kind === 'bold' || st.kind === 'heading') {
        const cut = Math.min(Math.max(st.titleEnd, from), end);
        title = shortTitle(p.text.slice(from, cut));
        body = p.text.slice(cut, end).trim();
        if (title === '') ({ title, body } = splitTitle(text));
      } else ({ title, body } = splitTitle(text));
      current = { item: { title, text, body, line: lineAt(p, from) }, extra: [] };
      pending.push(current);
    });
  });
  for (const { item, extra } of pending) {
    if (extra.length === 0) items.push(item);
    else {
      const more = extra.join('');
      items.push({ ...item, text: item.text + more, body: item.body + more });
    }
  }
  return items.filter((it) => it.title !== '' && it.text !== '');
}

// ---------------------------------------------------------------------------
// Parser

export function parseWorkReport(input: string | NoticeDocument, options?: ParseWorkReportOptions): ParsedPlan {
  void options;
  const doc = typeof input === 'string' ? documentFromText(input) : input;
  const paras = groupLines(docLines(doc))
    .map(cleanPara)
    .filter((p): p is Para => p !== null);
  const warnings: ParseWarning[] = [];
  const warn = (line: number, text: string, message: string) => warnings.push({ line, text, message });

  // Top-level parts: the plan's parts are the scope, each a run of paragraphs.
  const headings: Array<{ index: number; title: string; inScope: boolean }> = [];
  for (const [index, p] of paras.entries()) {
    const m = TOP_HEADING_RE.exec(p.text);
    if (!m || charLength(p.text) > TOP_HEADING_MAX || /[。！？!?；;，,]/u.test(p.text)) continue;
    const title = (m[2] ?? '').trim();
    headings.push({ index, title, inScope: PLAN_HEADING_RE.test(title) && !EXCLUDED_HEADING_RE.test(title) });
    if (SELF_BUILDING_RE.test(title)) {
      warn(p.line, p.text, `“${title}”部分为政府自身建设要求，未分解为任务；如需督办，请手工添加任务`);
    }
  }
  const segments: Para[][] = [];
  let scopeHeading: string | null = null;
  if (headings.length === 0) {
    segments.push(paras);
    if (paras.length > 0) warn(paras[0]?.line ?? 1, '', '未找到“目标任务和工作安排”一类的部分标题，按全文分解，请核对');
  } else {
    for (const [k, h] of headings.entries()) {
      if (!h.inScope) continue;
      if (scopeHeading === null) scopeHeading = h.title;
      segments.push(paras.slice(h.index + 1, headings[k + 1]?.index ?? paras.length));
    }
    if (segments.length === 0) throw new NoticeParseError(NO_PLAN_PART_MESSAGE);
  }

  // Front matter (before the first heading): the date the report was delivered.
  const front = headings.length > 0 ? paras.slice(0, headings[0]?.index ?? 0) : paras.slice(0, 10);
  let issuedOn: string | null = null;
  for (const p of front) {
    const m = DATE_RE.exec(p.text);
    issuedOn = m ? validDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
    if (issuedOn) break;
  }
  const year =
    validYear(YEAR_RE.exec(scopeHeading ?? '')?.[1]) ??
    (issuedOn ? Number(issuedOn.slice(0, 4)) : null) ??
    validYear(/(\d{4})\s*年是/u.exec(segments[0]?.[0]?.text ?? '')?.[1]);

  // Main targets: in a preamble (the paragraphs of a part before its first （一）).
  const consumed = new Set<Para>();
  const targets: Target[] = [];
  let targetsLine: number | null = null;
  for (const seg of segments) {
    const firstPart = seg.findIndex((p) => PART_RE.test(p.text));
    const preambleEnd = firstPart < 0 ? seg.length : firstPart;
    for (let i = 0; i < preambleEnd && targetsLine === null; i++) {
      const p = seg[i];
      const m = p ? TARGETS_INTRO_RE.exec(p.text) : null;
      if (!p || !m) continue;
      targetsLine = lineAt(p, m.index);
      // The sentence up to its `。`, across at most two further paragraphs.
      let text = p.text.slice(m.index + m[0].length);
      let lineOf = p.lineOf.slice(m.index + m[0].length);
      consumed.add(p);
      for (let j = i + 1; j < preambleEnd && j <= i + 2 && sentenceEnd(text, SENTENCE_END) === text.length; j++) {
        const next = seg[j];
        if (!next || STRUCT_START_RE.test(next.text)) break;
        text += next.text;
        lineOf = lineOf.concat(next.lineOf);
        consumed.add(next);
      }
      const sentence = text.slice(0, sentenceEnd(text, SENTENCE_END));
      for (const t of splitTargets(sentence)) targets.push({ text: t.text, line: lineOf[t.at] ?? targetsLine });
    }
  }

  // Parts （一）… of every segment.
  const parts: Part[] = [];
  for (const seg of segments) {
    let part: Part | null = null;
    for (const p of seg) {
      if (consumed.has(p)) continue;
      const m = PART_RE.exec(p.text);
      if (m) {
        const rest = p.text.slice(m[0].length);
        const end = sentenceEnd(rest, SENTENCE_END);
        const title = shortTitle(rest.slice(0, end));
        part = title === '' ? null : { numeral: m[1] ?? '', title, line: p.line, paras: [p], contentStart: m[0].length + end };
        if (part) parts.push(part);
      } else if (/^各位代表/u.test(p.text)) part = null; // the closing words of the part
      else if (part) part.paras.push(p);
    }
  }
  // Numerals that skip (（一）（三）) point at a part the parser did not see.
  let prevNo = 0;
  for (const pt of parts) {
    const n = chineseNumeralToNumber(pt.numeral);
    if (n !== null && n !== prevNo + 1 && n !== 1) {
      warn(pt.line, `（${pt.numeral}）${pt.title}`, `部分序号不连续：（${pt.numeral}）前缺少（${numberToChineseNumeral(n - 1)}）`);
    }
    if (n !== null) prevNo = n;
  }

  // Sections and tasks.
  const sections: ParsedSection[] = [];
  const tasks: ParsedTask[] = [];
  const deadline = year !== null ? `${year}-12-31` : null;
  const addTask = (sectionNo: number, item: Item) => {
    tasks.push({
      no: tasks.length + 1,
      title: item.title,
      body: item.body,
      text: item.text,
      lead: [],
      participating: [],
      leaders: [],
      deadline,
      deadlineText: null,
      openEnded: false,
      groups: [],
      headingPath: [],
      sectionNo,
      line: item.line,
    });
  };
  if (targets.length > 0 && targetsLine !== null) {
    const no = sections.length + 1;
    sections.push({ no, numeral: numberToChineseNumeral(no), title: MAIN_TARGETS_SECTION_TITLE, line: targetsLine });
    for (const t of targets) addTask(no, { title: shortTitle(t.text), text: t.text, body: '', line: t.line });
  } else if (parts.length > 0) {
    warn(segments[0]?.[0]?.line ?? 1, '', '未找到“主要预期目标是：……”一句，未生成主要预期目标任务');
  }
  for (const pt of parts) {
    const items = buildItems(pt, warn);
    if (items.length === 0) continue;
    const no = sections.length + 1;
    sections.push({ no, numeral: numberToChineseNumeral(no), title: pt.title, line: pt.line });
    for (const it of items) addTask(no, it);
  }
  if (tasks.length === 0) throw new NoticeParseError(NO_WORK_REPORT_TASKS_MESSAGE);

  return {
    code: null,
    title: year !== null ? `${year}年政府工作报告重点任务分解` : '政府工作报告重点任务分解',
    year,
    issuedOn,
    kind: 'work_report',
    sections,
    tasks,
    warnings: warnings.sort((x, y) => x.line - y.line),
  };
}
