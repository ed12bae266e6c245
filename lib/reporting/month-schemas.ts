import { z } from 'zod';

/**
 * The month page's requests (月度填报): submitting several rows at once, the unit head's sign-off,
 * and whether the unit asks for one. The same schemas check the page's input in the browser and
 * in the server actions.
 */
const id = z.number({ error: '编号不正确' }).int('编号不正确').positive('编号不正确');
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

/** One row as the page last saw it: which report or part, and the version on screen. */
export const monthItemRefSchema = z.object({
  kind: z.enum(['report', 'contribution'], { error: '类型不正确' }),
  taskId: id,
  periodId: id,
  version: z.number({ error: '版本号不正确' }).int('版本号不正确').min(1, '请先保存草稿'),
});
export type MonthItemRef = z.infer<typeof monthItemRefSchema>;

/** 一并报送: the rows chosen, each becoming its own submission. */
export const submitMonthSchema = z.object({
  month: monthSchema,
  items: z.array(monthItemRefSchema).min(1, '请选择要报送的任务').max(300, '一次最多报送 300 项'),
});
export type SubmitMonthInput = z.infer<typeof submitMonthSchema>;

/** 负责人审阅: the rows the head read, at the versions shown. */
export const signOffMonthSchema = z.object({
  month: monthSchema,
  items: z.array(monthItemRefSchema).min(1, '本月没有可审阅的草稿').max(300, '一次最多审阅 300 项'),
});
export type SignOffMonthInput = z.infer<typeof signOffMonthSchema>;

/** Whether the unit's staff may submit only what its head signed. */
export const signOffSettingSchema = z.object({ required: z.boolean({ error: '请选择是否需要负责人审阅' }) });
export type SignOffSettingInput = z.infer<typeof signOffSettingSchema>;
