/**
 * Target-indicator extractor (目标指标): proposes quantified yearly targets found
 * in a key-task text, e.g. `力争年内税收过千万元企业突破20家` →
 * `{ name: '税收过千万元企业', target: 20, unit: '家', comparator: 'at_least' }`.
 *
 * Pure function: text in, proposals out. No database or framework access.
 * The output is a *proposal*: a person reviews it before it becomes a
 * confirmed indicator (project specifications such as `年产10万吨` are proposed
 * too and have to be dropped by hand).
 *
 * Heuristics:
 *  - the text is split into clauses at `，。；;,`;
 *  - in each clause every `number [range] [余] [万|亿] unit [以上|以下|以内|左右]`
 *    is found; numbers without a unit from the fixed list (years, `500强`, `5G`,
 *    `3.0`, `2+2+N`, `12345`, ratios such as `1.28:1`, document numbers) are ignored;
 *  - a match followed by more text and then another match with no `、`/和/及
 *    between them is a qualifier of the second one
 *    (`投资过10亿元产业项目5个` → one indicator, 5 个);
 *  - the name is the text before the number (after the previous indicator),
 *    without leading filler (力争, 年内, 2023年, 全区 …), trailing verbs
 *    (达到, 突破 …) and quotes, followed by the noun written after the unit
 *    if there is one (`培育2家晨星工厂` → `培育晨星工厂`);
 *  - the kind (指标类型) is proposed from the words and the unit (see proposeKind).
 */
import type { IndicatorKind } from '@/db/schema';

export type IndicatorComparator = 'at_least' | 'at_most';
export type ProposedIndicator = {
  /** Short Chinese name of what is measured. */
  name: string;
  /** Target value; for a range (`1-2家`) the lower bound. */
  target: number;
  /** Upper bound of a range (`1-2家` → 2), else null. */
  targetMax: number | null;
  /** Unit of measure as written, with its 万/亿 prefix: 家, 万亩, %, 亿元 … */
  unit: string;
  comparator: IndicatorComparator;
  /** How the figure will be judged; the extractor never proposes 'binary'. */
  kind: IndicatorKind;
  /** The exact substring of the task text the indicator came from. */
  sourcePhrase: string;
};

export const NAME_MAX_LENGTH = 30;

/** Base units, longest first where one is a prefix/suffix of another. */
export const INDICATOR_UNITS: readonly string[] = [
  '个百分点',
  '百分点',
  '平方公里',
  '平方米',
  '千瓦时',
  '千瓦',
  '公里',
  '千米',
  '公顷',
  '人次',
  '人份',
  '小时',
  '%',
  '％',
  '‰',
  '亩',
  '元',
  '吨',
  '家',
  '个',
  '项',
  '所',
  '处',
  '条',
  '部',
  '名',
  '人',
  '户',
  '套',
  '台',
  '座',
  '辆',
  '株',
  '棵',
  '次',
  '场',
  '批',
  '栋',
  '间',
  '张',
  '床',
  '件',
  '种',
  '支',
  '篇',
  '倍',
  '起',
  '米',
];

const CLAUSE_SEPARATORS = '，。；;,';
/** Between two matches: any of these means they are separate indicators. */
const LIST_SEPARATOR_RE = /[、和及]/u;
/** After-unit noun is cut at the first of these. */
const AFTER_TEXT_STOP_RE = /[、和及与等]/u;

const NUM = String.raw`\d+(?:\.\d+)?`;
const RANGE_SEP = String.raw`[-－—–~～至到]`;
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * A number not glued to a preceding digit/letter/dot/colon (`G518`, `1.28:1`)
 * or ordinal `第`, an optional range (`1-2`, `10%-15`), `余`, 万/亿 prefix, a unit, and not
 * followed by a Latin letter or digit.
 */
const MATCH_RE = new RegExp(
  String.raw`(?<![\dA-Za-z.．:：第])(${NUM})(?:[%％]?\s*${RANGE_SEP}\s*(${NUM}))?(余)?(万|亿)?(${INDICATOR_UNITS.map(escapeRe).join('|')})(?![A-Za-z\d])`,
  'gu',
);
const SUFFIX_RE = /^(?:及以上|以上|以下|以内|左右)/u;

const AT_MOST_WORDS = ['不超过', '不高于', '控制在', '以下', '以内', '≤', '<', '＜'];
const AT_LEAST_WORDS = ['不少于', '不低于', '以上', '突破', '超过', '至少', '≥', '>', '＞'];

/** Leading filler removed from names (applied repeatedly). */
const LEADING_FILLER_RE =
  /^(?:\d{4}年(?:度|底|内)?|力争|争取|年内|全年|确保|年底|年末|今年|当年|全区|全市|实现|到(?=\d{4}年)|将(?!来)|其中|同时|积极|努力|进一步|累计)/u;
/** Trailing verbs / comparator words removed from the part of a name before the number. */
const TRAILING_VERB_RE =
  /(?:达到|突破|超过|不少于|不低于|不超过|不高于|控制在|至少|达|为|≥|≤|>|<|＞|＜)$/u;
const QUOTES_RE = /[“”"＂‘’']/gu;
const LEADING_SEPARATOR_RE = /^[\s、和及与,，]+/u;

type RawMatch = {
  start: number; // index in the clause
  unitEnd: number; // end of the unit
  end: number; // end including a comparator suffix (以上 …)
  suffix: string;
  target: number;
  targetMax: number | null;
  unit: string;
};

function findMatches(clause: string): RawMatch[] {
  const out: RawMatch[] = [];
  for (const m of clause.matchAll(MATCH_RE)) {
    const start = m.index;
    const first = m[1];
    const unit = m[5];
    if (first === undefined || unit === undefined) continue;
    const unitEnd = start + m[0].length;
    const suffix = SUFFIX_RE.exec(clause.slice(unitEnd))?.[0] ?? '';
    const second = m[2];
    const target = Number(first);
    let targetMax = second === undefined ? null : Number(second);
    if (targetMax !== null && targetMax <= target) targetMax = null; // not a real range
    out.push({
      start,
      unitEnd,
      end: unitEnd + suffix.length,
      suffix,
      target,
      targetMax,
      unit: (m[4] ?? '') + (unit === '％' ? '%' : unit),
    });
  }
  return out;
}

function stripLeading(s: string): string {
  let cur = s.replace(LEADING_SEPARATOR_RE, '');
  for (;;) {
    const next = cur.replace(LEADING_FILLER_RE, '').replace(LEADING_SEPARATOR_RE, '');
    if (next === cur) return cur;
    cur = next;
  }
}

function stripTrailing(s: string): string {
  let cur = s.trim();
  for (;;) {
    const next = cur.replace(TRAILING_VERB_RE, '').trim();
    if (next === cur) return cur;
    cur = next;
  }
}

function comparatorOf(rawPrefix: string, suffix: string): IndicatorComparator {
  if (suffix === '以下' || suffix === '以内') return 'at_most';
  if (suffix === '以上' || suffix === '及以上') return 'at_least';
  const p = rawPrefix.trim();
  // Longest words first so 不超过 wins over 超过.
  const words = [
    ...AT_MOST_WORDS.map((w) => ({ w, c: 'at_most' as const })),
    ...AT_LEAST_WORDS.map((w) => ({ w, c: 'at_least' as const })),
  ].sort((a, b) => b.w.length - a.w.length);
  for (const { w, c } of words) if (p.endsWith(w)) return c;
  return 'at_least';
}

/** A ceiling (≤): 不超过, 控制在, 以内, 下降 … */
const CEILING_WORDS_RE = /不超过|不高于|控制在|以内|以下|下降|≤|＜|</u;
/** A growth against last year, when the unit is a percentage: 增长10%, 增速, 同比; 提高5% (not 提高到). */
const GROWTH_WORDS_RE = /增长|增速|同比|(?:提高|提升)(?![到至])/u;
/** A rate or share (率, 占比, 比重 …): a level, judged as it stands. */
const LEVEL_WORDS_RE = /率|占比|比重|比例/u;

/**
 * The proposed kind of an indicator: ceiling for 不超过/控制在/以内/下降/≤ (or an at-most
 * comparator); growth for 增长/增速/同比/提高 with a percentage; level for a 率/占比 or any other
 * percentage (a percentage is never a running total); else cumulative (a count or amount that
 * adds up over the year, paced by 序时进度).
 */
export function proposeKind(p: { name: string; unit: string; comparator: IndicatorComparator; sourcePhrase: string }): Exclude<IndicatorKind, 'binary'> {
  const text = `${p.name}\u0000${p.sourcePhrase}`;
  const percent = p.unit === '%' || p.unit === '‰' || p.unit.endsWith('百分点');
  if (p.comparator === 'at_most' || CEILING_WORDS_RE.test(text)) return 'ceiling';
  if (percent && GROWTH_WORDS_RE.test(text)) return 'growth';
  if (percent || LEVEL_WORDS_RE.test(p.name)) return 'level';
  return 'cumulative';
}

function truncateName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= NAME_MAX_LENGTH) return name;
  // The measured noun is at the end; leading verbs/qualifiers go first.
  return chars.slice(chars.length - NAME_MAX_LENGTH).join('').replace(LEADING_SEPARATOR_RE, '');
}

function extractFromClause(clause: string): ProposedIndicator[] {
  const matches = findMatches(clause);
  if (matches.length === 0) return [];

  // Group qualifier matches with the match they qualify.
  const groups: RawMatch[][] = [];
  for (const m of matches) {
    const current = groups[groups.length - 1];
    const prev = current?.[current.length - 1];
    if (current && prev) {
      const between = clause.slice(prev.end, m.start);
      if (between.trim() !== '' && !LIST_SEPARATOR_RE.test(between)) {
        current.push(m);
        continue;
      }
    }
    groups.push([m]);
  }

  const out: ProposedIndicator[] = [];
  let segStart = 0;
  groups.forEach((group, gi) => {
    const first = group[0];
    const primary = group[group.length - 1];
    if (!first || !primary) return;
    const nextStart = groups[gi + 1]?.[0]?.start ?? clause.length;

    // Start of the phrase: skip separators / whitespace left over from the previous indicator.
    let start = segStart;
    while (start < first.start && /[\s、和及与]/u.test(clause[start] ?? '')) start++;

    // Noun written after the unit (培育2家晨星工厂 → 晨星工厂), up to a list separator.
    const rest = clause.slice(primary.end, nextStart);
    const stop = rest.search(AFTER_TEXT_STOP_RE);
    const afterRaw = stop >= 0 ? rest.slice(0, stop) : rest;
    const after = afterRaw.replace(QUOTES_RE, '').trim();
    const end = primary.end + (after === '' ? 0 : afterRaw.length);
    segStart = end;

    const rawPrefix = clause.slice(start, primary.start).replace(QUOTES_RE, '');
    const prefix = stripTrailing(stripLeading(rawPrefix));
    const sourcePhrase = clause.slice(start, end).trim();
    // Nothing names the target (`控制在5%以内`): let the reviewer name it from the phrase.
    const name = truncateName((prefix + after).trim() || sourcePhrase.replace(QUOTES_RE, ''));

    const comparator = comparatorOf(rawPrefix, primary.suffix);
    const kind = proposeKind({ name, unit: primary.unit, comparator, sourcePhrase });
    out.push({
      name,
      target: primary.target,
      targetMax: primary.targetMax,
      unit: primary.unit,
      // A ceiling is at most its target (能耗下降3% reads as ≤ 3 until a reviewer says otherwise).
      comparator: kind === 'ceiling' ? 'at_most' : comparator,
      kind,
      sourcePhrase,
    });
  });
  return out;
}

/** A name that is only a change verb refers to the previous indicator: `收入突破100亿元,增长15%`. */
const BARE_CHANGE_RE = /^(?:同比)?(?:增长|提高|提升|增加|下降|降低|减少)$/u;

/** Propose the target indicators written in one task's text, in text order. */
export function extractIndicators(taskText: string): ProposedIndicator[] {
  const out: ProposedIndicator[] = [];
  let clause = '';
  const flush = () => {
    for (const ind of extractFromClause(clause)) {
      const prev = out[out.length - 1];
      if (prev && BARE_CHANGE_RE.test(ind.name)) ind.name = truncateName(prev.name + ind.name);
      out.push(ind);
    }
    clause = '';
  };
  for (const ch of taskText) {
    if (CLAUSE_SEPARATORS.includes(ch)) flush();
    else clause += ch;
  }
  flush();
  return out;
}
