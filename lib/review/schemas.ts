import { z } from 'zod';
import { pageParamSchema } from '@/lib/pagination/pagination';

/** 审核: approve, or return with a comment the unit will see on top of its report. */
export const reviewDecisionSchema = z
  .object({
    kind: z.enum(['report', 'contribution']),
    id: z.number().int().positive(),
    /** The version the reviewer looked at: a decision on a changed or already-decided item is refused. */
    version: z.number().int().positive(),
    decision: z.enum(['approve', 'return'], { error: '请选择通过或退回' }),
    comment: z.string().trim().max(1000, '意见最多 1000 字').default(''),
  })
  .refine((v) => v.decision === 'approve' || v.comment.length > 0, { path: ['comment'], message: '退回时必须填写退回意见' });
export type ReviewDecisionInput = z.input<typeof reviewDecisionSchema>;
/** A decision as the service takes it: parsed by the action (the comment trimmed, '' when empty). */
export type ReviewDecision = z.output<typeof reviewDecisionSchema>;

export const reviewQueueFilterSchema = z.object({
  section: z.coerce.number().int().positive().optional().catch(undefined),
  unit: z.coerce.number().int().positive().optional().catch(undefined),
  state: z.enum(['submitted', 'returned', 'approved']).default('submitted').catch('submitted'),
  kind: z.enum(['all', 'report', 'contribution']).default('all').catch('all'),
  page: pageParamSchema,
});
export type ReviewQueueFilter = z.infer<typeof reviewQueueFilterSchema>;
