import * as React from 'react';
import { cn } from '@/lib/utils';
import { CONTROL } from './input';

/** The one multi-line text box: the same box as `Input`. */
export function Textarea({ className, ...props }: React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={cn(CONTROL, className)} {...props} />;
}
