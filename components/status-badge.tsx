import { clsx } from 'clsx';
import { CONTRIBUTION_STATE_LABELS, REPORT_STATE_LABELS, type ContributionState, type ReportState } from '@/lib/reporting/report-state';

/**
 * A state or level in words, in a small coloured box (the colour is only a second cue). `tone`
 * colours it; data-* attributes (data-state, data-level) name the value for tests and styles.
 */
export function WordBadge({ tone, className, ...props }: React.HTMLAttributes<HTMLSpanElement> & { tone: string }) {
  // clsx, not cn: `.word-badge` is a component class the tone's utilities override by layer, so there
  // is nothing to merge, and tailwind-merge stays out of the client lists' JavaScript.
  return <span className={clsx('word-badge', tone, className)} {...props} />;
}

/** A report or part state in words; coloured by its data-state (`.word-badge` in app/globals.css), as lists show hundreds. */
export function StatusBadge({ state, kind = 'report', className }: { state: ReportState | ContributionState; kind?: 'report' | 'contribution'; className?: string }) {
  const label = kind === 'report' ? REPORT_STATE_LABELS[state as ReportState] : CONTRIBUTION_STATE_LABELS[state as ContributionState];
  return (
    <WordBadge tone="" className={className} data-state={state}>
      {label}
    </WordBadge>
  );
}
