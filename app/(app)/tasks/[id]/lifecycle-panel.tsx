import { SectionCard } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import { seesAllUnits } from '@/lib/auth/unit-scope';
import type { Actor } from '@/lib/auth/actor';
import { formatDateTime } from '@/lib/format';
import { CLOSURE_STATUS_LABELS } from '@/lib/lifecycle/closure-rules';
import type { TaskClosure } from '@/lib/lifecycle/closure-service';
import type { TaskSignForRow } from '@/lib/lifecycle/sign-for-service';
import { AttachmentList } from '@/components/attachment-panel';
import { maxUploadBytes } from '@/lib/attachments/file-store-instance';
import { ClosureDecisionForm, ClosureEvidencePanel, ClosureRequestForm, ReopenForm } from './closure-forms';
import type { UnitSign } from './task-units';

/**
 * One unit's 签收 on the task page, beside its name in 牵头单位/参与单位: when it was assigned, and
 * when and by whom it signed — or 待签收 (the unit's own staff get the 签收 button).
 */
export function unitSignOf(actor: Actor, inLoop: boolean, row: TaskSignForRow): UnitSign {
  const assigned = row.assignedOn ? `交办 ${row.assignedOn} · ` : '';
  if (row.state.kind === 'signed') return { text: `${assigned}已签收 ${formatDateTime(row.state.signedAt)}${row.signedBy ? `（${row.signedBy}）` : ''}`, tone: 'muted' };
  if (row.state.kind === 'unassigned') return { text: '未交办', tone: 'muted' };
  if (row.unitId === actor.unitId && inLoop && can(actor, 'tasks.sign')) return { mark: row.state };
  return row.state.kind === 'overdue' ? { text: `${assigned}待签收（交办已 ${row.state.workingDays} 个工作日）`, tone: 'overdue' } : { text: `${assigned}待签收`, tone: 'pending' };
}

/** 办结销号: applied for by the lead unit, decided by the office, reopened by the office with a reason. */
export function ClosurePanel({ actor, taskId, inLoop, mineLead, closure }: { actor: Actor; taskId: number; inLoop: boolean; mineLead: boolean; closure: TaskClosure | null }) {
  if (!closure) return null;
  const pending = closure.requests.find((r) => r.status === 'pending');
  const office = seesAllUnits(actor);
  const showClosure = office || mineLead || closure.status === 'closed';
  return (
    <>
      {showClosure && (
        <SectionCard aria-labelledby="closure-title" titleId="closure-title" title="办结销号" headerClassName="">
          <div className="flex flex-col gap-3 text-sm" data-testid="closure">
            {closure.status === 'closed' ? (
              <p className="font-medium">已办结 {closure.closedOn}：该任务不再按月报送。</p>
            ) : pending ? (
              <div className="flex flex-col gap-2">
                <p>
                  办结申请{CLOSURE_STATUS_LABELS.pending}（{pending.unitName}，{formatDateTime(pending.requestedAt)}）：{pending.summary}
                </p>
                {mineLead && can(actor, 'closures.request') ? (
                  <ClosureEvidencePanel requestId={pending.id} initial={pending.evidence} maxMb={Math.floor(maxUploadBytes() / 1024 / 1024)} />
                ) : (
                  pending.evidence.length > 0 && <AttachmentList items={pending.evidence} />
                )}
              </div>
            ) : (
              <p className="text-muted-foreground">任务进行中。牵头单位完成任务后可申请办结，经督查室审核后销号。</p>
            )}
            {inLoop && closure.status === 'active' && !pending && mineLead && can(actor, 'closures.request') && <ClosureRequestForm taskId={taskId} />}
            {inLoop && pending && can(actor, 'closures.decide') && <ClosureDecisionForm requestId={pending.id} idPrefix="task-closure" />}
            {inLoop && closure.status === 'closed' && can(actor, 'closures.decide') && <ReopenForm taskId={taskId} />}
            {closure.requests.some((r) => r.status !== 'pending') && (
              <details>
                <summary className="cursor-pointer text-muted-foreground">办结申请记录（{closure.requests.length}）</summary>
                <ul className="mt-1 flex flex-col gap-1">
                  {closure.requests.map((r) => (
                    <li key={r.id}>
                      {formatDateTime(r.requestedAt)} {r.unitName}（{r.requestedBy}）申请办结：{r.summary} — {CLOSURE_STATUS_LABELS[r.status]}
                      {r.decidedAt && `（${formatDateTime(r.decidedAt)}${r.decisionComment ? `：${r.decisionComment}` : ''}）`}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </div>
        </SectionCard>
      )}
    </>
  );
}
