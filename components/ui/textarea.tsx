import { clsx } from 'clsx';
import * as React from 'react';
import { CONTROL } from './input';

/** The one multi-line text box: the same box as `Input` (`.control`; a caller's classes override it by layer). */
export function Textarea({ className, ...props }: React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={clsx(CONTROL, className)} {...props} />;
}
