'use client';

import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { ActionAlert, useActionMessage } from '@/components/action-message';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { Button } from '@/components/ui/button';
import { Input, NativeSelect } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import type { UnitAliasInput, UnitMergeInput, UnitRenameInput } from '@/lib/admin/schemas';
import { addUnitAliasAction, mergeUnitAction, renameUnitAction, setUnitActiveAction } from '../actions';
import { FieldHint, useActionSubmit } from '../../form-bits';

// The shared schemas (and zod) load on first validation, not with the page.
const unitRenameResolver = lazyResolver(() => withZodResolver(import('@/lib/admin/schemas')).then(([zodResolver, m]) => zodResolver(m.unitRenameSchema)));
const unitAliasResolver = lazyResolver(() => withZodResolver(import('@/lib/admin/schemas')).then(([zodResolver, m]) => zodResolver(m.unitAliasSchema)));
const unitMergeResolver = lazyResolver(() => withZodResolver(import('@/lib/admin/schemas')).then(([zodResolver, m]) => zodResolver(m.unitMergeSchema)));

export function RenameUnitForm({ unitId, name }: { unitId: number; name: string }) {
  const router = useRouter();
  const form = useForm<UnitRenameInput>({ resolver: unitRenameResolver, defaultValues: { unitId, name } });
  const { submit, pending, message } = useActionSubmit(form, renameUnitAction, () => router.refresh());
  const error = form.formState.errors.name?.message;
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-2" aria-label="单位改名">
      <Label htmlFor="rename-name">新名称</Label>
      <div className="flex flex-wrap gap-2">
        <Input id="rename-name" className="min-w-0 flex-1" aria-invalid={!!error} aria-describedby="rename-name-hint" {...form.register('name')} />
        <Button type="submit" disabled={pending}>
          改名
        </Button>
      </div>
      <FieldHint id="rename-name-hint" error={error} hint="原名称会保留为别名，以后导入的通知仍能识别" />
      <ActionAlert message={message} />
    </form>
  );
}

export function AddAliasForm({ unitId }: { unitId: number }) {
  const router = useRouter();
  const form = useForm<UnitAliasInput>({ resolver: unitAliasResolver, defaultValues: { unitId, alias: '' } });
  const { submit, pending, message } = useActionSubmit(form, addUnitAliasAction, () => {
    form.reset({ unitId, alias: '' });
    router.refresh();
  });
  const error = form.formState.errors.alias?.message;
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-2" aria-label="添加别名">
      <Label htmlFor="alias-name">别名</Label>
      <div className="flex flex-wrap gap-2">
        <Input id="alias-name" className="min-w-0 flex-1" placeholder="通知中的其他写法或简称" aria-invalid={!!error} aria-describedby="alias-name-hint" {...form.register('alias')} />
        <Button type="submit" variant="outline" disabled={pending}>
          添加别名
        </Button>
      </div>
      <FieldHint id="alias-name-hint" error={error} />
      <ActionAlert message={message} />
    </form>
  );
}

export function MergeUnitForm({ sourceId, sourceName, targets }: { sourceId: number; sourceName: string; targets: { id: number; name: string }[] }) {
  const router = useRouter();
  const form = useForm<UnitMergeInput>({
    resolver: unitMergeResolver,
    defaultValues: { sourceId, targetId: undefined as unknown as number, confirm: false },
  });
  const { submit, pending, message } = useActionSubmit(form, mergeUnitAction, (_, v) => router.push(`/admin/units/${v.targetId}?merged=${encodeURIComponent(sourceName)}`));
  const { errors } = form.formState;
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-3" aria-label="合并单位">
      <div className="flex flex-col gap-2">
        <Label htmlFor="merge-target">合并到</Label>
        <NativeSelect
          id="merge-target"
          defaultValue=""
          aria-invalid={!!errors.targetId}
          aria-describedby="merge-target-hint"
          {...form.register('targetId', { setValueAs: (v: string) => (v === '' ? undefined : Number(v)) })}
        >
          <option value="">请选择目标单位</option>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </NativeSelect>
        <FieldHint id="merge-target-hint" error={errors.targetId?.message} />
      </div>
      <div className="flex flex-col gap-1">
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1 size-4" aria-invalid={!!errors.confirm} aria-describedby="merge-confirm-hint" {...form.register('confirm')} />
          <span>我已核实“{sourceName}”与目标单位是同一单位：其任务、账户、填报、协办、附件、督办和批示签收全部转入目标单位，“{sourceName}”作为别名保留，此操作不能撤销。</span>
        </label>
        <FieldHint id="merge-confirm-hint" error={errors.confirm?.message} />
      </div>
      <div>
        <Button type="submit" variant="destructive" disabled={pending}>
          {pending ? '正在合并…' : '合并'}
        </Button>
      </div>
      <ActionAlert message={message} />
    </form>
  );
}

export function UnitActiveForm({ unitId, active }: { unitId: number; active: boolean }) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  const toggle = () => run(() => setUnitActiveAction({ unitId, active: !active }));
  return (
    <form method="post"
      onSubmit={(e) => {
        e.preventDefault();
        toggle();
      }}
      className="flex flex-col gap-2"
      aria-label={active ? '停用单位' : '启用单位'}
    >
      <p className="text-sm text-muted-foreground">
        {active ? '停用后，选择单位时不再显示该单位。牵头当前年度任务或仍有启用账户的单位不能停用。' : '该单位已停用；启用后重新出现在单位选择中。'}
      </p>
      <div>
        <Button type="submit" variant={active ? 'outline' : 'default'} disabled={pending}>
          {active ? '停用单位' : '启用单位'}
        </Button>
      </div>
      <ActionAlert message={message} />
    </form>
  );
}
