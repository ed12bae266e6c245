import * as React from 'react';
import { clsx } from 'clsx';

/** A message box. Errors use role="alert" so screen readers announce them. */
export function Alert({
  className,
  variant = 'info',
  ...props
}: React.HTMLAttributes<HTMLDivElement> & { variant?: 'info' | 'error' | 'success' }) {
  return (
    <div
      role={variant === 'error' ? 'alert' : 'status'}
      // Joined, not merged (clsx): callers only add layout classes, and the message boxes are in
      // most pages' JavaScript.
      className={clsx(
        'rounded-md border px-3 py-2 text-sm',
        variant === 'error' && 'border-destructive/40 bg-destructive/10 text-destructive',
        variant === 'success' && 'border-emerald-300 bg-emerald-50 text-emerald-900',
        variant === 'info' && 'border-sky-200 bg-sky-50 text-sky-900',
        className,
      )}
      {...props}
    />
  );
}
