'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import { ActionAlert, useActionMessage } from '@/components/action-message';
import { Button } from '@/components/ui/button';
import { Textarea } from '@/components/ui/textarea';
import type { Result } from '@/lib/result';
import { acknowledgeAction, replyAction } from './actions';

// Leaders only: the form's code is fetched when it is rendered, not with every task page.
const InstructionForm = dynamic(() => import('./instruction-form').then((m) => m.InstructionForm));

export type ThreadItem = {
  id: number;
  authorName: string;
  content: string;
  createdAt: string;
  receipts: { id: number; unitName: string; acknowledgedAt: string | null; reply: string | null; repliedAt: string | null; mine: boolean }[];
};

/** 领导批示: a leader writes; each responsible unit acknowledges (签收) and may answer (落实情况). */
export function InstructionThread({ taskId, items, canWrite, canRespond }: { taskId: number; items: ThreadItem[]; canWrite: boolean; canRespond: boolean }) {
  const { message, pending, run } = useActionMessage();
  const [replies, setReplies] = useState<Record<number, string>>({});

  const act = (fn: () => Promise<Result>) => run(fn, { okText: '已完成' });

  return (
    <div className="flex flex-col gap-4">
      <ActionAlert message={message} />
      {items.length === 0 && <p className="text-sm text-muted-foreground">暂无领导批示。</p>}
      {items.map((i) => (
        <article key={i.id} className="rounded-md border p-3 text-sm" data-instruction={i.id}>
          <p className="font-medium">
            {i.authorName} <span className="font-normal text-muted-foreground">{i.createdAt}</span>
          </p>
          <p className="mt-1 whitespace-pre-wrap">{i.content}</p>
          <ul className="mt-2 flex flex-col gap-1 border-t pt-2" aria-label="各单位签收情况">
            {i.receipts.map((r) => (
              <li key={r.id} className="flex flex-col gap-1" data-receipt={r.unitName}>
                <span>
                  {r.unitName}：{r.acknowledgedAt ? <span className="text-emerald-700">已签收（{r.acknowledgedAt}）</span> : <span className="text-amber-700">未签收</span>}
                  {r.reply && <span className="block whitespace-pre-wrap text-foreground">落实情况：{r.reply}</span>}
                </span>
                {canRespond && r.mine && (
                  <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
                    {!r.acknowledgedAt && (
                      <Button type="button" size="sm" disabled={pending} onClick={() => act(() => acknowledgeAction(r.id))}>
                        签收
                      </Button>
                    )}
                    <label className="sr-only" htmlFor={`reply-${r.id}`}>
                      落实情况
                    </label>
                    <Textarea
                      id={`reply-${r.id}`}
                      rows={2}
                      placeholder="落实情况（可选）"
                      value={replies[r.id] ?? ''}
                      onChange={(e) => setReplies({ ...replies, [r.id]: e.target.value })}
                    />
                    <Button type="button" size="sm" variant="outline" disabled={pending || !(replies[r.id] ?? '').trim()} onClick={() => act(() => replyAction({ receiptId: r.id, reply: replies[r.id] ?? '' }))}>
                      回复
                    </Button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </article>
      ))}
      {canWrite && <InstructionForm taskId={taskId} />}
    </div>
  );
}
