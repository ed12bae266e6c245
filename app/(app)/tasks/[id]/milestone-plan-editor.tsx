'use client';

import { useFieldArray, useForm } from 'react-hook-form';
import { ActionAlert, useActionMessage } from '@/components/action-message';
import { Button } from '@/components/ui/button';
import { fieldAria, FormField } from '@/components/ui/form-field';
import { Input, NativeSelect } from '@/components/ui/input';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import type { MilestoneRowInput, SavePlanInput } from '@/lib/milestones/schemas';
import { saveMilestonePlanAction } from '@/app/(app)/my/milestones/actions';

const resolver = lazyResolver(() => withZodResolver(import('@/lib/milestones/schemas')).then(([zodResolver, m]) => zodResolver(m.savePlanSchema)));
const NUM_OR_NULL = { setValueAs: (v: unknown) => (v === '' || v === null || v === undefined ? null : Number(v)) };
const EMPTY_ROW: MilestoneRowInput = { id: null, dueOn: '', deliverable: '', indicatorId: null, indicatorValue: null };

/** The lead unit's editor of its task's 时间节点计划: rows of date, deliverable and optional indicator target; save or submit. */
export function MilestonePlanEditor({
  taskId,
  version,
  rows,
  indicators,
}: {
  taskId: number;
  version: number;
  rows: MilestoneRowInput[];
  indicators: { id: number; name: string; unit: string }[];
}) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  const form = useForm<SavePlanInput>({ resolver, defaultValues: { taskId, version, intent: 'save', milestones: rows.length ? rows : [EMPTY_ROW] } });
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'milestones', keyName: 'key' });
  const { errors } = form.formState;
  const send = (intent: 'save' | 'submit') =>
    form.handleSubmit((v) =>
      run(() => saveMilestonePlanAction({ ...v, intent }), {
        setError: form.setError,
        onOk: (r) => form.setValue('version', r.version),
      }),
    );

  return (
    <form method="post" onSubmit={send('save')} onFocus={resolver.preload} className="flex flex-col gap-3" aria-label="时间节点计划">
      <ol className="flex flex-col gap-3">
        {fields.map((f, i) => {
          const e = errors.milestones?.[i];
          const id = (name: string) => `milestone-${i}-${name}`;
          return (
            <li key={f.key} className="grid gap-2 rounded-md border p-3 sm:grid-cols-[9.5rem_1fr] md:grid-cols-[9.5rem_1fr_12rem_7rem_auto] md:items-end">
              <FormField id={id('dueOn')} label={`节点 ${i + 1} 日期`} error={e?.dueOn?.message}>
                <Input {...fieldAria(id('dueOn'), e?.dueOn?.message)} type="date" {...form.register(`milestones.${i}.dueOn`)} />
              </FormField>
              <FormField id={id('deliverable')} label="节点成果" error={e?.deliverable?.message}>
                <Input {...fieldAria(id('deliverable'), e?.deliverable?.message)} placeholder="如：完成项目立项" {...form.register(`milestones.${i}.deliverable`)} />
              </FormField>
              {indicators.length > 0 ? (
                <>
                  <FormField id={id('indicatorId')} label="关联指标（可选）">
                    <NativeSelect id={id('indicatorId')} {...form.register(`milestones.${i}.indicatorId`, NUM_OR_NULL)}>
                      <option value="">不关联</option>
                      {indicators.map((ind) => (
                        <option key={ind.id} value={ind.id}>
                          {ind.name}（{ind.unit}）
                        </option>
                      ))}
                    </NativeSelect>
                  </FormField>
                  <FormField id={id('indicatorValue')} label="应达到" error={e?.indicatorValue?.message}>
                    <Input {...fieldAria(id('indicatorValue'), e?.indicatorValue?.message)} type="number" step="any" {...form.register(`milestones.${i}.indicatorValue`, NUM_OR_NULL)} />
                  </FormField>
                </>
              ) : null}
              <Button type="button" variant="ghost" size="sm" onClick={() => remove(i)} disabled={fields.length <= 1} aria-label={`删除节点 ${i + 1}`}>
                删除
              </Button>
            </li>
          );
        })}
      </ol>
      {errors.milestones?.message && (
        <p role="alert" className="text-sm text-destructive">
          {errors.milestones.message}
        </p>
      )}
      {errors.milestones?.root?.message && (
        <p role="alert" className="text-sm text-destructive">
          {errors.milestones.root.message}
        </p>
      )}
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => append({ ...EMPTY_ROW })} disabled={fields.length >= 24}>
          添加节点
        </Button>
      </div>
      <ActionAlert message={message} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="outline" disabled={pending}>
          保存草稿
        </Button>
        <Button type="button" disabled={pending} onClick={send('submit')}>
          报送审核
        </Button>
      </div>
    </form>
  );
}
