'use client';

import { useForm } from 'react-hook-form';
import { FormFooter, useActionMessage } from '@/components/action-message';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { FieldError, fieldAria, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import type { AssessmentSettings } from '@/lib/assessment/schemas';
import { DEFAULT_EXTENSION_WEIGHT } from '@/lib/assessment/score';
import { saveAssessmentSettingsAction } from './actions';

// The shared schema (and zod with it) is loaded when the form is first validated, not with the page.
const resolver = lazyResolver(() => withZodResolver(import('@/lib/assessment/schemas')).then(([zodResolver, m]) => zodResolver(m.assessmentSettingsSchema)));

const LABELS: [keyof AssessmentSettings['weights'], string][] = [
  ['onTime', '按时报送'],
  ['firstPass', '一次通过'],
  ['warnings', '预警情况'],
  ['notices', '督办按时反馈'],
  ['indicators', '指标完成'],
];
const NUM = { setValueAs: (v: unknown) => (v === '' ? Number.NaN : Number(v)) };

/** Admin: the five weights and the explanation window. */
export function WeightsForm({ values }: { values: AssessmentSettings }) {
  const { message, pending, run } = useActionMessage();
  const form = useForm<AssessmentSettings>({ resolver, defaultValues: { ...values, extensionWeight: values.extensionWeight ?? DEFAULT_EXTENSION_WEIGHT } });
  const { errors } = form.formState;
  const submit = form.handleSubmit((v) => run(() => saveAssessmentSettingsAction(v)));
  return (
    <form method="post" onSubmit={submit} onFocus={resolver.preload} className="flex flex-col gap-3" aria-label="考核权重">
      <div className="grid gap-3 sm:grid-cols-3">
        {LABELS.map(([key, label]) => {
          const error = errors.weights?.[key]?.message;
          return (
            <FormField key={key} id={`w-${key}`} label={`${label}（权重）`} error={error}>
              <Input type="number" step="any" {...fieldAria(`w-${key}`, error)} {...form.register(`weights.${key}`, NUM)} />
            </FormField>
          );
        })}
        <FormField id="explanationWorkingDays" label="说明期（工作日）" error={errors.explanationWorkingDays?.message}>
          <Input type="number" {...fieldAria('explanationWorkingDays', errors.explanationWorkingDays?.message)} {...form.register('explanationWorkingDays', NUM)} />
        </FormField>
        <FormField id="extensionWeight" label="每项获批延期折合灯数" hint="计入“预警情况”，默认 0.5（与一个黄灯相同）" error={errors.extensionWeight?.message}>
          <Input type="number" step="any" {...fieldAria('extensionWeight', errors.extensionWeight?.message)} {...form.register('extensionWeight', NUM)} />
        </FormField>
      </div>
      <FieldError id="weights-error" message={errors.weights?.root?.message} />
      <FormFooter message={message} pending={pending}>
        保存权重
      </FormFooter>
    </form>
  );
}
