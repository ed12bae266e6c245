import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { monthLabel } from '@/lib/reporting/calendar';

/**
 * A chart in a fixed-height box (so the drawing, loaded in the browser after first paint, causes
 * no layout shift) over its figures as a visually hidden table, in the page's HTML for screen
 * readers and for pages without JavaScript: one row a month, `columns` after the month. Used by the
 * chart loaders (client components), so the rows travel in the RSC payload as the chart's data only.
 */
export function ChartFigure({
  label,
  className,
  chart,
  caption,
  columns,
  rows,
}: {
  label: string;
  className: string;
  chart: React.ReactNode;
  caption: string;
  columns: string[];
  rows: { month: string; cells: string[] }[];
}) {
  return (
    <figure className={className} aria-label={label}>
      {chart}
      {/* sr-only on the wrapper: a table ignores the 1px width and would widen the page. */}
      <div className="sr-only">
        <Table variant="plain" minWidth={0} caption={caption}>
          <TableHeader>
            <TableRow>
              {['月份', ...columns].map((c) => (
                <TableHead key={c}>{c}</TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.month}>
                <th scope="row">{monthLabel(r.month)}</th>
                {r.cells.map((c, i) => (
                  <TableCell key={i}>{c}</TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </figure>
  );
}
