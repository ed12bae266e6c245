'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, type RefObject } from 'react';
import { ActionAlert, type ActionMessage } from '@/components/action-message';
import { uploadFile } from '@/components/attachment-panel';
import { Button } from '@/components/ui/button';
import type { MonthItem } from '@/lib/reporting/month-sheet';
import { shareEvidenceAction } from './actions';
import type { RowHandle } from './row-parts';

const ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.jpg,.jpeg,.png';

/**
 * 一份材料用于多项任务: the file is uploaded once (stored once, by its hash) for the first task
 * chosen and then listed on the others; each row shows it and can remove it on its own.
 */
export function SharedEvidencePanel({ items, maxMb, handles }: { items: MonthItem[]; maxMb: number; handles: RefObject<Map<string, RowHandle>> }) {
  const router = useRouter();
  const fileInput = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<ActionMessage>(null);
  const [pending, setPending] = useState(false);

  async function send() {
    setMessage(null);
    const file = fileInput.current?.files?.[0];
    const targets = items.filter((i) => chosen.has(i.key));
    if (!file) return setMessage({ ok: false, text: '请选择要上传的文件' });
    if (targets.length === 0) return setMessage({ ok: false, text: '请选择要使用该材料的任务' });
    setPending(true);
    try {
      const [first, ...rest] = targets;
      const uploaded = await uploadFile({ ownerType: first!.kind, taskId: first!.task.id, periodId: first!.periodId }, file, () => undefined);
      if (!uploaded.ok) return setMessage({ ok: false, text: uploaded.error });
      if (uploaded.owner.created) handles.current.get(first!.key)?.setVersion(uploaded.owner.version);
      if (rest.length) {
        const shared = await shareEvidenceAction({ attachmentId: uploaded.attachment.id, targets: rest.map((i) => ({ ownerType: i.kind, taskId: i.task.id, periodId: i.periodId })) });
        if (!shared.ok) return setMessage({ ok: false, text: `已上传到${first!.task.label}，但未能用于其他任务：${shared.error}` });
        for (const owner of shared.owners) if (owner.created) handles.current.get(owner.key)?.setVersion(owner.version);
      }
      setMessage({ ok: true, text: `“${file.name}”已用于 ${targets.length} 项任务（只存一份）` });
      setChosen(new Set());
      if (fileInput.current) fileInput.current.value = '';
      router.refresh();
    } finally {
      setPending(false);
    }
  }

  return (
    <details className="rounded-lg border bg-white p-3 text-sm" data-testid="shared-evidence">
      <summary className="cursor-pointer font-semibold">一份材料用于多项任务</summary>
      <div className="mt-2 flex flex-col gap-2">
        <label className="flex flex-col gap-1">
          <span>文件（PDF、Word、Excel、PowerPoint、JPG、PNG，不超过 {maxMb} MB）</span>
          <input ref={fileInput} type="file" accept={ACCEPT} className="text-sm" />
        </label>
        <fieldset className="flex flex-col gap-1">
          <legend className="mb-1">用于以下任务：</legend>
          {items.map((i) => (
            <label key={i.key} className="inline-flex items-start gap-2">
              <input
                type="checkbox"
                className="mt-0.5 size-4 accent-primary"
                data-key={i.key}
                checked={chosen.has(i.key)}
                onChange={(e) =>
                  setChosen((set) => {
                    const next = new Set(set);
                    if (e.target.checked) next.add(i.key);
                    else next.delete(i.key);
                    return next;
                  })
                }
              />
              <span>
                {i.task.label} {i.task.title}
                {i.kind === 'contribution' && '（协办）'}
              </span>
            </label>
          ))}
        </fieldset>
        <ActionAlert message={message} />
        <div>
          <Button type="button" size="sm" disabled={pending} onClick={() => void send()}>
            {pending ? '正在上传…' : '上传并用于所选任务'}
          </Button>
        </div>
      </div>
    </details>
  );
}
