import { ExtensionHistory } from '@/components/extensions/extension-history';
import { ExtensionRequestForm } from '@/components/extensions/extension-request-form';
import { SectionCard } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import { isUnitActor } from '@/lib/auth/unit-scope';
import { reportDeadlineOverride } from '@/lib/extensions/extension-queries';
import { movedDateText, requestRefusal } from '@/lib/extensions/extension-rules';
import { listReportExtensions } from '@/lib/extensions/extension-service';
import type { ReportEditorData } from '@/lib/reporting/report-editor';
import { requestContext } from '@/lib/request-context';

/** The unit's own deadline of the month moved by an approved extension, or null. */
export async function movedReportDeadline(taskId: number, periodId: number): Promise<string | null> {
  const ctx = await requestContext();
  return isUnitActor(ctx.actor) ? reportDeadlineOverride(ctx.db, taskId, periodId, ctx.actor.unitId) : null;
}

/**
 * 延期申请 of this month's report deadline in the report editor: the deadline in force beside the
 * period's, the form while the report or part is not yet submitted, and the unit's requests.
 */
export async function ReportDeadlineExtension({ data }: { data: ReportEditorData }) {
  const ctx = await requestContext();
  const { task, period, role, due } = data;
  const planned = role === 'lead' ? due.leadDeadline : due.contributionDeadline;
  const moved = await movedReportDeadline(task.id, period.id);
  const rows = await listReportExtensions(ctx, task.id, period.id);
  const status = role === 'lead' ? (data.report?.status ?? null) : (data.contribution?.status ?? null);
  const refused = requestRefusal({ subject: 'report', role, taskClosed: false, submissionStatus: status, due: due.due, dateInForce: moved ?? planned });
  const mayAsk = refused === null && can(ctx.actor, 'extensions.request');
  if (!mayAsk && rows.length === 0 && !moved) return null;
  return (
    <SectionCard title="报送截止日延期" headerClassName="pb-2 md:pb-3" contentClassName="flex flex-col gap-3" id="extensions">
      <p className="text-sm" data-testid="report-deadline">
        本月{role === 'lead' ? '月度进展' : '协办情况'}报送截止：<span className="font-medium">{movedDateText(moved ?? planned, moved ? planned : null)}</span>
      </p>
      {mayAsk && <ExtensionRequestForm target={{ subject: 'report', taskId: task.id, periodId: period.id }} dateInForce={moved ?? planned} label="本月报送截止日" idPrefix="ext-report" />}
      <ExtensionHistory rows={rows} canWithdraw={can(ctx.actor, 'extensions.request')} />
    </SectionCard>
  );
}
