'use server';

import { action } from '@/lib/actions/action-client';
import { acknowledgeInstruction, createInstruction, replyInstruction } from '@/lib/instructions/instruction-service';
import { acknowledgeInstructionSchema, instructionReplySchema, instructionSchema } from '@/lib/instructions/schemas';
import { liftFlagSchema, raiseFlagSchema } from '@/lib/warnings/flag-schemas';
import { liftFlag, raiseFlag } from '@/lib/warnings/flag-service';

/** Every change on the task page shows on the task page. */
const TASK_PAGE = [['/tasks/[id]', 'page']] as const;

export const raiseFlagAction = action({
  schema: raiseFlagSchema,
  permission: 'flags.manage',
  revalidate: TASK_PAGE,
  run: (ctx, input) => raiseFlag(ctx, input),
});

export const liftFlagAction = action({
  schema: liftFlagSchema,
  permission: 'flags.manage',
  revalidate: TASK_PAGE,
  run: (ctx, input) => liftFlag(ctx, input),
});

export const instructAction = action({
  schema: instructionSchema,
  permission: 'instructions.write',
  revalidate: TASK_PAGE,
  run: (ctx, input) => createInstruction(ctx, input),
});

export const acknowledgeAction = action({
  schema: acknowledgeInstructionSchema,
  permission: 'instructions.respond',
  revalidate: TASK_PAGE,
  invalidMessage: '批示编号不正确',
  run: (ctx, receiptId) => acknowledgeInstruction(ctx, receiptId),
});

export const replyAction = action({
  schema: instructionReplySchema,
  permission: 'instructions.respond',
  revalidate: TASK_PAGE,
  run: (ctx, input) => replyInstruction(ctx, input),
});
