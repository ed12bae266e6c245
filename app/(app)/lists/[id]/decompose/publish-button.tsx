'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { setPlanStatusAction } from '../../actions';

/** 发布: the decomposed list enters the loop (every task needs a lead unit; the server checks). */
export function PublishButton({ planId, remaining }: { planId: number; remaining: number }) {
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  return (
    <>
      <Button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            if (!window.confirm('发布后各责任单位将收到任务，并按清单的调度周期报送。确定发布？')) return;
            const r = await setPlanStatusAction({ planId, status: 'active' });
            if (r.ok) router.push('/lists');
            else setMessage(r.error);
          })
        }
      >
        确认分解并发布
      </Button>
      <span className="text-sm text-muted-foreground">{remaining > 0 ? `还有 ${remaining} 项未指定牵头单位` : '全部任务已指定牵头单位'}</span>
      {message && (
        <p className="w-full text-sm text-destructive" role="alert">
          {message}
        </p>
      )}
    </>
  );
}
