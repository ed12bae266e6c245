/**
 * 完成时限 as a date: the last day of the period a deadline names.
 *   2023年6月底前 → 2023-06-30; 6月底 (plan year 2023) → 2023-06-30; 2023年12月31日 → 2023-12-31;
 *   第三季度 → YYYY-09-30; 上半年 → YYYY-06-30; 年底前 / 年内 / 全年 → YYYY-12-31;
 *   长期坚持 / 持续推进 / 每月 → null (no single date; the text is kept by the caller).
 * When several dates are named (6月底前完成设计，12月底前完工) the latest is the task's deadline.
 */
import { asciiDigits, chineseNumeralToNumber, compact } from './text';

/** Only the start of a deadline text is read: a longer one is prose, not a date. */
const MAX_READ = 200;

/** No single date: the task runs all year or recurs. */
const ONGOING = /长期|持续|常态|每年|每月|每季|每周|每半年|按月|按季|逐年|动态|适时/u;

const CN_MONTH = /([一二三四五六七八九十]{1,3})月/gu;
const CN_DAY = /月([一二三四五六七八九十]{1,3})日/gu;

const EXACT_DAY = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日/gu;
const MONTH = /(?:(\d{4})年)?(\d{1,2})月(?:份)?(上旬|中旬|下旬|底|末|中)?/gu;
const ISO_DAY = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/gu;
const QUARTER = /(?:(\d{4})年)?(?:第)?([一二三四1-4])季度/gu;
const HALF = /(?:(\d{4})年)?(上|下)半年/gu;
const YEAR_END = /(?:(\d{4}))?年(底|末|内|中)/gu;
const WHOLE_YEAR = /(?:(\d{4})年)?全年/gu;
const BARE_YEAR = /^(\d{4})年?(?:前|内|底)?(?:完成)?$/u;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Last day of a month (2 → 28 or 29). */
function monthEnd(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function makeDate(y: number, m: number, d: number): string | null {
  if (!(y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return null;
  if (d > monthEnd(y, m)) return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

function yearOf(written: string | undefined, planYear: number | null): number | null {
  return written ? Number(written) : planYear;
}

/** 六月 → 6月, 三十日 → 30日, ２０２３ → 2023: one spelling for the patterns below. */
function normalise(text: string): string {
  return asciiDigits(compact(text).slice(0, MAX_READ))
    .replace(CN_MONTH, (_all, n: string) => `${chineseNumeralToNumber(n) ?? n}月`)
    .replace(CN_DAY, (_all, n: string) => `月${chineseNumeralToNumber(n) ?? n}日`);
}

/** Every date the text names, as YYYY-MM-DD. */
function datesIn(t: string, planYear: number | null): string[] {
  const out: string[] = [];
  const push = (y: number | null, m: number, d: number | 'end') => {
    if (y === null) return;
    const date = makeDate(y, m, d === 'end' ? (m >= 1 && m <= 12 ? monthEnd(y, m) : 0) : d);
    if (date) out.push(date);
  };
  // Exact days first, then blank them out so `6月` in `6月15日` is not read again as 6月底.
  let rest = t.replace(EXACT_DAY, (_all, y: string | undefined, m: string, d: string) => {
    push(yearOf(y, planYear), Number(m), Number(d));
    return '#';
  });
  rest = rest.replace(ISO_DAY, (_all, y: string, m: string, d: string) => {
    push(Number(y), Number(m), Number(d));
    return '#';
  });
  for (const m of rest.matchAll(MONTH)) {
    const month = Number(m[2]);
    const part = m[3];
    const day = part === '上旬' ? 10 : part === '中旬' || part === '中' ? 20 : 'end';
    push(yearOf(m[1], planYear), month, day);
  }
  for (const m of rest.matchAll(QUARTER)) {
    const q = '一二三四'.indexOf(m[2] ?? '') + 1 || Number(m[2]);
    push(yearOf(m[1], planYear), q * 3, 'end');
  }
  for (const m of rest.matchAll(HALF)) push(yearOf(m[1], planYear), m[2] === '上' ? 6 : 12, 'end');
  for (const m of rest.matchAll(YEAR_END)) push(yearOf(m[1], planYear), m[2] === '中' ? 6 : 12, 'end');
  for (const m of rest.matchAll(WHOLE_YEAR)) push(yearOf(m[1], planYear), 12, 'end');
  const bare = BARE_YEAR.exec(rest);
  if (bare) push(Number(bare[1]), 12, 'end');
  return out;
}

/** The deadline a 完成时限 text names, or null (none, ongoing, or no year known). */
export function parseDeadline(text: string, planYear: number | null): string | null {
  const t = normalise(text);
  if (t === '') return null;
  const dates = datesIn(t, planYear);
  if (dates.length === 0) return null;
  // 长期坚持 alone is no date; 6月底前完成，长期坚持 still has one.
  if (ONGOING.test(t) && !/\d月|季度|半年|年底|年末|年内|全年/u.test(t)) return null;
  return dates.reduce((a, b) => (b > a ? b : a));
}

/** Does a short cell or line read as a deadline (12月底前, 全年, 长期坚持, 2023年6月)? */
export function looksLikeDeadline(text: string): boolean {
  const t = compact(text);
  if (t === '' || t.length > 24 || /[。；;]/u.test(t)) return false;
  if (ONGOING.test(t) && t.length <= 8) return true;
  const n = normalise(t);
  return /\d{1,2}月|季度|半年|年底|年末|年内|全年|\d{4}[-/.]\d{1,2}|^\d{4}年?$/u.test(n);
}
