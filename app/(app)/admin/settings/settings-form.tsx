'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { warningSettingsSchema, type WarningSettingsInput } from '@/lib/warnings/settings-schemas';
import { saveWarningSettingsAction } from './actions';

const lines = (v: unknown) =>
  String(v ?? '')
    .split(/[\s,，;；]+/)
    .map((x) => x.trim())
    .filter(Boolean);

const NUM = { setValueAs: (v: unknown) => (v === '' ? Number.NaN : Number(v)) };

export function WarningSettingsForm({ values }: { values: WarningSettingsInput }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<WarningSettingsInput>({ resolver: zodResolver(warningSettingsSchema), defaultValues: values });
  const { errors } = form.formState;
  const submit = form.handleSubmit((v) =>
    startTransition(async () => {
      const r = await saveWarningSettingsAction(v);
      setMessage(r.ok ? { ok: true, text: r.message ?? '已保存' } : { ok: false, text: r.error });
    }),
  );
  const field = (name: 'yellowGap' | 'redGap' | 'dueSoonDays' | 'resubmitWorkingDays', label: string, hint: string) => (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={name}>{label}</Label>
      <Input id={name} type="number" step="any" aria-invalid={!!errors[name]} aria-describedby={`${name}-hint`} {...form.register(name, NUM)} />
      <p id={`${name}-hint`} className={errors[name] ? 'text-sm text-destructive' : 'text-xs text-muted-foreground'}>
        {errors[name]?.message ?? hint}
      </p>
    </div>
  );
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-4" aria-label="预警设置">
      <div className="grid gap-4 sm:grid-cols-2">
        {field('yellowGap', '黄灯阈值（落后序时进度的百分点）', '完成进度或指标完成率落后序时进度超过该值亮黄灯，默认 15')}
        {field('redGap', '红灯阈值（百分点）', '超过该值亮红灯，默认 30')}
        {field('dueSoonDays', '临近截止提醒（天）', '截止前几天内仍未报送亮黄灯，默认 3')}
        {field('resubmitWorkingDays', '退回后重报时限（工作日）', '超过该时限未重报亮红灯，默认 5')}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="holidays">法定节假日（每行一个日期）</Label>
          <textarea
            id="holidays"
            rows={6}
            className="rounded-md border border-input bg-background px-3 py-2 font-mono text-sm"
            defaultValue={values.holidays.join('\n')}
            onChange={(e) => form.setValue('holidays', lines(e.target.value))}
          />
          {errors.holidays && <p className="text-sm text-destructive">{errors.holidays.message ?? '日期格式应为 YYYY-MM-DD'}</p>}
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="extraWorkdays">调休上班日（周末上班，每行一个日期）</Label>
          <textarea
            id="extraWorkdays"
            rows={6}
            className="rounded-md border border-input bg-background px-3 py-2 font-mono text-sm"
            defaultValue={values.extraWorkdays.join('\n')}
            onChange={(e) => form.setValue('extraWorkdays', lines(e.target.value))}
          />
          {errors.extraWorkdays && <p className="text-sm text-destructive">{errors.extraWorkdays.message ?? '日期格式应为 YYYY-MM-DD'}</p>}
        </div>
      </div>
      {message && <Alert variant={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
      <div>
        <Button type="submit" disabled={pending}>
          保存
        </Button>
      </div>
    </form>
  );
}
