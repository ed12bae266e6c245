import { clsx } from 'clsx';
import * as React from 'react';

/**
 * The box every form control shares (Input, NativeSelect, Textarea): border, focus ring, error
 * border — `.control` in app/globals.css. A caller's classes (h-9, w-32) override it by CSS layer.
 */
export const CONTROL = 'control';

export function Input({ className, ...props }: React.InputHTMLAttributes<HTMLInputElement>) {
  return <input className={clsx(CONTROL, className)} {...props} />;
}

export function NativeSelect({ className, ...props }: React.SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={clsx(CONTROL, className)} {...props} />;
}
