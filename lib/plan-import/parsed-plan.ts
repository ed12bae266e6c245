import { RefusalError } from '@/lib/errors';
import type { PlanKind } from './plan-kinds';

/**
 * What every parser of an imported list produces (the notice parser, the work-report parser), and
 * what the importer writes. Pure types; the `--json` contract (json-contract.ts) is derived from them.
 */

export { PLAN_KIND_LABELS, PLAN_KINDS, type PlanKind } from './plan-kinds';

export type ParseWarning = { line: number; text: string; message: string }; // line is 1-based

export type ParsedTask = {
  no: number; // task number within the list (numbered through the list, in document order)
  title: string; // short title (first sentence, max 40 chars)
  body: string; // rest of the task text, without the unit clause; may be ''
  text: string; // the whole task text (title sentence included), without the number and the unit clause
  lead: string[]; // 牵头单位, canonical names (aliases resolved)
  participating: string[]; // 参与/配合/协办单位, canonical names
  /** 责任领导 / 牵头领导 / 分管领导 as written (names or posts). */
  leaders: string[];
  /** 完成时限 as a date (YYYY-MM-DD, the last day of the period named, e.g. 6月底 → 06-30), when it is one. */
  deadline: string | null;
  /** 完成时限 as written (e.g. 2023年6月底前, 长期坚持), when given. */
  deadlineText: string | null;
  openEnded: boolean; // a unit list ended with 等
  /** Collective phrases among the units (各镇街, 区直各部门, 各有关单位 …), as written: not units. */
  groups: string[];
  /** Headings above the task below its section, outermost first (e.g. ['（一）推进制造业升级']). */
  headingPath: string[];
  sectionNo: number; // 1-based index of its section
  line: number; // line where the task starts
};
export type ParsedSection = { no: number; numeral: string; title: string; line: number };
export type ParsedPlan = {
  code: string | null; // 文号
  title: string | null;
  year: number | null;
  issuedOn: string | null; // YYYY-MM-DD
  /** The kind the document looks like (from its title); the console lets the office change it. */
  kind: PlanKind;
  sections: ParsedSection[];
  tasks: ParsedTask[];
  warnings: ParseWarning[];
};

/**
 * The document cannot be imported as it is (no task found, a removed task that has records, an
 * archived list …): a refusal of the text the office gave, so it belongs under the form's `text`
 * field. The importer's callers (console, CLI) tell it apart from other refusals with `instanceof`.
 */
export class NoticeParseError extends RefusalError {
  constructor(message: string) {
    super(message, 'text');
    this.name = 'NoticeParseError';
  }
}
