'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useState, useTransition } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input, NativeSelect } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { registerItemSchema, type RegisterItemInput } from '@/lib/plans/plan-schemas';
import { registerItemAction } from '../actions';

type Values = { kind: 'meeting' | 'leader_assigned'; source: string; title: string; content: string; lead: string; participating: string; leaders: string; deadline: string };
const EMPTY: Values = { kind: 'meeting', source: '', title: '', content: '', lead: '', participating: '', leaders: '', deadline: '' };

/** The registration form: the same schema checks here and on the server. */
export function RegisterForm({ unitNames, today }: { unitNames: string[]; today: string }) {
  const [result, setResult] = useState<{ ok: true; text: string; taskId: number } | { ok: false; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<Values>({ resolver: zodResolver(registerItemSchema) as never, defaultValues: EMPTY });
  const { errors } = form.formState;

  const submit = form.handleSubmit(() =>
    startTransition(async () => {
      const values: RegisterItemInput = form.getValues();
      const r = await registerItemAction(values);
      if (r.ok && 'data' in r && r.data) {
        setResult({ ok: true, text: r.message ?? '已立项', taskId: r.data.taskId });
        // Keep the source and kind: a meeting usually decides several items.
        form.reset({ ...EMPTY, kind: values.kind, source: values.source });
        return;
      }
      if (!r.ok) {
        setResult({ ok: false, text: r.error });
        for (const [field, msgs] of Object.entries(('fieldErrors' in r && r.fieldErrors) || {})) {
          if (msgs?.[0]) form.setError(field as Path<Values>, { message: msgs[0] });
        }
      }
    }),
  );

  const hint = (name: keyof Values, text?: string) =>
    errors[name] ? (
      <p id={`reg-${name}-hint`} className="text-sm text-destructive">
        {errors[name]?.message}
      </p>
    ) : text ? (
      <p id={`reg-${name}-hint`} className="text-xs text-muted-foreground">
        {text}
      </p>
    ) : null;
  const a11y = (name: keyof Values) => ({ id: `reg-${name}`, 'aria-invalid': !!errors[name], 'aria-describedby': `reg-${name}-hint` });

  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-3xl flex-col gap-3 rounded-lg border bg-white p-3 md:p-4" aria-label="督查立项">
      <datalist id="reg-unit-names">
        {unitNames.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <div className="grid gap-3 sm:grid-cols-[12rem_1fr]">
        <div className="flex flex-col gap-1">
          <Label htmlFor="reg-kind">事项类型</Label>
          <NativeSelect {...a11y('kind')} {...form.register('kind')}>
            <option value="meeting">会议议定事项</option>
            <option value="leader_assigned">领导交办事项</option>
          </NativeSelect>
          {hint('kind')}
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="reg-source">来源</Label>
          <Input {...a11y('source')} placeholder="如：区政府第12次常务会议 / 区长批示（11月20日）" {...form.register('source')} />
          {hint('source', '会议名称，或批示的领导和日期')}
        </div>
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor="reg-title">事项名称</Label>
        <Input {...a11y('title')} {...form.register('title')} />
        {hint('title')}
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor="reg-content">事项内容</Label>
        <textarea {...a11y('content')} rows={4} className="w-full rounded-md border border-input bg-background px-3 py-2 text-sm aria-[invalid=true]:border-destructive" {...form.register('content')} />
        {hint('content')}
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="flex flex-col gap-1">
          <Label htmlFor="reg-lead">牵头单位</Label>
          <Input {...a11y('lead')} list="reg-unit-names" {...form.register('lead')} />
          {hint('lead', '全称、别名或简称，多个用顿号分隔')}
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="reg-participating">参与单位</Label>
          <Input {...a11y('participating')} list="reg-unit-names" {...form.register('participating')} />
          {hint('participating', '可不填')}
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="reg-leaders">责任领导</Label>
          <Input {...a11y('leaders')} {...form.register('leaders')} />
          {hint('leaders', '可不填')}
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="reg-deadline">完成时限</Label>
          <Input type="date" min={today} {...a11y('deadline')} {...form.register('deadline')} />
          {hint('deadline')}
        </div>
      </div>
      {result && (
        <Alert variant={result.ok ? 'success' : 'error'}>
          {result.text}
          {result.ok && (
            <>
              {' '}
              <Link href={`/tasks/${result.taskId}`} className="underline">
                查看
              </Link>
            </>
          )}
        </Alert>
      )}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? '正在立项…' : '立项'}
        </Button>
      </div>
    </form>
  );
}
