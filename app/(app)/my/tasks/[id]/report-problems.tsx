import { ProblemItem } from '@/app/(app)/problems/problem-item';
import { SectionCard } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import { listProblems } from '@/lib/problems/problem-service';
import type { ReportView } from '@/lib/reporting/report-editor';
import { requestContext } from '@/lib/request-context';
import { RaiseProblemForm } from './raise-problem-form';

/**
 * Beside the report's 需协调解决的问题 (存在问题): raise it to the office or a leader (提交协调),
 * and the unit's problems on this task with their answers.
 */
export async function ReportProblems({ taskId, report }: { taskId: number; report: ReportView | null }) {
  const ctx = await requestContext();
  if (!can(ctx.actor, 'problems.raise')) return null;
  const items = await listProblems(ctx, { taskId });
  return (
    <SectionCard id="problems" role="region" aria-labelledby="raise-problem-title" titleId="raise-problem-title" title="提交协调" headerClassName="" contentClassName="flex flex-col gap-3">
      <RaiseProblemForm taskId={taskId} reportId={report?.id ?? null} content={report?.problems ?? ''} />
      {items.length > 0 && (
        <section aria-label="本单位提请协调的问题" className="flex flex-col gap-2">
          {items.map((p) => (
            <ProblemItem key={p.id} problem={p} showTask={false} />
          ))}
        </section>
      )}
    </SectionCard>
  );
}
