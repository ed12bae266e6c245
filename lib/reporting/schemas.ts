import { z } from 'zod';
import { CONTRIBUTION_FIELDS, REPORT_FIELDS, tooLongMessage } from './report-fields';

/**
 * The monthly report form (月度进展) and the participating unit's part (协办反馈). The same
 * schemas run in the browser (react-hook-form) and in the server actions. Limits and messages
 * come from the field registry (./report-fields.ts).
 */
const id = z.number().int().positive();
/** Every way a percentage can be wrong (missing on submission included) gets the same message. */
const PERCENT_MESSAGE = REPORT_FIELDS.percentDone.requiredOnSubmit;
const percent = z.number({ error: PERCENT_MESSAGE }).int(PERCENT_MESSAGE).min(0, PERCENT_MESSAGE).max(100, PERCENT_MESSAGE);

type TextSpec = { label: string; maxLength: number };

/** A text field of a draft: trimmed, at most `maxLength` characters. */
function draftText(spec: TextSpec) {
  return z.string().trim().max(spec.maxLength, tooLongMessage(spec));
}

/** A text field that must not be empty on submission. */
function submitText(spec: TextSpec & { requiredOnSubmit: string }) {
  return z.string().trim().min(1, spec.requiredOnSubmit).max(spec.maxLength, tooLongMessage(spec));
}

const indicatorValue = z.object({
  indicatorId: id,
  value: z.number({ error: '请输入数字' }).finite('请输入数字').min(0, '不能为负数').max(1e12, '数值过大').nullable(),
});

export const reportDraftSchema = z.object({
  taskId: id,
  periodId: id,
  /** The version the form was loaded from (0 = no report yet): the optimistic concurrency check. */
  version: z.number().int().min(0),
  progress: draftText(REPORT_FIELDS.progress),
  percentDone: percent.nullable(),
  problems: draftText(REPORT_FIELDS.problems),
  nextSteps: draftText(REPORT_FIELDS.nextSteps),
  indicatorValues: z.array(indicatorValue).max(50),
});
export type ReportDraftInput = z.infer<typeof reportDraftSchema>;

/** Submitting needs what a draft may leave empty. */
export const reportSubmitSchema = reportDraftSchema.extend({
  progress: submitText(REPORT_FIELDS.progress),
  percentDone: percent,
});

export const contributionDraftSchema = z.object({
  taskId: id,
  periodId: id,
  version: z.number().int().min(0),
  content: draftText(CONTRIBUTION_FIELDS.content),
});
export type ContributionDraftInput = z.infer<typeof contributionDraftSchema>;

export const contributionSubmitSchema = contributionDraftSchema.extend({
  content: submitText(CONTRIBUTION_FIELDS.content),
});

/**
 * The save/submit request of the report form: the report and what to do with it. Submitting
 * checks the stricter schema; the server action parses it once and the service gets the output.
 */
export const saveReportSchema = z.discriminatedUnion(
  'intent',
  [reportDraftSchema.extend({ intent: z.literal('save') }), reportSubmitSchema.extend({ intent: z.literal('submit') })],
  { error: '请选择保存草稿或报送' },
);

/** The save/submit request of a participating unit's part. */
export const saveContributionSchema = z.discriminatedUnion(
  'intent',
  [contributionDraftSchema.extend({ intent: z.literal('save') }), contributionSubmitSchema.extend({ intent: z.literal('submit') })],
  { error: '请选择保存草稿或报送' },
);
