/**
 * Small text helpers shared by the notice parser: cleaning a line, counting characters, numerals,
 * and splitting on separators outside brackets. All linear in the length of their input.
 */

/**
 * Characters that are never content: C0/C1 controls (but tab, which separates table cells),
 * zero-width characters, bidi marks and embeddings, the BOM. Web pages and Word files carry them.
 */
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu;
/** No-break and ideographic spaces: layout, not content (names lose every space later anyway). */
const WIDE_SPACES = /[\u00A0\u2002-\u200A\u202F\u205F\u3000]/gu;

/** A paragraph without bold markers (`**`) and invisible characters; inner tabs and space runs kept (table cells). */
export function cleanRaw(raw: string): string {
  return raw.replace(/\*\*/gu, '').replace(INVISIBLE, '').replace(WIDE_SPACES, ' ');
}

/** A paragraph as the parser reads it: cleaned and trimmed. */
export function cleanLine(raw: string): string {
  return cleanRaw(raw).trim();
}

/** Length in characters (a CJK character outside the BMP counts once). */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Whitespace between two CJK characters is a line-wrap artefact (PDF, Word tables), never meaningful. */
const CJK = '\u3000-\u303F\u3400-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u201C\u201D\u2018\u2019';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}])\\s+(?=[${CJK}])`, 'gu');
export function collapseCjkSpaces(s: string): string {
  return s.replace(SPACE_BETWEEN_CJK, '');
}

/** Every whitespace removed: for matching labels and titles written with spaces (文　号, 通 知). */
export function compact(s: string): string {
  return s.replace(/\s+/gu, '');
}

// ---------------------------------------------------------------------------
// Numerals

const CN_DIGIT = '一二三四五六七八九';
export const CN_NUMERAL_CHARS = '一二三四五六七八九十';

/** Chinese numeral (一 … 九十九) → number; null if malformed. */
export function chineseNumeralToNumber(s: string): number | null {
  const digit = (c: string | undefined): number | null => {
    if (c === undefined) return null;
    const i = CN_DIGIT.indexOf(c);
    return i >= 0 ? i + 1 : null;
  };
  if (s.length === 0 || s.length > 3) return null;
  const tenIdx = s.indexOf('十');
  if (tenIdx < 0) return s.length === 1 ? digit(s[0]) : null;
  if (s.indexOf('十', tenIdx + 1) >= 0) return null;
  // At most one digit on either side of 十; none before it means one ten, none after it no ones.
  const side = (part: string, none: number) => (part.length === 0 ? none : part.length === 1 ? digit(part[0]) : null);
  const tens = side(s.slice(0, tenIdx), 1);
  const ones = side(s.slice(tenIdx + 1), 0);
  return tens === null || ones === null ? null : tens * 10 + ones;
}

/** 1 … 99 → 一 … 九十九 (for sections the parser names itself). */
export function numberToChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const d = (k: number) => CN_DIGIT[k - 1] ?? '';
  if (tens === 0) return d(ones);
  return `${tens === 1 ? '' : d(tens)}十${ones === 0 ? '' : d(ones)}`;
}

/** Full-width digits → ASCII digits (２０２３ → 2023). */
export function asciiDigits(s: string): string {
  return s.replace(/[０-９]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

// ---------------------------------------------------------------------------
// Brackets

const OPENERS: ReadonlySet<string> = new Set(['(', '（', '[', '［', '【']);
const CLOSERS: ReadonlySet<string> = new Set([')', '）', ']', '］', '】']);
export function isOpenBracket(ch: string): boolean {
  return OPENERS.has(ch);
}
export function isCloseBracket(ch: string): boolean {
  return CLOSERS.has(ch);
}

/** Split on any char in `seps`, ignoring separators nested inside brackets. */
export function splitTopLevel(s: string, seps: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (isOpenBracket(ch)) depth++;
    else if (isCloseBracket(ch) && depth > 0) depth--;
    else if (depth === 0 && seps.includes(ch)) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/**
 * `s` without the trailing characters in `chars` (and whitespace if `space`). A regex such as
 * /[，。]+$/ backtracks quadratically on long runs of those characters; this scans once from the end.
 */
export function trimEndOf(s: string, chars: string, space = true): string {
  let end = s.length;
  while (end > 0) {
    const ch = s[end - 1] as string;
    if (chars.includes(ch) || (space && /\s/u.test(ch))) end--;
    else break;
  }
  return end === s.length ? s : s.slice(0, end);
}

/** How far back from the end a trailing clause is looked for: no real clause is longer. */
const TRAILING_WINDOW = 2000;

/**
 * If `text` ends with a balanced bracket group (optionally followed by 。；，), its start index and
 * inner content. Only the last TRAILING_WINDOW characters are scanned, so this stays linear however
 * often it is called on a growing text.
 */
export function findTrailingBracket(text: string): { start: number; inner: string } | null {
  const trimmed = trimEndOf(text.length > TRAILING_WINDOW ? text.slice(-TRAILING_WINDOW) : text, '。.；;，,');
  const offset = text.length > TRAILING_WINDOW ? text.length - TRAILING_WINDOW : 0;
  const last = trimmed[trimmed.length - 1];
  if (last === undefined || !isCloseBracket(last)) return null;
  let depth = 0;
  for (let i = trimmed.length - 1; i >= 0; i--) {
    const ch = trimmed[i] as string;
    if (isCloseBracket(ch)) depth++;
    else if (isOpenBracket(ch)) {
      depth--;
      if (depth === 0) return { start: offset + i, inner: trimmed.slice(i + 1, trimmed.length - 1) };
    }
  }
  return null;
}

/** The line without enclosing brackets, when the whole line is one bracket group: `（牵头单位：…）` → `牵头单位：…`. */
export function unwrapBrackets(line: string): string | null {
  const t = findTrailingBracket(line);
  return t && t.start === 0 ? t.inner.trim() : null;
}
