'use client';

import { useForm } from 'react-hook-form';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { useActionSubmit } from '../form-bits';
import { saveUnitGroupAction } from './actions';

type Values = { id?: number; name: string; phrases: string; unitIds: string[] };

// The shared schema (and zod) load on first validation, not with the page.
const unitGroupResolver = lazyResolver(() => withZodResolver(import('@/lib/units/unit-group-schema')).then(([zodResolver, m]) => zodResolver(m.unitGroupSchema)));

/** One group: its name, the phrases of notices that mean it, and its member units (checkboxes). */
export function UnitGroupForm({ units, group }: { units: { id: number; name: string }[]; group: { id?: number; name: string; phrases: string; unitIds: number[] } }) {
  const form = useForm<Values>({
    resolver: unitGroupResolver as never,
    defaultValues: { id: group.id, name: group.name, phrases: group.phrases, unitIds: group.unitIds.map(String) },
  });
  const { errors } = form.formState;
  const key = group.id ?? 'new';
  // The form's own values (member ids as the checkboxes hold them), sent as numbers.
  const send = () => {
    const v = form.getValues();
    return saveUnitGroupAction({ ...v, unitIds: v.unitIds.map(Number) });
  };
  const { submit: save, pending, message } = useActionSubmit(form, send, () => {
    if (!group.id) form.reset({ name: '', phrases: '', unitIds: [] });
  });
  return (
    <form method="post" onSubmit={save} onFocus={unitGroupResolver.preload} noValidate className="flex flex-col gap-2" aria-label={group.name ? `单位组“${group.name}”` : '新建单位组'}>
      <div className="grid gap-2 sm:grid-cols-[12rem_1fr]">
        <label className="flex flex-col gap-1 text-xs text-muted-foreground">
          组名
          <Input aria-invalid={!!errors.name} {...form.register('name')} />
          {errors.name && <span className="text-destructive">{errors.name.message}</span>}
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted-foreground">
          通知中的说法（用顿号分隔）
          <Input aria-invalid={!!errors.phrases} {...form.register('phrases')} />
          {errors.phrases && <span className="text-destructive">{errors.phrases.message}</span>}
        </label>
      </div>
      <details>
        <summary className="cursor-pointer text-sm">成员单位（{form.watch('unitIds').length} 个）</summary>
        <fieldset className="mt-2 grid max-h-64 grid-cols-2 gap-1 overflow-y-auto text-sm sm:grid-cols-3 lg:grid-cols-4">
          <legend className="sr-only">成员单位</legend>
          {units.map((u) => (
            <label key={u.id} className="flex items-center gap-1">
              <input type="checkbox" value={String(u.id)} {...form.register('unitIds')} id={`g${key}-u${u.id}`} />
              {u.name}
            </label>
          ))}
        </fieldset>
      </details>
      <div className="flex items-center gap-2">
        <Button type="submit" size="sm" variant="outline" disabled={pending}>
          保存
        </Button>
        {message && (
          <span className={message.ok ? 'text-sm text-emerald-700' : 'text-sm text-destructive'} role="status">
            {message.text}
          </span>
        )}
      </div>
    </form>
  );
}
