'use client';

import Link from 'next/link';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { SignalLights, type SignalSet } from './signal-lights';
import type { TaskRow } from './task-rows';

function UnitNames({ names, openEnded, empty }: { names: string; openEnded?: boolean; empty: string }) {
  if (!names) return <span className="text-muted-foreground">{empty}</span>;
  return openEnded ? (
    <>
      {names}
      <span title="通知原文以“等”结尾，参与单位不限于所列">等</span>
    </>
  ) : (
    names
  );
}

/**
 * Task rows: a table on wide screens; on phones each row becomes a stacked card (same markup, so
 * screen readers and tests see one table). The phone layout is `.task-table` in app/globals.css,
 * set once rather than on each of hundreds of cells.
 *
 * A client component on purpose: a server component's markup travels twice, as HTML and again in
 * the page's RSC payload; this one's payload is only its rows' data (components/task-rows.ts), and
 * the markup is rendered once, into the HTML (docs/PERFORMANCE.md, issue 16).
 */
export function TaskTable({ rows, caption, withSignals }: { rows: TaskRow[]; caption: string; withSignals: boolean }) {
  return (
    <Table variant="plain" minWidth={0} caption={caption} className="task-table border-collapse">
      <TableHeader>
        <TableRow>
          <TableHead className="w-14">序号</TableHead>
          <TableHead>任务</TableHead>
          <TableHead className="w-1/4">牵头单位</TableHead>
          <TableHead className="w-1/3">参与单位</TableHead>
          {withSignals && <TableHead className="w-44">预警</TableHead>}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((t) => (
          <TableRow key={t.id} data-task-no={t.no} data-task-id={t.id}>
            <TableCell>{t.no}</TableCell>
            <TableCell>
              <Link href={`/tasks/${t.id}`}>{t.title}</Link>
              {t.closedOn && <span className="ml-2 whitespace-nowrap rounded bg-muted px-1.5 py-0.5 text-xs text-muted-foreground">已办结 {t.closedOn}</span>}
              {(t.deadline || t.leaders) && (
                <span className="block text-xs text-muted-foreground">
                  {t.leaders && <span>责任领导：{t.leaders}</span>}
                  {t.leaders && t.deadline && '　'}
                  {t.deadline && <span data-testid="ledger-deadline">完成时限：{t.deadline}</span>}
                </span>
              )}
            </TableCell>
            <TableCell data-label="牵头：">
              <UnitNames names={t.lead} empty="未明确牵头单位" />
            </TableCell>
            <TableCell data-label="参与：">
              <UnitNames names={t.participating} openEnded={t.openEnded} empty="—" />
            </TableCell>
            {withSignals && <TableCell>{t.signals && <SignalLights signals={t.signals} compact />}</TableCell>}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export type { SignalSet };
