'use client';

import type { FieldValues, UseFormReturn } from 'react-hook-form';
import { showFieldErrors, useActionMessage, type ActionMessage } from '@/components/action-message';
import type { Result } from '@/lib/result';
import { clsx } from 'clsx';

/**
 * A form that sends its checked values to a server action (through useActionMessage): the
 * outcome becomes the message, the server's per-field messages go under their inputs (the same
 * messages the browser-side schema gives), and a success is followed by `onSuccess` (a refresh,
 * a reset, a redirect).
 */
export function useActionSubmit<V extends FieldValues, R extends Result>(
  form: UseFormReturn<V>,
  send: (values: V) => Promise<R>,
  onSuccess?: (result: Extract<R, { ok: true }>, values: V) => void,
) {
  const { message, pending, run } = useActionMessage();
  const submit = form.handleSubmit((values) =>
    run(() => send(values), {
      onOk: (result) => onSuccess?.(result, values),
      onFail: (failure) => showFieldErrors(form.setError, failure.fieldErrors),
    }),
  );
  return { submit, pending, message };
}

/** The line under a one-line form (calendar rows, a list's settings): the field's error, else the outcome of the last save. */
export function StatusLine({ error, message, className }: { error?: string; message: ActionMessage; className?: string }) {
  if (!error && !message) return null;
  return (
    <p role="status" className={clsx(className, 'text-sm', error || message?.ok === false ? 'text-destructive' : 'text-emerald-700')}>
      {error ?? message?.text}
    </p>
  );
}

/** The line under an input: its error (announced via aria-describedby) or a hint. */
export function FieldHint({ id, error, hint }: { id: string; error?: string; hint?: string }) {
  if (!error && !hint) return null;
  return (
    <p id={id} className={error ? 'text-sm text-destructive' : 'text-xs text-muted-foreground'}>
      {error ?? hint}
    </p>
  );
}
