import { clsx } from 'clsx';
import * as React from 'react';
import { Label } from '@/components/ui/label';

type FormFieldProps = {
  /** The control's id: the label points at it, the error is `${id}-error`, the hint `${id}-hint`. */
  id: string;
  label: React.ReactNode;
  /** Marks the label with a red asterisk (the field must be filled). */
  required?: boolean;
  /** The field's message (zod's or the server's), shown under the control and announced. */
  error?: string;
  hint?: React.ReactNode;
  className?: string;
  /** The control, given `aria-invalid` and `aria-describedby` by the caller or via `fieldAria`. */
  children: React.ReactNode;
};

/** The ARIA attributes that tie a control to its FormField's error, or else to its hint (`withHint`). */
export function fieldAria(id: string, error: string | undefined, withHint = false) {
  const describedBy = error ? `${id}-error` : withHint ? `${id}-hint` : undefined;
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy } as const;
}

/** The red asterisk after the label of a field that must be filled (a space before it). */
export function RequiredMark() {
  return (
    <>
      {' '}
      <span className="text-destructive">*</span>
    </>
  );
}

/** A field's message, announced; `id` is what the control's `aria-describedby` names. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="text-sm text-destructive">
      {message}
    </p>
  );
}

/** Label, control, hint and per-field error: how every form lays out one field. */
export function FormField({ id, label, required = false, error, hint, className, children }: FormFieldProps) {
  return (
    // Joined (clsx): callers add sizing (flex-1, sm:max-w-xs), never a rival of these.
    <div className={clsx('flex flex-col gap-1.5', className)}>
      <Label htmlFor={id}>
        {label}
        {required && <RequiredMark />}
      </Label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
