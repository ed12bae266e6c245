'use client';

import { useRef, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

export type AttachmentItem = { id: number; fileName: string; size: number; mime: string };
export type UploadTarget =
  | { ownerType: 'report' | 'contribution'; taskId: number; periodId: number }
  | { ownerType: 'notice_response'; noticeTargetId: number }
  | { ownerType: 'extension_request'; requestId: number }
  | { ownerType: 'closure_request'; closureRequestId: number };
type UploadResponse =
  | { ok: true; attachment: AttachmentItem; owner: { id: number; version: number; created: boolean } }
  | { ok: false; error: string };

const ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.jpg,.jpeg,.png';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Sends one file with XMLHttpRequest, which (unlike fetch) reports upload progress. */
export function uploadFile(target: UploadTarget, file: File, onProgress: (percent: number) => void): Promise<UploadResponse> {
  return new Promise((resolve) => {
    const body = new FormData();
    body.set('ownerType', target.ownerType);
    if (target.ownerType === 'notice_response') {
      body.set('noticeTargetId', String(target.noticeTargetId));
    } else if (target.ownerType === 'extension_request') {
      body.set('requestId', String(target.requestId));
    } else if (target.ownerType === 'closure_request') {
      body.set('closureRequestId', String(target.closureRequestId));
    } else {
      body.set('taskId', String(target.taskId));
      body.set('periodId', String(target.periodId));
    }
    body.set('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/attachments');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      try {
        resolve(JSON.parse(xhr.responseText) as UploadResponse);
      } catch {
        resolve({ ok: false, error: `上传失败（${xhr.status}）` });
      }
    };
    xhr.onerror = () => resolve({ ok: false, error: '网络错误，上传失败，请重试' });
    xhr.send(body);
  });
}

export function AttachmentList({ items, onDelete, busyId }: { items: AttachmentItem[]; onDelete?: (id: number) => void; busyId?: number | null }) {
  if (items.length === 0) return <p className="text-sm text-muted-foreground">暂无附件</p>;
  return (
    <ul className="flex flex-col gap-2" aria-label="附件列表">
      {items.map((a) => (
        <li key={a.id} className="flex items-center gap-3 rounded-md border bg-white p-2 text-sm">
          {a.mime.startsWith('image/') ? (
            <img src={`/api/attachments/${a.id}?inline=1`} alt={`${a.fileName} 缩略图`} className="h-12 w-12 shrink-0 rounded object-cover" loading="lazy" />
          ) : (
            <span aria-hidden className="flex h-12 w-12 shrink-0 items-center justify-center rounded bg-muted text-xs font-semibold uppercase text-muted-foreground">
              {a.fileName.split('.').pop()?.slice(0, 4)}
            </span>
          )}
          <div className="min-w-0 flex-1">
            <a href={`/api/attachments/${a.id}`} className="block truncate text-primary hover:underline" download>
              {a.fileName}
            </a>
            <span className="text-xs text-muted-foreground">{formatSize(a.size)}</span>
          </div>
          {onDelete && (
            <Button type="button" variant="ghost" size="sm" onClick={() => onDelete(a.id)} disabled={busyId === a.id} aria-label={`删除附件 ${a.fileName}`}>
              删除
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * Attachments of a report or part: upload with a progress bar, list, delete. The first upload of
 * an unsaved report creates its draft; the parent learns its version through onOwnerChange.
 */
type AttachmentPanelProps = {
  target: UploadTarget;
  initial: AttachmentItem[];
  editable: boolean;
  onOwnerChange?: (owner: { id: number; version: number; created: boolean }) => void;
  deleteAction: (id: number) => Promise<{ ok: boolean; error?: string }>;
  maxMb: number;
};

export function AttachmentPanel({ target, initial, editable, onOwnerChange, deleteAction, maxMb }: AttachmentPanelProps) {
  const [items, setItems] = useState(initial);
  const [progress, setProgress] = useState<{ name: string; percent: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function onFiles(files: FileList | null) {
    if (!files) return;
    setError(null);
    for (const file of Array.from(files)) {
      setProgress({ name: file.name, percent: 0 });
      const result = await uploadFile(target, file, (percent) => setProgress({ name: file.name, percent }));
      if (result.ok) {
        setItems((list) => [...list, result.attachment]);
        onOwnerChange?.(result.owner);
      } else {
        setError(result.error);
        break;
      }
    }
    setProgress(null);
    if (input.current) input.current.value = '';
  }

  async function onDelete(id: number) {
    setBusyId(id);
    const result = await deleteAction(id);
    setBusyId(null);
    if (result.ok) setItems((list) => list.filter((a) => a.id !== id));
    else setError(result.error ?? '删除失败');
  }

  return (
    <div className="flex flex-col gap-2">
      {error && <Alert variant="error">{error}</Alert>}
      <AttachmentList items={items} onDelete={editable ? onDelete : undefined} busyId={busyId} />
      {progress && (
        <div className="flex flex-col gap-1 text-sm" aria-live="polite">
          <span>正在上传：{progress.name}</span>
          <progress className="h-2 w-full accent-primary" value={progress.percent} max={100} aria-label={`上传进度 ${progress.percent}%`}>
            {progress.percent}%
          </progress>
        </div>
      )}
      {editable && (
        <div>
          <label className="inline-flex cursor-pointer items-center gap-2 rounded-md border border-input bg-background px-3 py-2 text-sm hover:bg-muted focus-within:ring-2 focus-within:ring-ring">
            <input
              ref={input}
              type="file"
              multiple
              accept={ACCEPT}
              className="sr-only"
              onChange={(e) => onFiles(e.target.files)}
              disabled={!!progress}
              aria-describedby="attachment-hint"
            />
            上传附件
          </label>
          <p id="attachment-hint" className="mt-1 text-xs text-muted-foreground">
            支持 PDF、Word、Excel、PowerPoint、JPG、PNG，单个文件不超过 {maxMb} MB
          </p>
        </div>
      )}
    </div>
  );
}

/** 佐证材料: a form's evidence, under its own heading (h3 in a page's form, h4 inside an answer card). */
export function EvidenceSection({ headingId, level = 3, ...panel }: AttachmentPanelProps & { headingId: string; level?: 3 | 4 }) {
  const Heading = level === 3 ? 'h3' : 'h4';
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2">
      <Heading id={headingId} className={level === 3 ? 'font-semibold' : 'text-sm font-semibold'}>
        佐证材料
      </Heading>
      <AttachmentPanel {...panel} />
    </section>
  );
}
