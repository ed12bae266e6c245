import { clsx } from 'clsx';
import { Label as LabelPrimitive } from 'radix-ui';
import * as React from 'react';

/** A form label: `.field-label` in app/globals.css (a caller's classes, e.g. leading-snug, override it by layer). */
export function Label({ className, ...props }: React.ComponentProps<typeof LabelPrimitive.Root>) {
  return <LabelPrimitive.Root className={clsx('field-label', className)} {...props} />;
}
