import { z } from 'zod';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** The admin form for thresholds and the working-day calendar (one date per line). */
export const warningSettingsSchema = z
  .object({
    yellowGap: z.number({ error: '请填写数字' }).min(1, '黄灯阈值至少 1 个百分点').max(100),
    redGap: z.number({ error: '请填写数字' }).min(1).max(100),
    dueSoonDays: z.number({ error: '请填写数字' }).int('请填写整数').min(0).max(15),
    resubmitWorkingDays: z.number({ error: '请填写数字' }).int('请填写整数').min(1).max(30),
    /** 节点逾期转红（工作日）; optional so that settings saved before it keep parsing (default 5). */
    milestoneRedWorkingDays: z.number({ error: '请填写数字' }).int('请填写整数').min(1).max(30).optional(),
    /** 签收时限（工作日）; optional so that settings saved before it keep parsing (default 3). */
    signForWorkingDays: z.number({ error: '请填写数字' }).int('请填写整数').min(1).max(30).optional(),
    /** 延期需领导审批（天）; optional so that settings saved before it keep parsing (default 30). */
    extensionLeaderDays: z.number({ error: '请填写数字' }).int('请填写整数').min(1).max(366).optional(),
    holidays: z.array(date).max(100),
    extraWorkdays: z.array(date).max(50),
  })
  .refine((v) => v.redGap > v.yellowGap, { path: ['redGap'], message: '红灯阈值须大于黄灯阈值' });
export type WarningSettingsInput = z.infer<typeof warningSettingsSchema>;

