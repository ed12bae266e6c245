import { z } from 'zod';

/** The unit-group form (browser and action). */
export const unitGroupSchema = z.object({
  id: z.coerce.number({ error: '单位组编号不正确' }).int('单位组编号不正确').positive('单位组编号不正确').optional(),
  name: z.string().trim().min(2, '组名至少 2 个字').max(30, '组名不超过 30 个字'),
  phrases: z.string().trim().max(500, '说法不超过 500 个字'),
  unitIds: z.array(z.coerce.number({ error: '成员单位不正确' }).int('成员单位不正确').positive('成员单位不正确'), { error: '成员单位不正确' }).max(2000, '成员单位过多'),
});
