import Link from 'next/link';
import type { LedgerTask, UnitRef } from '@/lib/ledger/ledger-service';
import { SignalLights, type SignalSet } from './signal-lights';

function UnitList({ units, openEnded, empty }: { units: UnitRef[]; openEnded?: boolean; empty: string }) {
  if (units.length === 0) return <span className="text-muted-foreground">{empty}</span>;
  return (
    <span>
      {units.map((u) => u.name).join('、')}
      {openEnded ? <span title="通知原文以“等”结尾，参与单位不限于所列">等</span> : null}
    </span>
  );
}

/**
 * Task rows: a table on wide screens; on phones each row becomes a stacked card (same markup, so
 * screen readers and tests see one table).
 */
export function TaskTable({ tasks, caption, signals }: { tasks: LedgerTask[]; caption: string; signals?: Map<number, SignalSet> }) {
  return (
    <table className="w-full border-collapse text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="max-md:sr-only">
        <tr className="border-b text-left text-muted-foreground">
          <th scope="col" className="w-14 py-2 pr-2 font-medium">
            序号
          </th>
          <th scope="col" className="py-2 pr-3 font-medium">
            任务
          </th>
          <th scope="col" className="w-1/4 py-2 pr-3 font-medium">
            牵头单位
          </th>
          <th scope="col" className="w-1/3 py-2 font-medium">
            参与单位
          </th>
          {signals && (
            <th scope="col" className="w-44 py-2 pl-2 font-medium">
              预警
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {tasks.map((t) => (
          <tr key={t.id} data-task-no={t.no} data-task-id={t.id} className="border-b align-top last:border-0 max-md:block max-md:py-2">
            <td className="py-2 pr-2 font-mono tabular-nums max-md:inline max-md:py-0">{t.no}</td>
            <td className="py-2 pr-3 max-md:inline max-md:py-0">
              <Link href={`/tasks/${t.id}`} className="font-medium text-primary hover:underline">
                {t.title}
              </Link>
              {(t.deadline || t.leaders.length > 0) && (
                <span className="block text-xs text-muted-foreground">
                  {t.leaders.length > 0 && <span>责任领导：{t.leaders.join('、')}</span>}
                  {t.leaders.length > 0 && t.deadline && '　'}
                  {t.deadline && <span>完成时限：{t.deadline}</span>}
                </span>
              )}
            </td>
            <td className="py-2 pr-3 max-md:block max-md:py-0.5">
              <span className="text-muted-foreground md:hidden">牵头：</span>
              <UnitList units={t.lead} empty="未明确牵头单位" />
            </td>
            <td className="py-2 max-md:block max-md:py-0.5">
              <span className="text-muted-foreground md:hidden">参与：</span>
              <UnitList units={t.participating} openEnded={t.openEnded} empty="—" />
            </td>
            {signals && (
              <td className="py-2 pl-2 max-md:block max-md:py-1 max-md:pl-0">
                {signals.get(t.id) && <SignalLights signals={signals.get(t.id)!} compact />}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
