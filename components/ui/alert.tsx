import * as React from 'react';
import { cn } from '@/lib/utils';

/** A message box. Errors use role="alert" so screen readers announce them. */
export function Alert({
  className,
  variant = 'info',
  ...props
}: React.HTMLAttributes<HTMLDivElement> & { variant?: 'info' | 'error' | 'success' }) {
  return (
    <div
      role={variant === 'error' ? 'alert' : 'status'}
      className={cn(
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
