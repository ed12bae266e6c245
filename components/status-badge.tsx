import { cn } from '@/lib/utils';
import { CONTRIBUTION_STATE_LABELS, REPORT_STATE_LABELS, type ContributionState, type ReportState } from '@/lib/reporting/report-state';

/**
 * A state or level in words, in a small coloured box (the colour is only a second cue). `tone`
 * colours it; data-* attributes (data-state, data-level) name the value for tests and styles.
 */
export function WordBadge({ tone, className, ...props }: React.HTMLAttributes<HTMLSpanElement> & { tone: string }) {
  return <span className={cn('inline-flex items-center whitespace-nowrap rounded-md border px-2 py-0.5 text-xs font-medium', tone, className)} {...props} />;
}

const STYLES: Record<ReportState, string> = {
  none: 'bg-slate-100 text-slate-700 border-slate-200',
  draft: 'bg-amber-50 text-amber-900 border-amber-200',
  submitted: 'bg-sky-50 text-sky-900 border-sky-200',
  approved: 'bg-emerald-50 text-emerald-900 border-emerald-200',
  returned: 'bg-rose-50 text-rose-900 border-rose-200',
};

/** A report or part state in words. */
export function StatusBadge({ state, kind = 'report', className }: { state: ReportState | ContributionState; kind?: 'report' | 'contribution'; className?: string }) {
  const label = kind === 'report' ? REPORT_STATE_LABELS[state as ReportState] : CONTRIBUTION_STATE_LABELS[state as ContributionState];
  return (
    <WordBadge tone={STYLES[state]} className={className} data-state={state}>
      {label}
    </WordBadge>
  );
}
