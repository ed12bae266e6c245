'use client';

import Link from 'next/link';
import { SignalLights, type PackedLights } from '@/components/signal-lights';

/*
 * The dashboard's two long blocks, rendered from counts and words the page computed. Client
 * components so that they travel once as data in the RSC payload and once as HTML, not twice as
 * markup (see components/task-table.tsx); styles are `.level-cell` / `.lagging-list` in app/globals.css.
 */

type Level = 'red' | 'yellow' | 'green';
const LEVELS: Level[] = ['red', 'yellow', 'green'];
const LEVEL_WORDS: Record<Level, string> = { red: '红灯', yellow: '黄灯', green: '正常' };
const SIGNALS = ['late', 'pace', 'target'] as const;

export type SectionRow = {
  id: number;
  /** The list's short name, shown when several lists are in view (else null). */
  list: string | null;
  planLabel: string;
  name: string;
  taskCount: number;
  /** red, yellow, green counts for 报送, 进度, 指标. */
  counts: [number, number, number][];
};

/** The section × signal overview: each count a link to the tasks behind it. */
export function SectionSignalRows({ rows, unitParam }: { rows: SectionRow[]; unitParam: string }) {
  return (
    <tbody>
      {rows.map((s) => (
        <tr key={s.id} className="align-middle" data-section={s.id} data-list={s.planLabel}>
          <th scope="row" className="section-name">
            {s.list && <span className="mr-1 rounded bg-muted px-1 text-xs text-muted-foreground">{s.list}</span>}
            <Link href={`/tasks?section=${s.id}${unitParam}`}>{s.name}</Link>
            <span>{`${s.taskCount} 项`}</span>
          </th>
          {SIGNALS.map((key, k) => (
            <td key={key}>
              <div className="level-cell">
                {LEVELS.map((level, i) => {
                  const n = s.counts[k]![i]!;
                  // A count of none leads nowhere: plain text, its level said to screen readers.
                  return n === 0 ? (
                    <span key={level} data-level={level} data-zero>
                      <span className="sr-only">{LEVEL_WORDS[level]}</span>0
                    </span>
                  ) : (
                    <Link key={level} href={`/tasks?section=${s.id}&signal=${key}&level=${level}${unitParam}`} aria-label={`${LEVEL_WORDS[level]} ${n} 项`} data-level={level}>
                      {n}
                    </Link>
                  );
                })}
              </div>
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}

export type LaggingRow = { taskId: number; title: string; noMeasure: boolean; signals: PackedLights };

/**
 * 滞后任务: the tasks with the most red lights, each with its lights and 无措施 when nothing is being
 * done; what 无措施 means is said once, under the list.
 */
export function LaggingList({ rows }: { rows: LaggingRow[] }) {
  return (
    <>
      <ul className="lagging-list" aria-label="滞后任务">
        {rows.map((l) => (
          <li key={l.taskId} data-lagging={l.taskId}>
            <Link href={`/tasks/${l.taskId}`}>{l.title}</Link>
            <span>
              {l.noMeasure && (
                <span className="no-measure" data-testid="no-measure">
                  无措施
                </span>
              )}
              <SignalLights signals={l.signals} compact />
            </span>
          </li>
        ))}
      </ul>
      {rows.some((l) => l.noMeasure) && <p className="mt-1 text-xs text-muted-foreground">无措施：有红灯，但没有在办的督办单、协调问题、近30日领导批示或督查室亮灯。</p>}
    </>
  );
}

export type IndicatorBehindRow = { taskId: number; title: string; reason: string };

/** 落后最多的指标: each indicator with how far it is behind, said by its kind. */
export function IndicatorsBehindList({ rows }: { rows: IndicatorBehindRow[] }) {
  return (
    <ol className="indicators-behind" aria-label="落后最多的指标">
      {rows.map((i, n) => (
        <li key={n}>
          <Link href={`/tasks/${i.taskId}`}>{i.title}</Link>
          <span>{i.reason}</span>
        </li>
      ))}
    </ol>
  );
}
