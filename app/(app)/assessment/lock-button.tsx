'use client';

import { ActionAlert, useActionMessage } from '@/components/action-message';
import { Button } from '@/components/ui/button';
import { lockMonthAction } from './actions';

export function LockButton({ month, label }: { month: string; label: string }) {
  const { message, pending, run } = useActionMessage();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        type="button"
        disabled={pending}
        onClick={() => {
          if (!window.confirm('锁定后本月各清单的得分、综合得分和排名不再变化，确定锁定吗？')) return;
          run(() => lockMonthAction(month), { okText: '已锁定' });
        }}
      >
        {label}
      </Button>
      <ActionAlert message={message} />
    </div>
  );
}
