/**
 * Unit clauses: who leads a task, who takes part, which leaders answer for it and by when.
 *
 * A clause is what follows a task in brackets, stands on its own line or fills table cells:
 *   牵头单位：A、B，参与单位：C；D等           labelled lists (any separator 、，,；;)
 *   责任单位：A、B★、C                          ★ (☆ *) marks the lead among responsible units
 *   A牵头，B、C配合 / A、B分别牵头             roles given by a suffix instead of a label
 *   责任领导：张三；完成时限：2023年6月底前     leaders and deadline
 *   责任单位：A、B（列第一位的为牵头单位，下同） notes in brackets are dropped
 * Collective phrases (各镇街, 区直各部门 …) are kept apart as groups, never as units.
 */
import { canonicalUnitName, normalizeUnitName } from '@/lib/units/normalize-unit-name';
import { groupAsWritten, isCollectivePhrase } from './groups';
import { labelRole, readLabel, type LabelRole } from './labels';
import { charLength, isCloseBracket, isOpenBracket, splitTopLevel } from './text';

export type UnitMention = { name: string; marked: boolean };

/** Everything the clauses of one task said, before roles are resolved (see resolveUnits). */
export type UnitAccumulator = {
  lead: UnitMention[];
  participating: UnitMention[];
  responsible: UnitMention[];
  groups: string[];
  leaders: string[];
  deadlineTexts: string[];
  openEnded: boolean;
};

export function emptyAccumulator(): UnitAccumulator {
  return { lead: [], participating: [], responsible: [], groups: [], leaders: [], deadlineTexts: [], openEnded: false };
}

export function mergeAccumulator(into: UnitAccumulator, from: UnitAccumulator): void {
  into.lead.push(...from.lead);
  into.participating.push(...from.participating);
  into.responsible.push(...from.responsible);
  into.groups.push(...from.groups);
  into.leaders.push(...from.leaders);
  into.deadlineTexts.push(...from.deadlineTexts);
  into.openEnded ||= from.openEnded;
}

/** 'skip' = inside a segment with an unknown label (its content is ignored). */
export type ClauseRole = LabelRole | 'skip';

export type ClauseResult = {
  knownLabels: number;
  unknownLabels: string[];
  /** Segments whose role came from a suffix (A牵头, B配合). */
  suffixes: number;
  /** Pieces that do not look like a unit name (too long, a sentence). */
  oddPieces: number;
  /** Role of the last segment, for a list wrapped onto the next line. */
  lastRole: ClauseRole | null;
};

/** Trailing 等 / 等有关部门 on a unit: the list is open-ended. */
const OPEN_ENDED_RE = /等(?:有关|相关)?(?:单位|部门)?$/u;
/** ★ ☆ * mark the lead unit(s) among responsible units. */
const MARK_RE = /^[★☆*＊]+|[★☆*＊]+$/gu;
const MAX_PIECE = 200;
const NOT_A_UNIT = new Set(['无', '暂无', '/', '／', '-', '—', '——', '待定']);
/** A bracketed note that explains the list rather than naming a unit (列第一位的为牵头单位，下同). */
const NOTE_RE = /下同|列第一位|排第一位|列首位|第一位的?为|为牵头或汇总|汇总单位/u;

const LEAD_SUFFIX = /(?:分别|共同|联合)?牵头(?:负责|落实|抓总|推进|实施)?$/u;
const PARTICIPATING_SUFFIX =
  /(?:按职责分工负责|按职责分工落实|按职能职责负责|按职责负责|按职责分工|分工负责|共同推进|共同负责|配合|参与|协助|协办)$/u;
const RESPONSIBLE_SUFFIX = /负责(?:落实)?$/u;

/** Removes bracketed notes at the top level of a clause. */
function dropNotes(s: string): string {
  let out = '';
  let depth = 0;
  let groupStart = -1;
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (isOpenBracket(ch)) {
      if (depth === 0) groupStart = i;
      depth++;
    } else if (isCloseBracket(ch) && depth > 0) {
      depth--;
      if (depth === 0 && NOTE_RE.test(s.slice(groupStart + 1, i))) {
        out += s.slice(last, groupStart);
        last = i + 1;
      }
    }
  }
  return out + s.slice(last);
}

type UnitRole = 'lead' | 'participating' | 'responsible';

/** The role a suffix gives (A牵头 → lead), and the segment without it. */
function readSuffix(segment: string): { role: UnitRole; rest: string } | null {
  for (const [re, role] of [
    [LEAD_SUFFIX, 'lead'],
    [PARTICIPATING_SUFFIX, 'participating'],
    [RESPONSIBLE_SUFFIX, 'responsible'],
  ] as const) {
    const m = re.exec(segment);
    // `由区发改局牵头`: the 由 is not part of the name.
    if (m && m.index > 0) return { role, rest: segment.slice(0, m.index).replace(/^由/u, '') };
  }
  return null;
}

function addPiece(
  raw: string,
  role: UnitRole,
  acc: UnitAccumulator,
  result: ClauseResult,
  aliases: ReadonlyMap<string, string> | undefined,
): void {
  let s = raw.trim();
  // Longer than any unit name: text, not a unit (and kept away from the per-name regexes).
  if (s.length > MAX_PIECE) {
    result.oddPieces++;
    return;
  }
  const marked = /^[★☆*＊]|[★☆*＊]$/u.test(s);
  s = s.replace(MARK_RE, '').trim();
  if (OPEN_ENDED_RE.test(s)) {
    acc.openEnded = true;
    s = s.replace(OPEN_ENDED_RE, '');
  }
  if (s === '' || NOT_A_UNIT.has(s)) return;
  if (isCollectivePhrase(s)) {
    acc.groups.push(groupAsWritten(s));
    return;
  }
  const name = normalizeUnitName(s);
  if (name === '') return;
  if (charLength(name) > 40 || /[。！？!?]/u.test(name)) result.oddPieces++;
  acc[role].push({ name: canonicalUnitName(name, aliases), marked });
}

/** `A、B，C` (and `A及各镇街`) into units or groups of the given role. */
function addUnitList(
  list: string,
  role: UnitRole,
  acc: UnitAccumulator,
  result: ClauseResult,
  aliases: ReadonlyMap<string, string> | undefined,
): void {
  const split = list.replace(/及(?=各|有关|相关|其他|其它)/gu, '、');
  for (const piece of splitTopLevel(split, '、,，;；/／\n')) addPiece(piece, role, acc, result, aliases);
}

function addLeaders(list: string, acc: UnitAccumulator): void {
  for (const piece of list.split(/[、,，;；/／\s]+/u)) {
    const p = piece.trim();
    if (p !== '' && !NOT_A_UNIT.has(p)) acc.leaders.push(p);
  }
}

function emptyResult(initialRole: ClauseRole | null): ClauseResult {
  return { knownLabels: 0, unknownLabels: [], suffixes: 0, oddPieces: 0, lastRole: initialRole };
}

/**
 * Parses clause content into `acc`. Segments without a label continue the role of the one before
 * (`initialRole` for the first: a list wrapped from the previous line, or a table column).
 */
export function parseClause(
  content: string,
  acc: UnitAccumulator,
  aliases: ReadonlyMap<string, string> | undefined,
  initialRole: ClauseRole | null = null,
): ClauseResult {
  const result = emptyResult(initialRole);
  let role: ClauseRole | null = initialRole;
  for (const rawSegment of splitTopLevel(dropNotes(content), ',，;；')) {
    let segment = rawSegment.trim();
    if (segment === '') continue;
    const label = readLabel(segment);
    if (label) {
      const known = labelRole(label.label);
      if (known) {
        role = known;
        result.knownLabels++;
      } else {
        role = 'skip';
        result.unknownLabels.push(label.label);
      }
      segment = label.rest.trim();
    }
    if (role === 'skip') continue;
    if (role === 'leaders') {
      addLeaders(segment, acc);
      continue;
    }
    if (role === 'deadline') {
      if (segment !== '') acc.deadlineTexts.push(segment);
      continue;
    }
    const suffix = readSuffix(segment);
    if (suffix) {
      result.suffixes++;
      addUnitList(suffix.rest, suffix.role, acc, result, aliases);
      // After `A牵头`, an unlabelled list (`，B、C`) takes part.
      if (!label) role = suffix.role === 'lead' ? 'participating' : suffix.role;
      continue;
    }
    if (role === null) {
      result.oddPieces++;
      continue;
    }
    addUnitList(segment, role, acc, result, aliases);
  }
  result.lastRole = role;
  return result;
}

/**
 * Is this bracketed text a unit clause? Yes if it has a known label, or names units by suffix
 * (`区发改局牵头，区财政局配合`) and nothing else. `（二期）`, `（含“2+2+N”产业）` are not.
 */
export function isUnitClause(result: ClauseResult): boolean {
  if (result.knownLabels > 0) return true;
  return result.suffixes > 0 && result.unknownLabels.length === 0 && result.oddPieces === 0;
}

export type ResolvedUnits = { lead: string[]; participating: string[]; groups: string[]; openEnded: boolean };

function dedupe<T>(list: T[]): T[] {
  return [...new Set(list)];
}

/**
 * Who leads: the units labelled 牵头 if any; else those marked ★ among responsible and
 * participating units; else the first responsible unit. Everyone else takes part.
 */
export function resolveUnits(acc: UnitAccumulator): ResolvedUnits {
  const names = (list: UnitMention[]) => list.map((u) => u.name);
  let lead: string[];
  let participating: string[];
  const others = [...acc.responsible, ...acc.participating];
  if (acc.lead.length > 0) {
    lead = names(acc.lead);
    participating = names(others);
  } else if (others.some((u) => u.marked)) {
    lead = names(others.filter((u) => u.marked));
    participating = names(others.filter((u) => !u.marked));
  } else if (acc.responsible.length > 0) {
    lead = names(acc.responsible.slice(0, 1));
    participating = names([...acc.responsible.slice(1), ...acc.participating]);
  } else {
    lead = [];
    participating = names(acc.participating);
  }
  lead = dedupe(lead);
  return {
    lead,
    participating: dedupe(participating).filter((u) => !lead.includes(u)),
    groups: dedupe(acc.groups),
    openEnded: acc.openEnded,
  };
}
