import * as React from 'react';
import { clsx } from 'clsx';

const FRAMES = {
  box: 'overflow-x-auto rounded-lg border bg-white',
  plain: 'overflow-x-auto',
} as const;

/**
 * The one data table: scrolls sideways inside its frame on a 375 px screen instead of widening
 * the page; `minWidth` is the width below which it scrolls (0: never, for tables whose rows stack
 * on phones). `variant="box"` draws a bordered white box around it; `variant="plain"` only
 * scrolls, for a table that sits in a card (or on a printed sheet) that draws its own border.
 * `dense`: tighter rows, for tables of figures. Header cells are `scope="col"`. Cell padding, row
 * borders and header colour are set once for the table (`.data-table` in app/globals.css), so a
 * long table does not repeat them on every cell.
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
      {/* clsx, not cn: callers add classes of their own (task-table, mt-2 …), never a rival of these, so
          tailwind-merge stays out of the client lists' JavaScript. */}
      <table className={clsx('data-table w-full text-sm', dense && 'dense', className)} style={{ minWidth }} {...props}>
        {caption && <caption className="sr-only">{caption}</caption>}
        {children}
      </table>
    </div>
  );
}

export function TableHeader(props: React.HTMLAttributes<HTMLTableSectionElement>) {
  return <thead {...props} />;
}

export function TableBody(props: React.HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody {...props} />;
}

export function TableRow(props: React.HTMLAttributes<HTMLTableRowElement>) {
  return <tr {...props} />;
}

export function TableHead(props: React.ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" {...props} />;
}

export function TableCell(props: React.TdHTMLAttributes<HTMLTableCellElement>) {
  return <td {...props} />;
}
