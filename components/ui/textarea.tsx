import * as React from 'react';
import { cn } from '@/lib/utils';

/** The one multi-line text box: same border, focus ring and error state as `Input`. */
export function Textarea({ className, ...props }: React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <textarea
      className={cn(
        'w-full rounded-md border border-input bg-background px-3 py-2 text-base focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring aria-[invalid=true]:border-destructive disabled:opacity-50 md:text-sm',
        className,
      )}
      {...props}
    />
  );
}
