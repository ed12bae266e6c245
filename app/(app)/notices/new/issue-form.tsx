'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { showFieldErrors } from '@/components/action-message';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { FieldError, fieldAria, FormField, RequiredMark } from '@/components/ui/form-field';
import { Input, NativeSelect } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import type { IssueFormTask } from '@/lib/notices/notice-views';
import { chineseDate, NOTICE_LEVEL_LABELS } from '@/lib/notices/labels';
import type { IssueNoticeInput, NoticeLevel } from '@/lib/notices/schemas';
import { issueNoticeAction } from '../actions';

const LEVEL_HINTS: Record<NoticeLevel, string> = {
  hint: '一般提醒，限期整改',
  yellow: '问题较突出或提示后未改',
  red: '问题严重或多次督办未改，可约谈',
};

type UnitRef = { id: number; name: string };

/** The two texts of a notice, in the order of the printed notice. */
const TEXT_FIELDS = [
  { field: 'problem', label: '存在问题' },
  { field: 'requirement', label: '整改要求' },
] as const;

function UnitCheckbox({ unit, checked, onToggle, note }: { unit: UnitRef; checked: boolean; onToggle: (id: number) => void; note?: string }) {
  return (
    <label className="flex min-h-9 cursor-pointer items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-muted">
      <input type="checkbox" className="h-4 w-4 accent-primary" checked={checked} onChange={() => onToggle(unit.id)} />
      <span>
        {unit.name}
        {note && <span className="text-muted-foreground">（{note}）</span>}
      </span>
    </label>
  );
}

function taskOption(t: IssueFormTask) {
  return (
    <option key={t.id} value={t.id}>
      {t.label}. {t.title}
    </option>
  );
}

/** 下发督办单: task, level, responsible units (default: the task's lead units), problem, requirement, due date. */
export function IssueNoticeForm(props: { lists: { id: number; label: string }[]; tasks: IssueFormTask[]; units: UnitRef[]; today: string; defaults: IssueNoticeInput }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  // The shared schema (and zod) load on first validation, not with the page.
  const resolver = useMemo(
    () => lazyResolver(() => withZodResolver(import('@/lib/notices/schemas')).then(([zodResolver, m]) => zodResolver(m.issueNoticeSchema(props.today)))),
    [props.today],
  );
  const form = useForm<IssueNoticeInput>({ resolver, defaultValues: props.defaults });
  const { errors, isSubmitted } = form.formState;
  const taskById = useMemo(() => new Map(props.tasks.map((t) => [t.id, t])), [props.tasks]);

  const taskId = form.watch('taskId');
  const unitIds = form.watch('unitIds');
  const triggerReason = form.watch('triggerReason');
  const triggerRule = form.watch('triggerRule');
  const task = taskById.get(taskId);
  const onTask = new Set([...(task?.lead ?? []), ...(task?.participating ?? [])].map((u) => u.id));
  const others = props.units.filter((u) => !onTask.has(u.id));
  const unitName = new Map(props.units.map((u) => [u.id, u.name]));

  function toggle(id: number) {
    const next = unitIds.includes(id) ? unitIds.filter((x) => x !== id) : [...unitIds, id];
    form.setValue('unitIds', next, { shouldValidate: isSubmitted, shouldDirty: true });
  }

  const taskField = form.register('taskId', {
    valueAsNumber: true,
    onChange: (e: React.ChangeEvent<HTMLSelectElement>) => {
      // A new task: its lead units become the default addressees.
      const chosen = taskById.get(Number(e.target.value));
      form.setValue('unitIds', chosen ? chosen.lead.map((u) => u.id) : [], { shouldValidate: isSubmitted });
    },
  });

  function onSubmit(values: IssueNoticeInput) {
    setError(null);
    startTransition(async () => {
      const result = await issueNoticeAction(values);
      if (result.ok && 'id' in result) {
        router.push(`/notices/${result.id}`);
        return;
      }
      if (!result.ok) {
        setError(result.error);
        showFieldErrors(form.setError, result.fieldErrors);
      }
    });
  }

  return (
    <form method="post" className="flex flex-col gap-5" noValidate onSubmit={form.handleSubmit(onSubmit)} aria-label="下发督办单">
      {(triggerReason || triggerRule) && (
        <Alert data-testid="trigger">
          由预警触发：{triggerReason || triggerRule}
          <button
            type="button"
            className="ml-2 underline underline-offset-2"
            onClick={() => {
              form.setValue('triggerRule', '');
              form.setValue('triggerReason', '');
            }}
          >
            不关联预警
          </button>
        </Alert>
      )}
      <input type="hidden" {...form.register('triggerRule')} />
      <input type="hidden" {...form.register('triggerReason')} />

      <FormField id="notice-task" label="关联任务" required error={errors.taskId?.message}>
        <NativeSelect {...fieldAria('notice-task', errors.taskId?.message)} {...taskField}>
          <option value="0">请选择任务</option>
          {props.lists.length <= 1
            ? props.tasks.map(taskOption)
            : props.lists.map((l) => (
                <optgroup key={l.id} label={l.label}>
                  {props.tasks.filter((t) => t.planId === l.id).map(taskOption)}
                </optgroup>
              ))}
        </NativeSelect>
      </FormField>

      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-sm font-medium">
          督办级别
          <RequiredMark />
        </legend>
        <div className="grid gap-2 sm:grid-cols-3">
          {(Object.keys(NOTICE_LEVEL_LABELS) as NoticeLevel[]).map((level) => (
            <label key={level} className="flex cursor-pointer items-start gap-2 rounded-md border bg-white p-3 text-sm has-[:checked]:border-primary has-[:checked]:bg-primary/5">
              <input type="radio" value={level} className="mt-0.5 h-4 w-4 accent-primary" {...form.register('level')} />
              <span>
                <span className="font-medium">{NOTICE_LEVEL_LABELS[level]}</span>
                <span className="block text-xs text-muted-foreground">{LEVEL_HINTS[level]}</span>
              </span>
            </label>
          ))}
        </div>
        <FieldError id="notice-level-error" message={errors.level?.message} />
      </fieldset>

      <fieldset className="flex flex-col gap-2" aria-describedby="notice-units-selected notice-units-error">
        <legend className="mb-1 text-sm font-medium">
          责任单位
          <RequiredMark />
        </legend>
        <p id="notice-units-selected" className="text-sm" aria-live="polite">
          {unitIds.length === 0 ? (
            <span className="text-muted-foreground">尚未选择（默认为任务的牵头单位）</span>
          ) : (
            <>
              已选 {unitIds.length} 个：{unitIds.map((id) => unitName.get(id) ?? id).join('、')}
            </>
          )}
        </p>
        {task && (
          <div className="rounded-md border bg-muted/40 p-2">
            <p className="px-2 pb-1 text-xs text-muted-foreground">本任务的单位</p>
            {task.lead.length === 0 && <p className="px-2 text-sm text-amber-800">该任务未明确牵头单位，请选择责任单位。</p>}
            <div className="grid sm:grid-cols-2">
              {task.lead.map((u) => (
                <UnitCheckbox key={u.id} unit={u} checked={unitIds.includes(u.id)} onToggle={toggle} note="牵头" />
              ))}
              {task.participating.map((u) => (
                <UnitCheckbox key={u.id} unit={u} checked={unitIds.includes(u.id)} onToggle={toggle} note="参与" />
              ))}
            </div>
          </div>
        )}
        <details className="rounded-md border p-2" open={!task}>
          <summary className="cursor-pointer px-2 text-sm">{task ? `其他单位（${others.length}）` : `全部单位（${others.length}）`}</summary>
          <div className="mt-1 grid max-h-72 overflow-y-auto sm:grid-cols-2">
            {others.map((u) => (
              <UnitCheckbox key={u.id} unit={u} checked={unitIds.includes(u.id)} onToggle={toggle} />
            ))}
          </div>
        </details>
        <FieldError id="notice-units-error" message={errors.unitIds?.message ?? errors.unitIds?.root?.message} />
      </fieldset>

      {TEXT_FIELDS.map(({ field, label }) => {
        const id = `notice-${field}`;
        const message = errors[field]?.message;
        return (
          <FormField key={field} id={id} label={label} required error={message}>
            <Textarea rows={4} className="min-h-28" {...fieldAria(id, message)} {...form.register(field)} />
          </FormField>
        );
      })}

      <FormField id="notice-due" label="办理时限" required error={errors.dueDate?.message} className="sm:max-w-xs">
        <Input
          id="notice-due"
          type="date"
          min={props.today}
          aria-invalid={errors.dueDate ? true : undefined}
          aria-describedby={errors.dueDate ? 'notice-due-hint notice-due-error' : 'notice-due-hint'}
          {...form.register('dueDate')}
        />
        <p id="notice-due-hint" className="text-xs text-muted-foreground">
          不早于今天（{chineseDate(props.today)}），逾期未反馈的单位将标红。
        </p>
      </FormField>

      {error && <Alert variant="error">{error}</Alert>}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? '正在下发…' : '下发督办单'}
        </Button>
        <Button type="button" variant="outline" onClick={() => router.push('/notices')}>
          取消
        </Button>
      </div>
    </form>
  );
}
