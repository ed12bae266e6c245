/**
 * The notice's header: 文号, title, year, 成文日期 and the kind of list it looks like.
 * Read from the lines before the first task (and table title rows). Nothing here is required:
 * what is missing is null, and the importer asks the office for it.
 */
import type { PlanKind } from '../parsed-plan';
import { makeDate } from './deadline';
import { readMarker } from './markers';
import { chineseNumeralToNumber, compact } from './text';

export type Header = {
  code: string | null;
  title: string | null;
  year: number | null;
  issuedOn: string | null;
  kind: PlanKind;
};

/** Header lines are short; a longer line is body text and is not searched (keeps every regex cheap). */
const MAX_HEADER_LINE = 300;
/** A title is not spread over more lines than this. */
const MAX_TITLE_LINES = 4;

/** 文号, e.g. 临东政办字〔2023〕19号, 鞍立政发〔2023〕2号, 临东政办发[2024]3号. */
const CODE_RE = /[\u4e00-\u9fff]{1,16}[〔［[【(（](\d{4})[〕］\]】)）]\s*第?\s*\d{1,4}\s*号/u;
const CODE_LABEL_RE = /文\s*号|发文字号|发文序号|文件编号|字\s*号/u;
const DATE_LABEL_RE =
  /(?:成\s*文\s*日\s*期|发\s*文\s*日\s*期|印\s*发\s*日\s*期|成文时间)\s*[:：]?\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/u;
const YEAR_RE = /((?:19|20)\d{2})\s*年/u;

/** `关于印发《X》的通知` (also 转发, and X without 《》). */
const ISSUING_TITLE_RE = /关于(?:印发|转发)《?(.+?)》?的通知/u;
/** Any `关于X的通知`: the notice's own title, the last resort. */
const NOTICE_TITLE_RE = /关于(.+?)的通知/u;
/** `《X》已经…同意` / `《X》《Y》已经…`: the first 《…》 of the sentence that issues the list(s). */
const QUOTED_TITLE_RE =
  /《([^《》]{2,80})》(?:[、和及与]?《[^《》]{2,80}》)*(?:[(（][^()（）]{0,30}[)）])?(?:已经|已|现|经|印发)/u;
/** A title line of the list itself: `河东区2024年重点工作任务`, `…责任分解（2023年）`. */
const TITLE_LINE_RE =
  /(?:任务|方案|计划|要点|清单|安排|意见|分解|分工|台账|实事|事项|一览表|分解表|任务表|责任表)(?:[(（][^()（）]{1,20}[)）])?$/u;

function headerLines(lines: readonly string[]): string[] {
  return lines.filter((l) => l.length <= MAX_HEADER_LINE).map(compact);
}

function findCode(lines: readonly string[]): { code: string; year: number } | null {
  const fromMatch = (m: RegExpExecArray) => ({ code: compact(m[0]), year: Number(m[1]) });
  for (const line of lines) {
    const label = CODE_LABEL_RE.exec(line);
    if (!label) continue;
    const m = CODE_RE.exec(line.slice(label.index + label[0].length));
    if (m) return fromMatch(m);
  }
  // A line that is the code, or starts with it (鞍立政发〔2023〕2号立山区人民政府关于印发…).
  // A code quoted inside a sentence is a cited document, not this one.
  for (const line of lines) {
    const m = CODE_RE.exec(line);
    if (m && m.index === 0) return fromMatch(m);
  }
  return null;
}

/** Titles spread over several lines (`关于印发《…2023年…` + `任务分解方案》的通知`) joined. */
function joinedTitleCandidates(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.includes('关于')) continue;
    let joined = line;
    for (let k = 1; k < MAX_TITLE_LINES && !joined.includes('通知') && i + k < lines.length; k++) {
      joined += lines[i + k] ?? '';
    }
    out.push(joined);
  }
  return out;
}

function stripBookQuotes(s: string): string {
  return s.replace(/^《(.*)》$/u, '$1').trim();
}

function findTitle(lines: readonly string[]): string | null {
  const joined = joinedTitleCandidates(lines);
  for (const candidate of joined) {
    const m = ISSUING_TITLE_RE.exec(candidate);
    if (m?.[1]) return stripBookQuotes(m[1]);
  }
  for (const line of lines) {
    const m = QUOTED_TITLE_RE.exec(line);
    if (m?.[1]) return m[1].trim();
  }
  for (const line of lines) {
    if (line.length < 4 || line.length > 60 || /[。，,；;：:、!?！？]/u.test(line)) continue;
    if (line.startsWith('附件') || readMarker(line)) continue;
    if (TITLE_LINE_RE.test(line)) return line;
  }
  for (const candidate of joined) {
    const m = NOTICE_TITLE_RE.exec(candidate);
    if (m?.[1]) return stripBookQuotes(m[1]);
  }
  return null;
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
  const s = compact(line);
  if (s.length > 20) return null;
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

function findIssuedOn(lines: readonly string[], later: readonly string[]): string | null {
  for (const line of lines) {
    const m = DATE_LABEL_RE.exec(line);
    const d = m ? makeDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
    if (d) return d;
  }
  for (const line of [...lines, ...later]) {
    const d = parseDateLine(line);
    if (d) return d;
  }
  return null;
}

/** The kind of list a title names; 年度重点任务 when it names none. */
export function guessKind(title: string): PlanKind {
  if (/政府工作报告/u.test(title)) return 'work_report';
  if (/民生实事|为民办实事|民生工程|惠民实事|民生项目|十件实事/u.test(title)) return 'livelihood';
  if (/会议|议定|纪要/u.test(title)) return 'meeting';
  if (/交办|批示/u.test(title)) return 'leader_assigned';
  return 'key_tasks';
}

/** How many opening lines may give the year when neither code, title nor date does. */
const OPENING_LINES = 30;

/**
 * `lines`: the notice before its first task; `later`: lines after it that belong to no task
 * (a signature date at the end of the text).
 */
export function parseHeader(lines: readonly string[], later: readonly string[] = []): Header {
  const header = headerLines(lines);
  const code = findCode(header);
  const title = findTitle(header);
  const issuedOn = findIssuedOn(header, headerLines(later));
  const titleYear = title ? YEAR_RE.exec(title) : null;
  let year = code?.year ?? (titleYear ? Number(titleYear[1]) : null);
  if (year === null && issuedOn) year = Number(issuedOn.slice(0, 4));
  if (year === null) {
    for (const line of header.slice(0, OPENING_LINES)) {
      const m = YEAR_RE.exec(line);
      if (m) {
        year = Number(m[1]);
        break;
      }
    }
  }
  const kindSource = title ?? header.slice(0, OPENING_LINES).join('');
  return { code: code?.code ?? null, title, year, issuedOn, kind: guessKind(kindSource) };
}
