import type { LedgerTask } from '@/lib/ledger/ledger-service';
import { movedDateText } from '@/lib/extensions/extension-rules';
import { packLights, type PackedLights, type SignalSet } from './signal-lights';

/**
 * One ledger row as the browser gets it: what the row shows, already in words, and nothing else
 * (every field here is sent once more in the page's RSC payload, so ids of units, plans and
 * sections that the row does not show stay on the server).
 */
export type TaskRow = {
  id: number;
  no: number;
  title: string;
  /** 已办结 date, or null. */
  closedOn: string | null;
  /** 责任领导, joined with 、, or '' */
  leaders: string;
  /** 完成时限 in words (with the original date when an extension moved it), or null. */
  deadline: string | null;
  /** Unit names joined with 、 ('' for none). */
  lead: string;
  participating: string;
  openEnded: boolean;
  signals: PackedLights | null;
};

/** Only what the lights show, packed (components/signal-lights.tsx): the services' signals also carry every rule that fired. */
export const lightsOf = packLights;

export function taskRows(tasks: LedgerTask[], signals?: Map<number, SignalSet>): TaskRow[] {
  return tasks.map((t) => ({
    id: t.id,
    no: t.no,
    title: t.title,
    closedOn: t.closedOn ?? null,
    leaders: t.leaders.join('、'),
    deadline: t.deadline ? movedDateText(t.deadline, t.originalDeadline) : null,
    lead: t.lead.map((u) => u.name).join('、'),
    participating: t.participating.map((u) => u.name).join('、'),
    openEnded: t.openEnded,
    signals: signals?.has(t.id) ? lightsOf(signals.get(t.id)!) : null,
  }));
}
