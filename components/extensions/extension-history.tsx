import { AttachmentList } from '@/components/attachment-panel';
import { maxUploadBytes } from '@/lib/attachments/file-store-instance';
import type { ExtensionRow } from '@/lib/extensions/extension-service';
import { formatDateTime } from '@/lib/format';
import { WithdrawExtensionButton } from './extension-decide-form';
import { ExtensionEvidencePanel } from './extension-evidence-panel';

const STATUS_CLASS: Record<ExtensionRow['status'], string> = {
  pending: 'bg-amber-100 text-amber-900',
  leader_pending: 'bg-amber-100 text-amber-900',
  approved: 'bg-green-100 text-green-900',
  refused: 'bg-red-100 text-red-900',
  withdrawn: 'bg-muted text-muted-foreground',
};

/** A list of extension requests: what, from → to, why, where it stands; the own unit may withdraw a waiting one. */
export function ExtensionHistory({ rows, canWithdraw, showUnit = false }: { rows: ExtensionRow[]; canWithdraw: boolean; showUnit?: boolean }) {
  if (rows.length === 0) return null;
  const maxMb = Math.round(maxUploadBytes() / 1024 / 1024);
  return (
    <ul className="flex flex-col gap-2 text-sm" data-testid="extension-history">
      {rows.map((r) => (
        <li key={r.id} className="flex flex-col gap-1 rounded-md border p-2" data-extension={r.id} data-status={r.status}>
          <div className="flex flex-wrap items-center gap-2">
            <span className={`rounded px-1.5 py-0.5 text-xs ${STATUS_CLASS[r.status]}`} data-state>
              {r.statusLabel}
            </span>
            <span className="font-medium">{r.subjectLabel}</span>
            <span className="tabular-nums">
              {r.fromDate} → {r.toDate}（{r.days} 天）
            </span>
            {showUnit && <span className="text-muted-foreground">{r.unitName}</span>}
          </div>
          <p className="text-muted-foreground">
            理由：{r.reason}（{r.requestedBy}，{formatDateTime(r.requestedAt)}）
          </p>
          {r.officeComment && <p className="text-muted-foreground">督查室意见：{r.officeComment}</p>}
          {r.leaderComment && <p className="text-muted-foreground">领导意见：{r.leaderComment}</p>}
          {canWithdraw && (r.status === 'pending' || r.status === 'leader_pending') ? (
            <>
              <ExtensionEvidencePanel requestId={r.id} initial={r.evidence} maxMb={maxMb} />
              <div>
                <WithdrawExtensionButton requestId={r.id} />
              </div>
            </>
          ) : (
            r.evidence.length > 0 && <AttachmentList items={r.evidence} />
          )}
        </li>
      ))}
    </ul>
  );
}
