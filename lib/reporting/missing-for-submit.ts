import { CONTRIBUTION_FIELDS, REPORT_FIELDS } from './report-fields';
import type { MonthItemKind } from './month-rules';
import { contributionSubmitSchema, reportSubmitSchema } from './schemas';

// On its own, apart from ./month-rules, because it runs the submit schemas (and zod with them): the
// month page's rows load it when a person first edits, not with the page.

export type ReportFieldsInput = { progress: string; percentDone: number | null; problems: string; nextSteps: string };

/**
 * What a report or part still lacks to be submitted, by field label (empty: complete). It runs the
 * submit schema the forms use, so the page, the batch submission and the single-task form agree.
 */
export function missingForSubmit(kind: 'report', fields: ReportFieldsInput): string[];
export function missingForSubmit(kind: 'contribution', fields: { content: string }): string[];
export function missingForSubmit(kind: MonthItemKind, fields: ReportFieldsInput | { content: string }): string[] {
  const ids = { taskId: 1, periodId: 1, version: 0 };
  const parsed = kind === 'report' ? reportSubmitSchema.safeParse({ ...ids, ...fields, indicatorValues: [] }) : contributionSubmitSchema.safeParse({ ...ids, ...fields });
  if (parsed.success) return [];
  const labels: Record<string, string> = kind === 'report' ? Object.fromEntries(Object.entries(REPORT_FIELDS).map(([k, v]) => [k, v.label])) : { content: CONTRIBUTION_FIELDS.content.label };
  const missing = parsed.error.issues.map((i) => labels[String(i.path[0])] ?? String(i.path[0]));
  return [...new Set(missing)];
}
