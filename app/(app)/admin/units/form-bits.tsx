'use client';

import { useState } from 'react';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import type { Failure } from '@/lib/result';

/** What the admin actions return (the one result type, as plain data): the success payload under `data`. */
export type ServerResult<T = unknown> = { ok: true; data?: T; message?: string } | Failure;

/**
 * The outcome of a submit: a banner message, plus server-side field errors placed under their
 * inputs (the same messages the browser-side schema gives).
 */
export function useServerResult<V extends FieldValues>(form?: UseFormReturn<V>) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  function apply<T>(result: ServerResult<T>, fallback = '已保存'): result is { ok: true; data?: T; message?: string } {
    if (result.ok) {
      setMessage({ ok: true, text: result.message ?? fallback });
      return true;
    }
    setMessage({ ok: false, text: result.error });
    if (form) {
      for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
        if (messages?.[0]) form.setError(field as Path<V>, { message: messages[0] });
      }
    }
    return false;
  }
  return { message, setMessage, apply };
}

export function ResultMessage({ message }: { message: { ok: boolean; text: string } | null }) {
  if (!message) return null;
  return <Alert variant={message.ok ? 'success' : 'error'}>{message.text}</Alert>;
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
