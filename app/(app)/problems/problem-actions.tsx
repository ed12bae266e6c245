'use client';

import { useForm } from 'react-hook-form';
import { ActionAlert, useActionMessage } from '@/components/action-message';
import { lazyResolver, withZodResolver } from '@/components/lazy-resolver';
import { Button } from '@/components/ui/button';
import { fieldAria, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import type { ProblemCommand } from '@/lib/problems/problem-rules';
import type { AnswerProblemInput, EscalateProblemInput } from '@/lib/problems/schemas';
import { answerProblemAction, closeProblemAction, escalateProblemAction } from './actions';

// The shared schemas (and zod with them) load when a form is first validated, not with the page.
const loadSchemas = () => import('@/lib/problems/schemas');
const answerResolver = lazyResolver(() => withZodResolver(loadSchemas()).then(([zodResolver, m]) => zodResolver(m.answerProblemSchema)));
const escalateResolver = lazyResolver(() => withZodResolver(loadSchemas()).then(([zodResolver, m]) => zodResolver(m.escalateProblemSchema)));

/** The forms of one problem: 答复, 转呈领导, 关闭 — only those the actor is offered (`commands`). */
export function ProblemActions({ problemId, commands }: { problemId: number; commands: ProblemCommand[] }) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  const answer = useForm<AnswerProblemInput>({ resolver: answerResolver, defaultValues: { problemId, answer: '' } });
  const escalate = useForm<EscalateProblemInput>({ resolver: escalateResolver, defaultValues: { problemId, note: '' } });
  if (commands.length === 0) return <ActionAlert message={message} />;
  const answerError = answer.formState.errors.answer?.message;
  const noteError = escalate.formState.errors.note?.message;
  const id = (name: string) => `problem-${problemId}-${name}`;

  const onAnswer = answer.handleSubmit((v) => run(() => answerProblemAction(v), { okText: '已答复', setError: answer.setError }));
  const onEscalate = escalate.handleSubmit((v) => run(() => escalateProblemAction(v), { okText: '已转呈区领导' }));
  const onClose = () => {
    if (!window.confirm('确定关闭该问题？关闭后不能再答复。')) return;
    run(() => closeProblemAction({ problemId }), { okText: '问题已关闭' });
  };

  return (
    <div className="flex flex-col gap-2 border-t pt-2">
      <ActionAlert message={message} />
      {commands.includes('answer') && (
        <form method="post" onSubmit={onAnswer} onFocus={answerResolver.preload} className="flex flex-col gap-2" aria-label="答复问题">
          <FormField id={id('answer')} label="答复意见" error={answerError}>
            <Textarea rows={2} {...fieldAria(id('answer'), answerError)} {...answer.register('answer')} />
          </FormField>
          <div>
            <Button type="submit" size="sm" disabled={pending}>
              答复
            </Button>
          </div>
        </form>
      )}
      {commands.includes('escalate') && (
        <form method="post" onSubmit={onEscalate} onFocus={escalateResolver.preload} className="flex flex-col gap-2 sm:flex-row sm:items-end" aria-label="转呈领导">
          <FormField id={id('note')} label="转呈说明（可选）" error={noteError} className="flex-1">
            <Input {...fieldAria(id('note'), noteError)} {...escalate.register('note')} />
          </FormField>
          <Button type="submit" size="sm" variant="outline" disabled={pending}>
            转呈区领导
          </Button>
        </form>
      )}
      {commands.includes('close') && (
        <div>
          <Button type="button" size="sm" variant="outline" disabled={pending} onClick={onClose}>
            关闭问题
          </Button>
        </div>
      )}
    </div>
  );
}
