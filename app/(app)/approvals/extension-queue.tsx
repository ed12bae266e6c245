import Link from 'next/link';
import { AttachmentList } from '@/components/attachment-panel';
import { ExtensionDecideForm } from '@/components/extensions/extension-decide-form';
import { SectionCard } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { listExtensionQueue, type ExtensionRow } from '@/lib/extensions/extension-service';
import { formatDateTime } from '@/lib/format';
import { readDistrictId } from '@/lib/districts/district-scope';
import { getWarningSettings } from '@/lib/warnings/settings-service';

function Request({ r, decide }: { r: ExtensionRow; decide: 'office' | 'leader' | null }) {
  return (
    <article className="flex flex-col gap-2 rounded-md border p-3" data-extension={r.id} data-status={r.status} aria-label={`${r.unitName}的延期申请`}>
      <div className="flex flex-col gap-0.5">
        <Link href={r.noticeId ? `/notices/${r.noticeId}` : `/tasks/${r.taskId}#extensions`} className="font-medium text-primary hover:underline">
          {r.taskLabel} {r.taskTitle}
        </Link>
        <p className="text-xs text-muted-foreground">
          {r.unitName} · {r.requestedBy} {formatDateTime(r.requestedAt)} 申请
        </p>
      </div>
      <p className="text-sm">
        <span className="font-medium">{r.subjectLabel}</span>：原定 <span className="tabular-nums">{r.fromDate}</span>，申请延期至 <span className="tabular-nums">{r.toDate}</span>（{r.days} 天）
      </p>
      <p className="whitespace-pre-wrap text-sm text-muted-foreground">理由：{r.reason}</p>
      {r.evidence.length > 0 && <AttachmentList items={r.evidence} />}
      {r.officeComment && <p className="text-sm text-muted-foreground">督查室意见：{r.officeComment}</p>}
      {decide && <ExtensionDecideForm requestId={r.id} by={decide} />}
    </article>
  );
}

/**
 * 延期申请 waiting, oldest first: the office's (pending) and the leaders' (leader_pending, longer
 * than the set length and already agreed by the office), each with its decision form for whoever decides it.
 */
export async function ExtensionQueue({ ctx }: { ctx: ServiceContext }) {
  const { pending, leaderPending } = await listExtensionQueue(ctx);
  const leaderDays = (await getWarningSettings(ctx.db, readDistrictId(ctx.actor))).extensionLeaderDays;
  const office = can(ctx.actor, 'extensions.decide');
  const leader = can(ctx.actor, 'extensions.approveLong');
  return (
    <SectionCard aria-labelledby="extension-queue-title" titleId="extension-queue-title" title={`延期申请（${pending.length + leaderPending.length}）`} contentClassName="flex flex-col gap-4">
      <p className="text-xs text-muted-foreground">延期超过 {leaderDays} 天的申请，督查室同意后还须领导审批。批准后原定日期保留，灯色和考核按新日期判断。</p>
      <section aria-labelledby="ext-office-title" className="flex flex-col gap-2">
        <h3 id="ext-office-title" className="text-sm font-semibold">
          待督查室审核（{pending.length}）
        </h3>
        {pending.length === 0 ? <p className="text-sm text-muted-foreground">暂无</p> : pending.map((r) => <Request key={r.id} r={r} decide={office ? 'office' : null} />)}
      </section>
      <section aria-labelledby="ext-leader-title" className="flex flex-col gap-2">
        <h3 id="ext-leader-title" className="text-sm font-semibold">
          待领导审批（{leaderPending.length}）
        </h3>
        {leaderPending.length === 0 ? <p className="text-sm text-muted-foreground">暂无</p> : leaderPending.map((r) => <Request key={r.id} r={r} decide={leader ? 'leader' : null} />)}
      </section>
    </SectionCard>
  );
}
