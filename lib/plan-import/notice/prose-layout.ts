/**
 * Notices written as text: numbered headings and tasks, with unit clauses in brackets at the end
 * of a task or on their own lines.
 *
 * Which numbering marks sections, headings and tasks differs between notices (一、/（一）/1. or
 * only （一） and 1., or 一、 items that are themselves tasks), so it is decided per notice first:
 *  - the task level is the marker kind whose items most often carry units (a clause or unit lines);
 *    without any units, `1.` items (else the deepest kind present);
 *  - the shallowest kind above it that is used for short heading lines marks sections, the kinds
 *    between mark headings (kept as the task's headingPath); deeper kinds are part of a task's text;
 *  - the body starts at the first task with units (or table), with the numbered tasks and headings
 *    right above it; what comes before is the notice's own text, read for its header (its
 *    `一、高度重视…` requirements are not sections).
 */
import { readLabel, labelRole, readUnknownUnitLabel } from './labels';
import { MARKER_LEVEL, readMarker, type Marker, type MarkerKind } from './markers';
import { PlanBuilder, unknownLabelMessage, type Draft } from './builder';
import { readTableRows, type ColumnRole, type TableRow } from './table-layout';
import { charLength, findTrailingBracket, isCloseBracket, isOpenBracket, trimEndOf, unwrapBrackets } from './text';
import { emptyAccumulator, isUnitClause, parseClause, type ClauseRole } from './units-clause';

export type Item =
  | { kind: 'line'; raw: string; text: string; line: number }
  | { kind: 'table'; roles: ColumnRole[]; rows: TableRow[]; line: number };

type Info =
  | { kind: 'blank' }
  | { kind: 'table' }
  | { kind: 'marker'; marker: Marker; headingLike: boolean; hasUnits: boolean }
  /** `open`: the line opens a bracket it does not close (`（牵头单位：A；配` … `合单位：B）`). */
  | { kind: 'units'; content: string; open: boolean }
  | { kind: 'unknownUnits'; label: string }
  | { kind: 'other' };

/** A heading is one short phrase: at most this many characters, no sentence break inside. */
const HEADING_MAX = 40;

/** Is this bracketed text (or clause content) a unit clause? Aliases do not matter for the answer. */
function isClauseText(content: string): boolean {
  return isUnitClause(parseClause(content, emptyAccumulator(), undefined));
}

/** Does the text end with a bracketed unit clause? */
function endsWithClause(text: string): boolean {
  const b = findTrailingBracket(text);
  return b !== null && isClauseText(b.inner);
}

/** The text without a trailing unit clause (for headings: `一、…（牵头领导：…）`). */
function withoutClause(text: string): string {
  const b = findTrailingBracket(text);
  return b && b.start > 0 && isClauseText(b.inner) ? text.slice(0, b.start).trim() : text;
}

/**
 * Brackets still open at the end of a task's text, updated line by line (the text itself is never
 * rescanned, so reading a task stays linear in its length). `opensClause`: the outermost open
 * bracket starts a labelled unit clause (`(牵头单位:A、` … `B)`), which the next lines continue.
 */
type BracketState = { depth: number; opensClause: boolean };

function scanBrackets(chunk: string, state: BracketState = { depth: 0, opensClause: false }): BracketState {
  for (let i = 0; i < chunk.length; i++) {
    const ch = chunk[i] as string;
    if (isOpenBracket(ch)) {
      if (state.depth === 0) {
        const label = readLabel(chunk.slice(i + 1, i + 41).trim());
        state.opensClause = label !== null && labelRole(label.label) !== null;
      }
      state.depth++;
    } else if (isCloseBracket(ch) && state.depth > 0) {
      state.depth--;
      if (state.depth === 0) state.opensClause = false;
    }
  }
  return state;
}

function isHeadingLike(rest: string): boolean {
  const t = trimEndOf(withoutClause(rest), '。！？!?；;：:');
  return t !== '' && charLength(t) <= HEADING_MAX && !/[。！？!?；;]/u.test(t);
}

function looksLikeProse(line: string): boolean {
  return /[，,。；;、]/u.test(line) || charLength(line) > 15;
}

function classify(text: string): Info {
  if (text === '') return { kind: 'blank' };
  const marker = readMarker(text);
  if (marker) {
    const inline = endsWithClause(marker.rest) || scanBrackets(marker.rest).opensClause;
    return { kind: 'marker', marker, headingLike: isHeadingLike(marker.rest), hasUnits: inline };
  }
  // A unit line, maybe wrapped in brackets: 牵头单位：…, （牵头单位：…；配合单位：…）, （A牵头，B配合）.
  const inner = unwrapBrackets(text);
  const content = inner ?? text;
  const label = readLabel(content);
  if (label && labelRole(label.label) !== null) return { kind: 'units', content, open: false };
  if (inner !== null && isClauseText(inner)) return { kind: 'units', content, open: false };
  if (inner === null && isOpenBracket(text[0] ?? '') && scanBrackets(text).depth > 0) {
    const opened = readLabel(text.slice(1).trim());
    if (opened && labelRole(opened.label) !== null) return { kind: 'units', content: text, open: true };
  }
  const unknown = readUnknownUnitLabel(text);
  if (unknown) return { kind: 'unknownUnits', label: unknown };
  return { kind: 'other' };
}

/** How a notice uses its numbering, decided before it is read (see the top of this file). */
type Outline = {
  infos: Info[];
  taskKind: MarkerKind | null;
  sectionKind: MarkerKind | null;
  headingKinds: MarkerKind[];
  bodyStart: number;
  /** Is a unit line ahead of item i (past blank and prose lines, before the next task)? */
  unitsAhead: boolean[];
};

/**
 * Marks each marker line that carries units: inline, or unit lines after it. Unit lines belong to
 * the nearest marker line before them, except after a run of sub-items (`1.…` `（1）…` `（2）…`
 * `牵头单位：…`): then they belong to the line that opened the run.
 */
function markUnitBearing(infos: Info[]): void {
  let window: number[] = [];
  const markerAt = (i: number | undefined) => {
    const info = i === undefined ? undefined : infos[i];
    return info?.kind === 'marker' ? info : null;
  };
  for (let i = 0; i < infos.length; i++) {
    const info = infos[i] as Info;
    if (info.kind === 'marker') {
      if (info.hasUnits) window = [];
      else window.push(i);
    } else if (info.kind === 'units') {
      const nearest = markerAt(window[window.length - 1]);
      if (nearest) {
        let run = 0;
        while (run < window.length && markerAt(window[window.length - 1 - run])?.marker.kind === nearest.marker.kind) run++;
        const opener = markerAt(window[window.length - 1 - run]);
        const credited = run >= 2 && opener && MARKER_LEVEL[opener.marker.kind] < MARKER_LEVEL[nearest.marker.kind] ? opener : nearest;
        credited.hasUnits = true;
      }
      window = [];
    } else if (info.kind === 'table') {
      window = [];
    }
  }
}

function chooseTaskKind(infos: readonly Info[]): MarkerKind | null {
  const withUnits = new Map<MarkerKind, number>();
  const present = new Set<MarkerKind>();
  for (const info of infos) {
    if (info.kind !== 'marker') continue;
    present.add(info.marker.kind);
    if (info.hasUnits) withUnits.set(info.marker.kind, (withUnits.get(info.marker.kind) ?? 0) + 1);
  }
  let best: MarkerKind | null = null;
  for (const [kind, n] of withUnits) {
    const b = best === null ? 0 : (withUnits.get(best) ?? 0);
    if (best === null || n > b || (n === b && MARKER_LEVEL[kind] > MARKER_LEVEL[best])) best = kind;
  }
  if (best) return best;
  if (present.has('num')) return 'num';
  let deepest: MarkerKind | null = null;
  for (const kind of present) if (deepest === null || MARKER_LEVEL[kind] > MARKER_LEVEL[deepest]) deepest = kind;
  return deepest;
}

function analyse(items: readonly Item[]): Outline {
  const infos: Info[] = items.map((item) => (item.kind === 'table' ? { kind: 'table' } : classify(item.text)));
  markUnitBearing(infos);
  const taskKind = chooseTaskKind(infos);
  const taskLevel = taskKind ? MARKER_LEVEL[taskKind] : Infinity;

  const headingKinds = new Set<MarkerKind>();
  for (const info of infos) {
    if (info.kind === 'marker' && info.headingLike && MARKER_LEVEL[info.marker.kind] < taskLevel) headingKinds.add(info.marker.kind);
  }
  const above = [...headingKinds].sort((a, b) => MARKER_LEVEL[a] - MARKER_LEVEL[b]);
  const sectionKind = above[0] ?? null;

  // The body starts at the first table or task with units (without any: the first task), taken
  // back over the numbered tasks and the headings right above it. Headings followed by prose
  // before that are the notice's own text (一、加强领导 …), not sections.
  const isHeading = (info: Info): boolean =>
    info.kind === 'marker' &&
    info.headingLike &&
    (headingKinds.has(info.marker.kind) ||
      (info.marker.kind === taskKind && sectionKind === null && isTopKind(taskKind) && !info.hasUnits));
  let first = infos.findIndex((info) => info.kind === 'table' || (info.kind === 'marker' && info.marker.kind === taskKind && info.hasUnits));
  if (first < 0) first = infos.findIndex((info) => info.kind === 'marker' && info.marker.kind === taskKind);
  let bodyStart = first < 0 ? infos.length : includeNumberedRun(infos, first, taskKind);
  for (let i = bodyStart - 1; i >= 0; i--) {
    const info = infos[i] as Info;
    if (info.kind === 'blank') continue;
    if (!isHeading(info)) break;
    bodyStart = i;
  }

  const unitsAhead: boolean[] = new Array<boolean>(infos.length).fill(false);
  let ahead = false;
  for (let i = infos.length - 1; i >= 0; i--) {
    unitsAhead[i] = ahead;
    const info = infos[i] as Info;
    const item = items[i];
    if (info.kind === 'units' || info.kind === 'unknownUnits') ahead = true;
    else if (info.kind === 'blank') continue;
    else if (info.kind === 'other' && item?.kind === 'line' && looksLikeProse(item.text)) continue;
    else ahead = false;
  }
  return { infos, taskKind, sectionKind, headingKinds: above.slice(1), bodyStart, unitsAhead };
}

function isTopKind(kind: MarkerKind | null): boolean {
  return kind === 'cn' || kind === 'part';
}

/**
 * The body starts at the first task with units, say `3.`; if `1.` and `2.` (without units) come
 * right before it, they are tasks too, not header text.
 */
function includeNumberedRun(infos: readonly Info[], start: number, taskKind: MarkerKind | null): number {
  const first = infos[start];
  if (!first || first.kind !== 'marker' || first.marker.kind !== taskKind || first.marker.value <= 1) return start;
  let expected = first.marker.value - 1;
  let at = start;
  for (let i = start - 1; i >= 0 && expected >= 1; i--) {
    const info = infos[i] as Info;
    if (info.kind === 'marker') {
      if (info.marker.kind !== taskKind || info.marker.value !== expected) return start;
      at = i;
      expected--;
    } else if (info.kind === 'table') return start;
  }
  return expected === 0 ? at : start;
}

type Current = {
  draft: Draft;
  hasUnitLines: boolean;
  /** The previous unit line ended with 、/，: this line continues its list. */
  pendingRole: ClauseRole | null;
  bracket: BracketState;
  /** The end of the task's text, for checks on how it ends (a clause, a full stop). */
  tail: string;
  /** A bracketed unit line not closed yet: its lines are joined, then read as one clause. */
  openClause: { text: string; line: number; state: BracketState } | null;
};

/** How much of a task's end is kept for those checks (longer than any clause). */
const TAIL = 2000;

export type ProseResult = { preamble: string[]; later: string[] };

/** Reads the items (text lines and tables) into the builder; returns the header lines. */
export function readProse(items: readonly Item[], builder: PlanBuilder, aliases: ReadonlyMap<string, string> | undefined): ProseResult {
  const outline = analyse(items);
  const taskLevel = outline.taskKind ? MARKER_LEVEL[outline.taskKind] : Infinity;
  const preamble: string[] = [];
  const later: string[] = [];
  let current: Current | null = null;

  const append = (cur: Current, text: string, line: number) => {
    cur.draft.text += text;
    cur.draft.lastLine = line;
    cur.tail = (cur.tail + text).slice(-TAIL);
    scanBrackets(text, cur.bracket);
  };
  const unplaced = (line: number, text: string) => {
    later.push(text);
    builder.warn(line, '无法归入任何任务，已忽略');
  };
  const headingText = (line: string) => trimEndOf(withoutClause(line), '。：:');
  const readUnitLine = (cur: Current, content: string, line: number) => {
    const clause = parseClause(content, cur.draft.acc, aliases);
    for (const label of clause.unknownLabels) builder.warn(line, unknownLabelMessage(label));
    cur.hasUnitLines = true;
    return clause;
  };
  /** Reads a wrapped bracketed unit line once it is closed (or the task ends). */
  const closeClause = (cur: Current) => {
    const open = cur.openClause;
    if (!open) return;
    cur.openClause = null;
    readUnitLine(cur, unwrapBrackets(open.text) ?? open.text.slice(1), open.line);
  };
  const endTask = () => {
    if (current) closeClause(current);
    current = null;
  };

  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Item;
    const info = outline.infos[i] as Info;
    if (item.kind === 'table') {
      endTask();
      readTableRows(item.roles, item.rows, builder, aliases);
      continue;
    }
    if (info.kind === 'blank') continue;
    const { text, line } = item;
    if (i < outline.bodyStart) {
      preamble.push(text);
      continue;
    }
    // Lines that continue a bracket still open: a wrapped unit line, or a clause after the task text.
    if (current && info.kind !== 'marker') {
      const open = current.openClause;
      if (open) {
        open.text += text;
        current.draft.lastLine = line;
        if (scanBrackets(text, open.state).depth === 0) closeClause(current);
        continue;
      }
      if (!current.hasUnitLines && current.bracket.opensClause) {
        append(current, text, line); // `(牵头单位:A、` … `B)`
        continue;
      }
    }

    if (info.kind === 'marker') {
      const { marker } = info;
      const level = MARKER_LEVEL[marker.kind];
      if (marker.kind === outline.sectionKind && info.headingLike) {
        endTask();
        builder.openSection(marker.numeral, headingText(marker.rest), line, marker.value);
        continue;
      }
      const depth = outline.headingKinds.indexOf(marker.kind);
      if (depth >= 0 && info.headingLike) {
        endTask();
        builder.setHeading(depth, headingText(text));
        continue;
      }
      if (marker.kind === outline.taskKind) {
        if (outline.sectionKind === null && isTopKind(marker.kind) && !info.hasUnits && info.headingLike) {
          endTask();
          builder.openSection(marker.numeral, headingText(marker.rest), line, marker.value);
          continue;
        }
        endTask();
        const draft = builder.addDraft({ line, text: marker.rest, fromProse: true, markerValue: marker.value });
        current = {
          draft,
          hasUnitLines: false,
          pendingRole: null,
          bracket: scanBrackets(marker.rest),
          tail: marker.rest.slice(-TAIL),
          openClause: null,
        };
        continue;
      }
      // A sub-item (（1）, 一是 under a `1.` task) belongs to the task's text.
      if (level > taskLevel && current && !current.hasUnitLines) {
        append(current, text, line);
        continue;
      }
    }

    const cur: Current | null = current;
    if (info.kind === 'units') {
      if (!cur) {
        builder.warn(line, '单位行之前没有对应的任务，已忽略');
        continue;
      }
      cur.draft.lastLine = line;
      if (info.open) {
        cur.openClause = { text: info.content, line, state: scanBrackets(info.content) };
        continue;
      }
      const clause = readUnitLine(cur, info.content, line);
      // `牵头单位：A、` / `责任单位：` — the list goes on on the next line.
      cur.pendingRole = /[、，,:：]$/u.test(info.content) ? clause.lastRole : null;
      continue;
    }
    if (info.kind === 'unknownUnits') {
      if (cur) {
        cur.hasUnitLines = true;
        cur.pendingRole = null;
      }
      builder.warn(line, unknownLabelMessage(info.label));
      continue;
    }

    // Any other line: a wrapped unit list, a wrapped task text, or something that belongs to no task.
    if (cur && cur.pendingRole) {
      const clause = parseClause(text, cur.draft.acc, aliases, cur.pendingRole);
      for (const label of clause.unknownLabels) builder.warn(line, unknownLabelMessage(label));
      cur.draft.lastLine = line;
      cur.pendingRole = /[、，,]$/u.test(text) ? clause.lastRole : null;
      continue;
    }
    if (cur && !cur.hasUnitLines && !endsWithClause(cur.tail) && looksLikeProse(text)) {
      const endsSentence = '。！？!?'.includes(cur.tail[cur.tail.length - 1] ?? '');
      if (!endsSentence || outline.unitsAhead[i]) {
        append(cur, text, line);
        continue;
      }
    }
    unplaced(line, text);
  }
  endTask();
  return { preamble, later };
}
