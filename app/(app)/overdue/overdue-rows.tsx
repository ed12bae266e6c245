'use client';

import Link from 'next/link';

/** One overdue item as the browser gets it, in words (dates and months already labelled on the server). */
export type OverdueRow = {
  /** data-overdue: kind-taskNo-unit, what tests name a row by. */
  name: string;
  href: string;
  task: string;
  unit: string;
  kind: string;
  what: string;
  due: string;
  days: number;
  light: string;
  reason: string;
};

/**
 * The overdue list's rows. A client component so that the rows travel once as data in the RSC
 * payload and once as HTML, not twice as markup (see components/task-table.tsx); cell styles are
 * `.overdue-table` in app/globals.css.
 */
export function OverdueRows({ rows }: { rows: OverdueRow[] }) {
  return (
    <tbody>
      {rows.map((r, n) => (
        <tr key={n} data-overdue={r.name}>
          <td>
            <Link href={r.href}>{r.task}</Link>
          </td>
          <td>{r.unit}</td>
          <td>
            {r.kind}
            <span>{r.what}</span>
          </td>
          <td>{r.due}</td>
          <td>{`${r.days} 天`}</td>
          <td>
            <span className="signal-pill" data-level="red" title={r.reason}>
              {r.light}
            </span>
          </td>
        </tr>
      ))}
    </tbody>
  );
}
