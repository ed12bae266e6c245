'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { lazyResolver } from '@/components/lazy-resolver';
import type { InstructionInput } from '@/lib/instructions/schemas';
import { instructAction } from './actions';
import { TEXTAREA } from './textarea-class';

// The shared schema (and zod with it) is loaded when the form is first validated, not with the page.
const instructionResolver = lazyResolver(() => import('@/lib/instructions/schemas').then((m) => zodResolver(m.instructionSchema)));

/** 作出批示: only leaders see it, so it (and react-hook-form) is loaded only for them. */
export function InstructionForm({ taskId }: { taskId: number }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<InstructionInput>({ resolver: instructionResolver, defaultValues: { taskId, content: '' } });
  const onWrite = form.handleSubmit((v) =>
    startTransition(async () => {
      const r = await instructAction(v);
      setMessage(r.ok ? { ok: true, text: r.message ?? '已批示' } : { ok: false, text: r.error });
      if (r.ok) form.reset({ taskId, content: '' });
    }),
  );
  return (
    <form method="post" onSubmit={onWrite} onFocus={instructionResolver.preload} className="flex flex-col gap-2" aria-label="作出批示">
      {message && <Alert variant={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
      <Label htmlFor="instruction">批示内容</Label>
      <textarea id="instruction" rows={3} className={TEXTAREA} aria-invalid={!!form.formState.errors.content} {...form.register('content')} />
      {form.formState.errors.content && <p className="text-sm text-destructive">{form.formState.errors.content.message}</p>}
      <div>
        <Button type="submit" disabled={pending}>
          批示
        </Button>
      </div>
    </form>
  );
}
