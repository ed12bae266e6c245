'use client';

import Link from 'next/link';
import { SignalLights, type PackedLights } from '@/components/signal-lights';
import { StatusBadge } from '@/components/status-badge';
import { Table, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { SignForState } from '@/lib/lifecycle/sign-for-rules';
import type { ContributionState, ReportState } from '@/lib/reporting/report-state';
import { SignMark } from './sign-for';

/*
 * The workbench's tables, rendered from rows the page has already put into words (work-rows.ts).
 * Client components so that the rows travel once as data in the RSC payload and once as HTML,
 * not twice as markup (see components/task-table.tsx); cell styles are `.work-table` in
 * app/globals.css, set once instead of on every cell.
 */

type State = ReportState | ContributionState;
export type Kind = 'report' | 'contribution';

/** This month's state cell: the state in words, or when the task is due when not this month. */
export type StateCell = { state: State; notDue: string | null };
/** The deadline cell: the date, its hint (还有 3 天 / 已逾期 2 天), its urgency and the date it moved from. */
export type DeadlineCell = { date: string; hint: string | null; tone: 'late' | 'soon' | 'muted' | null; moved: string | null } | null;

export type WorkRowData = {
  id: number;
  no: number;
  label: string;
  title: string;
  sign: SignForState;
  signals: PackedLights | null;
  action: string;
  state: StateCell;
  deadline: DeadlineCell;
};
export type LeadRowData = WorkRowData & { parts: { expected: number; received: number; missing: string | null } };
export type JoinRowData = WorkRowData & { leads: string };
export type HistoryRowData = { id: number; kind: Kind; title: string; states: (State | null)[] };

function StateTd({ kind, cell }: { kind: Kind; cell: StateCell }) {
  return <td>{cell.notDue !== null ? <span className="not-due">{cell.notDue}</span> : <StatusBadge state={cell.state} kind={kind} />}</td>;
}

function DeadlineTd({ cell }: { cell: DeadlineCell }) {
  if (!cell) return <td />;
  return (
    <td>
      <span className="due" data-tone={cell.tone ?? undefined}>
        {cell.date}
        {cell.hint && <span className="ml-1">{cell.hint}</span>}
      </span>
      {cell.moved && (
        <span className="block text-xs text-muted-foreground" data-testid="moved-deadline">
          {cell.moved}
        </span>
      )}
    </td>
  );
}

function WorkTable({ caption, columns, children }: { caption: string; columns: string[]; children: React.ReactNode }) {
  return (
    <Table variant="plain" minWidth={0} caption={caption} className="work-table">
      <TableHeader className="max-md:sr-only">
        <TableRow>
          <TableHead className="w-12">序号</TableHead>
          <TableHead>任务</TableHead>
          {columns.map((c) => (
            <TableHead key={c}>{c}</TableHead>
          ))}
          <TableHead>预警</TableHead>
          <TableHead>
            <span className="sr-only">操作</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <tbody>{children}</tbody>
    </Table>
  );
}

function WorkRow({ row, children }: { row: WorkRowData; children: React.ReactNode }) {
  return (
    <tr data-task-no={row.no}>
      <td title={row.label}>{row.no}</td>
      <td>
        <Link href={`/tasks/${row.id}`}>{row.title}</Link>
        <SignMark taskId={row.id} state={row.sign} />
      </td>
      {children}
      <td>{row.signals && <SignalLights signals={row.signals} compact />}</td>
      <td>
        <Link href={`/my/tasks/${row.id}`}>{row.action}</Link>
      </td>
    </tr>
  );
}

/** 牵头任务: state, deadline and how many parts came in, per task. */
export function LeadTable({ caption, rows }: { caption: string; rows: LeadRowData[] }) {
  return (
    <WorkTable caption={caption} columns={['本月状态', '截止', '协办反馈']}>
      {rows.map((row) => (
        <WorkRow key={row.id} row={row}>
          <StateTd kind="report" cell={row.state} />
          <DeadlineTd cell={row.deadline} />
          <td title={row.parts.missing ?? undefined}>
            {row.parts.expected === 0 ? (
              <span className="text-muted-foreground">无参与单位</span>
            ) : (
              <span className={row.parts.received < row.parts.expected ? 'text-amber-700' : undefined}>{`已收 ${row.parts.received}/${row.parts.expected}`}</span>
            )}
          </td>
        </WorkRow>
      ))}
    </WorkTable>
  );
}

/** 参与任务: the lead units, this month's part and its deadline, per task. */
export function JoinTable({ caption, rows }: { caption: string; rows: JoinRowData[] }) {
  return (
    <WorkTable caption={caption} columns={['牵头单位', '本月协办', '截止']}>
      {rows.map((row) => (
        <WorkRow key={row.id} row={row}>
          <td className="text-muted-foreground max-md:w-full">{row.leads}</td>
          <StateTd kind="contribution" cell={row.state} />
          <DeadlineTd cell={row.deadline} />
        </WorkRow>
      ))}
    </WorkTable>
  );
}

/** 往期填报: each task's state in each past month, each a link to that month (— where it was not due). */
export function HistoryTable({ caption, months, monthNames, rows }: { caption: string; months: string[]; monthNames: string[]; rows: HistoryRowData[] }) {
  return (
    <Table variant="plain" dense minWidth={320} caption={caption} className="history-table">
      <TableHeader>
        <TableRow>
          <TableHead>任务</TableHead>
          {monthNames.map((m) => (
            <TableHead key={m}>{m}</TableHead>
          ))}
        </TableRow>
      </TableHeader>
      <tbody>
        {rows.map((row) => {
          return (
            <tr key={`${row.kind}${row.id}`}>
              <th scope="row">
                {row.title}
                {row.kind === 'contribution' && <span> （参与）</span>}
              </th>
              {months.map((m, i) => {
                const state = row.states[i];
                return (
                  <td key={m}>
                    {/* The link says the month's state; the row and column headers say which task and month
                        (no aria-label: it would hide the state and differ from the visible text). */}
                    <Link href={`/my/tasks/${row.id}?period=${m}`}>
                      {state === null ? (
                        <span className="not-due" title="该月不需报送（按事项期限）">
                          —
                        </span>
                      ) : (
                        <StatusBadge state={state ?? 'none'} kind={row.kind} />
                      )}
                    </Link>
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
