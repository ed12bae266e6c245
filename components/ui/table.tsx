import * as React from 'react';
import { cn } from '@/lib/utils';

const FRAMES = {
  box: 'overflow-x-auto rounded-lg border bg-white',
  plain: 'overflow-x-auto',
} as const;

/**
 * The one data table: scrolls sideways inside its frame on a 375 px screen instead of widening
 * the page; `minWidth` is the width below which it scrolls (0: never, for tables whose rows stack
 * on phones). `variant="box"` draws a bordered white box around it; `variant="plain"` only
 * scrolls, for a table that sits in a card (or on a printed sheet) that draws its own border.
 * `dense`: tighter rows, for tables of figures. Header cells are `scope="col"`.
 */
export function Table({
  caption,
  minWidth = 640,
  variant = 'box',
  dense = false,
  className,
  children,
  ...props
}: React.TableHTMLAttributes<HTMLTableElement> & { caption?: string; minWidth?: number; variant?: keyof typeof FRAMES; dense?: boolean }) {
  return (
    <div className={FRAMES[variant]}>
      <table className={cn('w-full text-sm', dense && '[&_td]:py-1.5 [&_th]:py-1.5', className)} style={{ minWidth }} {...props}>
        {caption && <caption className="sr-only">{caption}</caption>}
        {children}
      </table>
    </div>
  );
}

export function TableHeader({ className, ...props }: React.HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className={cn('[&_tr]:border-b [&_tr]:text-left [&_tr]:text-muted-foreground', className)} {...props} />;
}

export function TableBody(props: React.HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody {...props} />;
}

export function TableRow({ className, ...props }: React.HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn('border-b align-top last:border-0', className)} {...props} />;
}

export function TableHead({ className, ...props }: React.ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={cn('px-2 py-2 font-medium first:pl-3 last:pr-3', className)} {...props} />;
}

export function TableCell({ className, ...props }: React.TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn('px-2 py-2 first:pl-3 last:pr-3', className)} {...props} />;
}
