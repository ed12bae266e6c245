import { z } from 'zod';

export const instructionSchema = z.object({
  taskId: z.number().int().positive(),
  content: z.string().trim().min(1, '请填写批示内容').max(2000, '批示最多 2000 字'),
});
export type InstructionInput = z.infer<typeof instructionSchema>;

export const instructionReplySchema = z.object({
  receiptId: z.number().int().positive(),
  reply: z.string().trim().min(1, '请填写落实情况').max(2000, '回复最多 2000 字'),
});
export type InstructionReplyInput = z.infer<typeof instructionReplySchema>;

/** 签收: the receipt the unit acknowledges. */
export const acknowledgeInstructionSchema = z.number({ error: '批示编号不正确' }).int('批示编号不正确').positive('批示编号不正确');
