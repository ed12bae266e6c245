/**
 * The one registry of what a monthly report (月度进展) and a participating unit's part (协办情况)
 * hold: each field's label, kind and limits. The zod schemas (lib/reporting/schemas.ts), the
 * form, the resubmission diff, the review page, the unit's task page and the ledger export read
 * it, so a new field is declared here once (plus its column in db/schema.ts).
 */
export type ReportFieldKind = 'text' | 'percent';

export type ReportFieldSpec = {
  /** The field's name where it is listed beside others (the resubmission diff, the conflict view, the ledger export). */
  label: string;
  /** The label over the field in the form, where it says more than `label`. */
  formLabel?: string;
  /** The label in the read-only views (the unit's task page, the review page), where it says more than `label`. */
  viewLabel?: string;
  /** What the read-only views show for an empty text field (default '—'). */
  emptyText?: string;
  kind: ReportFieldKind;
  /** Text fields: the most characters accepted. */
  maxLength?: number;
  /** Text fields: the height of the box in the form. */
  rows?: number;
  /** The message when the field is empty on submission (absent: may stay empty). */
  requiredOnSubmit?: string;
  /** A line under the field in the form. */
  hint?: string;
};

export const REPORT_FIELDS = {
  progress: { label: '本月进展', kind: 'text', maxLength: 5000, rows: 6, requiredOnSubmit: '请填写本月进展' },
  percentDone: {
    label: '完成百分比',
    formLabel: '年度任务完成百分比（0–100）',
    viewLabel: '年度任务完成百分比',
    kind: 'percent',
    requiredOnSubmit: '完成百分比须为 0–100 的整数',
  },
  problems: { label: '存在问题', kind: 'text', maxLength: 3000, rows: 3, emptyText: '无' },
  nextSteps: { label: '下步打算', kind: 'text', maxLength: 3000, rows: 3 },
} as const satisfies Record<string, ReportFieldSpec>;

export const CONTRIBUTION_FIELDS = {
  content: { label: '协办情况', formLabel: '本单位协办情况', kind: 'text', maxLength: 3000, rows: 6, requiredOnSubmit: '请填写本单位协办情况' },
} as const satisfies Record<string, ReportFieldSpec>;

export type ReportField = keyof typeof REPORT_FIELDS;
export type ContributionField = keyof typeof CONTRIBUTION_FIELDS;

/** A report's fields in form order. */
export const REPORT_FIELD_KEYS = Object.keys(REPORT_FIELDS) as ReportField[];

export type ReportTextField = { [K in ReportField]: (typeof REPORT_FIELDS)[K]['kind'] extends 'text' ? K : never }[ReportField];

/** The text fields of a report, in form order. */
export const REPORT_TEXT_FIELDS = REPORT_FIELD_KEYS.filter((f): f is ReportTextField => REPORT_FIELDS[f].kind === 'text');

/** The label over a field in the form. */
export function formLabelOf(spec: ReportFieldSpec): string {
  return spec.formLabel ?? spec.label;
}

/** The label of a field in the read-only views. */
export function viewLabelOf(spec: ReportFieldSpec): string {
  return spec.viewLabel ?? spec.label;
}

/** Labels of everything a submission snapshot may hold (the diff and the conflict view name fields with these). */
export const SNAPSHOT_FIELD_LABELS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(REPORT_FIELDS).map(([k, v]) => [k, v.label])),
  ...Object.fromEntries(Object.entries(CONTRIBUTION_FIELDS).map(([k, v]) => [k, v.label])),
  indicators: '目标指标',
};

/** "本月进展最多 5000 字": the limit message of a text field. */
export function tooLongMessage(spec: Pick<ReportFieldSpec, 'label' | 'maxLength'>): string {
  return `${spec.label}最多 ${spec.maxLength} 字`;
}
