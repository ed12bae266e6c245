'use server';

import { action } from '@/lib/actions/action-client';
import { acknowledgeInstruction, createInstruction, replyInstruction } from '@/lib/instructions/instruction-service';
import { acknowledgeInstructionSchema, instructionReplySchema, instructionSchema } from '@/lib/instructions/schemas';
import { liftFlagSchema, raiseFlagSchema } from '@/lib/warnings/flag-schemas';
import { liftFlag, raiseFlag } from '@/lib/warnings/flag-service';

/** Every change on the task page shows on the task page. */
const TASK_PAGE = { revalidate: [['/tasks/[id]', 'page']] } as const;
const FLAGS = { ...TASK_PAGE, permission: 'flags.manage' } as const;
const ANSWER = { ...TASK_PAGE, permission: 'instructions.respond' } as const;

export const raiseFlagAction = action({ ...FLAGS, schema: raiseFlagSchema, run: raiseFlag });
export const liftFlagAction = action({ ...FLAGS, schema: liftFlagSchema, run: liftFlag });
export const instructAction = action({ ...TASK_PAGE, schema: instructionSchema, permission: 'instructions.write', run: createInstruction });
export const acknowledgeAction = action({ ...ANSWER, schema: acknowledgeInstructionSchema, invalidMessage: '批示编号不正确', run: acknowledgeInstruction });
export const replyAction = action({ ...ANSWER, schema: instructionReplySchema, run: replyInstruction });
