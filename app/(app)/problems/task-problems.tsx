import { SectionCard } from '@/components/ui/card';
import type { ProblemView } from '@/lib/problems/problem-service';
import { ProblemItem } from './problem-item';

/** The task page's 问题协调 section: the task's problems the actor may see (a unit its own, problemsForTask); nothing when there are none. */
export function TaskProblems({ items }: { items: ProblemView[] }) {
  if (items.length === 0) return null;
  return (
    <SectionCard id="problems" role="region" aria-labelledby="problems-title" titleId="problems-title" title="问题协调" headerClassName="" contentClassName="flex flex-col gap-3">
      {items.map((p) => (
        <ProblemItem key={p.id} problem={p} showTask={false} />
      ))}
    </SectionCard>
  );
}
