'use client';

import Link from 'next/link';
import { useState, useTransition } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input, NativeSelect } from '@/components/ui/input';
import { FormField, fieldAria } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/textarea';
import type { RegisterItemInput } from '@/lib/plans/plan-schemas';
import { registerItemAction } from '../actions';

// The shared schemas (and zod) load on first validation, not with the page.
const registerItemResolver = lazyResolver(() => withZodResolver(import('@/lib/plans/plan-schemas')).then(([zodResolver, m]) => zodResolver(m.registerItemSchema)));

type Values = { kind: 'meeting' | 'leader_assigned'; source: string; title: string; content: string; lead: string; participating: string; leaders: string; deadline: string };
const EMPTY: Values = { kind: 'meeting', source: '', title: '', content: '', lead: '', participating: '', leaders: '', deadline: '' };

/** The registration form: the same schema checks here and on the server. */
export function RegisterForm({ unitNames, today }: { unitNames: string[]; today: string }) {
  const [result, setResult] = useState<{ ok: true; text: string; taskId: number } | { ok: false; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<Values>({ resolver: registerItemResolver as never, defaultValues: EMPTY });
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

  /** A field's FormField props and its control's ARIA (ids `reg-<name>`, the error under it). */
  const field = (name: keyof Values) => ({ id: `reg-${name}`, error: errors[name]?.message });
  const aria = (name: keyof Values) => fieldAria(`reg-${name}`, errors[name]?.message);

  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-3xl flex-col gap-3 rounded-lg border bg-white p-3 md:p-4" aria-label="督查立项">
      <datalist id="reg-unit-names">
        {unitNames.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <div className="grid gap-3 sm:grid-cols-[12rem_1fr]">
        <FormField {...field('kind')} label="事项类型">
          <NativeSelect {...aria('kind')} {...form.register('kind')}>
            <option value="meeting">会议议定事项</option>
            <option value="leader_assigned">领导交办事项</option>
          </NativeSelect>
        </FormField>
        <FormField {...field('source')} label="来源" hint="会议名称，或批示的领导和日期">
          <Input {...aria('source')} placeholder="如：区政府第12次常务会议 / 区长批示（11月20日）" {...form.register('source')} />
        </FormField>
      </div>
      <FormField {...field('title')} label="事项名称">
        <Input {...aria('title')} {...form.register('title')} />
      </FormField>
      <FormField {...field('content')} label="事项内容">
        <Textarea {...aria('content')} rows={4} {...form.register('content')} />
      </FormField>
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField {...field('lead')} label="牵头单位" hint="全称、别名或简称，多个用顿号分隔">
          <Input {...aria('lead')} list="reg-unit-names" {...form.register('lead')} />
        </FormField>
        <FormField {...field('participating')} label="参与单位" hint="可不填">
          <Input {...aria('participating')} list="reg-unit-names" {...form.register('participating')} />
        </FormField>
        <FormField {...field('leaders')} label="责任领导" hint="可不填">
          <Input {...aria('leaders')} {...form.register('leaders')} />
        </FormField>
        <FormField {...field('deadline')} label="完成时限">
          <Input type="date" min={today} {...aria('deadline')} {...form.register('deadline')} />
        </FormField>
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
