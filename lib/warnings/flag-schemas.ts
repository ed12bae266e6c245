import { z } from 'zod';

/** 人工亮灯: a supervisor's flag on a task always carries a reason. */
export const raiseFlagSchema = z.object({
  taskId: z.number().int().positive(),
  level: z.enum(['yellow', 'red'], { error: '请选择黄灯或红灯' }),
  reason: z.string().trim().min(1, '请填写亮灯理由').max(500, '理由最多 500 字'),
});
export type RaiseFlagInput = z.infer<typeof raiseFlagSchema>;

export const liftFlagSchema = z.object({
  flagId: z.number().int().positive(),
  reason: z.string().trim().min(1, '请填写撤销理由').max(500, '理由最多 500 字'),
});
export type LiftFlagInput = z.infer<typeof liftFlagSchema>;
