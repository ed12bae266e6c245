'use client';

import Link from 'next/link';
import { SignMark } from '@/app/(app)/my/sign-for';
import type { SignForState } from '@/lib/lifecycle/sign-for-rules';

/**
 * A unit's 签收 as the page shows it: in words with their tone (muted, pending, overdue), or the
 * 签收 button for the unit's own staff (`mark`), or nothing when the task has no such record.
 */
export type UnitSign = { text: string; tone: 'muted' | 'pending' | 'overdue' } | { mark: SignForState } | null;
/** A unit of the task and its 签收 as an index into the card's `signs` (units assigned together share one). */
export type UnitSignRow = { id: number; name: string; sign: number };

/** `muted` is the list's own colour (.unit-signs in app/globals.css). */
const TONE_CLASS = { muted: undefined, pending: 'text-amber-700', overdue: 'font-medium text-destructive' } as const;

function UnitsSection({ id, title, units, signs, empty, taskId, children }: { id: string; title: string; units: UnitSignRow[]; signs: UnitSign[]; empty: string; taskId: number; children?: React.ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="mb-2 font-semibold">
        {title}
      </h2>
      {units.length === 0 ? (
        <p className="text-muted-foreground">{empty}</p>
      ) : (
        <ul className="unit-signs">
          {units.map((u) => {
            const sign = signs[u.sign] ?? null;
            return (
              <li key={u.id} data-unit={u.name}>
                <Link href={`/tasks?unit=${u.id}`}>{u.name}</Link>
                {sign && ('mark' in sign ? <SignMark taskId={taskId} state={sign.mark} /> : <span className={TONE_CLASS[sign.tone]}>{sign.text}</span>)}
              </li>
            );
          })}
        </ul>
      )}
      {children}
    </section>
  );
}

/**
 * 牵头单位 and 参与单位 of the task page, each a link to the ledger filtered to that unit, with its 签收
 * (one list: the units and their signatures are the same rows). A client component so that the rows
 * travel once as data in the RSC payload and once as HTML, not twice as markup, and each distinct
 * 签收 line once (`signs`: the units assigned on one day and signed at one time share it); the
 * card's classes are those of components/ui/card.tsx.
 */
export function TaskUnitsCard({ taskId, signs, lead, participating, openEnded }: { taskId: number; signs: UnitSign[]; lead: UnitSignRow[]; participating: UnitSignRow[]; openEnded: boolean }) {
  return (
    <div className="card">
      <div className="card-content grid gap-4 pt-4 md:grid-cols-2 md:pt-6" data-testid="sign-for">
        <UnitsSection id="lead-title" title="牵头单位" units={lead} signs={signs} empty="未明确牵头单位" taskId={taskId} />
        <UnitsSection id="participating-title" title="参与单位" units={participating} signs={signs} empty="无" taskId={taskId}>
          {openEnded && <p className="mt-2 text-sm text-muted-foreground">通知原文以“等”结尾，参与单位不限于以上所列。</p>}
        </UnitsSection>
      </div>
    </div>
  );
}
