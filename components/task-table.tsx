import Link from 'next/link';
import type { LedgerTask, UnitRef } from '@/lib/ledger/ledger-service';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { movedDateText } from '@/lib/extensions/extension-rules';
import { SignalLights, type SignalSet } from './signal-lights';

function UnitList({ units, openEnded, empty }: { units: UnitRef[]; openEnded?: boolean; empty: string }) {
  if (units.length === 0) return <span className="text-muted-foreground">{empty}</span>;
  const names = units.map((u) => u.name).join('、');
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
 */
export function TaskTable({ tasks, caption, signals }: { tasks: LedgerTask[]; caption: string; signals?: Map<number, SignalSet> }) {
  return (
    <Table variant="plain" minWidth={0} caption={caption} className="task-table border-collapse">
      <TableHeader>
        <TableRow>
          <TableHead className="w-14">序号</TableHead>
          <TableHead>任务</TableHead>
          <TableHead className="w-1/4">牵头单位</TableHead>
          <TableHead className="w-1/3">参与单位</TableHead>
          {signals && <TableHead className="w-44">预警</TableHead>}
        </TableRow>
      </TableHeader>
      <TableBody>
        {tasks.map((t) => (
          <TableRow key={t.id} data-task-no={t.no} data-task-id={t.id}>
            <TableCell className="font-mono tabular-nums">{t.no}</TableCell>
            <TableCell>
              <Link href={`/tasks/${t.id}`} className="font-medium text-primary hover:underline">
                {t.title}
              </Link>
              {t.closedOn && <span className="ml-2 whitespace-nowrap rounded bg-muted px-1.5 py-0.5 text-xs text-muted-foreground">已办结 {t.closedOn}</span>}
              {(t.deadline || t.leaders.length > 0) && (
                <span className="block text-xs text-muted-foreground">
                  {t.leaders.length > 0 && <span>责任领导：{t.leaders.join('、')}</span>}
                  {t.leaders.length > 0 && t.deadline && '　'}
                  {t.deadline && <span data-testid="ledger-deadline">完成时限：{movedDateText(t.deadline, t.originalDeadline)}</span>}
                </span>
              )}
            </TableCell>
            <TableCell data-label="牵头：">
              <UnitList units={t.lead} empty="未明确牵头单位" />
            </TableCell>
            <TableCell data-label="参与：">
              <UnitList units={t.participating} openEnded={t.openEnded} empty="—" />
            </TableCell>
            {signals && <TableCell>{signals.get(t.id) && <SignalLights signals={signals.get(t.id)!} compact />}</TableCell>}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
