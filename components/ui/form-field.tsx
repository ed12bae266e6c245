import * as React from 'react';
import { Label } from '@/components/ui/label';
import { cn } from '@/lib/utils';

type FormFieldProps = {
  /** The control's id: the label points at it, the error is `${id}-error`. */
  id: string;
  label: React.ReactNode;
  /** The field's message (zod's or the server's), shown under the control and announced. */
  error?: string;
  hint?: React.ReactNode;
  className?: string;
  /** The control, given `aria-invalid` and `aria-describedby` by the caller or via `fieldAria`. */
  children: React.ReactNode;
};

/** The ARIA attributes that tie a control to its FormField's error. */
export function fieldAria(id: string, error: string | undefined) {
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined } as const;
}

/** Label, control, hint and per-field error: how every form lays out one field. */
export function FormField({ id, label, error, hint, className, children }: FormFieldProps) {
  return (
    <div className={cn('space-y-1.5', className)}>
      <Label htmlFor={id}>{label}</Label>
      {children}
      {hint && !error && <p className="text-xs text-muted-foreground">{hint}</p>}
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}
