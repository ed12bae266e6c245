/**
 * The JSON form of a parsed list (`plan:import --json`, the import preview): a stable contract for
 * tools and people outside the app. docs/IMPORTER.md describes every field.
 */
import type { ParsedPlan, ParsedTask, PlanKind } from './parsed-plan';

export type IndicatorJson = {
  name: string;
  target: number;
  targetMax: number | null;
  unit: string;
  comparator: string;
};

export type PlanJson = {
  code: string | null;
  title: string | null;
  year: number | null;
  kind: PlanKind;
  sections: { no: number; numeral: string; title: string }[];
  tasks: (Pick<ParsedTask, 'no' | 'title' | 'text' | 'lead' | 'participating' | 'leaders' | 'deadline' | 'openEnded' | 'groups'> & {
    /** The no of the task's section. */
    section: number;
    indicators: IndicatorJson[];
  })[];
  warnings: { line: number; message: string; text: string }[];
};

/**
 * The plan as JSON. `indicatorsOf` proposes a task's target indicators from its text (the app
 * passes extractIndicators); only the contract's fields of each are kept.
 */
export function planToJson(plan: ParsedPlan, indicatorsOf: (text: string) => readonly IndicatorJson[]): PlanJson {
  return {
    code: plan.code,
    title: plan.title,
    year: plan.year,
    kind: plan.kind,
    sections: plan.sections.map((s) => ({ no: s.no, numeral: s.numeral, title: s.title })),
    tasks: plan.tasks.map((t) => ({
      no: t.no,
      section: t.sectionNo,
      title: t.title,
      text: t.text,
      lead: [...t.lead],
      participating: [...t.participating],
      leaders: [...t.leaders],
      deadline: t.deadline,
      openEnded: t.openEnded,
      groups: [...t.groups],
      indicators: indicatorsOf(t.text).map((i) => ({
        name: i.name,
        target: i.target,
        targetMax: i.targetMax,
        unit: i.unit,
        comparator: i.comparator,
      })),
    })),
    warnings: plan.warnings.map((w) => ({ line: w.line, message: w.message, text: w.text })),
  };
}
