'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { lazyResolver } from '@/components/lazy-resolver';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import type { ExplanationInput } from '@/lib/assessment/schemas';
import { explainAction } from './actions';

// The shared schema (and zod with it) is loaded when the form is first validated, not with the page.
const resolver = lazyResolver(() => import('@/lib/assessment/schemas').then((m) => zodResolver(m.explanationSchema)));

/** A unit's 情况说明 of its score in one list (one period); `idSuffix` keeps ids unique when a page has several. */
export function ExplanationForm({ periodId, idSuffix = '' }: { periodId: number; idSuffix?: string }) {
  const fieldId = idSuffix ? `explanation-${idSuffix}` : 'explanation';
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<ExplanationInput>({ resolver, defaultValues: { periodId, content: '' } });
  const submit = form.handleSubmit((v) =>
    startTransition(async () => {
      const r = await explainAction(v);
      setMessage(r.ok ? { ok: true, text: r.message ?? '已提交' } : { ok: false, text: r.error });
      if (r.ok) form.reset({ periodId, content: '' });
    }),
  );
  return (
    <form method="post" onSubmit={submit} onFocus={resolver.preload} className="flex flex-col gap-2" aria-label="情况说明">
      <Label htmlFor={fieldId}>情况说明</Label>
      <textarea
        id={fieldId}
        rows={4}
        className="w-full rounded-md border border-input bg-background px-3 py-2 text-base md:text-sm"
        aria-invalid={!!form.formState.errors.content}
        {...form.register('content')}
      />
      {form.formState.errors.content && <p className="text-sm text-destructive">{form.formState.errors.content.message}</p>}
      {message && <Alert variant={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
      <div>
        <Button type="submit" disabled={pending}>
          提交说明
        </Button>
      </div>
    </form>
  );
}
