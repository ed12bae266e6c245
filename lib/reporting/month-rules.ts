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

/** "缺：本月进展、完成百分比": the line that names what a row lacks. */
export function missingText(missing: readonly string[]): string {
  return missing.length ? `缺：${missing.join('、')}` : '';
}
