import { CONTRIBUTION_FIELDS, REPORT_FIELDS } from './report-fields';
import { contributionSubmitSchema, reportSubmitSchema } from './schemas';

/** A row of the month page: a unit's report (牵头) or part (协办) of one task in one period. */
export type MonthItemKind = 'report' | 'contribution';
export type MonthItemKey = `${MonthItemKind}:${number}:${number}`;

export function itemKey(kind: MonthItemKind, taskId: number, periodId: number): MonthItemKey {
  return `${kind}:${taskId}:${periodId}`;
}

/** How a sign-off names a saved row: by its kind and id (a row saved once keeps its id). */
export function signOffKey(kind: MonthItemKind, rowId: number): string {
  return `${kind}:${rowId}`;
}

type ReportFieldsInput = { progress: string; percentDone: number | null; problems: string; nextSteps: string };

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

/** "缺：本月进展、完成百分比": the line that names what a row lacks. */
export function missingText(missing: readonly string[]): string {
  return missing.length ? `缺：${missing.join('、')}` : '';
}
