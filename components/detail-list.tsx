import * as React from 'react';
import { cn } from '@/lib/utils';

/** A page's facts as label over value (督办内容, a report read back, a unit's answer). */
export function DetailList({ className, ...props }: React.HTMLAttributes<HTMLDListElement>) {
  return <dl className={cn('grid gap-4 text-sm', className)} {...props} />;
}

/**
 * One fact of a DetailList. Other props (a `className` such as `whitespace-pre-wrap` for text the
 * user wrote, a `data-testid`) go to the value; `note` is a small line under it.
 */
export function DetailItem({
  label,
  labelClassName,
  note,
  className,
  children,
  ...props
}: React.HTMLAttributes<HTMLElement> & { label: React.ReactNode; labelClassName?: string; note?: React.ReactNode }) {
  return (
    <div>
      <dt className={cn('font-semibold', labelClassName)}>{label}</dt>
      <dd className={cn('mt-1', className)} {...props}>
        {children}
      </dd>
      {note && <dd className="mt-1 text-xs text-muted-foreground">{note}</dd>}
    </div>
  );
}
