/**
 * Enumeration markers at the start of a line: `第一部分`, `一、`, `（一）`, `1.`, `（1）`, `①`, `一是`.
 * Which of them are sections, headings and tasks is decided per notice (prose-layout.ts), from how
 * they are used; here a line only says which marker it starts with.
 */
import { CN_NUMERAL_CHARS, chineseNumeralToNumber } from './text';

export type MarkerKind = 'part' | 'cn' | 'cnParen' | 'num' | 'numParen' | 'circled' | 'shi';

/** Outline depth of each kind: 第一部分 above 一、 above （一） above 1. above （1） above ① above 一是. */
export const MARKER_LEVEL: Readonly<Record<MarkerKind, number>> = {
  part: 0,
  cn: 1,
  cnParen: 2,
  num: 3,
  numParen: 4,
  circled: 5,
  shi: 6,
};

export type Marker = {
  kind: MarkerKind;
  /** Its number (一 → 1, （3） → 3). */
  value: number;
  /** The numeral as written, for sections (一, 十二, 3). */
  numeral: string;
  /** The line after the marker. */
  rest: string;
};

const N = `[${CN_NUMERAL_CHARS}]{1,3}`;
// Every pattern is anchored and has no nested quantifier, so a long or hostile line fails fast.
const PATTERNS: ReadonlyArray<{ kind: MarkerKind; re: RegExp; cn: boolean }> = [
  { kind: 'part', re: new RegExp(`^第(${N})部分[\\s:：、，,.．]*(.*)$`, 'su'), cn: true },
  // `一是` before `一、`: both start with a numeral, only one of them is followed by 是.
  { kind: 'shi', re: new RegExp(`^(${N})是[\\s，,：:、]*(.*)$`, 'su'), cn: true },
  { kind: 'cn', re: new RegExp(`^(${N})\\s*[、.．]\\s*(.*)$`, 'su'), cn: true },
  { kind: 'cnParen', re: new RegExp(`^[(（]\\s*(${N})\\s*[)）][\\s、.．，,]*(.*)$`, 'su'), cn: true },
  // A dot followed by a digit is a decimal (2.3万亩), not a task number.
  { kind: 'num', re: /^(\d{1,3})\s*(?:[.．](?!\d)|、)\s*(.*)$/su, cn: false },
  { kind: 'numParen', re: /^[(（]\s*(\d{1,3})\s*[)）][\s、.．]*(.*)$/su, cn: false },
];
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

export function readMarker(line: string): Marker | null {
  const first = line[0];
  if (first === undefined) return null;
  const circled = CIRCLED.indexOf(first);
  if (circled >= 0) return { kind: 'circled', value: circled + 1, numeral: first, rest: line.slice(1).trim() };
  for (const { kind, re, cn } of PATTERNS) {
    const m = re.exec(line);
    if (!m) continue;
    const numeral = m[1] ?? '';
    const value = cn ? chineseNumeralToNumber(numeral) : Number(numeral);
    if (value === null || value < 1) continue;
    return { kind, value, numeral, rest: (m[2] ?? '').trim() };
  }
  return null;
}
