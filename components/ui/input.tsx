import * as React from 'react';
import { cn } from '@/lib/utils';

/** The box every form control shares (Input, NativeSelect, Textarea): border, focus ring, error border. */
export const CONTROL =
  'w-full rounded-md border border-input bg-background px-3 py-2 text-base focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring aria-[invalid=true]:border-destructive disabled:opacity-50 md:text-sm';

export function Input({ className, ...props }: React.InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cn('flex h-10 placeholder:text-muted-foreground', CONTROL, className)} {...props} />;
}

export function NativeSelect({ className, ...props }: React.SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cn('flex h-10', CONTROL, className)} {...props} />;
}
