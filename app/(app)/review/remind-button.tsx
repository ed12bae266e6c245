'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { remindAction } from './actions';

/** 一键催办: one reminder to every unit that has not submitted for this month's period of the lists in view. */
export function RemindButton({ label }: { label: string }) {
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        type="button"
        variant="outline"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const r = await remindAction({});
            setMessage(r.ok ? (r.message ?? null) : r.error);
          })
        }
      >
        {label}
      </Button>
      {message && (
        <span role="status" className="text-sm">
          {message}
        </span>
      )}
    </div>
  );
}
