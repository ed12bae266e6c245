'use client';

import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { lockMonthAction } from './actions';

export function LockButton({ month, label }: { month: string; label: string }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        type="button"
        disabled={pending}
        onClick={() => {
          if (!window.confirm('锁定后本月各清单的得分、综合得分和排名不再变化，确定锁定吗？')) return;
          startTransition(async () => {
            const r = await lockMonthAction(month);
            setMessage(r.ok ? { ok: true, text: r.message ?? '已锁定' } : { ok: false, text: r.error });
          });
        }}
      >
        {label}
      </Button>
      {message && <Alert variant={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
    </div>
  );
}
