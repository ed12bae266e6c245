import { ExtensionHistory } from '@/components/extensions/extension-history';
import { ExtensionRequestForm } from '@/components/extensions/extension-request-form';
import { SectionCard } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import { listNoticeExtensions } from '@/lib/extensions/extension-service';
import type { NoticeDetail } from '@/lib/notices/notice-views';
import { requestContext } from '@/lib/request-context';

/**
 * 延期申请 of a 督办单's due date: the addressed unit asks while its part is pending; everyone who
 * reads the notice sees the requests (a unit its own).
 */
export async function NoticeExtension({ notice }: { notice: NoticeDetail }) {
  const ctx = await requestContext();
  const { actor } = ctx;
  const rows = await listNoticeExtensions(ctx, notice.id);
  const own = notice.targets.find((t) => t.unit.id === actor.unitId);
  const mayAsk = !!own && own.status === 'pending' && notice.status === 'open' && can(actor, 'extensions.request');
  if (!mayAsk && rows.length === 0) return null;
  return (
    <SectionCard title="延期申请" headerClassName="pb-2 md:pb-3" titleClassName="" contentClassName="flex flex-col gap-3" id="extensions">
      {mayAsk && <ExtensionRequestForm target={{ subject: 'notice', taskId: notice.task.id, noticeId: notice.id }} dateInForce={notice.dueDate} label="办理时限" idPrefix="ext-notice" />}
      <ExtensionHistory rows={rows} canWithdraw={can(actor, 'extensions.request')} showUnit={notice.oversight} />
    </SectionCard>
  );
}
