'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button, type ButtonProps } from '@/components/ui/button';
import type { Failure, FieldErrors, Result } from '@/lib/result';

/** What an action said last: shown by `ActionAlert` (success in green, a refusal announced in red). */
export type ActionMessage = { ok: boolean; text: string } | null;

type RunOptions<R extends Result, F extends FieldValues> = {
  /** The message when the action says nothing itself. */
  okText?: string;
  onOk?: (result: Extract<R, { ok: true }>) => void;
  onFail?: (result: Failure) => void;
  /** The form's `setError`: a refusal's per-field messages show under its fields. */
  setError?: UseFormSetError<F>;
};

/**
 * Runs a server action from a form or button in a transition and keeps its outcome as a message.
 * `refresh`: reload the page's data after a success (for actions whose page shows what they changed).
 */
export function useActionMessage({ refresh = false }: { refresh?: boolean } = {}) {
  const router = useRouter();
  const [message, setMessage] = useState<ActionMessage>(null);
  const [pending, startTransition] = useTransition();

  function run<R extends Result, F extends FieldValues = FieldValues>(action: () => Promise<R>, { okText = '已保存', onOk, onFail, setError }: RunOptions<R, F> = {}) {
    setMessage(null);
    startTransition(async () => {
      const outcome = await action();
      const result: Result = outcome;
      if (result.ok) {
        setMessage({ ok: true, text: result.message ?? okText });
        onOk?.(outcome as Extract<R, { ok: true }>);
        if (refresh) router.refresh();
      } else {
        setMessage({ ok: false, text: result.error });
        if (setError) showFieldErrors(setError, result.fieldErrors);
        onFail?.(result);
      }
    });
  }

  return { message, pending, run, setMessage };
}

export function ActionAlert({ message }: { message: ActionMessage }) {
  if (!message) return null;
  return <Alert variant={message.ok ? 'success' : 'error'}>{message.text}</Alert>;
}

/** The end of a form: the last outcome, then the submit button (disabled while the action runs). */
export function FormFooter({ message, pending, variant, children }: { message: ActionMessage; pending: boolean; variant?: ButtonProps['variant']; children: React.ReactNode }) {
  return (
    <>
      <ActionAlert message={message} />
      <div>
        <Button type="submit" variant={variant} disabled={pending}>
          {children}
        </Button>
      </div>
    </>
  );
}

/** Shows the server's per-field messages under the form's fields (the first message of each). */
export function showFieldErrors<T extends FieldValues>(setError: UseFormSetError<T>, fieldErrors: FieldErrors | undefined) {
  for (const [field, messages] of Object.entries(fieldErrors ?? {})) {
    if (messages?.[0]) setError(field as Path<T>, { message: messages[0] });
  }
}
