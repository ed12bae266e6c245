'use client';

import { useForm } from 'react-hook-form';
import { ActionAlert } from '@/components/action-message';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { FormField, fieldAria } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/textarea';
import type { WarningSettingsInput } from '@/lib/warnings/settings-schemas';
import { useActionSubmit } from '../form-bits';
import { saveWarningSettingsAction } from './actions';

// The shared schemas (and zod) load on first validation, not with the page.
const warningSettingsResolver = lazyResolver(() => withZodResolver(import('@/lib/warnings/settings-schemas')).then(([zodResolver, m]) => zodResolver(m.warningSettingsSchema)));

const lines = (v: unknown) =>
  String(v ?? '')
    .split(/[\s,，;；]+/)
    .map((x) => x.trim())
    .filter(Boolean);

const NUM = { setValueAs: (v: unknown) => (v === '' ? Number.NaN : Number(v)) };

export function WarningSettingsForm({ values }: { values: WarningSettingsInput }) {
  const form = useForm<WarningSettingsInput>({ resolver: warningSettingsResolver, defaultValues: values });
  const { submit, pending, message } = useActionSubmit(form, saveWarningSettingsAction);
  const { errors } = form.formState;
  const field = (name: 'yellowGap' | 'redGap' | 'dueSoonDays' | 'resubmitWorkingDays' | 'milestoneRedWorkingDays' | 'signForWorkingDays' | 'extensionLeaderDays', label: string, hint: string) => (
    <FormField id={name} label={label} hint={hint} error={errors[name]?.message}>
      <Input {...fieldAria(name, errors[name]?.message)} type="number" step="any" {...form.register(name, NUM)} />
    </FormField>
  );
  /** A list of dates, one a line (or separated by commas or spaces). */
  const dates = (name: 'holidays' | 'extraWorkdays', label: string) => {
    const error = errors[name] ? (errors[name].message ?? '日期格式应为 YYYY-MM-DD') : undefined;
    return (
      <FormField id={name} label={label} error={error}>
        <Textarea {...fieldAria(name, error)} rows={6} className="font-mono" defaultValue={values[name].join('\n')} onChange={(e) => form.setValue(name, lines(e.target.value))} />
      </FormField>
    );
  };
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-4" aria-label="预警设置">
      <div className="grid gap-4 sm:grid-cols-2">
        {field('yellowGap', '黄灯阈值（落后序时进度的百分点）', '完成进度或指标完成率落后序时进度超过该值亮黄灯，默认 15')}
        {field('redGap', '红灯阈值（百分点）', '超过该值亮红灯，默认 30')}
        {field('dueSoonDays', '临近截止提醒（天）', '截止前几天内仍未报送亮黄灯，默认 3')}
        {field('resubmitWorkingDays', '退回后重报时限（工作日）', '超过该时限未重报亮红灯，默认 5')}
        {field('milestoneRedWorkingDays', '节点逾期转红（工作日）', '时间节点到期未完成亮黄灯，超过该工作日数亮红灯，默认 5')}
        {field('signForWorkingDays', '签收时限（工作日）', '交办后超过该工作日数仍未签收亮红灯并提醒，默认 3')}
        {field('extensionLeaderDays', '延期需领导审批（天）', '延期超过该天数的申请，督查室同意后还须领导审批，默认 30')}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        {dates('holidays', '法定节假日（每行一个日期）')}
        {dates('extraWorkdays', '调休上班日（周末上班，每行一个日期）')}
      </div>
      <ActionAlert message={message} />
      <div>
        <Button type="submit" disabled={pending}>
          保存
        </Button>
      </div>
    </form>
  );
}
