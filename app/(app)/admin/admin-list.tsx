import { Button } from '@/components/ui/button';
import { TableCell, TableRow } from '@/components/ui/table';
import { cn } from '@/lib/utils';

/** The filter bar of an admin list (用户管理, 单位管理): a GET form, so it works without JavaScript. */
export function ListFilter({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <form method="get" className="flex flex-wrap items-end gap-2" aria-label={label}>
      {children}
      <Button type="submit" variant="outline">
        筛选
      </Button>
    </form>
  );
}

/** One field of a ListFilter: a small label over its control; `grow` gives it the width left over (the search box). */
export function FilterField({ id, label, grow = false, children }: { id: string; label: string; grow?: boolean; children: React.ReactNode }) {
  return (
    <div className={cn('flex flex-col gap-1', grow && 'min-w-0 flex-1')}>
      <label htmlFor={id} className="text-xs text-muted-foreground">
        {label}
      </label>
      {children}
    </div>
  );
}

/** The one row of a list table that the filter left empty. */
export function EmptyRow({ colSpan, children }: { colSpan: number; children: React.ReactNode }) {
  return (
    <TableRow>
      <TableCell colSpan={colSpan} className="p-4 text-center text-muted-foreground">
        {children}
      </TableCell>
    </TableRow>
  );
}
