/**
 * Collects what the layouts read (sections, headings, task drafts, warnings) in document order,
 * then turns the drafts into ParsedTasks once the header (and so the plan's year) is known.
 */
import type { ParsedSection, ParsedTask, ParseWarning } from '../parsed-plan';
import { parseDeadline } from './deadline';
import type { TableSink, TableTask } from './table-layout';
import { charLength, collapseCjkSpaces, findTrailingBracket, numberToChineseNumeral, trimEndOf } from './text';
import {
  emptyAccumulator,
  isUnitClause,
  mergeAccumulator,
  parseClause,
  resolveUnits,
  type UnitAccumulator,
} from './units-clause';
import { KNOWN_LABELS } from './labels';

export const TITLE_MAX_LENGTH = 40;

/** How far from a task's end a clause is looked for: no real clause is longer. */
const CLAUSE_WINDOW = 2000;
/** A sentence that starts with a unit, leader or deadline label (after 。 or ；). */
const SENTENCE_CLAUSE_RE = new RegExp(`[。；;]\\s*(?:${KNOWN_LABELS.join('|')})\\s*[:：]`, 'u');

export type Draft = {
  line: number;
  /** Last line read into the task (warnings about its clause cite it). */
  lastLine: number;
  /** Index into the builder's sections. */
  section: number;
  headingPath: string[];
  text: string;
  acc: UnitAccumulator;
  /** Prose tasks may end with a bracketed unit clause, still inside `text`. */
  fromProse: boolean;
  /** The task's own number as written (1. → 1), for numbering warnings. */
  markerValue: number | null;
};

type SectionDraft = { numeral: string; title: string; line: number; implicit: boolean };

export class PlanBuilder implements TableSink {
  private readonly sections: SectionDraft[] = [];
  private readonly drafts: Draft[] = [];
  readonly warnings: ParseWarning[] = [];
  private headingPath: string[] = [];
  private lastSectionValue = 0;

  constructor(
    private readonly lineText: (line: number) => string,
    private readonly aliases: ReadonlyMap<string, string> | undefined,
  ) {}

  warn(line: number, message: string): void {
    this.warnings.push({ line, text: this.lineText(line), message });
  }

  /** `value`: the section's number as written, for the continuity check (null: none written). */
  openSection(numeral: string | null, title: string, line: number, value: number | null): void {
    if (value !== null) {
      // A restart at 一 is a new part (an attachment after the notice's own 一、二、三、), not a gap.
      if (value !== 1 && value !== this.lastSectionValue + 1) {
        this.warn(line, `部分序号不连续：此处应为第${this.lastSectionValue + 1}部分，实际为「${numeral ?? value}」`);
      }
      this.lastSectionValue = value;
    }
    const explicit = this.sections.filter((s) => !s.implicit).length;
    this.sections.push({ numeral: numeral ?? numberToChineseNumeral(explicit + 1), title, line, implicit: false });
    this.headingPath = [];
  }

  /** A heading below the section at `depth` (0 = just below it). */
  setHeading(depth: number, text: string): void {
    this.headingPath = [...this.headingPath.slice(0, depth), text];
  }

  openHeading(text: string): void {
    this.setHeading(0, text);
  }

  /** Starts a task in the current section (a placeholder section if there is none yet). */
  addDraft(init: Pick<Draft, 'line' | 'text' | 'fromProse' | 'markerValue'> & { acc?: UnitAccumulator }): Draft {
    if (this.sections.length === 0) this.sections.push({ numeral: '', title: '', line: init.line, implicit: true });
    const draft: Draft = {
      line: init.line,
      lastLine: init.line,
      section: this.sections.length - 1,
      headingPath: [...this.headingPath],
      text: init.text,
      acc: init.acc ?? emptyAccumulator(),
      fromProse: init.fromProse,
      markerValue: init.markerValue,
    };
    this.drafts.push(draft);
    return draft;
  }

  addTask(task: TableTask): void {
    this.addDraft({ line: task.line, text: task.text, fromProse: false, markerValue: null, acc: task.acc });
  }

  // -------------------------------------------------------------------------

  /** Moves a trailing `（牵头单位：…）` / `（区发改局牵头）` from the text into the task's units. */
  private takeTrailingClauses(d: Draft): string {
    let text = d.text;
    for (let k = 0; k < 3; k++) {
      const bracket = findTrailingBracket(text);
      if (!bracket) break;
      const acc = emptyAccumulator();
      const clause = parseClause(bracket.inner, acc, this.aliases);
      if (!isUnitClause(clause)) {
        if (clause.unknownLabels.length > 0 && clause.knownLabels === 0) {
          this.warn(
            d.lastLine,
            `括号内的标签「${clause.unknownLabels.join('、')}」不是可识别的单位标签，未作为责任单位解析（可识别的标签：${KNOWN_LABELS.join('、')}）`,
          );
        }
        break;
      }
      for (const label of clause.unknownLabels) this.warn(d.lastLine, unknownLabelMessage(label));
      text = text.slice(0, bracket.start);
      mergeAccumulator(acc, d.acc);
      d.acc = acc;
    }
    return this.takeSentenceClause(d, text);
  }

  /** Moves a last sentence such as `责任单位：区发改局。完成时限：6月底前。` (no brackets) into the units. */
  private takeSentenceClause(d: Draft, text: string): string {
    const offset = Math.max(0, text.length - CLAUSE_WINDOW);
    const tail = text.slice(offset);
    const m = SENTENCE_CLAUSE_RE.exec(tail);
    if (!m) return text;
    const start = m.index + 1;
    const acc = emptyAccumulator();
    const clause = parseClause(tail.slice(start).replace(/。/gu, '；'), acc, this.aliases);
    if (clause.knownLabels === 0 || clause.oddPieces > 0) return text;
    mergeAccumulator(acc, d.acc);
    d.acc = acc;
    return text.slice(0, offset + start);
  }

  private toTask(d: Draft, text: string, year: number | null): Omit<ParsedTask, 'no' | 'sectionNo'> {
    // Title: the first sentence (up to 。 or ；), at most TITLE_MAX_LENGTH characters.
    const m = /[。；;]/u.exec(text);
    const sentence = m ? text.slice(0, m.index) : text;
    let title = trimEndOf(sentence.trim(), '。.．；;，,、：:');
    let body = m ? text.slice(m.index + 1).trim() : '';
    if (charLength(title) > TITLE_MAX_LENGTH) {
      title = Array.from(title).slice(0, TITLE_MAX_LENGTH - 1).join('') + '…';
      body = text; // keep the full text so nothing is lost
    }
    const units = resolveUnits(d.acc);
    const deadlineText = d.acc.deadlineTexts.length > 0 ? d.acc.deadlineTexts.join('；') : null;
    return {
      title,
      body,
      text,
      lead: units.lead,
      participating: units.participating,
      leaders: [...new Set(d.acc.leaders)],
      deadline: deadlineText ? parseDeadline(deadlineText, year) : null,
      deadlineText,
      openEnded: units.openEnded,
      groups: units.groups,
      headingPath: d.headingPath,
      line: d.line,
    };
  }

  private checkNumbering(tasks: readonly { markerValue: number | null; line: number }[], total: number): void {
    const numbered = tasks.filter((t) => t.markerValue !== null);
    const seen = new Set<number>();
    const firstDup = numbered.find((t) => {
      if (seen.has(t.markerValue as number)) return true;
      seen.add(t.markerValue as number);
      return false;
    });
    if (firstDup) {
      this.warn(firstDup.line, `任务编号有重复（可能每个部分都从1重新编号），已按文档顺序统一重新编号为1–${total}`);
      return;
    }
    let expected = 1;
    for (const t of numbered) {
      const value = t.markerValue as number;
      if (value !== expected) this.warn(t.line, `任务编号不连续：此处应为${expected}，实际为${value}，已按文档顺序重新编号`);
      expected = value + 1;
    }
  }

  /** The sections and tasks, numbered 1..n in document order; sections without a task are left out. */
  finish(year: number | null): { sections: ParsedSection[]; tasks: ParsedTask[] } {
    const built: { draft: Draft; task: Omit<ParsedTask, 'no' | 'sectionNo'> }[] = [];
    for (const d of this.drafts) {
      const raw = d.fromProse ? this.takeTrailingClauses(d) : d.text;
      // Leading punctuation is no part of the task (`1.，…`); a text of punctuation only is no task.
      const text = collapseCjkSpaces(raw).trim().replace(/^[\s。.．；;，,、：:]+/u, '');
      if (!/[\p{L}\p{N}]/u.test(text)) {
        this.warn(d.line, '任务缺少内容，已忽略');
        continue;
      }
      built.push({ draft: d, task: this.toTask(d, text, year) });
    }
    this.checkNumbering(
      built.map((b) => ({ markerValue: b.draft.markerValue, line: b.draft.line })),
      built.length,
    );

    const used = new Set(built.map((b) => b.draft.section));
    const hasExplicit = this.sections.some((s, i) => !s.implicit && used.has(i));
    const sectionNo = new Map<number, number>();
    const sections: ParsedSection[] = [];
    this.sections.forEach((s, i) => {
      if (!used.has(i)) return;
      let { numeral, title } = s;
      if (s.implicit) {
        if (hasExplicit) {
          numeral = '';
          title = '未分部分';
          this.warn(s.line, '任务出现在任何部分标题（如"一、……"）之前，已归入"未分部分"');
        } else {
          numeral = '一';
          title = '重点任务';
        }
      }
      sectionNo.set(i, sections.length + 1);
      sections.push({ no: sections.length + 1, numeral, title, line: s.line });
    });
    const tasks: ParsedTask[] = built.map((b, i) => ({
      no: i + 1,
      ...b.task,
      sectionNo: sectionNo.get(b.draft.section) ?? 1,
    }));
    this.warnings.sort((a, b) => a.line - b.line);
    return { sections, tasks };
  }
}

export function unknownLabelMessage(label: string): string {
  return `未知的单位标签「${label}」，该部分单位已忽略（可识别的标签：${KNOWN_LABELS.join('、')}）`;
}
