'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { lazyResolver } from '@/components/lazy-resolver';
import type { InstructionInput } from '@/lib/instructions/schemas';
import { acknowledgeAction, instructAction, replyAction } from './actions';

const TEXTAREA =
  'w-full rounded-md border border-input bg-background px-3 py-2 text-base focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring aria-[invalid=true]:border-destructive md:text-sm';

export type ThreadItem = {
  id: number;
  authorName: string;
  content: string;
  createdAt: string;
  receipts: { id: number; unitName: string; acknowledgedAt: string | null; reply: string | null; repliedAt: string | null; mine: boolean }[];
};

// The shared schema (and zod with it) is loaded when the form is first validated, not with the page.
const instructionResolver = lazyResolver(() => import('@/lib/instructions/schemas').then((m) => zodResolver(m.instructionSchema)));

/** 领导批示: a leader writes; each responsible unit acknowledges (签收) and may answer (落实情况). */
export function InstructionThread({ taskId, items, canWrite, canRespond }: { taskId: number; items: ThreadItem[]; canWrite: boolean; canRespond: boolean }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<InstructionInput>({ resolver: instructionResolver, defaultValues: { taskId, content: '' } });
  const [replies, setReplies] = useState<Record<number, string>>({});

  const onWrite = form.handleSubmit((v) =>
    startTransition(async () => {
      const r = await instructAction(v);
      setMessage(r.ok ? { ok: true, text: r.message ?? '已批示' } : { ok: false, text: r.error });
      if (r.ok) form.reset({ taskId, content: '' });
    }),
  );

  const act = (fn: () => Promise<{ ok: boolean; error?: string; message?: string }>) =>
    startTransition(async () => {
      const r = await fn();
      setMessage(r.ok ? { ok: true, text: r.message ?? '已完成' } : { ok: false, text: r.error ?? '操作失败' });
    });

  return (
    <div className="flex flex-col gap-4">
      {message && <Alert variant={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
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
                    <textarea
                      id={`reply-${r.id}`}
                      rows={2}
                      placeholder="落实情况（可选）"
                      className={TEXTAREA}
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
      {canWrite && (
        <form method="post" onSubmit={onWrite} onFocus={instructionResolver.preload} className="flex flex-col gap-2" aria-label="作出批示">
          <Label htmlFor="instruction">批示内容</Label>
          <textarea id="instruction" rows={3} className={TEXTAREA} aria-invalid={!!form.formState.errors.content} {...form.register('content')} />
          {form.formState.errors.content && <p className="text-sm text-destructive">{form.formState.errors.content.message}</p>}
          <div>
            <Button type="submit" disabled={pending}>
              批示
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
