import { WordBadge } from '@/components/status-badge';
import { PROBLEM_ADDRESSEE_LABELS, PROBLEM_STATUS_LABELS, type ProblemAddressee, type ProblemStatus } from '@/lib/problems/problem-rules';

const STATUS_STYLES: Record<ProblemStatus, string> = {
  open: 'border-amber-200 bg-amber-50 text-amber-900',
  answered: 'border-sky-200 bg-sky-50 text-sky-900',
  closed: 'border-emerald-200 bg-emerald-50 text-emerald-900',
};

/** 待答复 / 已答复 / 已关闭. */
export function ProblemStatusBadge({ status }: { status: ProblemStatus }) {
  return (
    <WordBadge tone={STATUS_STYLES[status]} data-problem-status={status}>
      {PROBLEM_STATUS_LABELS[status]}
    </WordBadge>
  );
}

/** 提请督查室 / 提请区领导. */
export function AddresseeBadge({ to }: { to: ProblemAddressee }) {
  return (
    <WordBadge tone="border-slate-200 bg-white text-slate-800" data-addressee={to}>
      提请{PROBLEM_ADDRESSEE_LABELS[to]}
    </WordBadge>
  );
}
